"""Count the sequence decoder's step probabilities (``cleaner/generic/decoder.json``) on the gold.

    python bench/train_decoder.py               # count on the tune sites, write the table
    python bench/train_decoder.py --dry-run     # print it, leave the file alone

Pages: big9 and wcxb-dev, whose gold gives every page's whole body. Each page becomes a crude
dump as ``bench/generic_dumps.py`` makes it, each line is labelled body or not from the gold as
the line model's training labels it (``train_line_model.label_lines``), and the labels become
the decoder's states (``decoder.states_of``: template before the story, story, a gap inside
it, template after it). The script counts, for each kind of pair of neighbouring lines
(``decoder.edge_class``), how often each state is followed by each other, and writes the
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
    DECODER_FILE,
    EDGE_CLASSES,
    STATES,
    STEPS,
    edge_class,
    states_of,
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
            states = states_of(label_lines(lines, page.gold))
            if STATES.index("story") not in states:
                continue
            pages += 1
            for i in range(1, len(lines)):
                kind = edge_class(lines[i - 1], lines[i])
                steps[(kind, states[i - 1], states[i])] += 1
    return steps, pages


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
        OUT.write_text(text, encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)} ({pages} tune pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
