"""Remove what the matched rule files' ``strip`` and ``strip_id_or_class`` name from a tree."""

from __future__ import annotations

from collections.abc import Sequence

import lxml.etree as etree

from cleaner.html.directives import HtmlDirectives, StripPlan


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
