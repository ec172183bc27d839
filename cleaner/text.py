"""Line-level text helpers shared by every stage: splitting, normalising and judging prose.

Rules match *normalised* lines so that a rule written as ``Share on facebook`` also catches
``  Share on Facebook\u00a0`` and ``"Share on facebook"``; the body itself is never rewritten.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

WHITESPACE = regex.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+")
EDGE_QUOTES = "\"'“”‘’«»„‚`"
WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*")
SENTENCE_END = regex.compile(r"[.!?…:;\"'”’»)\]]$")
TERMINAL_PUNCT = regex.compile(r"[.!?…][\"'”’»)\]]*$")

DATELINE = regex.compile(r"^[\p{Lu}][\p{L}\p{M} .,'’/-]{1,40}(:|\s[–—-])$")
PROSE_MIN_WORDS = 8
UNPUNCTUATED_PROSE_WORDS = 20
"""A line with at least this many words and sentence-like shape reads as story prose."""
LINE_CACHE_SIZE = 16384
"""Lines whose normal form and prose judgement are remembered: every rule and pass asks again
about the same lines, and a bounded cache keeps memory flat over a long dump."""


def split_lines(text: str) -> list[str]:
    """Split on any line break, dropping the trailing newline but keeping every other byte."""
    return text.splitlines()


@lru_cache(maxsize=LINE_CACHE_SIZE)
def squash_whitespace(line: str) -> str:
    """Collapse whitespace runs (NBSP and zero-width characters included) to one space."""
    return WHITESPACE.sub(" ", line).strip()


def normalize_text(text: str) -> str:
    """``normalize`` without the cache, for whole documents (signature search)."""
    folded = unicodedata.normalize("NFKC", text)
    return WHITESPACE.sub(" ", folded).strip().strip(EDGE_QUOTES + " ").casefold()


@lru_cache(maxsize=LINE_CACHE_SIZE)
def normalize(line: str) -> str:
    """The form rules match against: NFKC, squashed whitespace, no edge quotes, casefolded."""
    return normalize_text(line)


def words(line: str) -> list[str]:
    return WORD.findall(line)


@lru_cache(maxsize=LINE_CACHE_SIZE)
def word_count(line: str) -> int:
    return len(WORD.findall(line))


def ends_like_sentence(line: str) -> bool:
    return bool(TERMINAL_PUNCT.search(line.rstrip()))


def lowercase_ratio(line: str) -> float:
    """Share of words that start lower-case: prose is mostly lower-case, teasers and menus not."""
    found = [w for w in WORD.findall(line) if w[0].isalpha()]
    if not found:
        return 0.0
    return sum(1 for w in found if w[0].islower()) / len(found)


LIST_SEPARATORS = regex.compile(r"\s[|•·»›/]\s|\s[|•·]|[|•·]\s")


def looks_like_list(line: str, count: int) -> bool:
    """Keyword lists, breadcrumbs and menus: items joined by pipes, bullets or dense commas."""
    if len(LIST_SEPARATORS.findall(line)) >= 2:
        return True
    return not ends_like_sentence(line) and line.count(",") * 3 >= count


@lru_cache(maxsize=LINE_CACHE_SIZE)
def is_prose(line: str) -> bool:
    """True for a line that reads as a paragraph of running text.

    Sentence punctuation is not required (crawls drop it), but then the line must be long and
    mostly lower-case, which headlines, menus and teaser titles are not.
    """
    count = word_count(line)
    if count < PROSE_MIN_WORDS or looks_like_list(line, count):
        return False
    if ends_like_sentence(line):
        return lowercase_ratio(line) >= 0.3
    # Without a full stop a headline reads like prose; a paragraph is longer or has a clause.
    long_enough = count >= UNPUNCTUATED_PROSE_WORDS or (count >= 12 and "," in line)
    return long_enough and lowercase_ratio(line) >= 0.5


def is_dateline(line: str) -> bool:
    """'Moscow:' or 'WASHINGTON —' on a line of its own, opening the story."""
    return bool(DATELINE.match(line.strip()))


def decode_text_bytes(data: bytes) -> str | None:
    """Bytes of a text file as text: UTF-8 (BOM or not), else the detected charset; None when
    no character encoding fits (binary)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from cleaner.io.charset import detect_encoding

    encoding = detect_encoding(data)
    return None if encoding is None else data.decode(encoding, errors="replace")
