"""Sequence decoder of a crude dump: which lines are story, jointly over the whole document.

A story is one main run with structure inside it: a short lede, a sub-heading, a list a
paragraph leads into, an inline ad or a "Read more" line between two paragraphs. The decoder
labels every line with one of four states (``STATES``): template before the story, story,
template inside the story (a gap the story resumes after) and template after it. The best
labelling (Viterbi) adds up, over the lines labelled story, each line's score from the line
model (``region.line_scores``: positive for story, negative for chrome), and over every pair of
neighbouring lines the log-probability of the step between their states.

How likely each step is depends on the pair of lines (``edge_class``): after a line ending in
':' the story usually goes on (a list it leads into), between two bulleted lines a list goes on,
after a short heading-shaped line prose is usually story again. The step probabilities, for each
kind of pair, were counted on the development gold of the tune sites by
``bench/train_decoder.py`` and ship as ``decoder.json`` beside this module; nothing about the
sites themselves is in them.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

import numpy as np

from cleaner.text import BULLET, ends_like_sentence, is_prose, word_count

DECODER_FILE = "decoder.json"
STATES = ("before", "story", "gap", "after")
BEFORE, STORY, GAP, AFTER = range(len(STATES))
STEPS = (
    (BEFORE, BEFORE),
    (BEFORE, STORY),
    (STORY, STORY),
    (STORY, GAP),
    (STORY, AFTER),
    (GAP, GAP),
    (GAP, STORY),
    (AFTER, AFTER),
)
"""The steps a labelling may take: the story starts once, may break for a gap and resume, and
ends once; a gap always ends in story again. A labelling with no story at all (every line
before it) says the page has none."""
EDGE_CLASSES = ("plain", "lead-in", "label", "list", "heading", "teaser", "prose")
PLAIN, LEAD_IN, LABEL, LIST, HEADING, TEASER, PROSE = range(len(EDGE_CLASSES))
HEADING_MAX_WORDS = 12
"""A line without a sentence end and at most this long may be a sub-heading over prose."""
LEAD_IN_MIN_WORDS = 4
"""A line ending in ':' with this many words is a sentence leading into a list ("Doctors
repeated their usual advice:"); shorter, a label ("Tags:", "Share this:", "More on Forbes:"),
after which the story ends as often as it goes on."""
DEK_MAX_WORDS = 30
"""Prose of at most this many words under a heading-sized line reads as a teaser's summary
(a headline and its one-sentence dek, as "Latest News" lists give them); a paragraph under a
sub-heading is longer. The two steps are counted apart, so the table says how often each
leads back into the story."""
IMPOSSIBLE = -math.inf


def edge_class(previous: str, line: str) -> int:
    """What kind of step leads from ``previous`` to ``line`` (both stripped), for the
    transition table: a lead-in (``previous`` is a sentence ending in ':') or a label (a
    short line ending in ':'), a list going on (both bulleted), a heading over a paragraph or
    over a short one (a teaser's dek), prose after prose, or anything else."""
    return pair_class(line_shape(previous), line_shape(line))


def line_shape(text: str) -> tuple[bool, bool, bool, bool, bool, bool]:
    """What ``edge_class`` reads of a line: ends in ':', bulleted, prose, heading-sized,
    lead-in-sized, dek-sized."""
    words = word_count(text)
    return (
        text.endswith(":"),
        bool(BULLET.match(text)),
        is_prose(text),
        words <= HEADING_MAX_WORDS and not ends_like_sentence(text),
        words >= LEAD_IN_MIN_WORDS,
        words <= DEK_MAX_WORDS,
    )


def pair_class(previous: tuple[bool, ...], line: tuple[bool, ...]) -> int:
    """``edge_class`` of two lines' ``line_shape``."""
    colon, bullet, prose, heading_sized, sentence_sized, _ = previous
    if colon:
        return LEAD_IN if sentence_sized else LABEL
    if bullet and line[1]:
        return LIST
    if line[2]:
        if prose:
            return PROSE
        if heading_sized:
            return TEASER if line[5] else HEADING
    return PLAIN


def states_of(labels: list[bool]) -> list[int]:
    """The states of a line sequence whose story lines are ``labels`` (the gold, in training):
    template before the first story line, after the last, and a gap in between."""
    story_at = [i for i, is_story in enumerate(labels) if is_story]
    if not story_at:
        return [BEFORE] * len(labels)
    first, last = story_at[0], story_at[-1]
    return [
        STORY if is_story else BEFORE if i < first else AFTER if i > last else GAP
        for i, is_story in enumerate(labels)
    ]


@lru_cache(maxsize=1)
def load_decoder() -> tuple[np.ndarray, float]:
    """The shipped step log-probabilities (edge class x from-state x to-state, ``IMPOSSIBLE``
    where ``STEPS`` has no step) and the weight of the steps against the line scores."""
    text = resources.files(__package__).joinpath(DECODER_FILE).read_text(encoding="utf-8")
    spec = json.loads(text)
    if spec["states"] != list(STATES) or spec["edge_classes"] != list(EDGE_CLASSES):
        raise RuntimeError(f"{DECODER_FILE} was counted for other states; count it again")
    steps = np.full((len(EDGE_CLASSES), len(STATES), len(STATES)), IMPOSSIBLE)
    for name, table in spec["steps"].items():
        for step, log_p in table.items():
            source, target = step.split(">")
            steps[EDGE_CLASSES.index(name), STATES.index(source), STATES.index(target)] = log_p
    return steps, float(spec["weight"])


def decode(texts: list[str], scores: list[float]) -> list[int]:
    """The best state of each line of ``texts`` given its story score (Viterbi); all lines
    ``BEFORE`` when no line scores above zero (no story to find).

    The text is read as if template stood before its first line and after its last, so a
    story that starts on the first line still pays the step into the story, and one that ends
    on the last line the step out of it: every labelling pays both once, and a crude dump and
    an already-clean text are judged alike. The eight allowed steps are written out: plain
    Python over four states costs less than array calls would."""
    n = len(texts)
    if not n or max(scores) <= 0:
        return [BEFORE] * n
    steps = step_table()
    shapes = [line_shape(text) for text in texts]
    into, out_of = steps[PLAIN][1], steps[PLAIN][4]
    before, story, gap, after = 0.0, scores[0] + into, IMPOSSIBLE, IMPOSSIBLE
    back: list[tuple[int, int, int]] = []  # the state each line's story, gap, after came from
    for i in range(1, n):
        bb, bs, ss, sg, sa, gg, gs, aa = steps[pair_class(shapes[i - 1], shapes[i])]
        from_before, from_story, from_gap = before + bs, story + ss, gap + gs
        if from_before >= from_story and from_before >= from_gap:
            new_story, story_came = from_before, BEFORE
        elif from_story >= from_gap:
            new_story, story_came = from_story, STORY
        else:
            new_story, story_came = from_gap, GAP
        gap_came = STORY if story + sg >= gap + gg else GAP
        new_gap = max(story + sg, gap + gg)
        after_came = STORY if story + sa >= after + aa else AFTER
        new_after = max(story + sa, after + aa)
        before, story, gap, after = before + bb, new_story + scores[i], new_gap, new_after
        back.append((story_came, gap_came, after_came))
    state = STORY if story + out_of >= after else AFTER  # it ends, and not in a gap
    path = [state]
    for came in reversed(back):
        state = BEFORE if state == BEFORE else came[state - 1]
        path.append(state)
    return path[::-1]


@lru_cache(maxsize=1)
def step_table() -> tuple[tuple[float, ...], ...]:
    """For each edge class, the weighted log-probabilities of ``STEPS``, in their order."""
    steps, weight = load_decoder()
    return tuple(
        tuple(weight * float(steps[kind, s, t]) for s, t in STEPS)
        for kind in range(len(EDGE_CLASSES))
    )


def story_lines(texts: list[str], scores: list[float]) -> list[int]:
    """Indices of the lines the best labelling calls story."""
    return [i for i, state in enumerate(decode(texts, scores)) if state == STORY]
