"""Which pages are HTML and which are text dumps: by the file's name, else by its first kilobyte.

Every reader and command asks ``page_kind`` (or ``looks_like_html`` for bytes already read),
so a page is never HTML to one command and a text dump to another.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Literal

import regex

PageKind = Literal["html", "text"]
PAGE_SUFFIXES: dict[str, PageKind] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
}
HTML_SNIFF_BYTES = 2048
"""How much of a page's start is read for markup without a file name to go by."""
HTML_HEAD_CHARS = 1024
"""The doctype or ``<html>`` tag stands in a page's first kilobyte, after at most a wrapper
line or two (CleanEval's pages open with a ``<text id=...>`` line before the markup)."""
HTML_OPENING = regex.compile(r"^[ \t]*(?:<!doctype\s+html|<html[\s>])", regex.I | regex.M)
"""The doctype or the html tag at the start of a line: a text dump that mentions ``<html>``
inside a sentence is not markup."""


def looks_like_html(raw: str) -> bool:
    """Whether the page's first kilobytes read as markup."""
    head = raw[:HTML_SNIFF_BYTES].lstrip().lower()
    if head.startswith(("<!doctype html", "<html", "<?xml", "<!--")) or "<body" in head:
        return True
    start = raw[:HTML_HEAD_CHARS]
    # every match opens with '<': a text dump without one is not searched line by line
    return "<" in start and bool(HTML_OPENING.search(start))


def kind_by_name(name: str | None) -> PageKind | None:
    """``html`` for ``.html``/``.htm``/``.xhtml``, ``text`` for ``.txt``, else None."""
    return PAGE_SUFFIXES.get(PurePath(name).suffix.lower()) if name else None


def page_kind(raw: str, name: str | None = None, given: str | None = None) -> PageKind:
    """The page's kind: as ``given`` (``--kind``), else by its file name, else by its start."""
    if given in ("html", "text"):
        return given  # type: ignore[return-value]
    return kind_by_name(name) or ("html" if looks_like_html(raw) else "text")
