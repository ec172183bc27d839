"""Guess the character encoding of bytes that declare none (pages and text files alike).

charset-normalizer picks among code pages by how chaotic and how language-like each reading
is, but Western European text often reads equally well as windows-1250: "célèbre" and
"célčbre" score the same, and it then picks cp1250. When it settles on a single-byte Latin code
page, the reading it chose is weighed against the windows-1252 reading by a plainer test:
how many of the text's accented letters one language's alphabet accounts for. "célčbre" mixes
French and Czech letters; "célèbre" is French. A tie goes to windows-1252, the code page of
most undeclared Latin text on the web (and what browsers assume).
"""

from __future__ import annotations

from collections import Counter

DETECT_BYTES = 200_000
"""Detection reads this much of the head: enough text to judge, bounded time on huge pages."""
SINGLE_BYTE_LATIN = frozenset(
    ("cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "cp850", "cp852", "cp775",
     "mac_latin2", "mac_roman", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_9",
     "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16")
)  # fmt: skip
"""Code pages whose readings of Western text differ only in accented letters."""
WESTERN = "cp1252"
ALPHABETS = {
    "french": "àâæçéèêëîïôœùûüÿ",
    "german": "äöüß",
    "spanish": "áéíñóúü",
    "portuguese": "áâãàçéêíóôõú",
    "italian": "àèéìíîòóù",
    "catalan": "àçèéíïòóúü",
    "dutch": "áéëíïóöúü",
    "nordic": "åæøäöéáíóúýðþ",
    "czech": "áčďéěíňóřšťúůýž",
    "slovak": "áäčďéíĺľňóôŕšťúýž",
    "polish": "ąćęłńóśźż",
    "hungarian": "áéíóöőúüű",
    "croatian": "čćđšž",
    "slovene": "čšž",
    "romanian": "ăâîșşțţ",
    "turkish": "çğıöşü",
    "baltic": "āčēģīķļņšūžąęėįųõäöü",
}
"""The accented lower-case letters of languages written in Latin code pages."""


def latin_fit(text: str) -> float:
    """Share of the accented letters in ``text`` that the best-fitting alphabet accounts for."""
    accented = Counter(c for c in text.lower() if c.isalpha() and not c.isascii())
    total = sum(accented.values())
    if not total:
        return 1.0
    return (
        max(sum(n for c, n in accented.items() if c in abc) for abc in ALPHABETS.values()) / total
    )


def detect_encoding(data: bytes) -> str | None:
    """The most likely encoding of ``data``; None when no encoding fits (binary data)."""
    from charset_normalizer import from_bytes

    head = data[:DETECT_BYTES]
    best = from_bytes(head).best()
    if best is None or not best.encoding:
        return None
    chosen = best.encoding
    if WESTERN in best.could_be_from_charset:
        return WESTERN  # the same text either way
    if chosen not in SINGLE_BYTE_LATIN:
        return chosen
    try:
        western = head.decode(WESTERN)
    except UnicodeDecodeError:  # bytes windows-1252 leaves undefined
        return chosen
    return WESTERN if latin_fit(western) >= latin_fit(str(best)) else chosen
