"""Body-region finder: label each line story or chrome, and drop the chrome.

The scores are learned (``line_scores``): the line model's "dump" head gives each line the
probability that it is not body, from the line, its neighbours and its page, and a line scores
its log-odds of being body times the square root of its words. The sequence decoder
(``cleaner/generic/decoder.py``) then labels the lines jointly: template before the story, the
story, template inside it (an inline ad, a "Read more" line: the story resumes after it) and
template after it, with the cost of each step between neighbouring lines counted on the
development gold. A list a paragraph leads into, a sub-heading over prose or a short lede stay
with the story because the steps into them are likely, not because each line scores up alone.

The hand-set scores below (``line_score``, ``hand_scores``) were the finder's before the model;
the model now reads them, and the maximum-sum runs they make (``story_regions``), as features:
- a prose line earns its words beyond ``REGION_PROSE_OFFSET``: story paragraphs are long,
  teaser snippets under a related-story headline are one short sentence;
- every other line costs ``REGION_JUNK_PENALTY``, the price of bridging a sub-heading or a
  caption inside the story;
- a line the page repeats ``REGION_REPEAT_MIN`` times or more ("Like", "Remove", "AFP", "View
  gallery") is a template's, and costs ``REGION_REPEAT_PENALTY`` more;
- a line in the vocabulary of site furniture (cookies, newsletters, copyright, sign-in) is junk
  however long and well punctuated it is.

Learned scores read a line's neighbours, so removing chrome can change the score of a line
beside it: the finder decodes again what it kept until it keeps all of it, and the pipeline
repeats its steps until a pass removes nothing, so cleaning that fixed point again changes
nothing (``tests/test_properties.py``).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex

from cleaner.document import Document, Line
from cleaner.generic.dates import DATE_MENTION
from cleaner.generic.decoder import HEADING_MAX_WORDS, story_lines
from cleaner.generic.junk_patterns import RIGHTS_RESERVED
from cleaner.text import (
    LINE_CACHE_SIZE,
    MOSTLY_LOWER,
    ends_like_sentence,
    is_dateline,
    is_prose,
    lowercase_ratio,
    normalize,
    word_count,
)

REGION_BODY_PROBABILITY = 0.5
"""A line the model finds this likely to be body scores zero: it neither carries nor breaks a
story. Chosen cross-fitted on the tune sites (``bench/splits.py``'s ``tune_half``): with the
model trained on one half, word F1 on the other half's big9 / wcxb-dev articles /
trafilatura-eval pages was 0.964 / 0.900 / 0.854 at 0.5, 0.965 / 0.901 / 0.847 at 0.4, and
0.935 / 0.892 / 0.826 at 0.65 (which the model's own training sites had favoured)."""
BODY_LOG_ODDS = math.log(REGION_BODY_PROBABILITY / (1.0 - REGION_BODY_PROBABILITY))
REGION_MODEL_MIN_LINES = 12
"""Fewer lines than this are too little page for the model, which learned from whole dumps
(a median of 236 non-blank lines): its page features (position, runs, repeats) mean little in a
four-line text, where it can call a lone paragraph chrome. The hand-set scores judge those, and
their best runs are kept (``story_regions``): the decoder's step costs were weighed against the
model's scores, not against the hand-set ones."""
PROBABILITY_FLOOR = 1e-4
"""Probabilities are clipped this far from 0 and 1, so no single line's log-odds is unbounded."""
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
SHORT_TEXT_LINE_SCORE = 1.0
"""In a text too short for the model, the score of a short line that reads as a sentence (a
closing quote, a one-line greeting) or as an item of a list a lead-in introduces: once rules
removed the chrome, such a line beside the story is story, so it joins the run it touches; it
is too little to carry a run of its own."""
SHORT_SENTENCE_MIN_WORDS = 2
"""A one-word line ("Share", "Advertisement.") is a widget, even with a full stop."""
LEAD_IN_MIN_WORDS = 4
"""A line ending in ':' with this many words is a sentence leading into a list ("Doctors
repeated their usual advice:"); shorter, a label ("Tags:", "Share this:", "Related:")."""
LIST_ITEM_MAX_WORDS = 25
"""A line this long or shorter may be an item of a list a line ending in ':' leads into."""
LIST_MAX_ITEMS = 20
"""A lead-in's list ends after this many lines: a longer run of short lines is a menu."""
REGION_SECONDARY_SHARE = 0.25
"""A second run of prose is kept when it scores at least this share of the best run."""
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


@lru_cache(maxsize=LINE_CACHE_SIZE)
def is_furniture(text: str) -> bool:
    lowered = text.lower()
    return any(k in lowered for k in FURNITURE_KEYWORDS) and bool(FURNITURE.search(text))


def line_score(text: str, repeats: int = 1) -> float:
    """How much ``text`` says "story here"; ``repeats`` is how often the page has the line.

    Not cached: the score reads the REGION_* settings, which a bench may change. What is
    costly and depends on the line alone (its prose shape, its furniture and date searches)
    is cached where it is computed."""
    penalty = REGION_REPEAT_PENALTY if repeats >= REGION_REPEAT_MIN else 0.0
    if is_prose(text) and not is_furniture(text):
        return min(word_count(text), REGION_PROSE_CAP) - REGION_PROSE_OFFSET - penalty
    if is_teaser_shaped(text):
        penalty += REGION_SHAPE_PENALTY
    return -REGION_JUNK_PENALTY - penalty


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


@lru_cache(maxsize=LINE_CACHE_SIZE)
def mentions_date(text: str) -> bool:
    return bool(DATE_MENTION.search(text))


def hand_scores(texts: list[str]) -> list[float]:
    """Hand-set scores of a page's lines, each from the line and the page's count of it: the
    line model reads them (and the runs they make) as features."""
    keys = [normalize(text) for text in texts]
    counts = Counter(keys)
    return [line_score(text, counts[key]) for text, key in zip(texts, keys, strict=True)]


def lead_in_runs(texts: list[str]) -> list[int]:
    """For each line, its place (1, 2, ...) in the run of short lines right after a line ending
    in ':' (the items of a list a paragraph leads into), or 0 outside such a run."""
    runs = [0] * len(texts)
    for i in range(1, len(texts)):
        if texts[i - 1].rstrip().endswith(":"):
            runs[i] = 1
        elif 0 < runs[i - 1] < LIST_MAX_ITEMS and word_count(texts[i]) <= LIST_ITEM_MAX_WORDS:
            runs[i] = runs[i - 1] + 1
    return runs


def is_short_sentence(text: str) -> bool:
    """A short line that reads as a sentence: a closing quote, a greeting, a one-line lede."""
    return (
        ends_like_sentence(text)
        and word_count(text) >= SHORT_SENTENCE_MIN_WORDS
        and not is_furniture(text)
        and not is_teaser_shaped(text)
    )


def short_text_scores(texts: list[str]) -> list[float]:
    """The hand-set scores of a text too short for the model, where lines the hand-set scores
    price as chrome score ``SHORT_TEXT_LINE_SCORE`` when they read as story: a short sentence,
    a lead-in and the items of its list, and (``BODY.md``) a sub-heading between two lines that
    read as story (above the story, a short line is a byline as often)."""
    scores = hand_scores(texts)
    runs = lead_in_runs(texts)
    for i, text in enumerate(texts):
        listed = runs[i] > 0 and is_lead_in(texts, i - runs[i])
        if scores[i] < 0 and (is_lead_in(texts, i) or listed or is_short_sentence(text)):
            scores[i] = SHORT_TEXT_LINE_SCORE
    over_story = [
        i
        for i in range(1, len(texts) - 1)
        if scores[i - 1] > 0 and scores[i + 1] > 0 and is_heading(texts[i])
    ]
    for i in over_story:
        scores[i] = max(scores[i], SHORT_TEXT_LINE_SCORE)
    return scores


def is_heading(text: str) -> bool:
    """A short line without a sentence end that is no teaser headline, date or furniture."""
    return (
        word_count(text) <= HEADING_MAX_WORDS
        and not ends_like_sentence(text)
        and not is_teaser_shaped(text)
        and not is_furniture(text)
    )


def is_lead_in(texts: list[str], index: int) -> bool:
    """Whether the line at ``index`` leads into a list: it ends in ':' and is a sentence of
    ``LEAD_IN_MIN_WORDS`` or more, or stands right under a paragraph ("Tags:", "Share:" are
    labels)."""
    text = texts[index].rstrip()
    if not text.endswith(":"):
        return False
    return word_count(text) >= LEAD_IN_MIN_WORDS or (index > 0 and is_prose(texts[index - 1]))


def line_scores(texts: list[str]) -> list[float]:
    """Learned scores of a page's lines: positive for story, negative for chrome.

    A line's log-odds of being body, shifted so that ``REGION_BODY_PROBABILITY`` scores zero,
    weighed by the square root of its words (capped): a long paragraph carries a run, a short
    sub-heading or list item inside it costs or earns little either way. A text shorter than
    ``REGION_MODEL_MIN_LINES`` is scored by hand (``hand_scores``).
    """
    if len(texts) < REGION_MODEL_MIN_LINES:
        return hand_scores(texts)
    from cleaner.linemodel import junk_probabilities  # the model's features use this module

    scores = []
    for text, junk in zip(texts, junk_probabilities(texts, "dump"), strict=True):
        junk = min(max(junk, PROBABILITY_FLOOR), 1.0 - PROBABILITY_FLOOR)
        log_odds = math.log((1.0 - junk) / junk) - BODY_LOG_ODDS
        scores.append(log_odds * math.sqrt(min(max(word_count(text), 1), REGION_PROSE_CAP)))
    return scores


def best_region(scores: list[float]) -> tuple[int, int] | None:
    """The contiguous run with the highest total (ties: the earliest, then the shortest)."""
    return best_in(scores, RegionScan.of(scores), 0, len(scores))


@dataclass(frozen=True, slots=True)
class RegionScan:
    """The maximum-sum scan of a whole list of scores: at each line, the running total and
    the line its run started on (a run starts anew where the total before it is not positive).

    A scan of any range that starts anew on a line where this scan does too is from there on
    this scan, float for float, so its best run past that line is where these totals peak.
    """

    totals: np.ndarray
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
        return cls(np.array(totals, dtype=np.float64), starts)


def best_in(scores: list[float], scan: RegionScan, low: int, high: int) -> tuple[int, int] | None:
    """``best_region`` of ``scores[low:high]``, in indices of ``scores``.

    The range is scanned on its own only until its run starts anew on a line where the whole
    list's scan (``scan``) does too; past it, the best run ends where that scan's total first
    peaks before ``high``, if it beats the best found so far. A story's runs are searched
    range by range, and the ranges would otherwise be scanned again to their ends.
    """
    best, span = 0.0, None
    total, start = 0.0, low
    for i in range(low, high):
        if total <= 0:
            if scan.starts[i] == i:
                peak = i + int(np.argmax(scan.totals[i:high]))
                return (scan.starts[peak], peak) if float(scan.totals[peak]) > best else span
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


def keep_best_region(doc: Document) -> None:
    """Keep the lines the decoder labels story; chrome before, inside and after it goes.

    A dateline just before a story line belongs to the story and stays. With no story at all
    the document is left as it is: there is nothing to tell body from chrome.

    Learned scores read neighbours, so the story found in the story can be shorter again: the
    finder repeats on what it kept until that is all kept, so the story it returns is the
    story it finds in it, and cleaning the output again changes nothing.
    """
    lines = list(doc.lines)
    while True:
        kept = region_of(lines)
        if kept is None or len(kept) == len(lines):
            break
        lines = kept
    survivors = {id(line) for line in lines}
    doomed = [line for line in doc.lines if id(line) not in survivors]
    doc.remove(doomed, "generic.region", "template outside the story or inside it")


def region_of(lines: list[Line]) -> list[Line] | None:
    """The lines the decoder labels story (and a dateline just before one); None without."""
    texts = [line.text.strip() for line in lines]
    if len(texts) < REGION_MODEL_MIN_LINES:  # hand-set scores: the best runs
        kept = set(story_regions(short_text_scores(texts)))
    else:
        kept = set(story_lines(texts, line_scores(texts)))
    if not kept:
        return None
    for index in sorted(kept):
        if index > 0 and index - 1 not in kept and is_dateline(lines[index - 1].text):
            kept.add(index - 1)
    return [line for i, line in enumerate(lines) if i in kept]
