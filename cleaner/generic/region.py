"""Body-region finder: keep the best-scoring contiguous run of lines, drop the chrome around it.

Story lines score up, chrome scores down; the maximum-sum run is the story, and any other run
worth ``REGION_SECONDARY_SHARE`` of it is kept too (a story cut in two by a gallery or a job
board). The scores are learned (``line_scores``): the line model's "dump" head gives each line
the probability that it is not body, from the line, its neighbours and its page, and a line
scores its log-odds of being body times the square root of its words.

The hand-set scores (``cleaner/linemodel/hand.py``: ``line_score``, ``hand_scores``) were the
finder's before the model; the model now reads them, and the runs they make, as features, and
a text too short for the model is still scored with them.

Learned scores read a line's neighbours, so removing chrome can change the score of a line
beside it: the pipeline repeats its steps until a pass removes nothing, and cleaning that
fixed point again finds the same runs (``tests/test_properties.py``).
"""

from __future__ import annotations

import math

from cleaner.document import Document, Line
from cleaner.linemodel import junk_probabilities
from cleaner.linemodel.hand import (
    REGION_PROSE_CAP,
    hand_scores,
    story_regions,
)
from cleaner.text import is_dateline, word_count

REGION_BODY_PROBABILITY = 0.5
"""A line the model finds this likely to be body scores zero: it neither carries nor breaks a
run. Chosen on the tune sites (``bench/generic_dumps.py --part tune``)."""
BODY_LOG_ODDS = math.log(REGION_BODY_PROBABILITY / (1.0 - REGION_BODY_PROBABILITY))
REGION_MODEL_MIN_LINES = 12
"""Fewer lines than this are too little page for the model, which learned from whole dumps
(a median of 236 non-blank lines): its page features (position, runs, repeats) mean little in a
four-line text, where it can call a lone paragraph chrome. The hand-set scores judge those."""
PROBABILITY_FLOOR = 1e-4
"""Probabilities are clipped this far from 0 and 1, so no single line's log-odds is unbounded."""


def line_scores(texts: list[str]) -> list[float]:
    """Learned scores of a page's lines: positive for story, negative for chrome.

    A line's log-odds of being body, shifted so that ``REGION_BODY_PROBABILITY`` scores zero,
    weighed by the square root of its words (capped): a long paragraph carries a run, a short
    sub-heading or list item inside it costs or earns little either way. A text shorter than
    ``REGION_MODEL_MIN_LINES`` is scored by hand (``hand_scores``).
    """
    if len(texts) < REGION_MODEL_MIN_LINES:
        return hand_scores(texts)
    scores = []
    for text, junk in zip(texts, junk_probabilities(texts, "dump"), strict=True):
        junk = min(max(junk, PROBABILITY_FLOOR), 1.0 - PROBABILITY_FLOOR)
        log_odds = math.log((1.0 - junk) / junk) - BODY_LOG_ODDS
        scores.append(log_odds * math.sqrt(min(max(word_count(text), 1), REGION_PROSE_CAP)))
    return scores


def keep_best_region(doc: Document) -> None:
    """Keep the story's runs of prose; chrome before, between and after them goes.

    A dateline just before a run belongs to the story and stays. With no prose at all
    the document is left as it is: there is nothing to tell body from chrome.

    Learned scores read neighbours, so the runs found in the runs can be shorter again: the
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
    doc.remove(doomed, "generic.region", "outside the story's runs of prose")


def region_of(lines: list[Line]) -> list[Line] | None:
    """The lines of the story's runs (and a dateline just before one); None without prose."""
    kept = set(story_regions(line_scores([line.text for line in lines])))
    if not kept:
        return None
    for index in sorted(kept):
        if index > 0 and index - 1 not in kept and is_dateline(lines[index - 1].text):
            kept.add(index - 1)
    return [line for i, line in enumerate(lines) if i in kept]
