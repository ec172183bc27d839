"""Whitespace squashing takes a faster road than the regex substitution where it can: the
result is the substitution's, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.text import SPLIT_ONLY_SPACES, WHITESPACE, ZERO_WIDTH_SPACES, squashed

SPACES = [chr(c) for c in range(0x3001) if WHITESPACE.fullmatch(chr(c))] + ["\ufeff"]
AWKWARD = [*SPACES, *SPLIT_ONLY_SPACES, "\u200b", "a", "B", "é", " ", "."]


def substituted(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def test_split_and_the_pattern_take_the_same_characters_for_spaces() -> None:
    pattern = {c for c in map(chr, range(0x110000)) if WHITESPACE.fullmatch(c)}
    split = {c for c in map(chr, range(0x110000)) if c.isspace()}
    zero_width = {c for c in map(chr, range(0x110000)) if c.translate(ZERO_WIDTH_SPACES) == " "}
    assert pattern == (split - set(SPLIT_ONLY_SPACES)) | zero_width


@settings(max_examples=500)
@given(st.lists(st.sampled_from(AWKWARD), max_size=30))
def test_squashed_is_the_substitution(characters: list[str]) -> None:
    text = "".join(characters)
    assert squashed(text) == substituted(text)


def test_a_document_squashes_as_substituted() -> None:
    document = "Title\n\n  Body\u00a0line\u200bone.\r\n\tNext\u2028line \ufeff end\x1c "
    assert squashed(document) == substituted(document)
    assert squashed(document.replace("\x1c", "")) == substituted(document.replace("\x1c", ""))
