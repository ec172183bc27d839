"""Hand-set line scores and the best runs they make: the body-region finder's scores before
the line model, now features the model reads (``features.py``); the finder still scores a text
too short for the model with them (``cleaner/generic/region.py``).

- a prose line earns its words beyond ``REGION_PROSE_OFFSET``: story paragraphs are long,
  teaser snippets under a related-story headline are one short sentence;
- every other line costs ``REGION_JUNK_PENALTY``, the price of bridging a sub-heading or a
  caption inside the story;
- a line the page repeats ``REGION_REPEAT_MIN`` times or more ("Like", "Remove", "AFP", "View
  gallery") is a template's, and costs ``REGION_REPEAT_PENALTY`` more;
- a line in the vocabulary of site furniture (cookies, newsletters, copyright, sign-in) is junk
  however long and well punctuated it is.

Story lines score up, chrome scores down; the maximum-sum run is the story, and any other run
worth ``REGION_SECONDARY_SHARE`` of it is kept too (a story cut in two by a gallery or a job
board): ``story_regions``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import regex

from cleaner.dates import mentions_date
from cleaner.text import (
    LINE_CACHE_SIZE,
    MOSTLY_LOWER,
    ends_like_sentence,
    is_prose,
    lowercase_ratio,
    normalize,
    word_count,
)

RIGHTS_RESERVED = (
    r"all rights reserved|alle rechte vorbehalten|tous droits réservés"
    r"|todos los derechos reservados"
)
"""'All rights reserved' in the languages crawls meet most: the mark of a copyright line (site
furniture here, and the ``copyright`` pattern of ``cleaner/generic/junk_patterns.py``)."""
REGION_JUNK_PENALTY = 4.0
"""Score of a non-prose line: the cost of bridging one chrome line inside the story."""
REGION_PROSE_CAP = 30
"""Words beyond this add nothing: one huge paragraph (a comment, a legal notice) is not a story."""
REGION_PROSE_OFFSET = 8
"""Words a prose line must have before it scores up; a one-sentence teaser snippet barely does."""
REGION_REPEAT_MIN = 3
"""A line seen this many times in the page is template furniture, not a sub-heading."""
REGION_REPEAT_PENALTY = 4.0
REGION_SHAPE_PENALTY = 4.0
"""Extra cost of a short date/time line or a title-case headline: each teaser in a list has one."""
REGION_SHAPE_MAX_WORDS = 10
"""A date/time line longer than this is a sentence that mentions a date."""
TEASER_MIN_WORDS = 3
"""A Title-Cased line this long is a teaser headline; one or two words are a menu item, which
REGION_JUNK_PENALTY prices already."""
REGION_SECONDARY_SHARE = 0.25
"""A second run of prose is kept when it scores at least this share of the best run."""
LIST_ITEM_MAX_WORDS = 25
"""A line this long or shorter may be an item of a list a line ending in ':' leads into."""
LIST_MAX_ITEMS = 20
"""A lead-in's list ends after this many lines: a longer run of short lines is a menu."""
FURNITURE = regex.compile(
    r"\bcookies?\b.{0,80}\b(accept|consent|browser|website|webseite|site|zustimm|einverstanden"
    r"|akzeptier|speicher|verwenden|utilis|usamos|utilizamos)"
    r"|\b(we|wir|nous) (use|uses|verwenden|nutzen|utilisons) (\w+ )*cookies"
    rf"|\bjavascript\b|\bnewsletter\b|\bcopyright\b|©|\b({RIGHTS_RESERVED})\b"
    r"|\b(e-?mail|e-mail-)adresse?\b.{0,40}\b(published|veröffentlicht|publiée)"
    r"|\b(privacy policy|datenschutzerklärung|terms of (use|service))\b"
    r"|\b(sign|log) (in|up) (to|for)\b|\bsubscribe (to|now|for)\b|\babonnieren\b",
    regex.IGNORECASE,
)
"""Site furniture that reads like a sentence: consent banners, sign-up and legal notices."""
FURNITURE_KEYWORDS = (
    "cookie", "javascript", "newsletter", "copyright", "©", "rights reserved", "rechte",
    "droits", "derechos", "adresse", "privacy", "datenschutz", "terms of", "sign", "log ",
    "subscribe", "abonnieren",
)  # fmt: skip
"""Words every FURNITURE alternative contains: a line with none of them is not furniture, and
the substring test is far cheaper than the regex on a long paragraph."""


def keyword_automaton(words: tuple[str, ...]) -> ahocorasick.Automaton:
    """One Aho-Corasick scan for all of ``words``: whether a line holds any of them in one
    pass, where a substring test a word read the line 17 times (7.5 against 3.9 µs a page
    line)."""
    automaton = ahocorasick.Automaton()
    for word in words:
        automaton.add_word(word, word)
    automaton.make_automaton()
    return automaton


FURNITURE_GATE = keyword_automaton(FURNITURE_KEYWORDS)


@lru_cache(maxsize=LINE_CACHE_SIZE)
def is_furniture(text: str) -> bool:
    found = next(FURNITURE_GATE.iter(text.lower()), None)  # any FURNITURE_KEYWORDS in it
    return found is not None and bool(FURNITURE.search(text))


def line_score(text: str, repeats: int = 1) -> float:
    """How much ``text`` says "story here"; ``repeats`` is how often the page has the line.

    Not cached: the score reads the REGION_* settings, which a bench may change. What is
    costly and depends on the line alone (its prose shape, its furniture and date searches)
    is cached (``score_shape``)."""
    penalty = REGION_REPEAT_PENALTY if repeats >= REGION_REPEAT_MIN else 0.0
    story_words, teaser = score_shape(text)
    if story_words is not None:
        return min(story_words, REGION_PROSE_CAP) - REGION_PROSE_OFFSET - penalty
    if teaser:
        penalty += REGION_SHAPE_PENALTY
    return -REGION_JUNK_PENALTY - penalty


@lru_cache(maxsize=LINE_CACHE_SIZE)
def score_shape(text: str) -> tuple[int | None, bool]:
    """What ``line_score`` reads of the line alone: its word count when it is prose and no
    site furniture (else None), and whether it is teaser-shaped; one cache lookup where the
    tests are half a dozen calls (a page's every line is scored each time the model reads
    it)."""
    if is_prose(text) and not is_furniture(text):
        return word_count(text), False
    return None, is_teaser_shaped(text)


def is_teaser_shaped(text: str) -> bool:
    """A short date/time line, or a title-case headline without a full stop."""
    count = word_count(text)
    if count <= REGION_SHAPE_MAX_WORDS and mentions_date(text):
        return True
    return (
        count >= TEASER_MIN_WORDS
        and lowercase_ratio(text) < MOSTLY_LOWER
        and not ends_like_sentence(text)
    )


def hand_scores(texts: list[str], repeats: list[int] | None = None) -> list[float]:
    """Hand-set scores of a page's lines, each from the line and the page's count of it
    (``repeats``, one a line, when the caller has counted them): the line model reads them
    (and the runs they make) as features."""
    if repeats is None:
        keys = list(map(normalize, texts))
        repeats = list(map(Counter(keys).__getitem__, keys))
    return list(map(line_score, texts, repeats))


def lead_in_runs(texts: list[str]) -> list[int]:
    """For each line, its place (1, 2, ...) in the run of short lines right after a line ending
    in ':' (the items of a list a paragraph leads into), or 0 outside such a run: a feature of
    the model, and what the finder's short-text scores read."""
    runs = [0] * len(texts)
    for i in range(1, len(texts)):
        if texts[i - 1].rstrip().endswith(":"):
            runs[i] = 1
        elif 0 < runs[i - 1] < LIST_MAX_ITEMS and word_count(texts[i]) <= LIST_ITEM_MAX_WORDS:
            runs[i] = runs[i - 1] + 1
    return runs


def best_region(scores: list[float]) -> tuple[int, int] | None:
    """The contiguous run with the highest total (ties: the earliest, then the shortest)."""
    return best_in(scores, RegionScan.of(scores), 0, len(scores))


@dataclass(frozen=True, slots=True)
class RegionScan:
    """The maximum-sum scan of a whole list of scores: at each line, the running total and
    the line its run started on (a run starts anew where the total before it is not positive).

    A scan of any range that starts anew on a line where this scan does too is from there on
    this scan, float for float, so its best run past that line is where these totals peak.
    The totals are a list, not an array: a page's few dozen lines are searched for their peak
    in a C-level ``max`` faster than a NumPy call on a slice is set up.
    """

    totals: list[float]
    starts: list[int]

    @classmethod
    def of(cls, scores: list[float]) -> RegionScan:
        totals, starts = [], []
        total, start = 0.0, 0
        for i, score in enumerate(scores):
            if total <= 0:
                total, start = 0.0, i
            total += score
            totals.append(total)
            starts.append(start)
        return cls(totals, starts)


def best_in(scores: list[float], scan: RegionScan, low: int, high: int) -> tuple[int, int] | None:
    """``best_region`` of ``scores[low:high]``, in indices of ``scores``.

    The range is scanned on its own only until its run starts anew on a line where the whole
    list's scan (``scan``) does too; past it, the best run ends where that scan's total first
    peaks before ``high``, if it beats the best found so far. A story's runs are searched
    range by range, and the ranges would otherwise be scanned again to their ends. The peak is
    the first of the highest totals, as ``np.argmax`` would name it (no total is NaN).
    """
    best, span = 0.0, None
    total, start = 0.0, low
    starts = scan.starts
    for i in range(low, high):
        if total <= 0:
            if starts[i] == i:
                ahead = scan.totals[i:high]
                top = max(ahead)
                peak = i + ahead.index(top)
                return (starts[peak], peak) if top > best else span
            total, start = 0.0, i
        total += scores[i]
        if total > best:
            best, span = total, (start, i)
    return span


def story_regions(scores: list[float], share: float = REGION_SECONDARY_SHARE) -> list[int]:
    """Indices of the lines in the best run and in every run outside it worth ``share`` of it.

    A story cut in two by a block of chrome (a job board, a gallery, an ad slot) has two runs
    of prose; a teaser list rarely comes near the story's own total. The search splits a range
    around its best run and searches both sides again, each through one scan of the whole
    list (``best_in``).
    """
    scan = RegionScan.of(scores)
    span = best_in(scores, scan, 0, len(scores))
    if span is None:
        return []
    threshold = share * sum(scores[span[0] : span[1] + 1])
    kept: list[int] = []
    pending = [(0, len(scores))]
    while pending:
        low, high = pending.pop()
        found = best_in(scores, scan, low, high)
        if found is None:
            continue
        start, end = found
        if sum(scores[start : end + 1]) < threshold:
            continue
        kept.extend(range(start, end + 1))
        pending.extend([(low, start), (end + 1, high)])
    return sorted(kept)
