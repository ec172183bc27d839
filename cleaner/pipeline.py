"""The whole cleaning pipeline as one short function of named stages.

read -> identify sites -> (HTML: prune + extract) -> site rules -> generic rules -> generic
steps, repeated until nothing changes (so cleaning twice changes nothing) -> validate.
"""

from __future__ import annotations

from functools import lru_cache

from cleaner.document import Document, Line
from cleaner.engine import apply_rule_files
from cleaner.generic import GENERIC_STEPS
from cleaner.region import keep_best_region
from cleaner.rulebook import Rulebook
from cleaner.text import decode_text_bytes, split_lines
from cleaner.validate import validate

MAX_PASSES = 10
"""Passes until the body stops changing; lines only ever shrink, so this is a safety net."""
HTML_SNIFF_BYTES = 2048


@lru_cache(maxsize=1)
def default_rulebook() -> Rulebook:
    """The bundled rules, loaded once per process."""
    return Rulebook.load()


def looks_like_html(raw: str) -> bool:
    head = raw[:HTML_SNIFF_BYTES].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml", "<!--")) or "<body" in head


def make_document(
    raw: str, url: str | None = None, kind: str | None = None, doc_id: str | None = None
) -> Document:
    kind = kind or ("html" if looks_like_html(raw) else "text")
    return Document(raw=raw, id=doc_id, url=url, kind=kind)


def load_lines(doc: Document, text: str) -> None:
    doc.original = [Line(n, t) for n, t in enumerate(split_lines(text), 1)]
    doc.lines = [line for line in doc.original if line.text.strip()]


def body_state(doc: Document) -> list[tuple[int, str]]:
    return [(line.number, line.text) for line in doc.lines]


def clean_text_stage(doc: Document, rulebook: Rulebook, region: bool = True) -> None:
    """Site rules, generic rules and generic steps, until a pass removes nothing.

    ``region=False`` skips the body-region finder: extracted HTML text is already the
    article region, and the finder would cut short end lines (sources, DOIs, sign-offs).
    """
    site_files = rulebook.sites_named(doc.sites)
    steps = [s for s in GENERIC_STEPS if region or s is not keep_best_region]
    before = body_state(doc)
    for _ in range(MAX_PASSES):
        apply_rule_files(doc, site_files)
        apply_rule_files(doc, rulebook.generic)
        for step in steps:
            step(doc)
        after = body_state(doc)
        if after == before:
            return
        before = after
    doc.warnings.append(f"body still changing after {MAX_PASSES} passes")


def clean_document(
    doc: Document, rulebook: Rulebook | None = None, validate: bool = True
) -> Document:
    """Clean ``doc`` in place and return it; ``validate=False`` leaves ``verdict`` None."""
    rulebook = rulebook or default_rulebook()
    if doc.kind == "html":
        from cleaner.html import extract

        text = extract(doc, rulebook)
    else:
        text = doc.raw
        doc.sites = [f.name for f in rulebook.find_sites(doc.url, text)]
    load_lines(doc, text)
    clean_text_stage(doc, rulebook, region=doc.kind != "html")
    if validate:
        attach_verdict(doc, rulebook)
    return doc


def attach_verdict(doc: Document, rulebook: Rulebook) -> None:
    """Judge the cleaned body independently of the rules that produced it."""
    doc.verdict = validate(doc, rulebook)


def decode_page_bytes(data: bytes, kind: str | None = None) -> str | None:
    """Page bytes as text: HTML as a browser decodes it (BOM, declared charset, detection),
    other text as UTF-8, else the detected charset; None when no character encoding fits."""
    if kind == "html" or (
        kind is None and looks_like_html(data[:HTML_SNIFF_BYTES].decode("latin-1"))
    ):
        from cleaner.html import decode_html

        return decode_html(data)
    return decode_text_bytes(data)


def clean(
    text_or_html: str | bytes,
    url: str | None = None,
    *,
    kind: str | None = None,
    rulebook: Rulebook | None = None,
    doc_id: str | None = None,
    validate: bool = True,
) -> Document:
    """Clean one page (text dump or raw HTML) and return the Document with body and removals.

    ``bytes`` are decoded first: HTML by its BOM or declared charset, text as UTF-8 or the
    detected charset; ValueError when no character encoding fits them (binary data).
    """
    if isinstance(text_or_html, bytes):
        decoded = decode_page_bytes(text_or_html, kind)
        if decoded is None:
            raise ValueError("not text: no character encoding fits the bytes")
        text_or_html = decoded
    return clean_document(make_document(text_or_html, url, kind, doc_id), rulebook, validate)
