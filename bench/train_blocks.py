"""Train the block classifier (``cleaner/html/blocks.py``) on wcxb-dev; write ``blocks.json``.

    pip install -e '.[train]'
    python bench/train_blocks.py --cache DIR            # train on the tune sites, report both parts
    python bench/train_blocks.py --cache DIR --dry-run  # train and report, leave the model alone

Each wcxb-dev page (WCXB, Murrough Foley, 2026, CC-BY-4.0) is prepared as the cleaner prepares a
page without site rules (parse, the generic strip list where it applies, layout tables
unwrapped), cut into text blocks (``page_blocks``) and read the cleaner's way (its chosen
reading, before the text stage: the ``in_reading`` feature; cached under ``--cache`` by the
page's hash, since making it is most of a run's time). A block is main content when at least
``CONTENT_SHARE`` of its word trigrams are in the gold's (a block of one or two words: when it
is a whole gold line, or its two words a gold bigram).

Training sees only the tune sites (``bench/splits.py``); the report gives, per part and page
type, the word F1 of the block reading beside the cleaner's reading, and of the two switched
by page type. Deterministic: sorted inputs, fixed seed, one thread. Needs scikit-learn (the
``train`` extra); the cleaner reads the model with NumPy only (the line model's ``Forest``).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread: deterministic sums, a shared machine

import argparse
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quality import bag_prf, mean, wcxb_pages  # noqa: E402
from train_line_model import export  # noqa: E402

from cleaner.html.blocks import MODEL_PATH, TYPE_COLUMNS, Block, block_features, page_blocks  # noqa: E402

TOKEN = regex.compile(r"\w+")
CONTENT_SHARE = 0.5
"""A block is content when at least this share of its word trigrams are in the gold."""
SEED = 20261206
BOOSTING = {
    "max_iter": 200,
    "learning_rate": 0.1,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "early_stopping": False,
}
"""Small trees, as the line model's: the model file stays small and scoring cheap. Stronger
regularisation (150 trees, 200 blocks a leaf, l2 5) fitted the tune part less and did no
better held apart (word F1 of the switched reading, held apart: 0.854 both)."""
CUTOFF = 0.5


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def ngrams(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def block_labels(blocks: list[Block], gold: str) -> np.ndarray:
    """1 for main content, 0 for the rest (see the module docstring)."""
    gold_words = tokens(gold)
    trigrams, bigrams = ngrams(gold_words, 3), ngrams(gold_words, 2)
    lines = {tuple(tokens(line)) for line in gold.splitlines() if line.strip()}
    labels = np.zeros(len(blocks), dtype=int)
    for i, block in enumerate(blocks):
        words = tokens(block.text)
        if len(words) >= 3:
            grams = [tuple(words[k : k + 3]) for k in range(len(words) - 2)]
            labels[i] = sum(g in trigrams for g in grams) >= CONTENT_SHARE * len(grams)
        elif words:
            labels[i] = tuple(words) in lines or (len(words) == 2 and tuple(words) in bigrams)
    return labels


def page_key(page) -> str:
    return hashlib.sha256(page.data).hexdigest()


def reading_of(page, cache: Path | None) -> str:
    """The cleaner's chosen reading of a page without site rules, before the text stage."""
    path = cache / f"{page_key(page)}.json" if cache else None
    if path and path.exists():
        return json.loads(path.read_text("utf-8"))["reading"]
    from cleaner.html.decode import decode_html
    from cleaner.html.extract import extract
    from cleaner.pipeline import default_rulebook, make_document
    from cleaner.rulebook.load import Rulebook

    rulebook = Rulebook(list(default_rulebook().generic))
    doc = make_document(decode_html(page.data), None, "html")
    reading = extract(doc, rulebook, with_blocks=False)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"reading": reading}), "utf-8")
    return reading


def prepared_blocks(page) -> tuple[list[Block], str | None]:
    """The page's blocks after the cleaner's generic preparation, and its page type."""
    from cleaner.html.decode import decode_html
    from cleaner.html.extract import prepared_tree
    from cleaner.pipeline import default_rulebook
    from cleaner.rulebook.load import Rulebook

    rulebook = Rulebook(list(default_rulebook().generic))
    tree, kind = prepared_tree(decode_html(page.data), rulebook)
    return page_blocks(tree), kind


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="directory for the cleaner's readings")
    parser.add_argument("--limit", type=int, help="at most this many pages")
    parser.add_argument("--dry-run", action="store_true", help="do not write the model")
    parser.add_argument(
        "--cached-only",
        action="store_true",
        help="only pages whose reading is cached (a quick look)",
    )
    parser.add_argument("--pages", type=Path, help="write each page's figures here (JSON lines)")
    args = parser.parse_args(argv)
    from sklearn.ensemble import HistGradientBoostingClassifier

    from cleaner.linemodel.forest import Forest

    pages = sorted(wcxb_pages(), key=lambda p: p.name)[: args.limit]
    if args.cached_only and args.cache:
        pages = [p for p in pages if (args.cache / f"{page_key(p)}.json").exists()]
    rows, labels, weights, texts, readings, part_of_page, kinds = [], [], [], [], [], [], []
    for number, page in enumerate(pages):
        if number % 100 == 0:
            print(f"{number} pages prepared", file=sys.stderr)
        reading = reading_of(page, args.cache)
        blocks, kind = prepared_blocks(page)
        features = block_features(blocks, reading, kind)
        rows.append(features)
        labels.append(block_labels(blocks, page.gold))
        words = np.array([1 + len(b.text.split()) for b in blocks], dtype=float)
        weights.append(words / words.sum() if len(words) else words)
        texts.append([b.text for b in blocks])
        readings.append(reading)
        part_of_page.append(page.part)
        kinds.append(kind)
    tune = [i for i, part in enumerate(part_of_page) if part == "tune" and len(rows[i])]
    model = HistGradientBoostingClassifier(random_state=SEED, **BOOSTING)
    model.fit(
        np.vstack([rows[i] for i in tune]),
        np.concatenate([labels[i] for i in tune]),
        sample_weight=np.concatenate([weights[i] for i in tune]),
    )
    spec = export(model)
    forest = Forest(spec)
    check = np.vstack([rows[i] for i in tune[:50]])
    assert np.allclose(forest.raw_scores(check), model.decision_function(check), atol=1e-5)
    figures = page_figures(pages, rows, texts, readings, kinds, forest)
    report(figures)
    if args.pages:
        args.pages.write_text("".join(json.dumps(f) + "\n" for f in figures), "utf-8")
    if not args.dry_run:
        MODEL_PATH.write_text(json.dumps({"forest": spec}, separators=(",", ":")) + "\n", "utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}", file=sys.stderr)
    return 0


def page_figures(pages, rows, texts, readings, kinds, forest) -> list[dict]:
    """Each page's word F1 and words for the cleaner's reading and the block reading."""
    figures = []
    for page, features, lines, reading, kind in zip(
        pages, rows, texts, readings, kinds, strict=True
    ):
        kept = ""
        if len(features):
            probability = 1 / (1 + np.exp(-forest.raw_scores(features)))
            kept = "\n".join(t for t, p in zip(lines, probability, strict=True) if p >= CUTOFF)
        figures.append({
            "id": page.name, "part": page.part, "gold_type": page.page_type, "page_type": kind,
            "reading_f1": bag_prf(reading, page.gold)[2], "blocks_f1": bag_prf(kept, page.gold)[2],
            "reading_words": len(reading.split()), "blocks_words": len(kept.split()),
            "page_words": sum(len(t.split()) for t in lines),
        })  # fmt: skip
    return figures


def report(figures: list[dict]) -> None:
    """Word F1 per part and gold page type: the cleaner's reading, the block reading."""
    scores: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for figure in figures:
        pair = (figure["reading_f1"], figure["blocks_f1"])
        for group in (figure["gold_type"], "all types"):
            scores[(figure["part"], group)].append(pair)
    print(f"{'part':<5} {'type':<14} {'pages':>5} {'reading':>8} {'blocks':>8} {'best':>8}")
    for part in ("tune", "held"):
        for group in ("all types", *TYPE_COLUMNS):
            pairs = scores.get((part, group), [])
            if not pairs:
                continue
            reading_f1 = mean([a for a, _ in pairs])
            block_f1 = mean([b for _, b in pairs])
            best = mean([max(a, b) for a, b in pairs])
            print(f"{part:<5} {group:<14} {len(pairs):>5} {reading_f1:8.3f} {block_f1:8.3f} "
                  f"{best:8.3f}")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
