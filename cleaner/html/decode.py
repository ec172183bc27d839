"""Page bytes to text as a browser decodes them: BOM, declared charset, UTF-8, detection.

Kept apart from extraction so that decoding a page does not import trafilatura.
"""

from __future__ import annotations

import codecs

import regex

SNIFF_BYTES = 4096
"""The head of the page searched for a ``<meta charset>``: browsers look at the first 1024
bytes; pages with long inline scripts or comments before it still declare it this early."""
META_CHARSET = regex.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", regex.I)
LATIN_FAMILY = frozenset(("cp1252", "latin_1", "iso8859-1", "ascii"))
"""Declarations browsers read as windows-1252."""
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def declared_charset(data: bytes) -> str | None:
    """The codec named by a ``<meta charset>`` or http-equiv tag in the page head, if known."""
    found = META_CHARSET.search(data[:SNIFF_BYTES])
    if not found:
        return None
    try:
        name = codecs.lookup(found.group(1).decode("ascii", "ignore")).name
    except LookupError:
        return None
    return "cp1252" if name in LATIN_FAMILY else name


def decode_html(data: bytes, warnings: list[str] | None = None) -> str:
    """Decode page bytes: BOM, then the declared charset, then UTF-8, then as undeclared bytes
    (``charset.decode_undeclared``: mostly UTF-8, with a line in ``warnings``, or detection).

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
    from cleaner.io.charset import decode_undeclared

    return decode_undeclared(data, warnings) or data.decode("cp1252", errors="replace")


def try_decode(data: bytes, codec: str) -> str | None:
    """``data`` decoded strictly, or None when the codec is unknown or does not fit."""
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
