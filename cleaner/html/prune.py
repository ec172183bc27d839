"""Remove what the matched rule files' ``strip`` and ``strip_id_or_class`` name from a tree, and
the cookie-consent banners every page may carry."""

from __future__ import annotations

from collections.abc import Sequence

import lxml.etree as etree
import regex

from cleaner.html.directives import HtmlDirectives, StripPlan

CONSENT_CLASS = regex.compile(r"cookie|consent|gdpr|onetrust", regex.I)
"""A class name of a cookie-consent banner or its settings dialog ('cookie-notice',
'eu-cookie-compliance-banner', 'moove-gdpr-info-bar', 'ot-consent'). Classes, not ids: a
documentation page's section about cookies has the id 'cookies'."""
CONSENT_ID = regex.compile(
    r"^(?:onetrust|cybotcookiebot|cookie-?law|cookie-?notice|cookie-?banner|cookie-?consent|"
    r"usercentrics|didomi|gdpr|cmp)",
    regex.I,
)
"""The ids consent managers give their banner's root (OneTrust, Cookiebot, Usercentrics,
Didomi, the WordPress cookie plugins)."""
TAXONOMY_CLASS = regex.compile(r"^(?:tag|category|post_tag|term)-")
"""WordPress's taxonomy classes ('tag-cookies', 'category-cookie-recipes') name what a post is
about, not a banner: they are left out of the search."""
CONSENT_MAX_SHARE = 0.5
"""A banner named by its class only is a small part of a page: an element holding this share
of the body's words is the page itself, whatever its class says."""


def select(tree: etree._Element, xpath: etree.XPath) -> list[etree._Element]:
    """The elements an XPath finds; none when it fails or yields strings or numbers."""
    try:
        found = xpath(tree)
    except etree.XPathEvalError:
        return []
    return [e for e in found if isinstance(e, etree._Element)] if isinstance(found, list) else []


def outermost(elements: list[etree._Element]) -> list[etree._Element]:
    """Drop elements nested inside another selected element (no text twice)."""
    chosen = set(elements)
    return [e for e in elements if not any(a in chosen for a in e.iterancestors())]


def prune(tree: etree._Element, directives: Sequence[HtmlDirectives]) -> None:
    """Remove every element named by the directives' ``strip`` and ``strip_id_or_class``."""
    plan = StripPlan.combined(d.removal for d in directives)
    if not plan:
        return
    simple = plan.simple
    doomed = [e for e in tree.iter() if isinstance(e.tag, str) and simple.matches(e)]
    for xpath in plan.xpaths:
        doomed += select(tree, xpath)
    for element in outermost(list(dict.fromkeys(doomed))):
        drop_element(element)


def drop_element(element: etree._Element) -> None:
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


def drop_consent_banners(tree: etree._Element) -> None:
    """Remove cookie-consent banners and settings dialogs: never any page's main text (on the
    tune part of wcxb-dev 122 of 896 pages carry one; no gold keeps its text), and
    trafilatura keeps them on pages where little else is text (a forum thread, a shop page).
    A consent manager's root (``CONSENT_ID``) goes whatever its size (OneTrust's settings
    dialog can hold more words than a short thread); an element named by its class only
    (``CONSENT_CLASS``) goes when it is a small part of the page (``CONSENT_MAX_SHARE``)."""
    marks = {e: mark for e in tree.iter() if isinstance(e.tag, str) and (mark := consent_mark(e))}
    if not marks:
        return
    body = tree.find("body")
    page_words = len((body if body is not None else tree).text_content().split())
    for element in outermost(list(marks)):
        small = len(element.text_content().split()) < CONSENT_MAX_SHARE * page_words
        if marks[element] == "id" or small:
            drop_element(element)


def consent_mark(element: etree._Element) -> str | None:
    """How an element is named as a consent banner: ``"id"`` (a consent manager's root,
    ``CONSENT_ID``), ``"class"`` (``CONSENT_CLASS``), or None. Every element of a page is
    asked, so the whole class string is searched once before its names one by one."""
    ident, names = element.get("id"), element.get("class")
    if not (ident and CONSENT_ID.search(ident)) and not (names and CONSENT_CLASS.search(names)):
        return None
    if element.tag in ("html", "head", "body"):
        return None
    if ident and CONSENT_ID.search(ident):
        return "id"
    if any(CONSENT_CLASS.search(n) and not TAXONOMY_CLASS.match(n) for n in names.split()):
        return "class"
    return None
