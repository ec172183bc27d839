"""Line-level text helpers shared by every stage: splitting, normalising and judging prose.

Rules match *normalised* lines so that a rule written as ``Share on facebook`` also catches
``  Share on Facebook\u00a0`` and ``"Share on facebook"``; the body itself is never rewritten.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import lru_cache
from operator import itemgetter

import regex

WHITESPACE = regex.compile(r"[\s\u00a0\u200b\u200c\u200d\u2060\ufeff]+")
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
"""The characters ``WHITESPACE`` takes for spaces that ``str.split`` does not."""
ZERO_WIDTH_SPACES = str.maketrans(dict.fromkeys(ZERO_WIDTH, " "))
"""``ZERO_WIDTH`` as spaces."""
SPLIT_ONLY_SPACES = "\x1c\x1d\x1e\x1f"
"""The characters ``str.split`` splits on that ``WHITESPACE`` leaves (the information
separators): the only others by which the two differ."""
EDGE_QUOTES = "\"'“”‘’«»„‚`"
WORD = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.\-]*")
DIGIT = regex.compile(r"\p{Nd}")
"""A decimal digit of any script (what Python's ``\\d`` matches in a str)."""
SENTENCE_END_MARKS = ".!?…"
"""A sentence's end: a full stop, question or exclamation mark or ellipsis."""
SENTENCE_CLOSERS = "\"'”’»)]"
"""The quotes and brackets that may follow a sentence's end."""
CLOSING_MARKS = SENTENCE_END_MARKS + ":;" + SENTENCE_CLOSERS
"""Any mark that can close a sentence or a clause: looser than a sentence end, it takes a
colon, a semicolon, a quote or a bracket as the last character too."""

DATELINE_PLACE = r"^[\p{Lu}][\p{L}\p{M} .,'’/-]{1,40}"
"""The place of a dateline: a capitalised name of a few words ('WASHINGTON', 'Kabul, Afg.')."""
DATELINE = regex.compile(DATELINE_PLACE + r"(:|\s[–—-])$")
"""A place name and a colon or a dash ('Moscow:', 'WASHINGTON —')."""
DATELINE_ANY_DASH = regex.compile(DATELINE_PLACE + r"(:|\s(--|[–—-]))$")
"""``DATELINE``, or a place name and a dash typed as two hyphens ('KABUL, Afghanistan --')."""
DATELINE_MAX_CHARS = 44
"""The longest line ``DATELINE_ANY_DASH`` (and so ``DATELINE``) can match: a capital, 40 more
characters of the place, a space and two hyphens."""
DATELINE_END_MARKS = ":–—-"
"""The last character of any line either dateline form matches."""
PROSE_MIN_WORDS = 8
"""Fewer words than this is a headline, a label or a caption, however it is punctuated."""
UNPUNCTUATED_PROSE_WORDS = 20
"""A line with at least this many words and sentence-like shape reads as story prose."""
CLAUSE_PROSE_WORDS = 12
"""Without a full stop, a line this long with a comma reads as a clause of a paragraph; a
headline is seldom both this long and split by a comma."""
MOSTLY_LOWER = 0.5
"""A line whose words start lower-case at least this often reads as running text; below it,
as Title Case (a headline, a menu, a teaser title)."""
PUNCTUATED_PROSE_LOWER = 0.3
"""A punctuated line needs only this share of lower-case words to be prose: names, places and
quoted titles crowd real sentences, while a Title-Cased headline with a full stop stays below."""
LIST_MIN_SEPARATORS = 2
"""Two separators make three items: a line with fewer is a title with a site name ('Story |
Site'), not a list."""
COMMA_WORDS_PER_LIST_ITEM = 3
"""A line without a sentence end with a comma for every three words or fewer is a keyword list."""
BULLET = regex.compile(r"^\s*([-*•·▪►»›]|\d{1,3}[.)]|\(?[a-z]\))\s")
"""A list item's mark: a dash, star or bullet, or a number or letter with its stop."""
LINE_CACHE_SIZE = 16384
"""Lines whose normal form and prose judgement are remembered: every rule and pass asks again
about the same lines, and a bounded cache keeps memory flat over a long dump."""
WORDS_CACHE_SIZE = 2048
"""Lines whose words are remembered (``line_words``): the second reader asks within the same
document, so a page's worth of lines is enough, and the word lists stay out of the long-lived
caches."""


def split_lines(text: str) -> list[str]:
    """Split on any line break, dropping the trailing newline but keeping every other byte."""
    return text.splitlines()


@lru_cache(maxsize=LINE_CACHE_SIZE)
def squash_whitespace(line: str) -> str:
    """Collapse whitespace runs (NBSP and zero-width characters included) to one space."""
    return squashed(line)


def squashed(text: str) -> str:
    """``squash_whitespace`` without the cache.

    Every character ``WHITESPACE`` matches but the ASCII space is unprintable (a separator, a
    control or a format character), so a printable text without a double space has no run to
    collapse, and the regex substitution (the costly part on a long line) can be skipped.
    Otherwise ``str.split`` finds the same runs, once the zero-width characters are spaces and
    unless the text holds one of ``SPLIT_ONLY_SPACES``, at a fraction of the substitution's
    cost on a whole document (the site signature search squashes every document).
    """
    if text.isprintable() and "  " not in text:
        return text.strip()
    if not any(mark in text for mark in SPLIT_ONLY_SPACES):  # a whole document: split, join
        if any(map(text.__contains__, ZERO_WIDTH)):  # a translation reads every character
            text = text.translate(ZERO_WIDTH_SPACES)
        return " ".join(text.split())
    return WHITESPACE.sub(" ", text).strip()


def normalize_text(text: str) -> str:
    """``normalize`` without the cache, for whole documents (signature search)."""
    folded = unicodedata.normalize("NFKC", text)
    return squashed(folded).strip(EDGE_QUOTES + " ").casefold()


@lru_cache(maxsize=LINE_CACHE_SIZE)
def normalize(line: str) -> str:
    """The form rules match against: NFKC, squashed whitespace, no edge quotes, casefolded."""
    return normalize_text(line)


def words(line: str) -> list[str]:
    return WORD.findall(line)


@lru_cache(maxsize=WORDS_CACHE_SIZE)
def line_words(line: str) -> tuple[str, ...]:
    """A line's words (``WORD`` matches), remembered a short while: the line model's features
    (``cleaner.linemodel.features.read_line``) and the prose judgement (``word_stats``) both
    read a new line's words, one right after the other, and the search is the costly part."""
    return tuple(WORD.findall(line))


@lru_cache(maxsize=LINE_CACHE_SIZE)
def word_stats(line: str) -> tuple[int, float]:
    """A line's ``word_count`` and ``lowercase_ratio``, from one search for its words: the
    prose judgement asks for both."""
    count, lettered, lower, _ = word_initials(line)
    if not lettered:
        return count, 0.0
    return count, lower / lettered


@lru_cache(maxsize=WORDS_CACHE_SIZE)
def word_initials(line: str) -> tuple[int, int, int, int]:
    """A line's words, and of their initials (``initial_counts``) the letters, the lower-case
    and the upper-case ones, remembered as ``line_words`` is: the line model's features and
    the prose judgement (``word_stats``) both read them of a new line, one after the other."""
    found = line_words(line)
    return len(found), *initial_counts(found)


ASCII_SIZE = 128


def ascii_except(keep: Callable[[str], bool]) -> bytes:
    """The ASCII bytes whose character ``keep`` rejects: what ``bytes.translate`` deletes to
    leave the ones it accepts (a count of them in C, not a test of each character in Python)."""
    return bytes(b for b in range(ASCII_SIZE) if not keep(chr(b)))


NOT_ASCII_LETTER = ascii_except(str.isalpha)
NOT_ASCII_LOWER = ascii_except(str.islower)
NOT_ASCII_UPPER = ascii_except(str.isupper)


def initial_counts(found: tuple[str, ...]) -> tuple[int, int, int]:
    """Of the words whose first character is a letter (the words ``lowercase_ratio`` reads):
    how many, and how many of those start in lower and in upper case. When every initial is
    ASCII (most lines) the lower-case ones are counted by a deletion from their bytes, with
    tables made by the same ``str`` tests, and an ASCII letter not lower case is upper case."""
    initials = "".join(map(itemgetter(0), found))
    if initials.isascii():
        raw = initials.encode("ascii")
        letters = (
            len(initials) if initials.isalpha() else len(raw.translate(None, NOT_ASCII_LETTER))
        )
        lower = len(raw.translate(None, NOT_ASCII_LOWER))
        return letters, lower, letters - lower
    letters = [c for c in initials if c.isalpha()]
    return len(letters), sum(map(str.islower, letters)), sum(map(str.isupper, letters))


@lru_cache(maxsize=LINE_CACHE_SIZE)
def word_count(line: str) -> int:
    """A line's words (``word_stats``), remembered on their own: every stage and detector asks
    (some 350 times a document), and a hit costs one C-level lookup, not a call of a Python
    function that makes one."""
    return word_stats(line)[0]


def ends_like_sentence(line: str) -> bool:
    """Ends on a full stop, a question or exclamation mark or an ellipsis (quotes may follow).

    Read from the end: the last character before any closing quotes and brackets is a
    sentence end (a regex search would try every position of a long line)."""
    core = line.rstrip().rstrip(SENTENCE_CLOSERS)
    return bool(core) and core[-1] in SENTENCE_END_MARKS


def ends_on_closing_mark(line: str) -> bool:
    """Ends on any mark that can close a sentence or a clause (``CLOSING_MARKS``): a label
    ending in ':' or a quote is not a bare fragment."""
    stripped = line.rstrip()
    return bool(stripped) and stripped[-1] in CLOSING_MARKS


def lowercase_ratio(line: str) -> float:
    """Share of words that start lower-case: prose is mostly lower-case, teasers and menus not."""
    return word_stats(line)[1]


SEPARATOR_MARKS = "|•·»›"
"""The marks that join the items of a link row, a breadcrumb or a tag list."""
LIST_SEPARATORS = regex.compile(rf"\s[{SEPARATOR_MARKS}/]\s|\s[|•·]|[|•·]\s")
"""A separator as ``looks_like_list`` counts it (and so ``is_prose``): any mark, or a slash,
between spaces; a bar or a bullet with a space on one side only ('News| Sport')."""
LIST_SEPARATOR_MARKS = SEPARATOR_MARKS + "/"
"""Every mark ``LIST_SEPARATORS`` needs."""
ITEM_SEPARATORS = regex.compile(
    rf"\s[{SEPARATOR_MARKS}]\s|\s[{SEPARATOR_MARKS}]|[{SEPARATOR_MARKS}]\s"
)
"""A separator as the validator splits a link row into its items: any mark with a space on
either side, no slash (a slash joins words inside an item: 'Arts / Culture')."""


def looks_like_list(line: str, count: int) -> bool:
    """Keyword lists, breadcrumbs and menus: items joined by pipes, bullets or dense commas."""
    return list_shaped(line, count, ends_like_sentence(line))


def list_shaped(line: str, count: int, sentence_end: bool) -> bool:
    """``looks_like_list`` given whether the line ends like a sentence (known to the caller)."""
    if has_separator_mark(line) and len(LIST_SEPARATORS.findall(line)) >= LIST_MIN_SEPARATORS:
        return True
    return not sentence_end and line.count(",") * COMMA_WORDS_PER_LIST_ITEM >= count


def has_separator_mark(line: str) -> bool:
    """Whether the line has any mark ``LIST_SEPARATORS`` needs: most lines have none, and the
    membership test is far cheaper than the regex search."""
    return any(map(line.__contains__, LIST_SEPARATOR_MARKS))  # no generator: C-level calls


def is_prose(line: str) -> bool:
    """True for a line that reads as a paragraph of running text.

    Sentence punctuation is not required (crawls drop it), but then the line must be long and
    mostly lower-case, which headlines, menus and teaser titles are not.
    """
    return prose_under(
        line,
        PROSE_MIN_WORDS,
        UNPUNCTUATED_PROSE_WORDS,
        CLAUSE_PROSE_WORDS,
        PUNCTUATED_PROSE_LOWER,
        MOSTLY_LOWER,
    )


@lru_cache(maxsize=LINE_CACHE_SIZE)
def prose_under(
    line: str,
    min_words: int,
    unpunctuated_words: int,
    clause_words: int,
    punctuated_lower: float,
    unpunctuated_lower: float,
) -> bool:
    """``is_prose`` under the given thresholds: cached with them as part of the key, so a
    threshold a bench changes is never answered from the cache."""
    count, lower = word_stats(line)
    if count < min_words:
        return False
    sentence_end = ends_like_sentence(line)
    if list_shaped(line, count, sentence_end):
        return False
    if sentence_end:
        return lower >= punctuated_lower
    # Without a full stop a headline reads like prose; a paragraph is longer or has a clause.
    long_enough = count >= unpunctuated_words or (count >= clause_words and "," in line)
    return long_enough and lower >= unpunctuated_lower


def is_dateline(line: str) -> bool:
    """'Moscow:' or 'WASHINGTON —' on a line of its own, opening the story."""
    stripped = line.strip()
    return dateline_sized(stripped) and bool(DATELINE.match(stripped))


def dateline_sized(stripped: str) -> bool:
    """Whether a stripped line is short enough and ends on the right mark to be a dateline
    (of either form): most lines are not, and say so before any regex."""
    return len(stripped) <= DATELINE_MAX_CHARS and stripped[-1:] in DATELINE_END_MARKS


def is_dateline_any_dash(line: str) -> bool:
    """``is_dateline``, or a dash typed as two hyphens ('KABUL, Afghanistan --').

    The validator takes both forms as body (never a stray label or a menu item). The generic
    pass keeps to ``is_dateline``: taking 'Reporting from Washington --' as a dateline there
    keeps it above the story and changes which line becomes the title, which on the big9
    crude dumps helped two pages and hurt three (word F1 about even).
    """
    stripped = line.strip()
    return dateline_sized(stripped) and bool(DATELINE_ANY_DASH.match(stripped))
