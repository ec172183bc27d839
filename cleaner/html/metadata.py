"""Title, author and date of a page: the rule files' selectors first, then the page's own
meta tags, schema.org data and byline links, and trafilatura's title finder last.

Dates go into the record in ISO form (``YYYY-MM-DD``) with the page's wording beside them
(``cleaner.dates.record_date``). Titles lose the site's name and what stands with it
("Berlin confronts ... | DW | 19.01.2020" -> "Berlin confronts ..."): a leading or trailing
segment after ``|``, ``-``, ``–``, ``—`` or ``::`` goes when it names the site (its
``og:site_name``, its domain), a date, or a section between the title and the site's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

import lxml.etree as etree
import regex
from trafilatura.metadata import extract_title

from cleaner.dates import ISO_DATE, is_timestamp, iso_date, record_date
from cleaner.document import Document
from cleaner.html.directives import META_KEYS, HtmlDirectives
from cleaner.text import squash_whitespace, word_count

META_XPATHS = {
    "title": ("//meta[@property='og:title']/@content", "//meta[@name='twitter:title']/@content"),
    "author": (
        "//meta[@name='author']/@content",
        "//meta[@property='article:author']/@content",
        "//script[@type='application/ld+json'][contains(., '\"author\"')]",
        "//*[@itemprop='author']//*[@itemprop='name']",
        "//*[@itemprop='author']",
        "//a[@rel='author']",
        "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ')]//a",
    ),
    "date": (
        "//meta[@property='article:published_time']/@content",
        "//*[@itemprop='datePublished']/@content",
        "//*[@itemprop='datePublished']/@datetime",
        "//time/@datetime",
        "//script[@type='application/ld+json'][contains(., 'datePublished')]",
    ),
}
"""Where pages usually keep each field, most reliable first."""
META_XPATHS_COMPILED = {
    key: tuple(etree.XPath(x) for x in paths) for key, paths in META_XPATHS.items()
}
META_TAG_PATH = regex.compile(r"^//meta\[@(name|property)='([^']+)'\]/@content$")
"""The places of ``META_XPATHS`` that are a meta tag's content: ``page_metadata`` reads them
from one walk over the page's meta tags (each XPath scanned the whole tree, about 0.18 ms a
page on the trafilatura-eval pages against 0.13 for the walk that serves them all)."""
META_TAG_PLACES = {
    path: found.groups()
    for paths in META_XPATHS.values()
    for path in paths
    if (found := META_TAG_PATH.match(path))
}
"""(attribute, value) of each meta tag place, by its XPath."""
LD_AUTHOR = regex.compile(r'"author"\s*:\s*\[?\s*\{[^{}]*?"name"\s*:\s*"([^"]{2,60})"')
AUTHOR_MAX_CHARS = 60
"""A longer 'author' is a sentence or a list of bylines caught by a loose selector."""
TITLE_FALLBACKS = (
    etree.XPath("//meta[@property='og:title']/@content"),
    etree.XPath("//meta[@name='twitter:title']/@content"),
    etree.XPath("//h1"),
)


def read_metadata(tree: etree._Element, directives: Sequence[HtmlDirectives]) -> dict[str, str]:
    """Title, author and date from the files' selectors; the first non-empty match wins."""
    found: dict[str, str] = {}
    for directive in directives:
        for key in META_KEYS:
            if key in found:
                continue
            for selector in directive.selectors(key):
                value = first_text(tree, selector.xpath)
                if value:
                    found[key] = value
                    break
    return found


def first_text(tree: etree._Element, xpath: etree.XPath) -> str | None:
    """The first non-blank text an XPath finds (element text or attribute value), squashed."""
    try:
        result = xpath(tree)
    except etree.XPathEvalError:
        return None
    for item in result if isinstance(result, list) else [result]:
        text = item.text_content() if isinstance(item, etree._Element) else str(item)
        text = squash_whitespace(text)
        if text:
            return text
    return None


def page_metadata(tree: etree._Element) -> dict[str, str]:
    """Quick page metadata: meta tags, schema.org and byline links; trafilatura for the title.

    trafilatura's full metadata pass costs about as much as its text extraction, so only its
    title routine is used, and only when the page has no og/twitter title.
    """
    tags = meta_contents(tree)
    found = {key: meta_value(tree, key, tags) for key in META_KEYS}
    if not found["title"]:
        found["title"] = extract_title(tree)
    return {key: value for key, value in found.items() if value}


def meta_contents(tree: etree._Element) -> dict[tuple[str, str], list[str]]:
    """The ``content`` of the page's meta tags by (attribute, value) of their ``name`` and
    ``property``, in page order: what a ``META_TAG_PATH`` XPath finds."""
    found: dict[tuple[str, str], list[str]] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if content is None:
            continue
        for attribute in ("name", "property"):
            value = meta.get(attribute)
            if value is not None:
                found.setdefault((attribute, value), []).append(content)
    return found


def place_text(
    tree: etree._Element, xpath: etree.XPath, tags: dict[tuple[str, str], list[str]]
) -> str | None:
    """``first_text`` of one place of ``META_XPATHS``, a meta tag's read from ``tags``."""
    place = META_TAG_PLACES.get(xpath.path)
    if place is None:
        return first_text(tree, xpath)
    for content in tags.get(place, ()):
        text = squash_whitespace(content)
        if text:
            return text
    return None


def meta_value(
    tree: etree._Element, key: str, tags: dict[tuple[str, str], list[str]]
) -> str | None:
    """The first plausible value of one metadata field among the page's usual places
    (``tags``: its ``meta_contents``)."""
    for xpath in META_XPATHS_COMPILED[key]:
        value = place_text(tree, xpath, tags)
        if key == "date" and value and xpath.path.startswith("//script"):
            found = ISO_DATE.search(value)
            value = found.group(1) if found else None
        elif key == "date" and value and not iso_date(value):
            value = None
        elif key == "author" and value and xpath.path.startswith("//script"):
            found = LD_AUTHOR.search(value)
            value = found.group(1) if found else None
        elif key == "author" and value and (len(value) > AUTHOR_MAX_CHARS or "//" in value):
            value = None
        if value:
            return value
    return None


def plausible_title(title: str | None, tree: etree._Element) -> str | None:
    """trafilatura's title unless it is one bare word (a CMS or site name); then og:title."""
    if title and " " in title.strip():
        return title
    for xpath in TITLE_FALLBACKS:
        found = first_text(tree, xpath)
        if found and " " in found:
            return found
    return title


def fill_metadata(
    doc: Document,
    metadata: dict[str, str],
    fallback: dict[str, str] | None,
    tree: etree._Element,
    url: str | None = None,
) -> None:
    """Rule-file metadata first, the page's own (meta tags, trafilatura) as the fallback; the
    title without the site's name, the date in ISO form with the page's wording beside it."""
    for key in META_KEYS:
        value = metadata.get(key) or (fallback or {}).get(key)
        if key == "title" and not metadata.get(key):
            value = plausible_title(value, tree)
        if value and key == "title":
            doc.title = without_site_name(value, site_names(tree, url))
        elif value and key == "date":
            record_date(doc.metadata, value)
        elif value:
            doc.metadata[key] = value


TITLE_SEPARATOR = regex.compile(r"\s+(?:[|–—]|-|::)\s+")
"""What sets a site's name off a page title: ' | ', ' - ', ' – ', ' — ', ' :: '."""
TITLE_MIN_WORDS = 3
"""A title cut to fewer words is more likely a name or a section than the page's title ('DW',
'Contact | Acme' keep their parts: the cut is not made)."""
SECTION_MAX_WORDS = 3
"""A segment between the title and the site's name is a section ('Politics', 'World News')
when it is this short; a longer one is part of the title."""
SITE_NAMES = etree.XPath(
    "//meta[@property='og:site_name']/@content | //meta[@name='application-name']/@content"
)
NAME_CHARS = regex.compile(r"[^\p{L}\p{N}]+")
DOMAIN_LABEL_MIN_CHARS = 2
"""A shorter domain label (x.com) says nothing: every segment would start with it."""
NAME_PREFIX_MIN_CHARS = 4
"""A segment that merely starts with the site's name names the site ('BBC News Online' for
'bbc') when that name is this long, or when it is the segment's first word: 'Dwelling' does
not name 'dw'."""


def name_key(text: str) -> str:
    """Letters and digits only, lower-cased: 'BBC News' and 'bbcnews' compare equal."""
    return NAME_CHARS.sub("", text).lower()


def domain_labels(url: str | None) -> list[str]:
    """The host's own labels, without its public suffix and ``www``:
    'https://www.dw.com/en/x' -> ['dw'], 'https://www.niddk.nih.gov/' -> ['niddk', 'nih']."""
    host = urlsplit(url).hostname if url and "//" in url else None
    if not host:
        return []
    from cleaner.domains import suffix_list  # the list loads on the first page with a URL

    suffix = suffix_list().publicsuffix(host) or ""
    own = host.removesuffix(suffix).strip(".").split(".")
    return [label for label in own if label and label != "www"]


def site_names(tree: etree._Element, url: str | None) -> tuple[str, ...]:
    """The names a page's site goes by, squashed: its og:site_name and its host's labels."""
    names = [name_key(str(name)) for name in SITE_NAMES(tree)]
    names += [name_key(x) for x in domain_labels(url) if len(x) >= DOMAIN_LABEL_MIN_CHARS]
    return tuple(dict.fromkeys(name for name in names if name))


def names_site(segment: str, names: Sequence[str]) -> bool:
    """Whether a title segment is the site's name ('DW', 'BBC News', 'dw.com')."""
    key = name_key(segment)
    if not key:
        return False
    first_word = name_key(segment.split()[0])
    for name in names:
        if key == name or first_word == name or (name.startswith(key) and len(key) > 1):
            return True
        if key.startswith(name) and len(name) >= NAME_PREFIX_MIN_CHARS:
            return True
    return False


def names_date(segment: str) -> bool:
    """Whether a title segment is a date ('19.01.2020', 'January 22, 2014')."""
    return is_timestamp(segment)


def without_site_name(title: str, names: Sequence[str]) -> str:
    """The title without a trailing or leading run of segments naming the site, a date, or
    a section beside the site's name; unchanged when too little would remain."""
    segments = TITLE_SEPARATOR.split(title)
    if len(segments) == 1:
        return title
    end = len(segments)
    site_seen = False
    while end > 1:
        last = segments[end - 1]
        if names_site(last, names):
            site_seen = True
        elif not names_date(last) and not (site_seen and word_count(last) <= SECTION_MAX_WORDS):
            break
        end -= 1
    start = 0
    while start < end - 1 and (names_site(segments[start], names) or names_date(segments[start])):
        start += 1
    if (start, end) == (0, len(segments)):
        return title
    kept = title_between(title, segments, start, end)
    return kept if word_count(kept) >= TITLE_MIN_WORDS else title


def title_between(title: str, segments: list[str], start: int, end: int) -> str:
    """The title's own text from segment ``start`` up to ``end`` (separators inside kept)."""
    spans = list(TITLE_SEPARATOR.finditer(title))
    begin = spans[start - 1].end() if start else 0
    finish = spans[end - 1].start() if end < len(segments) else len(title)
    return title[begin:finish].strip()
