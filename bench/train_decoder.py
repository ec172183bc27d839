"""Count the sequence decoder's step probabilities (``cleaner/generic/decoder.json``) on the gold.

    python bench/train_decoder.py               # count on the tune sites, write the table
    python bench/train_decoder.py --dry-run     # print it, leave the file alone

Pages: big9 and wcxb-dev, whose gold gives every page's whole body. Each page becomes a crude
dump as ``bench/generic_dumps.py`` makes it, each line is labelled body or not from the gold as
the line model's training labels it (``train_line_model.label_lines``), and the labels become
the decoder's states (``decoder.states_of``: template before the story, story, a gap inside
it, template after it, a table inside it: story lines that are a table's cells,
``decoder.table_cells``). The script counts, for each kind of pair of neighbouring lines
(``decoder.edge_classes``: a step into a table's cell is a kind of its own), how often each
state is followed by each other, and writes the
log-probabilities with add-``SMOOTHING`` smoothing. Where a text starts is not counted: the
decoder reads crude dumps (which start in template) and already-clean texts (which start in
the story) alike, so either start is free.
Only pages of the "tune" sites count (``bench/splits.py``). Deterministic: sorted pages, plain
counts. No model is involved, so the table does not depend on the line model's weights.

``WEIGHT``, how much a step counts against the line scores, was chosen cross-fitted on the
tune sites (``bench/splits.py``: ``tune_half``) and is written into the file with the table.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pages import DATA, corpus_pages  # noqa: E402
from train_line_model import label_lines  # noqa: E402

from cleaner.generic.decoder import (  # noqa: E402
    CELL,
    DECODER_FILE,
    EDGE_CLASSES,
    STATES,
    STEPS,
    TABLE,
    edge_classes,
    states_of,
    table_cells,
)

OUT = ROOT / "cleaner" / "generic" / DECODER_FILE
CORPORA = ("big9", "wcxb-dev")
SMOOTHING = 1.0
"""Add-one: a step never seen in one kind of pair is unlikely, not impossible."""
WEIGHT = 0.5
"""How much a step's log-probability counts against the line scores (log-odds times the square
root of the words). Chosen cross-fitted on the tune sites as ``REGION_BODY_PROBABILITY`` was:
word F1 on the held half's big9 / wcxb-dev articles / trafilatura-eval pages 0.964 / 0.900 /
0.854 at 0.5, 0.951 / 0.899 / 0.853 at 1, 0.948 / 0.897 / 0.845 at 2, 0.923 / 0.894 / 0.806 at
4, 0.966 / 0.894 / 0.852 at 0.25."""


def count(limit: int | None) -> tuple[Counter, int]:
    steps: Counter = Counter()
    pages = 0
    for corpus in CORPORA:
        for page in corpus_pages(corpus, limit):
            if page.part != "tune" or not page.gold:
                continue
            lines = [line.strip() for line in page.dump.splitlines() if line.strip()]
            if not lines:
                continue
            labels = label_lines(lines, page.gold)
            cells = table_cells(lines)
            plain, tabled = states_of(labels), states_of(labels, cells)
            if STATES.index("story") not in plain:
                continue
            pages += 1
            steps.update(page_steps(lines, cells, plain, tabled))
    return steps, pages


def page_steps(lines: list[str], cells: list[bool], plain: list[int], tabled: list[int]) -> Counter:
    """The steps of one page, (edge class, state, state): every step as if there were no
    table state (``plain``: the story's cells are story), so the other kinds of step count as
    they did before tables had a state of their own; and, with the table state (``tabled``),
    each step into a table's cell under ``CELL`` and each step out of a table under its
    own kind."""
    found: Counter = Counter()
    kinds = edge_classes(lines, cells)
    kinds_untabled = edge_classes(lines, [False] * len(lines))
    for i in range(1, len(lines)):
        found[(kinds_untabled[i], plain[i - 1], plain[i])] += 1
        if kinds[i] == CELL:
            found[(CELL, tabled[i - 1], tabled[i])] += 1
        elif tabled[i - 1] == TABLE:
            found[(kinds[i], TABLE, tabled[i])] += 1
    return found


def table(steps: Counter, pages: int) -> dict:
    out: dict[str, dict[str, float]] = {}
    for kind, name in enumerate(EDGE_CLASSES):
        out[name] = {}
        for source in range(len(STATES)):
            targets = [t for s, t in STEPS if s == source]
            total = sum(steps[(kind, source, t)] for t in targets) + SMOOTHING * len(targets)
            for target in targets:
                log_p = math.log((steps[(kind, source, target)] + SMOOTHING) / total)
                out[name][f"{STATES[source]}>{STATES[target]}"] = round(log_p, 6)
    return {
        "states": list(STATES),
        "edge_classes": list(EDGE_CLASSES),
        "pages": pages,
        "weight": WEIGHT,
        "steps": out,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="pages per corpus (default: all)")
    parser.add_argument("--dry-run", action="store_true", help="do not write the table")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the table")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: no development data at {DATA}")
        return 0
    steps, pages = count(args.limit)
    spec = table(steps, pages)
    for kind, name in enumerate(EDGE_CLASSES):
        seen = {f"{STATES[s]}>{STATES[t]}": steps[(kind, s, t)] for s, t in STEPS}
        print(f"{name}: {seen}")
    text = json.dumps(spec, indent=1, sort_keys=True) + "\n"
    if args.dry_run:
        print(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({pages} tune pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
