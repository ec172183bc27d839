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
GAP_LINES = 6
"""Gap states, one per line of a gap up to this many; the last holds every longer gap. How
likely the story is to resume depends on how long the gap has run: on the tune sites' gold it
resumes after a gap's first line about half the time, after its second a third, after its
sixth an eighth of the time, and after a dozen lines one time in thirty (a comment section, a
"Related" list). One gap state with a fixed chance to end each line cannot say that."""
GAP_NAMES = ("gap", *(f"gap{k}" for k in range(2, GAP_LINES)), "gap-long")[:GAP_LINES]
STATES = ("before", "story", "after", *GAP_NAMES)
BEFORE, STORY, AFTER, GAP = range(4)
LONG_GAP = len(STATES) - 1
GAPS = tuple(range(GAP, LONG_GAP + 1))
STEPS = (
    (BEFORE, BEFORE),
    (BEFORE, STORY),
    (STORY, STORY),
    (STORY, GAP),
    (STORY, AFTER),
    *((gap, STORY) for gap in GAPS),
    *((gap, gap + 1) for gap in GAPS[:-1]),
    (LONG_GAP, LONG_GAP),
    (AFTER, AFTER),
)
"""The steps a labelling may take: the story starts once, may break for a gap and resume, and
ends once; a gap goes on one line at a time through the gap states (the last one loops) and
always ends in story again. A labelling with no story at all (every line before it) says the
page has none."""
EDGE_CLASSES = ("plain", "lead-in", "list", "heading", "prose", "into-prose", "out-of-prose")
PLAIN, LEAD_IN, LIST, HEADING, PROSE, INTO_PROSE, OUT_OF_PROSE = range(len(EDGE_CLASSES))
HEADING_MAX_WORDS = 12
"""A line without a sentence end and at most this long may be a sub-heading over prose."""
IMPOSSIBLE = -math.inf


def edge_class(previous: str, line: str) -> int:
    """What kind of step leads from ``previous`` to ``line`` (both stripped), for the
    transition table: a lead-in (``previous`` ends in ':'), a list going on (both bulleted),
    a heading over prose, prose after prose, prose after some other line (where a story starts
    or resumes), prose into a line that is not (where a story breaks or ends), or anything
    else (two lines of chrome, as often as not)."""
    return pair_class(line_shape(previous), line_shape(line))


def line_shape(text: str) -> tuple[bool, bool, bool, bool]:
    """What ``edge_class`` reads of a line: ends in ':', bulleted, prose, heading-sized."""
    return (
        text.endswith(":"),
        bool(BULLET.match(text)),
        is_prose(text),
        word_count(text) <= HEADING_MAX_WORDS and not ends_like_sentence(text),
    )


def pair_class(previous: tuple[bool, ...], line: tuple[bool, ...]) -> int:
    """``edge_class`` of two lines' ``line_shape``."""
    colon, bullet, prose, heading_sized = previous
    if colon:
        return LEAD_IN
    if bullet and line[1]:
        return LIST
    if line[2]:
        if prose:
            return PROSE
        return HEADING if heading_sized else INTO_PROSE
    return OUT_OF_PROSE if prose else PLAIN


def states_of(labels: list[bool]) -> list[int]:
    """The states of a line sequence whose story lines are ``labels`` (the gold, in training):
    template before the first story line, after the last, and gap states in between, counting
    the lines of each gap (``GAP_LINES``)."""
    story_at = [i for i, is_story in enumerate(labels) if is_story]
    if not story_at:
        return [BEFORE] * len(labels)
    first, last = story_at[0], story_at[-1]
    states = []
    for i, is_story in enumerate(labels):
        if is_story:
            states.append(STORY)
        elif i < first:
            states.append(BEFORE)
        elif i > last:
            states.append(AFTER)
        else:
            states.append(min(states[-1] + 1, LONG_GAP) if states[-1] in GAPS else GAP)
    return states


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
    an already-clean text are judged alike. The step in is priced as a plain one, the step
    out as one out of prose (where stories end). Plain Python over a few states costs less than
    array calls would; where two ways into a state score alike, the one listed first in
    ``STEPS`` wins."""
    n = len(texts)
    if not n or max(scores) <= 0:
        return [BEFORE] * n
    tables = into_table()
    shapes = [line_shape(text) for text in texts]
    into = dict(zip(STEPS, step_table()[PLAIN], strict=True))[BEFORE, STORY]
    out_of = dict(zip(STEPS, step_table()[OUT_OF_PROSE], strict=True))[STORY, AFTER]
    best = [IMPOSSIBLE] * len(STATES)
    best[BEFORE], best[STORY] = 0.0, scores[0] + into
    back: list[list[int]] = []  # for each line after the first, the state each state came from
    for i in range(1, n):
        new, came = [], []
        for sources in tables[pair_class(shapes[i - 1], shapes[i])]:
            top, source = IMPOSSIBLE, BEFORE
            for state, cost in sources:
                if best[state] + cost > top:
                    top, source = best[state] + cost, state
            new.append(top)
            came.append(source)
        new[STORY] += scores[i]
        best = new
        back.append(came)
    # it ends in the story or after it, never in a gap
    state = STORY if best[STORY] + out_of >= best[AFTER] else AFTER
    path = [state]
    for came in reversed(back):
        state = came[state]
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


@lru_cache(maxsize=1)
def into_table() -> tuple[tuple[tuple[tuple[int, float], ...], ...], ...]:
    """``step_table`` by where the steps lead: for each edge class and each state, the states
    a step into it may come from, with its weighted log-probability, in ``STEPS`` order."""
    return tuple(
        tuple(
            tuple((s, cost) for (s, t), cost in zip(STEPS, costs, strict=True) if t == target)
            for target in range(len(STATES))
        )
        for costs in step_table()
    )


def story_lines(texts: list[str], scores: list[float]) -> list[int]:
    """Indices of the lines the best labelling calls story."""
    return [i for i, state in enumerate(decode(texts, scores)) if state == STORY]
