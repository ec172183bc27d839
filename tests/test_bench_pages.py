"""bench/pages.py's crude dump: the page's letters as ``decode`` read them, whatever charset the
page declares."""

from __future__ import annotations

import sys

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from pages import crude_dump, decode


def test_a_page_that_declares_latin_1_keeps_its_letters_in_the_dump() -> None:
    """``decode`` reads the bytes; lxml must not read the UTF-8 it is handed as latin-1."""
    page = (
        b'<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
        b"</head><body><p>Gesine aus T\xfcbingen l\xe4uft die Zeit davon.</p></body></html>"
    )
    assert crude_dump(decode(page)) == "Gesine aus Tübingen läuft die Zeit davon.\n"
