"""Decode bytes that declare no encoding (pages and text files alike): UTF-8, else a guess.

``decode_undeclared`` is the one decoder of undeclared bytes: text files use it, and HTML falls
back to it when neither a BOM nor a declared charset settles the question. UTF-8 comes first.
Text that is UTF-8 apart from a few damaged bytes (a cut multi-byte letter, a stray byte from a
bad concatenation) stays UTF-8: the damaged bytes become U+FFFD and a warning says so, rather
than the whole text turning into the mojibake of a legacy code page.

Otherwise the encoding is guessed. charset-normalizer picks among code pages by how chaotic
and how language-like each reading is, but Western European text often reads equally well as
windows-1250: "célèbre" and "célčbre" score the same, and it then picks cp1250. When it settles
on a single-byte Latin code page, the reading it chose is weighed against the windows-1252
reading by a plainer test: how many of the text's accented letters one language's alphabet
accounts for. "célčbre" mixes French and Czech letters; "célèbre" is French. A tie goes to
windows-1252, the code page of most undeclared Latin text on the web (and what browsers assume).
"""

from __future__ import annotations

from collections import Counter

import regex

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
UTF8_MIN_SHARE = 0.9
"""Bytes that are not UTF-8 are still read as UTF-8 when at least this share of their non-ASCII
characters are valid UTF-8 sequences (the rest counted one per invalid byte). Text in a legacy
code page almost never forms one: an accented letter is a single byte followed by ASCII, which
no UTF-8 lead byte accepts, so its share is near 0; in a UTF-8 file with a few damaged bytes it
is near 1. Between them lies a mixed-up file that no single reading serves."""
INVALID_BYTE = regex.compile("[\udc80-\udcff]")
"""What ``surrogateescape`` makes of each byte that is not part of a valid UTF-8 sequence."""
NON_ASCII = regex.compile("[^\x00-\x7f]")


def decode_undeclared(data: bytes, warnings: list[str] | None = None) -> str | None:
    """``data`` as text: UTF-8 (BOM or not); mostly UTF-8 with the damaged bytes replaced (and a
    line appended to ``warnings``); else the detected encoding; None when none fits (binary)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = mostly_utf8(data, warnings)
    if text is not None:
        return text
    encoding = detect_encoding(data)
    return None if encoding is None else data.decode(encoding, errors="replace")


def mostly_utf8(data: bytes, warnings: list[str] | None = None) -> str | None:
    """``data`` as UTF-8 with its invalid bytes replaced, when UTF8_MIN_SHARE of its non-ASCII
    text is valid UTF-8; else None."""
    escaped = data.decode("utf-8", errors="surrogateescape")
    invalid = len(INVALID_BYTE.findall(escaped))
    valid = len(NON_ASCII.findall(escaped)) - invalid
    if not valid or valid < UTF8_MIN_SHARE * (valid + invalid):
        return None
    found = INVALID_BYTE.search(escaped)
    if warnings is not None and found is not None:
        first = len(escaped[: found.start()].encode("utf-8", "surrogateescape"))
        warnings.append(
            f"not valid UTF-8: {invalid} invalid byte(s) replaced by U+FFFD (the first at byte "
            f"{first}); the rest is UTF-8 ({valid} of {valid + invalid} non-ASCII characters)"
        )
    return INVALID_BYTE.sub("\ufffd", escaped).removeprefix("\ufeff")


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
