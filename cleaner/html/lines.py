"""The text of an element as lines: one paragraph, heading or list item a line.

Also the page's whole text as lines, which the validator compares the cleaned body with:
extraction reads it from the tree it parsed, before pruning, and keeps it on the Document
(``Document.page_lines``), so the validator does not parse the page a second time.
"""

from __future__ import annotations

from collections.abc import Callable

import lxml.etree as etree

from cleaner.html.parse import PageError, parse_html
from cleaner.text import squash_whitespace

BLOCK_TAGS = frozenset(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "blockquote",
     "pre", "div", "section", "article", "header", "footer", "aside", "figure", "figcaption",
     "table", "tr", "td", "th", "br", "hr", "main", "nav", "address", "form")
)  # fmt: skip
SKIP_TAGS = frozenset(
    ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg")
)
Skip = Callable[[etree._Element], bool]


def element_lines(element: etree._Element, skip: Skip | None = None) -> list[str]:
    """Plain text of an element, one block (paragraph, heading, list item) per line.

    ``skip`` leaves out the descendants it accepts as if they had been removed from the tree
    (``cleaner.html.prune.drop_element``): their tail text stays unless it is blank.
    """
    parts: list[str] = []
    walk_text(element, parts, skip)
    return joined_lines(parts)


def joined_lines(parts: list[str]) -> list[str]:
    """The pieces ``walk_text`` appended, as lines (blank ones left out)."""
    text = "".join(parts)
    # blocks open and close with a line break: half the pieces are empty, and stay out
    return [line for line in (squash_whitespace(x) for x in text.split("\n") if x) if line]


def walk_text(element: etree._Element, parts: list[str], skip: Skip | None = None) -> None:
    """Append the text of ``element`` and its descendants to ``parts``, blocks on own lines.
    Each of an element's tag, text and tail is read once: lxml makes a new string each time."""
    tag = element.tag
    if not isinstance(tag, str):
        tag = ""
    elif tag in SKIP_TAGS:
        return
    block = tag in BLOCK_TAGS
    if block:
        parts.append("\n")
    if tag:
        text = element.text
        if text:
            parts.append(text)
    for child in element:
        tail = child.tail
        if skip is not None and isinstance(child.tag, str) and skip(child):
            if tail and tail.strip():
                parts.append(tail)
            continue
        walk_text(child, parts, skip)
        if tail:
            parts.append(tail)
    if block:
        parts.append("\n")


def tree_page_lines(tree: etree._Element) -> list[str]:
    """Every block of a page's text on a line of its own (the body, else the whole tree); for
    a page with no text outside its ``<noscript>`` elements, theirs (``noscript_lines``)."""
    body = tree.find("body")
    root = body if body is not None else tree
    return element_lines(root) or noscript_lines(root)


def noscript_lines(root: etree._Element) -> list[str]:
    """The text of the ``<noscript>`` elements under ``root``, a block a line: where a page's
    only text is there (a script app's 'enable JavaScript' notice; an unclosed
    ``<noscript>`` the parser let hold the whole page), extraction reads it, and the
    validator must see the page it was read from (without it, no kept share)."""
    parts: list[str] = []
    for hidden in root.iter("noscript"):
        parts.append("\n")
        if hidden.text:
            parts.append(hidden.text)
        for child in hidden:
            walk_text(child, parts)
            if child.tail:
                parts.append(child.tail)
        parts.append("\n")
    return joined_lines(parts)


def page_lines(raw: str) -> list[str] | None:
    """Every block of the page's text on a line of its own; None when the page does not parse."""
    try:
        tree = parse_html(raw)
    except PageError:
        return None
    return tree_page_lines(tree)
