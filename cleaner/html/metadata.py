"""Title, author and date of a page: the rule files' selectors first, then the page's own
meta tags, schema.org data and byline links, and trafilatura's title finder last."""

from __future__ import annotations

from collections.abc import Sequence

import lxml.etree as etree
import regex
from trafilatura.metadata import extract_title

from cleaner.document import Document
from cleaner.html.directives import META_KEYS, HtmlDirectives
from cleaner.text import squash_whitespace

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
ISO_DATE = regex.compile(r"(?:datePublished\W+)?((?:19|20)\d\d-[01]\d-[0-3]\d)")
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
    found = {key: meta_value(tree, key) for key in META_KEYS}
    if not found["title"]:
        found["title"] = extract_title(tree)
    return {key: value for key, value in found.items() if value}


def meta_value(tree: etree._Element, key: str) -> str | None:
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
    doc: Document, metadata: dict[str, str], fallback: dict[str, str] | None, tree: etree._Element
) -> None:
    """Rule-file metadata first, the page's own (meta tags, trafilatura) as the fallback."""
    for key in META_KEYS:
        value = metadata.get(key) or (fallback or {}).get(key)
        if key == "title" and not metadata.get(key):
            value = plausible_title(value, tree)
        if value and key == "title":
            doc.title = value
        elif value:
            doc.metadata[key] = value
