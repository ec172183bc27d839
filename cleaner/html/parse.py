"""Parse a page into an lxml tree safely: no network, no entities, bounded size and depth."""

from __future__ import annotations

import lxml.etree as etree
import lxml.html

from cleaner.html.decode import decode_html

MAX_HTML_CHARS = 20_000_000
"""Larger pages are refused with PageError rather than parsed."""
MAX_ELEMENTS = 300_000
"""Pages with more elements than this are refused: extraction time grows with the tree."""
XML_DECLARATION_SNIFF_CHARS = 200
"""An XML declaration opens the page, after at most some leading whitespace."""


class PageError(Exception):
    """A page that cannot be parsed or is too large to extract; batch code records it."""


ELEMENT_CLASSES = etree.ElementDefaultClassLookup(
    element=lxml.html.HtmlElement,
    comment=lxml.html.HtmlComment,
    pi=lxml.html.HtmlProcessingInstruction,
    entity=lxml.html.HtmlEntity,
)
"""lxml.html's element classes, chosen in C. ``lxml.html.HTMLParser`` chooses them by calling
back into Python for every element the code touches (to give ``<form>``, ``<input>`` and a
few others form-handling subclasses nothing here uses): about a tenth of the HTML path's
time, most of it inside trafilatura, which walks the tree many times."""


def make_parser() -> etree.HTMLParser:
    """libxml2's HTML parser never loads DTDs or expands entities; without huge_tree it stops
    at depth 256 and refuses giant text nodes, so a hostile page gives a bounded tree."""
    parser = etree.HTMLParser(
        no_network=True, huge_tree=False, remove_comments=True, remove_pis=True, recover=True
    )
    parser.set_element_class_lookup(ELEMENT_CLASSES)
    return parser


def parse_html(html: str | bytes, warnings: list[str] | None = None) -> lxml.html.HtmlElement:
    """Parse a page into an lxml tree; raise PageError for empty, oversized or broken pages.

    What the parser drops on purpose (elements nested deeper than it keeps) is appended to
    ``warnings``, so that a body that lost it does not come out silently short.
    """
    if isinstance(html, bytes):
        html = decode_html(html, warnings)
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


def parser_limits(parser: etree.HTMLParser) -> list[str]:
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
    head = html[:XML_DECLARATION_SNIFF_CHARS].lstrip()
    if head.startswith("<?xml"):
        end = html.find("?>")
        return html[end + 2 :] if end >= 0 else html
    return html
