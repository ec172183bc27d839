"""HTML pages: decode, parse safely, prune with site and generic selectors, extract the text.

A page goes: bytes -> ``decode_html`` (BOM, declared charset, detection) -> ``parse_html``
(lxml, no network, no entity expansion, bounded size and depth) -> the matched rule files'
``[html]`` directives (``strip`` and ``strip_id_or_class`` remove elements; ``body`` picks the
article container, first selector that matches wins; ``title``/``author``/``date`` read
metadata) -> the container's own text, or, when no container matched, trafilatura on the
pruned page or the page's main container, chosen from what the page is (``html_choice``) ->
one paragraph, heading or list item per line. Metadata from rule files wins; the page's meta
tags and trafilatura's title finder are the fallback.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

import lxml.etree as etree
import lxml.html
import regex
import trafilatura
from cssselect import GenericTranslator, SelectorError
from trafilatura.metadata import extract_title

from cleaner.document import Document
from cleaner.html.choice import choose_reading, generic_strip_applies, page_signals
from cleaner.text import squash_whitespace

if TYPE_CHECKING:
    from cleaner.rulebook.load import Rulebook
    from cleaner.rulebook.rules import RuleFile

MAX_HTML_CHARS = 20_000_000
"""Larger pages are refused with PageError rather than parsed."""
MAX_ELEMENTS = 300_000
"""Pages with more elements than this are refused: extraction time grows with the tree."""
SNIFF_BYTES = 4096
DATE_PARAMS = {"extensive_search": False, "original_date": True}
"""htmldate without its slow free-text date search (dateparser dominates the run time)."""
META_KEYS = ("title", "author", "date")
BLOCK_TAGS = frozenset(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
     "pre", "div", "section", "article", "header", "footer", "aside", "figure", "figcaption",
     "table", "tr", "td", "th", "br", "hr", "main", "nav", "address", "form")
)  # fmt: skip
SKIP_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg")
META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", regex.I)
ARCHIVE_PREFIX = regex.compile(r"^https?://(?:web(?:-beta)?\.)?archive\.org/web/[0-9a-z_]+/")
LATIN_FAMILY = {"cp1252", "latin_1", "iso8859-1", "ascii"}
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
CSS = GenericTranslator()
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
META_XPATHS_COMPILED = {
    key: tuple(etree.XPath(x) for x in paths) for key, paths in META_XPATHS.items()
}
ISO_DATE = regex.compile(r"(?:datePublished\W+)?((?:19|20)\d\d-[01]\d-[0-3]\d)")
LD_AUTHOR = regex.compile(r'"author"\s*:\s*\[?\s*\{[^{}]*?"name"\s*:\s*"([^"]{2,60})"')
AUTHOR_MAX_CHARS = 60
TITLE_FALLBACKS = (
    etree.XPath("//meta[@property='og:title']/@content"),
    etree.XPath("//meta[@name='twitter:title']/@content"),
    etree.XPath("//h1"),
)


class PageError(Exception):
    """A page that cannot be parsed or is too large to extract; batch code records it."""


# --- decoding -------------------------------------------------------------------------------


def declared_charset(data: bytes) -> str | None:
    """The codec named by a ``<meta charset>`` or http-equiv tag in the page head, if known."""
    found = META_CHARSET.search(data[:SNIFF_BYTES])
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii", "ignore")).name
    except LookupError:
        return None
    # Browsers read latin-1 and ascii declarations as windows-1252.
    return "cp1252" if name in LATIN_FAMILY else name


def decode_html(data: bytes) -> str:
    """Decode page bytes: BOM, then the declared charset, then UTF-8, then detection.

    A page declared latin-1 whose bytes are valid non-ASCII UTF-8 is read as UTF-8: real
    latin-1 text almost never forms valid UTF-8 sequences, mislabelled UTF-8 pages often do.
    """
    for bom, codec in BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    declared = declared_charset(data)
    utf8 = try_decode(data, "utf-8")
    if declared and not (declared == "cp1252" and utf8 is not None and not data.isascii()):
        text = try_decode(data, declared)
        if text is not None:
            return text
    if utf8 is not None:
        return utf8
    from cleaner.io.charset import detect_encoding

    return data.decode(detect_encoding(data) or "cp1252", errors="replace")


def try_decode(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


# --- parsing --------------------------------------------------------------------------------


def make_parser() -> lxml.html.HTMLParser:
    # libxml2's HTML parser never loads DTDs or expands entities; without huge_tree it stops
    # at depth 256 and refuses giant text nodes, so a hostile page gives a bounded tree.
    return lxml.html.HTMLParser(
        no_network=True, huge_tree=False, remove_comments=True, remove_pis=True, recover=True
    )


def parse_html(html: str | bytes, warnings: list[str] | None = None) -> lxml.html.HtmlElement:
    """Parse a page into an lxml tree; raise PageError for empty, oversized or broken pages.

    What the parser drops on purpose (elements nested deeper than it keeps) is appended to
    ``warnings``, so that a body that lost it does not come out silently short.
    """
    if isinstance(html, bytes):
        html = decode_html(html)
    if len(html) > MAX_HTML_CHARS:
        raise PageError(f"page of {len(html)} characters is over the {MAX_HTML_CHARS} limit")
    html = strip_xml_declaration(html)
    if not html.strip():
        raise PageError("empty page")
    parser = make_parser()
    try:
        tree = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise PageError(f"cannot parse page: {exc}") from exc
    if warnings is not None:
        warnings.extend(parser_limits(parser))
    if tree is None:
        raise PageError("cannot parse page: no elements")
    count = int(tree.xpath("count(//*)"))
    if count > MAX_ELEMENTS:
        raise PageError(f"page has {count} elements, over the {MAX_ELEMENTS} limit")
    return tree


def parser_limits(parser: lxml.html.HTMLParser) -> list[str]:
    """Warnings for the parser's resource limits that cut the page (depth, giant text nodes)."""
    hits = {
        e.message.split(",")[0] for e in parser.error_log if e.type_name == "ERR_RESOURCE_LIMIT"
    }
    return [
        f"the HTML parser stopped at its limit ({m}); what lies beyond is lost"
        for m in sorted(hits)
    ]


def strip_xml_declaration(html: str) -> str:
    """lxml refuses str input that carries an encoding declaration; the text is decoded."""
    head = html[:200].lstrip()
    if head.startswith("<?xml"):
        end = html.find("?>")
        return html[end + 2 :] if end >= 0 else html
    return html


# --- selectors ------------------------------------------------------------------------------


def selector_xpath(selector: str) -> str:
    """XPath for a rule selector: XPath as written (starts with / . or '('), else CSS."""
    if selector.lstrip().startswith(("/", "./", "(")):
        return selector
    return CSS.css_to_xpath(selector)


def id_or_class_xpath(name: str) -> str:
    """ftr-style shorthand: elements whose id is ``name`` or whose class list holds it."""
    quoted = f"'{name}'" if "'" not in name else f'"{name}"'
    token = "concat(' ', normalize-space(@class), ' ')"
    return f"//*[@id={quoted} or contains({token}, concat(' ', {quoted}, ' '))]"


def compile_selector(selector: str, shorthand: bool = False) -> etree.XPath:
    """Compile one selector; raise ValueError with a readable reason when it is invalid."""
    try:
        source = id_or_class_xpath(selector) if shorthand else selector_xpath(selector)
        return etree.XPath(source)
    except SelectorError as exc:
        raise ValueError(f"not a valid CSS selector: {exc}") from exc
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"not a valid XPath: {exc}") from exc


_COMPILED: dict[tuple[str, tuple[str, ...]], list[etree.XPath]] = {}
"""Compiled selectors by key and source, per process (XPath objects do not pickle)."""


def compiled(rule_file: RuleFile, key: str) -> list[etree.XPath]:
    """The compiled selectors of one ``[html]`` key (checked at load time by the rulebook)."""
    values = tuple(rule_file.html.get(key, ()))
    cache_key = (key, values)
    if cache_key not in _COMPILED:
        _COMPILED[cache_key] = [compile_selector(v, key == "strip_id_or_class") for v in values]
    return _COMPILED[cache_key]


def select(tree, xpath: etree.XPath) -> list:
    try:
        found = xpath(tree)
    except etree.XPathEvalError:
        return []
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


# --- directives -----------------------------------------------------------------------------


SIMPLE_PART = regex.compile(r"^\s*([a-zA-Z][\w-]*)?(?:([.#])([\w-]+))?\s*$")


@dataclass(frozen=True)
class SimpleSelectors:
    """``tag``, ``.class``, ``#id`` and ``tag.class`` selectors, matched in one tree walk.

    Each CSS selector becomes an XPath that scans the whole tree, so a long strip list cost
    one scan per selector; these plain forms are checked together, element by element.
    """

    tags: frozenset[str]
    ids: frozenset[str]
    classes: dict[str, frozenset[str | None]]

    def matches(self, element) -> bool:
        if element.tag in self.tags or element.get("id") in self.ids:
            return True
        for token in (element.get("class") or "").split():
            wanted = self.classes.get(token)
            if wanted and (None in wanted or element.tag in wanted):
                return True
        return False


def split_simple(selectors: list[str], shorthand: bool) -> tuple[list[tuple], list[str]]:
    """(tag, kind, name) parts of the plain selectors, and the selectors needing XPath."""
    simple, complex_ = [], []
    for selector in selectors:
        if shorthand:
            simple += [(None, "#", selector), (None, ".", selector)]
            continue
        parts = [SIMPLE_PART.match(p) for p in selector.split(",")]
        if "[" in selector or "(" in selector or not all(p and p.group(0).strip() for p in parts):
            complex_.append(selector)
            continue
        simple += [p.groups() for p in parts if p is not None]
    return simple, complex_


_STRIP_PLANS: dict[tuple, tuple[SimpleSelectors, list[etree.XPath]]] = {}


def strip_plan(rule_files: list[RuleFile]) -> tuple[SimpleSelectors, list[etree.XPath]]:
    """The files' strip selectors split into one-walk plain ones and compiled XPaths."""
    key = tuple((tuple(f.html.get("strip", ())), tuple(f.html.get("strip_id_or_class", ())))
                for f in rule_files)  # fmt: skip
    if key not in _STRIP_PLANS:
        simple, xpaths = [], []
        for strip, shorthand in key:
            plain, rest = split_simple(list(strip), False)
            simple += plain + split_simple(list(shorthand), True)[0]
            xpaths += [compile_selector(x) for x in rest]
        classes: dict[str, set] = {}
        for tag, kind, name in simple:
            if kind == ".":
                classes.setdefault(name, set()).add(tag)
        _STRIP_PLANS[key] = (
            SimpleSelectors(
                tags=frozenset(t for t, k, _ in simple if t and not k),
                ids=frozenset(n for _, k, n in simple if k == "#"),
                classes={name: frozenset(tags) for name, tags in classes.items()},
            ),
            xpaths,
        )
    return _STRIP_PLANS[key]


def prune(tree, rule_files: list[RuleFile]) -> None:
    """Remove every element named by the files' ``strip`` and ``strip_id_or_class``."""
    simple, xpaths = strip_plan(rule_files)
    doomed = [e for e in tree.iter() if isinstance(e.tag, str) and simple.matches(e)]
    for xpath in xpaths:
        doomed += select(tree, xpath)
    for element in outermost(list(dict.fromkeys(doomed))):
        drop_element(element)


def drop_element(element) -> None:
    """Remove an element but keep its tail text, which belongs to the parent."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail and tail.strip():
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(element)


def find_body(tree, rule_files: list[RuleFile]) -> list | None:
    """The article container(s): the first ``body`` selector of a site file that matches."""
    for rule_file in rule_files:
        for xpath in compiled(rule_file, "body"):
            found = outermost(select(tree, xpath))
            if found:
                return found
    return None


def outermost(elements: list) -> list:
    """Drop elements nested inside another selected element (no text twice)."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def read_metadata(tree, rule_files: list[RuleFile]) -> dict[str, str]:
    """Title, author and date from the files' selectors; the first non-empty match wins."""
    found: dict[str, str] = {}
    for rule_file in rule_files:
        for key in META_KEYS:
            if key in found:
                continue
            for xpath in compiled(rule_file, key):
                value = first_text(tree, xpath)
                if value:
                    found[key] = value
                    break
    return found


def first_text(tree, xpath: etree.XPath) -> str | None:
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


# --- text -----------------------------------------------------------------------------------


def element_lines(element) -> list[str]:
    """Plain text of an element, one block (paragraph, heading, list item) per line."""
    parts: list[str] = []
    walk_text(element, parts)
    text = "".join(parts)
    return [line for line in (squash_whitespace(x) for x in text.split("\n")) if line]


def walk_text(element, parts: list[str]) -> None:
    tag = element.tag if isinstance(element.tag, str) else ""
    if tag in SKIP_TAGS:
        return
    block = tag in BLOCK_TAGS
    if block:
        parts.append("\n")
    if element.text and tag:
        parts.append(element.text)
    for child in element:
        walk_text(child, parts)
        if child.tail:
            parts.append(child.tail)
    if block:
        parts.append("\n")


def site_files(doc: Document, tree, rulebook: Rulebook) -> list[RuleFile]:
    """Site files by the given URL, else the page's canonical URL, else text signatures."""
    url = doc.url or canonical_url(tree)
    found = rulebook.sites_for_url(url)
    if not found:
        title = tree.findtext(".//title") or ""
        found = rulebook.sites_for_text(title)
    return found


def canonical_url(tree) -> str | None:
    """The page's own idea of its URL (canonical link or og:url), unwrapped from web archives."""
    for xpath in ("//link[@rel='canonical']/@href", "//meta[@property='og:url']/@content"):
        values = tree.xpath(xpath)
        if values:
            return ARCHIVE_PREFIX.sub("", str(values[0]).strip())
    return None


def trafilatura_text(tree, url: str | None, favor_recall: bool = False) -> str:
    """trafilatura's main text of a (pruned) tree, one paragraph a line; '' when none.

    Its full mode, which weighs its own reading against its fallback extractors (readability,
    jusText) on every page: the fast pass alone lost 3.4 points of F1 on wcxb-dev's tune part
    (recall 0.85 -> 0.80, forums -13 points), more than rescuing short results won back.
    """
    options = {"url": url, "include_comments": False, "include_tables": True}
    if favor_recall:
        options["favor_recall"] = True
    return trafilatura.extract(tree, **options) or ""  # it works on a copy


def extract(doc: Document, rulebook: Rulebook, site_rules: bool = True) -> str:
    """Return the page's main text, one paragraph a line; fill sites, title and metadata.

    When a site's ``body`` selector matches, the container is the article: its text is read
    directly (trafilatura would re-judge it and drop short or link-dense story lines).
    Otherwise trafilatura extracts from the pruned page, and a page that is not an article
    may get its main container's text instead (``cleaner.html.choice``). Metadata comes from
    the site's selectors, with trafilatura's (quick mode) filling what they leave open.
    ``site_rules=False`` is the generic path the pipeline's repair stage falls back on: the
    sites are still named, but their selectors are not used.
    """
    tree = parse_html(doc.raw, doc.warnings)
    sites = site_files(doc, tree, rulebook)
    doc.sites = [f.name for f in sites]
    sites = sites if site_rules else []
    metadata = read_metadata(tree, sites)
    fallback = None if len(metadata) == len(META_KEYS) else page_metadata(tree, doc.url)
    signals = page_signals(tree)
    generic = list(rulebook.generic) if sites or generic_strip_applies(signals) else []
    prune(tree, sites + generic)
    containers = find_body(tree, sites)
    if containers:
        text = "\n".join(line for c in containers for line in element_lines(c))
    else:
        unwrap_layout_tables(tree)
        reading = partial(trafilatura_text, tree, doc.url)
        text = choose_reading(tree, signals, reading)[1]
    fill_metadata(doc, metadata, fallback, tree)
    return text


def plausible_title(title: str | None, tree) -> str | None:
    """trafilatura's title unless it is one bare word (a CMS or site name); then og:title."""
    if title and " " in title.strip():
        return title
    for xpath in TITLE_FALLBACKS:
        found = first_text(tree, xpath)
        if found and " " in found:
            return found
    return title


def page_metadata(tree, url: str | None) -> dict[str, str]:
    """Quick page metadata: meta tags, schema.org and byline links; trafilatura for the title.

    trafilatura's full metadata pass costs about as much as its text extraction, so only its
    title routine is used, and only when the page has no og/twitter title.
    """
    found = {key: meta_value(tree, key) for key in META_KEYS}
    if not found["title"]:
        found["title"] = extract_title(tree)
    return {key: value for key, value in found.items() if value}


def meta_value(tree, key: str) -> str | None:
    """The first plausible value of one metadata field among the page's usual places."""
    for xpath in META_XPATHS_COMPILED[key]:
        value = first_text(tree, xpath)
        if key == "date" and value:
            found = ISO_DATE.search(value)
            value = found.group(1) if found else None
        elif key == "author" and value and xpath.path.startswith("//script"):
            found = LD_AUTHOR.search(value)
            value = found.group(1) if found else None
        elif key == "author" and value and (len(value) > AUTHOR_MAX_CHARS or "//" in value):
            value = None
        if value:
            return value
    return None


def fill_metadata(doc: Document, metadata: dict[str, str], fallback, tree) -> None:
    """Rule-file metadata first, the page's own (meta tags, trafilatura) as the fallback."""
    for key in META_KEYS:
        value = metadata.get(key) or (fallback or {}).get(key)
        if key == "title" and not metadata.get(key):
            value = plausible_title(value, tree)
        if value and key == "title":
            doc.title = value
        elif value:
            doc.metadata[key] = value


LAYOUT_MARKERS = etree.XPath("boolean(.//table) or count(.//p) >= 3")
"""A table holding tables or several paragraphs lays out a page; others hold data."""
CELL_TAGS = frozenset(("tbody", "thead", "tfoot", "tr", "td", "th", "caption"))


def unwrap_layout_tables(tree) -> None:
    """Turn layout tables (cells holding paragraphs, blocks or tables) into plain divs.

    Old templates (2005-era BBC, Forbes, NY Post) lay the page out in tables; trafilatura
    renders table cells as table rows, which glues the story's paragraphs into one line.
    """
    for table in list(tree.iter("table")):
        if table.tag != "table" or not LAYOUT_MARKERS(table):
            continue
        table.tag = "div"
        stack = list(table)
        while stack:
            element = stack.pop()
            if element.tag in CELL_TAGS:
                element.tag = "div"
                stack.extend(element)


# --- rule file examples ---------------------------------------------------------------------


def example_text(rule_file: RuleFile, snippet: str) -> tuple[str, str | None]:
    """The text one file's directives keep from an HTML snippet, and the title they read."""
    tree = parse_html(f"<html><body>{snippet}</body></html>")
    files = [] if rule_file.generic else [rule_file]
    title = read_metadata(tree, files).get("title")
    prune(tree, [rule_file])
    containers = find_body(tree, files) or [tree.find("body")]
    return "\n".join(line for c in containers for line in element_lines(c)), title


def html_example_failures(rule_file: RuleFile) -> list[str]:
    """Every ``[[html.examples]]`` miss of one file, as ``path: message`` strings."""
    failures = []
    for number, example in enumerate(rule_file.html.get("examples", []), 1):
        text, title = example_text(rule_file, example["html"])
        where = f"{rule_file.path}: html example {number}"
        failures += [f"{where}: keep text missing: {k!r}" for k in example["keep"] if k not in text]
        failures += [f"{where}: drop text kept: {d!r}" for d in example["drop"] if d in text]
        if example.get("title") and example["title"] != title:
            failures.append(f"{where}: title {title!r}, expected {example['title']!r}")
    return failures
