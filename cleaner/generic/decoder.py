"""Sequence decoder of a crude dump: which lines are story, jointly over the whole document.

A story is one main run with structure inside it: a short lede, a sub-heading, a list a
paragraph leads into, an inline ad or a "Read more" line between two paragraphs. The decoder
labels every line with one of five states (``STATES``): template before the story, story,
template inside the story (a gap the story resumes after), template after it, and a table
inside the story written one cell per line (``table_cells``). The best labelling (Viterbi)
adds up, over the lines labelled story, each line's score from the line model
(``region.line_scores``: positive for story, negative for chrome), and over every pair of
neighbouring lines the log-probability of the step between their states. A table's cells are
short lines the model scores as chrome one by one (a price, a date, "Weight Limit"); in the
table state a cell scores at least ``TABLE_CELL_SCORE``, and whether the story goes through a
table or passes over it as a gap is the steps' business, counted on the gold like the others.

How likely each step is depends on the pair of lines (``edge_class``): after a line ending in
':' the story usually goes on (a list it leads into), between two bulleted lines a list goes on,
after a short heading-shaped line prose is usually story again, a list's later items go on
from its first (``ITEM``: a crude dump drops the bullets, so the run of short lines a lead-in
leads into is the list), and a step into a table's cell (``CELL``) is counted apart from the
others. The step probabilities, for each
kind of pair, were counted on the development gold of the tune sites by
``bench/train_decoder.py`` and ship as ``decoder.json`` beside this module; nothing about the
sites themselves is in them.
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from operator import itemgetter

import numpy as np

from cleaner.linemodel.hand import lead_in_runs
from cleaner.text import BULLET, DIGIT, ends_like_sentence, is_prose, word_count

DECODER_FILE = "decoder.json"
STATES = ("before", "story", "gap", "after", "table")
BEFORE, STORY, GAP, AFTER, TABLE = range(len(STATES))
KEPT_STATES = frozenset((STORY, TABLE))
"""The states whose lines the finder keeps: the story and its tables."""
STEPS = (
    (BEFORE, BEFORE),
    (BEFORE, STORY),
    (STORY, STORY),
    (STORY, GAP),
    (STORY, AFTER),
    (STORY, TABLE),
    (GAP, GAP),
    (GAP, STORY),
    (AFTER, AFTER),
    (TABLE, TABLE),
    (TABLE, STORY),
    (TABLE, AFTER),
)
"""The steps a labelling may take: the story starts once, may break for a gap or a table and
resume, and ends once (after a table too); a gap always ends in story again. A table is
entered from the story only: a run of cells above the story is a menu as often. A labelling
with no story at all (every line before it) says the page has none."""
EDGE_CLASSES = ("plain", "lead-in", "label", "list", "heading", "teaser", "prose", "cell", "item")
PLAIN, LEAD_IN, LABEL, LIST, HEADING, TEASER, PROSE, CELL, ITEM = range(len(EDGE_CLASSES))
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
CELL_MAX_WORDS = 6
"""A table's cell written on a line of its own is a value or a short label ("$137", "Weight
Limit", "+13.1%"); a longer line is a sentence or a heading."""
TABLE_MIN_CELLS = 6
"""A table has at least this many cells in a row (two rows of three, three of two); fewer
short lines are a byline, a label and a date as often."""
TABLE_MAX_COLUMNS = 12
"""The widest row looked for (a comparison table's product, price, weight and scores)."""
TABLE_MIN_DIGIT_SHARE = 0.2
"""At least this share of a table's cells hold a digit (a price, a date, a size, a score): a
menu or a list of links holds almost none."""
TABLE_MIN_PERIODICITY = 0.85
"""A table repeats its row: for some width of row, at least this share of its cells have the
shape of the cell one row further on (whether they hold a digit, how they start). Measured on
wcxb-dev's tune articles (lines the finder removed between two story lines): at 0.85 the runs
found held 1,490 words of story against 965 of chrome, at 0.9 1,070 against 697."""
TABLE_CELL_SCORE = 0.0
"""What a cell scores in the table state at the least (its own score when that is higher):
neither for nor against the story, so the steps (counted on the gold) decide whether the
story goes through the table or passes over it. A cell the model finds story keeps its score:
the table state takes nothing from a table the story kept before it had one."""


def edge_class(previous: str, line: str) -> int:
    """What kind of step leads from ``previous`` to ``line`` (both stripped), for the
    transition table: a lead-in (``previous`` is a sentence ending in ':') or a label (a
    short line ending in ':'), a list going on (both bulleted), a heading over a paragraph or
    over a short one (a teaser's dek), prose after prose, or anything else. A step into a
    table's cell (``CELL``) needs the text around the pair: ``edge_classes``."""
    return pair_class(line_shape(previous), line_shape(line))


def edge_classes(texts: list[str], cells: list[bool]) -> list[int]:
    """The kind of step into each line of ``texts`` from the one before it (the first line's
    is ``PLAIN``): ``CELL`` into a table's cell (``cells``), ``ITEM`` into a list's second
    item or a later one (``lead_in_runs``: the run of short lines a line ending in ':' leads
    into; a crude dump drops the bullets), else ``edge_class``."""
    shapes = [line_shape(text) for text in texts]
    runs = lead_in_runs(texts)
    return [PLAIN] + [
        CELL if cells[i] else item_or_pair(shapes[i - 1], shapes[i], runs[i])
        for i in range(1, len(texts))
    ]


def item_or_pair(previous: tuple[bool, ...], line: tuple[bool, ...], run: int) -> int:
    """``ITEM`` for a line past the first of a lead-in's list (its place ``run``), unless
    both lines are bulleted (``LIST``); else ``pair_class``."""
    kind = pair_class(previous, line)
    return ITEM if run >= 2 and kind == PLAIN else kind  # noqa: PLR2004  (the second item on)


def is_cell(text: str) -> bool:
    """A line that can be a table's cell: short (``CELL_MAX_WORDS``), no sentence."""
    return word_count(text) <= CELL_MAX_WORDS and not ends_like_sentence(text)


def cell_shape(text: str) -> tuple[bool, str]:
    """What a cell shares with the cell one row further on: a digit or not, and how it
    starts (a digit, a letter, anything else: "$", "+", "(")."""
    first = text[:1]
    start = "digit" if first.isdigit() else "letter" if first.isalpha() else "other"
    return bool(DIGIT.search(text)), start


def table_cells(texts: list[str]) -> list[bool]:
    """Which lines are cells of a table written one cell per line: a run of at least
    ``TABLE_MIN_CELLS`` cell-like lines (``is_cell``), ``TABLE_MIN_DIGIT_SHARE`` of them
    holding a digit, whose shapes repeat row after row (``is_periodic``)."""
    found = [False] * len(texts)
    start = 0
    while start < len(texts):
        if not is_cell(texts[start]):
            start += 1
            continue
        end = start
        while end < len(texts) and is_cell(texts[end]):
            end += 1
        run = texts[start:end]
        if len(run) >= TABLE_MIN_CELLS and is_tabular(run):
            found[start:end] = [True] * len(run)
        start = end
    return found


def is_tabular(run: list[str]) -> bool:
    """Whether a run of cell-like lines reads as a table (``table_cells``)."""
    with_digits = sum(1 for text in run if DIGIT.search(text))
    return with_digits >= TABLE_MIN_DIGIT_SHARE * len(run) and is_periodic(
        [cell_shape(text) for text in run]
    )


def is_periodic(shapes: list[tuple[bool, str]]) -> bool:
    """Whether, for some row width from two to ``TABLE_MAX_COLUMNS``, at least
    ``TABLE_MIN_PERIODICITY`` of the cells have the shape of the cell a row further on, the
    header row left out (its labels are words over the values); the shapes must differ (a list
    of dates alone is no table)."""
    if len(set(shapes)) < 2:  # noqa: PLR2004  (two shapes at the least)
        return False
    n = len(shapes)
    for width in range(2, min(TABLE_MAX_COLUMNS, n // 3) + 1):
        pairs = range(width, n - width)  # from the second row on
        same = sum(1 for i in pairs if shapes[i] == shapes[i + width])
        if same >= TABLE_MIN_PERIODICITY * len(pairs):
            return True
    return False


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


def states_of(labels: list[bool], cells: list[bool] | None = None) -> list[int]:
    """The states of a line sequence whose story lines are ``labels`` (the gold, in training):
    template before the first story line, after the last, and a gap in between; a story line
    that is a table's cell (``cells``, from ``table_cells``) below the story's first line is
    in the table state."""
    story_at = [i for i, is_story in enumerate(labels) if is_story]
    if not story_at:
        return [BEFORE] * len(labels)
    first, last = story_at[0], story_at[-1]
    states = [
        STORY if is_story else BEFORE if i < first else AFTER if i > last else GAP
        for i, is_story in enumerate(labels)
    ]
    if cells is not None:
        for i in range(first + 1, len(labels)):
            if cells[i] and states[i] == STORY and states[i - 1] in KEPT_STATES:
                states[i] = TABLE
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
    an already-clean text are judged alike. A line that is no table's cell (``table_cells``)
    cannot be in the table state. The twelve allowed steps are written out: plain Python over
    five states costs less than array calls would."""
    n = len(texts)
    if not n or max(scores) <= 0:
        return [BEFORE] * n
    steps = step_table()
    cells = table_cells(texts)
    kinds = edge_classes(texts, cells)
    into, out_of, table_out = steps[PLAIN][1], steps[PLAIN][4], steps[PLAIN][11]
    before, story, gap, after, table = 0.0, scores[0] + into, IMPOSSIBLE, IMPOSSIBLE, IMPOSSIBLE
    back: list[
        tuple[int, int, int, int]
    ] = []  # where each line's story, gap, after, table came from
    for i in range(1, n):
        bb, bs, ss, sg, sa, st, gg, gs, aa, tt, ts, ta = steps[kinds[i]]
        # each state's best source, the first of equals in the order written (strict '>')
        new_story, story_came = before + bs, BEFORE
        if story + ss > new_story:
            new_story, story_came = story + ss, STORY
        if gap + gs > new_story:
            new_story, story_came = gap + gs, GAP
        if table + ts > new_story:
            new_story, story_came = table + ts, TABLE
        new_gap, gap_came = (story + sg, STORY) if story + sg >= gap + gg else (gap + gg, GAP)
        new_after, after_came = story + sa, STORY
        if after + aa > new_after:
            new_after, after_came = after + aa, AFTER
        if table + ta > new_after:
            new_after, after_came = table + ta, TABLE
        new_table, table_came = IMPOSSIBLE, TABLE
        if cells[i]:
            new_table, table_came = (
                (story + st, STORY) if story + st >= table + tt else (table + tt, TABLE)
            )
        before, story, gap = before + bb, new_story + scores[i], new_gap
        after, table = new_after, new_table + max(scores[i], TABLE_CELL_SCORE)
        back.append((story_came, gap_came, after_came, table_came))
    # it ends out of the story or a table, and not in a gap
    _, state = best((story + out_of, STORY), (after, AFTER), (table + table_out, TABLE))
    path = [state]
    for came in reversed(back):
        state = BEFORE if state == BEFORE else came[state - 1]
        path.append(state)
    return path[::-1]


def best(*options: tuple[float, int]) -> tuple[float, int]:
    """The highest-scoring (score, state) of ``options``; on a tie the first, so the order
    the options are given in is the order of preference."""
    return max(options, key=itemgetter(0))


@lru_cache(maxsize=1)
def step_table() -> tuple[tuple[float, ...], ...]:
    """For each edge class, the weighted log-probabilities of ``STEPS``, in their order."""
    steps, weight = load_decoder()
    return tuple(
        tuple(weight * float(steps[kind, s, t]) for s, t in STEPS)
        for kind in range(len(EDGE_CLASSES))
    )


def story_lines(texts: list[str], scores: list[float]) -> list[int]:
    """Indices of the lines the best labelling keeps: the story and its tables."""
    return [i for i, state in enumerate(decode(texts, scores)) if state in KEPT_STATES]
