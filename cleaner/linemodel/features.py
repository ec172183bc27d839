"""Features of a line, its neighbours and its document, as the line model reads them.

Three groups, all numbers (the model is a tree ensemble, so no scaling is needed):
- the line itself: length, punctuation, sentence end, case, digits, stopword share, list and
  menu shape, dates, site-furniture vocabulary (cached per line text);
- its document: how often the page repeats the line, where it stands (by lines and by the
  page's prose words, and counted from the first prose line: a short lede or a greeting stands
  just before it), how many of its words the rest of the page's prose uses, and its place in
  the run of short lines after a line ending in ':' (a list a paragraph leads into);
- its neighbours: the same few signals for the two lines before and after it (among them
  whether a neighbour ends in ':' or is bulleted), and the share of prose words in a window
  around it (a sub-heading or a list item stands among prose).

One feature is read for cleaned texts only: whether the validator's junk library names the
line (``junk_pattern``). The validator asks the library about every line anyway, and the
"cleaned" head leans on it to tell a stray widget from a short story line; on a crude dump the
library's gate would cost a quarter of the cleaning time, so there the column is zero, as it
was when the "dump" head was trained (it never splits on it). The library is the validator's,
which reads this model, so the caller hands it in (``library``: the validator passes
``cleaner.validate.residual.junk_named``) rather than the model importing the validator.

Features are computed on the stripped text of the non-blank lines only, so a cleaned text
(paragraphs joined by blank lines) is read exactly as the same lines in a dump are.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import lru_cache
from itertools import compress
from operator import itemgetter

import numpy as np
import regex

from cleaner.dates import mentions_date
from cleaner.linemodel.hand import hand_scores, is_furniture, lead_in_runs, story_regions
from cleaner.text import (
    BULLET,
    LINE_CACHE_SIZE,
    NOT_ASCII_UPPER,
    SEPARATOR_MARKS,
    ascii_except,
    ends_like_sentence,
    ends_on_closing_mark,
    is_dateline,
    is_prose,
    line_words,
    looks_like_list,
    normalize,
    word_initials,
)

STOPWORD_TEXT = """
    a about after all also an and any are as at be been but by can could did do does for from
    had has have he her his how i if in into is it its just more most my no not of on one or our
    out over she so some than that the their them then there these they this to up was we were
    what when which who will with would you your
    der die das und ist nicht ein eine mit von zu den dem des auf für sich auch es im
    le la les et est un une des du en pour que qui dans sur pas au par
    el los las y es un una del en por con para que se su al lo como
    il di che è per non una con del della sono"""
STOPWORDS = frozenset(STOPWORD_TEXT.split())
"""Function words of the languages crawls meet most: prose is full of them, menus are not."""
URLISH = regex.compile(r"https?://|www\.|@\w|\.(com|org|net)\b", regex.IGNORECASE)
URLISH_MARKS = ("://", "@")
URLISH_FOLDED = ("www.", ".com", ".org", ".net")
"""What every ``URLISH`` match holds: a mark, or a word case-folded (``str.casefold`` maps
every character the pattern's case-insensitive match takes for an ASCII letter to it)."""
PUNCTUATION = regex.compile(r"[^\p{L}\p{N}\s]")
CONTENT_WORD_MIN_CHARS = 3
"""Words shorter than this (and stopwords) say nothing about the topic."""
NEIGHBOUR_OFFSETS = (-2, -1, 1, 2)
WINDOW = 3
"""Lines on each side whose prose words make a line's neighbourhood density."""
LineTest = Callable[[str], bool]
"""A yes/no question about one line's text (here: does the junk library name it?)."""
OFFSET_CAP = 50
"""Lines from the first prose line count up to this far either way: beyond it, position says
nothing more that ``position`` does not."""

LINE_FEATURES = (
    "log_words",
    "log_chars",
    "mean_word_chars",
    "terminal_punct",
    "ends_colon",
    "ends_sentence_like",
    "lowercase_share",
    "capitalised_share",
    "upper_chars_share",
    "digit_share",
    "punct_share",
    "commas_per_word",
    "stopword_share",
    "is_prose",
    "looks_like_list",
    "separators",
    "bullet",
    "furniture",
    "timestamp",
    "urlish",
    "dateline",
    "quote_start",
)
DOCUMENT_FEATURES = (
    "log_repeats",
    "position",
    "log_lines_before",
    "log_lines_after",
    "prose_words_before_share",
    "inside_prose_span",
    "topic_overlap",
    "log_doc_lines",
    "doc_prose_share",
    "window_prose_share",
    "window_log_words",
    "hand_score",
    "in_hand_region",
    "log_hand_region_distance",
    "log_block_lines",
    "log_block_words",
    "log_prose_above",
    "log_prose_below",
    "lead_in_run",
    "first_prose_offset",
    "junk_pattern",
)
NEIGHBOUR_SIGNALS = (
    "present",
    "log_words",
    "is_prose",
    "terminal_punct",
    "lowercase_share",
    "capitalised_share",
    "ends_colon",
    "bullet",
    "hand_score",
)
NEIGHBOUR_FEATURES = tuple(
    f"n{offset:+d}_{signal}" for offset in NEIGHBOUR_OFFSETS for signal in NEIGHBOUR_SIGNALS
)
FEATURE_NAMES = LINE_FEATURES + DOCUMENT_FEATURES + NEIGHBOUR_FEATURES
LOG_ROWS = [DOCUMENT_FEATURES.index(name) for name in ("log_repeats", "log_block_lines")]
LOG1P_ROWS = [
    DOCUMENT_FEATURES.index(name)
    for name in ("log_lines_before", "log_lines_after", "window_log_words",
                 "log_hand_region_distance", "log_block_words", "log_prose_above",
                 "log_prose_below", "lead_in_run")
]  # fmt: skip
"""The document features that are logs of counts, by their row in ``document_features``'s
block of document columns, in the order it stacks the counts."""
(POSITION, PROSE_BEFORE, INSIDE, TOPIC, DOC_LINES, DOC_PROSE, WINDOW_PROSE, HAND, IN_REGION,
 OFFSET, JUNK_PATTERN) = (
    DOCUMENT_FEATURES.index(name)
    for name in ("position", "prose_words_before_share", "inside_prose_span", "topic_overlap",
                 "log_doc_lines", "doc_prose_share", "window_prose_share", "hand_score",
                 "in_hand_region", "first_prose_offset", "junk_pattern")
)  # fmt: skip
NEIGHBOUR_OWN_COLUMNS = [LINE_FEATURES.index(signal) for signal in NEIGHBOUR_SIGNALS[1:-1]]
"""The line's own features a neighbour's signals copy (between "present" and "hand_score")."""


@lru_cache(maxsize=LINE_CACHE_SIZE)
def read_line(text: str) -> tuple[tuple[float, ...], frozenset[str], bytes]:
    """A stripped line's features on its own (``LINE_FEATURES`` order), its content words
    (``topic_overlaps``), from one pass over its words, and the features again as the bytes
    of a float64 row: a document's rows are joined and read as one array, where building the
    array from the tuples cost a tenth of a document's features."""
    found = line_words(text)
    lowered = list(map(str.lower, found))
    distinct = set(lowered).difference(STOPWORDS)  # each word tested once, not each use
    content = frozenset([w for w in distinct if len(w) >= CONTENT_WORD_MIN_CHARS])
    features = features_of(text, found, lowered)
    return features, content, np.array(features, dtype=np.float64).tobytes()


def line_features(text: str) -> tuple[float, ...]:
    """The features of a stripped line on its own, in ``LINE_FEATURES`` order."""
    return read_line(text)[0]


def content_words(text: str) -> frozenset[str]:
    """The words of a stripped line that say something of its topic."""
    return read_line(text)[1]


LOG1P_TABLE_SIZE = 4096
"""Counts below this (words and characters of nearly every line) find ``log1p`` in a table."""
LOG1P_TABLE = [float(np.log1p(n)) for n in range(LOG1P_TABLE_SIZE)]
"""``log1p`` of each small count, made by the very call it stands for: the same floats."""


def log1p_of(count: int) -> float:
    """``float(np.log1p(count))``: a NumPy call on one number costs more than the feature."""
    return LOG1P_TABLE[count] if count < LOG1P_TABLE_SIZE else float(np.log1p(count))


NOT_DIGIT = ascii_except(str.isdigit)
NOT_PUNCTUATION = ascii_except(lambda char: PUNCTUATION.fullmatch(char) is not None)
"""The ASCII characters outside ``PUNCTUATION``'s class, found by the pattern itself."""


NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")
"""A run of characters outside ASCII: a range of code points, which ``re`` reads as ``regex``
does."""


def character_counts(text: str) -> tuple[int, int, int]:
    """The digits (``str.isdigit``), upper-case letters (``str.isupper``) and ``PUNCTUATION``
    characters of ``text``. Its ASCII characters (all of most lines) are counted by three
    C-level deletions from their bytes, a third of the time of testing every character in
    turn; the tables are made by the same tests, so the counts are the same. Only the other
    characters are tested one by one (each count is of single characters, so the two parts
    add up): a line with a curly quote or a dash is no longer tested whole (a third of a
    page's lines; 38 against 17 µs a line)."""
    raw = text.encode("ascii", "ignore")  # the ASCII characters, in order
    digits = len(raw.translate(None, NOT_DIGIT))
    uppers = len(raw.translate(None, NOT_ASCII_UPPER))
    marks = len(raw.translate(None, NOT_PUNCTUATION))
    if len(raw) == len(text):
        return digits, uppers, marks
    others = "".join(NON_ASCII_RUN.findall(text))
    return (
        digits + sum(map(str.isdigit, others)),
        uppers + sum(map(str.isupper, others)),
        marks + len(PUNCTUATION.findall(others)),
    )


def features_of(text: str, found: tuple[str, ...], lowered: list[str]) -> tuple[float, ...]:
    """``line_features`` given the line's words (``line_words``) and their lower case.

    Counts go through C-level ``map`` rather than Python loops over characters; the shares
    (``lowercase_ratio``'s among them) are computed as their shared definitions do, so every
    value is the same float.
    """
    count, chars = len(found), len(text)
    _, lettered, lower, upper = word_initials(text)  # the prose judgement reads them too
    digits, uppers, marks = character_counts(text)
    return (
        log1p_of(count),
        log1p_of(chars),
        sum(map(len, found)) / count if count else 0.0,
        float(ends_like_sentence(text)),
        float(text.endswith(":")),
        float(ends_on_closing_mark(text)),
        lower / lettered if lettered else 0.0,
        upper / lettered if lettered else 0.0,
        uppers / chars if chars else 0.0,
        digits / chars if chars else 0.0,
        marks / chars if chars else 0.0,
        text.count(",") / count if count else 0.0,
        sum(map(STOPWORDS.__contains__, lowered)) / count if count else 0.0,
        float(is_prose(text)),
        float(looks_like_list(text, count)) if count else 0.0,
        float(sum(map(text.count, SEPARATOR_MARKS))),  # one mark a match: a count in C
        float(bool(BULLET.match(text))),
        float(is_furniture(text)),
        float(mentions_date(text)),
        float(is_urlish(text)),
        float(is_dateline(text)),
        float(text[:1] in "\"“'‘«„"),
    )


def is_urlish(text: str) -> bool:
    """Whether ``URLISH`` finds a web address or a handle in ``text``; searched only when the
    line holds a piece every match needs (``URLISH_MARKS``, ``URLISH_FOLDED``): most lines
    hold none, and the substring tests cost a fraction of the search of a long line."""
    if not any(map(text.__contains__, URLISH_MARKS)):
        folded = text.casefold()
        if not any(map(folded.__contains__, URLISH_FOLDED)):
            return False
    return URLISH.search(text) is not None


def topic_overlaps(words: list[frozenset[str]], prose: list[bool]) -> list[float]:
    """Share of each line's content words (``content_words``) that the page's prose uses in
    other lines."""
    used: set[str] = set()
    reused: set[str] = set()
    for bag in compress(words, prose):  # set operations in C, one a prose line, no word loop
        reused |= used & bag  # a line's words are a set: a second line must use them
        used |= bag
    # a prose line's own words are among ``used``: another line must use them (``reused``)
    return [
        (len(bag & reused) if is_story_like else len(bag & used)) / len(bag) if bag else 0.0
        for bag, is_story_like in zip(words, prose, strict=True)
    ]


FRAME_CACHE_SIZE = 1024
"""Document lengths whose row numbers and window bounds are kept (``row_numbers``): a page has
one length, and a few hundred lengths cover a dump's documents."""


@lru_cache(maxsize=FRAME_CACHE_SIZE)
def row_numbers(n: int) -> np.ndarray:
    """``np.arange(n)``, made once a length and read only (a document's features ask for it
    four times, and NumPy's call costs more than a short document's work)."""
    index = np.arange(n)
    index.flags.writeable = False
    return index


@lru_cache(maxsize=FRAME_CACHE_SIZE)
def window_bounds(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The first row and the row past the last of each row's window (``window_sum``)."""
    index = row_numbers(n)
    low, high = np.maximum(index - WINDOW, 0), np.minimum(index + WINDOW + 1, n)
    low.flags.writeable = high.flags.writeable = False
    return low, high


def window_sum(values: np.ndarray) -> np.ndarray:
    """Each value summed with its ``WINDOW`` neighbours on each side (fewer at the edges); for
    a 2-D array, along each row (each row's running sum is its own: the same floats)."""
    padded = np.concatenate([np.zeros((*values.shape[:-1], 1)), values.cumsum(axis=-1)], -1)
    low, high = window_bounds(values.shape[-1])
    return padded[..., high] - padded[..., low]


def blocks(prose: np.ndarray, words: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each line, the length and the words of the run of lines it belongs to, a run being
    lines that are all prose or all not (a menu, a teaser list, a story's paragraphs)."""
    n = prose.size
    starts = np.concatenate([[True], prose[1:] != prose[:-1]]).nonzero()[0]
    ends = np.concatenate([starts[1:], [n]])
    owner = row_numbers(starts.size).repeat(ends - starts)
    totals = np.add.reduceat(words, starts) if n else np.zeros(0)
    return (ends - starts)[owner].astype(np.float64), totals[owner]


def distances(marked: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lines from each line up to the nearest marked line above it and down to the nearest
    below it (itself counts as 0); ``len(marked)`` when there is none. For a 2-D array, along
    each row."""
    n = marked.shape[-1]
    index = row_numbers(n)
    last = np.maximum.accumulate(np.where(marked, index, -1), axis=-1)
    above = np.where(last >= 0, index - last, n)
    following = np.minimum.accumulate(np.where(marked, index, n)[..., ::-1], axis=-1)[..., ::-1]
    below = np.where(following < n, following - index, n)
    return above.astype(np.float64), below.astype(np.float64)


def document_features(lines: list[str], library: LineTest | None = None) -> np.ndarray:
    """The feature matrix (lines x ``FEATURE_NAMES``) of a document's non-blank lines;
    ``junk_pattern`` is ``library``'s answer for each line when given (a cleaned text, whose
    reader has the junk library), else zero."""
    texts = list(map(str.strip, lines))  # C-level maps: a page can have a thousand lines
    n = len(texts)
    reads = list(map(read_line, texts))  # one cache lookup per line serves both uses
    own = np.frombuffer(b"".join(map(itemgetter(2), reads)), dtype=np.float64)
    own = own.reshape(n, len(LINE_FEATURES))
    words = np.expm1(own[:, LINE_FEATURES.index("log_words")])
    prose = own[:, LINE_FEATURES.index("is_prose")] > 0
    prose_words = words * prose  # a count times 1.0 or 0.0: np.where's floats, at a tenth the cost
    total_prose = prose_words.sum()
    keys = list(map(normalize, texts))
    repeats = list(map(Counter(keys).__getitem__, keys))
    index = row_numbers(n).astype(np.float64)
    prose_at = prose.nonzero()[0]
    inside = (
        (index >= prose_at[0]) & (index <= prose_at[-1]) if prose_at.size else np.zeros(n, bool)
    )
    # the three window sums and the two kinds of distance each in one pass of NumPy calls;
    # array methods and np.array rather than NumPy's Python wrappers (np.stack, np.cumsum,
    # np.flatnonzero), whose own cost outweighed the work on a page of a few dozen lines
    window, window_all, window_lines = window_sum(np.array([prose_words, words, np.ones(n)]))
    hand = np.array(hand_scores(texts, repeats), dtype=np.float64)
    in_region = np.zeros(n, dtype=bool)
    in_region[story_regions(hand.tolist())] = True
    (region_above, prose_above), (region_below, prose_below) = distances(
        np.array([in_region, prose])
    )
    block_lines, block_words = blocks(prose, words)
    first_prose = prose_at[0] if prose_at.size else n
    # the document's columns, row by row (DOCUMENT_FEATURES order), each log taken in one call
    # over all the rows that take it: a call per column cost more than the work on a page
    document = np.empty((len(DOCUMENT_FEATURES), n))
    document[LOG_ROWS] = np.log([repeats, block_lines])
    document[LOG1P_ROWS] = np.log1p(
        [index, n - 1 - index, window_all / window_lines, np.minimum(region_above, region_below),
         block_words, prose_above, prose_below, lead_in_runs(texts)]
    )  # fmt: skip
    document[POSITION] = index / (n - 1) if n > 1 else 0.0
    document[PROSE_BEFORE] = (
        (prose_words.cumsum() - prose_words) / total_prose if total_prose else 0.0
    )
    document[INSIDE] = inside
    document[TOPIC] = topic_overlaps(list(map(itemgetter(1), reads)), prose.tolist())
    document[DOC_LINES] = np.log1p(n)
    document[DOC_PROSE] = total_prose / words.sum() if words.sum() else 0.0
    document[WINDOW_PROSE] = np.divide(window, window_all, out=np.zeros(n), where=window_all > 0)
    document[HAND] = hand
    document[IN_REGION] = in_region
    # np.clip's wrapper costs more than the two calls
    document[OFFSET] = np.minimum(np.maximum(index - first_prose, -OFFSET_CAP), OFFSET_CAP)
    document[JUNK_PATTERN] = list(map(float, map(library, texts))) if library else 0.0
    matrix = np.zeros((n, len(FEATURE_NAMES)))  # a missing neighbour reads as zeros
    matrix[:, : own.shape[1]] = own
    matrix[:, own.shape[1] : own.shape[1] + len(DOCUMENT_FEATURES)] = document.T
    # a neighbour's signals, in NEIGHBOUR_SIGNALS order ("present" first), copied in one
    # block per offset rather than one column at a time
    signals = np.empty((n, len(NEIGHBOUR_SIGNALS)))
    signals[:, 0] = 1.0
    signals[:, 1:-1] = own[:, NEIGHBOUR_OWN_COLUMNS]
    signals[:, -1] = hand
    column = own.shape[1] + len(DOCUMENT_FEATURES)
    for offset in NEIGHBOUR_OFFSETS:
        source = slice(max(offset, 0), n + min(offset, 0))
        target = slice(max(-offset, 0), n - max(offset, 0))
        matrix[target, column : column + len(NEIGHBOUR_SIGNALS)] = signals[source]
        column += len(NEIGHBOUR_SIGNALS)
    return matrix
