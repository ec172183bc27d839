"""The longest line a pattern anchored at both ends can match, so longer lines skip its search.

A regex call with a timeout costs two reads of the process clock (a few microseconds, whatever
the line) before the engine reads a character, and a long alternation of words
(``generic.teaser-heading-cut``) costs tens of microseconds more on a long line whose first word
it names. A pattern whose every top-level alternative is ``^...$`` with bounded repeats cannot
match a line longer than its widest alternative, so the matcher answers "no" by the line's
length, exactly as the search would.

The width is read by the standard library's regex parser, on the subset of syntax where it and
the ``regex`` package agree on what one piece matches; anything outside it (fuzzy matching,
POSIX classes, back-references, verbose mode, version 1 or full case folding, a construct the
standard parser rejects) gives no bound, and the pattern is searched on every line as before.
A property escape (``\\p{L}``) matches one character, so it is read as ``\\w``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from functools import lru_cache

import regex

try:  # the standard parser is private; without it no pattern gets a bound
    from re import _constants as sre_constants
    from re import _parser as sre_parser
except ImportError:  # pragma: no cover - Python 3.11+ has both
    sre_constants = sre_parser = None

BEGINNINGS = (
    () if sre_constants is None else (sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_STRING)
)
ENDS = () if sre_constants is None else (sre_constants.AT_END, sre_constants.AT_END_STRING)

PROPERTY = regex.compile(r"\\[pP]\{[^}]*\}|\\[pP]\w")
"""A ``regex`` property class: one character, written as ``\\w`` for the standard parser."""
OUTSIDE_SUBSET = regex.compile(
    r":\]|\[\[|(?<!\\)\{(?!\d*(?:,\d*)?\})|\(\?[a-zA-Z-]*[xVf]|\\[0-9gk]|\(\?P=|\(\?\("
)
"""Syntax the two parsers read differently, or whose width is not its own (read after
``PROPERTY``): POSIX classes and nested sets, braces that are not a repeat count (fuzzy
constraints), verbose mode, version 1 and full case folding, back-references and
conditionals."""
NAMED_GROUP = regex.compile(r"\(\?P?<(?![=!])\w+>")
"""A named group's opening: with no back-reference (``OUTSIDE_SUBSET``) the name is no part
of the width, and the ``regex`` package lets two alternatives share one (``value``)."""
UNSAFE_FLAGS = regex.VERBOSE | regex.V1 | regex.FULLCASE
"""Compile flags under which a character of the pattern may match other than one character."""


def longest_match_chars(pattern: regex.Pattern) -> int | None:
    """The most characters a line matched by ``pattern`` can hold, or None when unbounded or
    unsure. Lines are searched in their squashed form, which holds no line break, so ``$``
    is the line's end (one character is allowed for a final newline all the same)."""
    if pattern.flags & UNSAFE_FLAGS:
        return None
    return source_width(pattern.pattern)


@lru_cache(maxsize=4096)
def source_width(source: str) -> int | None:
    """``longest_match_chars`` of a pattern's source, remembered by source (rule files share
    patterns, and gates join them)."""
    source = PROPERTY.sub(r"\\w", source)
    if sre_parser is None or OUTSIDE_SUBSET.search(source):
        return None
    source = NAMED_GROUP.sub("(?:", source)  # a name used twice is an error to the standard parser
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a "possible nested set" reading is a doubt
            parsed = sre_parser.parse(source)
    except (Exception, Warning):
        return None
    if not (starts_anchored(parsed) and ends_anchored(parsed)):
        return None
    widest = parsed.getwidth()[1]
    return None if widest >= sre_constants.MAXREPEAT else widest + 1  # a final newline


def starts_anchored(sequence: object) -> bool:
    """Whether every match of a parsed sequence starts at the start of the line: it opens
    with ``^`` (or ``\\A``), or with a group or an alternation all of whose ways do."""
    return bool(sequence) and anchored(sequence[0], BEGINNINGS, starts_anchored)


def ends_anchored(sequence: object) -> bool:
    """``starts_anchored`` for the end: every way closes with ``$`` (or ``\\Z``)."""
    return bool(sequence) and anchored(sequence[-1], ENDS, ends_anchored)


def anchored(item: tuple, anchors: tuple, inner: Callable[[object], bool]) -> bool:
    """Whether one parsed item is one of ``anchors``, or a plain group or an alternation
    whose every way ``inner`` finds anchored."""
    op, argument = item
    if op is sre_constants.AT:
        return argument in anchors
    if op is sre_constants.SUBPATTERN:
        return inner(argument[-1])
    if op is sre_constants.BRANCH:
        return all(map(inner, argument[1]))
    return False
