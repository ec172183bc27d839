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

Training sees only the tune sites (``bench/splits.py``), each page type weighing alike. Which
predicted page types take the block reading, and at what cutoff, is chosen on the tune sites
scored out of fold (a model trained on one half of the tune sites, ``tune_half``, scores the
other half, and the other way round), and so is, on the types that keep their reading, the
cutoff and words ratio at which the block reading replaces it when it holds that many times
its words (``wider_readings``: a listing read as an article, its one teaser kept). Forum
threads read post by post (``cleaner.html.threads``) never take the block reading, and
take no part in these choices. The shipped model is then trained on all tune sites and
written with those cutoffs. The report gives, per part and gold page type, the word F1 of the
cleaner's reading, of the block reading at even odds on every page, of the two switched as
shipped, and of the better of the two page by page (tune rows out of fold). Deterministic:
sorted inputs, fixed seed, one thread. Needs scikit-learn (the ``train`` extra); the cleaner
reads the model with NumPy only (the line model's ``Forest``).
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread: deterministic sums, a shared machine

import argparse
import hashlib
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import numpy as np
import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from quality import bag_prf, mean, wcxb_pages  # noqa: E402
from splits import tune_half  # noqa: E402
from train_line_model import export  # noqa: E402

from cleaner.html.blocks import (  # noqa: E402
    MODEL_PATH,
    TYPE_COLUMNS,
    Block,
    TypeRule,
    block_features,
    is_story_reading,
    page_blocks,
    ruled_reading,
)
from cleaner.linemodel.forest import Forest  # noqa: E402

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
"""The block reading everywhere (the report's column) keeps blocks at even odds."""
CUTOFFS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
"""Cutoffs tried per predicted page type."""
MIN_GAIN = 0.005
"""A page type takes the block reading when it wins at least half a point of word F1 on the
tune sites (out of fold): smaller gains were noise between the two halves."""


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


def prepared_blocks(page, reading: str) -> tuple[list[Block], str | None, bool, bool]:
    """The page's blocks after the cleaner's generic preparation, its page type, whether
    it is a forum thread read post by post (the cleaner does not reread those by blocks),
    and whether its reading is a story (``is_story_reading``: it stands on every type)."""
    from cleaner.html.decode import decode_html
    from cleaner.html.extract import prepared_tree
    from cleaner.html.parse import parse_html
    from cleaner.html.threads import find_thread
    from cleaner.pipeline import default_rulebook
    from cleaner.rulebook.load import Rulebook

    rulebook = Rulebook(list(default_rulebook().generic))
    html = decode_html(page.data)
    tree, kind = prepared_tree(html, rulebook)
    posts = find_thread(parse_html(html, [])) is not None
    return page_blocks(tree), kind, posts, is_story_reading(tree, reading)


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
    pages = sorted(wcxb_pages(), key=lambda p: p.name)[: args.limit]
    if args.cached_only and args.cache:
        pages = [p for p in pages if (args.cache / f"{page_key(p)}.json").exists()]
    data = [page_data(page, number, args.cache) for number, page in enumerate(pages)]
    tune = [d for d in data if d.page.part == "tune" and len(d.rows)]
    for half in (0, 1):  # out-of-fold probabilities on the tune sites, to choose thresholds
        fitted = [d for d in tune if tune_half(d.page.site) != half]
        forest = fit(fitted)[1]
        for d in tune:
            if tune_half(d.page.site) == half:
                d.probability = probabilities(forest, d.rows)
    thresholds = choose_thresholds(tune)
    wider = choose_wider(tune, thresholds)
    spec, forest = fit(tune)
    for d in data:
        if d.page.part == "held" or not len(d.rows):
            d.probability = probabilities(forest, d.rows)
    figures = [page_figures(d, thresholds, wider) for d in data]
    print("thresholds by predicted page type (cross-fitted on the tune sites):", thresholds)
    print("wider readings by predicted page type (cutoff, words ratio):", wider)
    report(figures)
    if args.pages:
        args.pages.write_text("".join(json.dumps(f) + "\n" for f in figures), "utf-8")
    if not args.dry_run:
        model = {"forest": spec, "thresholds": thresholds, "wider": wider}
        MODEL_PATH.write_text(json.dumps(model, separators=(",", ":")) + "\n", "utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)}", file=sys.stderr)
    return 0


@dataclass
class PageData:
    """One page's blocks, their features and labels, the cleaner's reading and page type."""

    page: object
    rows: np.ndarray
    labels: np.ndarray
    texts: list[str]
    reading: str
    kind: str | None
    posts: bool
    story: bool
    probability: np.ndarray = field(default_factory=lambda: np.zeros(0))


def page_data(page, number: int, cache: Path | None) -> PageData:
    if number % 100 == 0:
        print(f"{number} pages prepared", file=sys.stderr)
    reading = reading_of(page, cache)
    blocks, kind, posts, story = prepared_blocks(page, reading)
    rows = block_features(blocks, reading, kind)
    labels = block_labels(blocks, page.gold)
    texts = [b.text for b in blocks]
    return PageData(page, rows, labels, texts, reading, kind, posts, story)


def fit(data: list[PageData]) -> tuple[dict, Forest]:
    """Boosted trees on the pages' blocks; each page weighs its type's share (the types
    weigh alike, so articles, half the pages, do not teach that posts are comments), spread
    over its blocks by their words. The tree export is checked against the fitted model."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    pages_of_type = Counter(d.page.page_type for d in data)
    weights = []
    for d in data:
        words = np.array([1 + len(t.split()) for t in d.texts], dtype=float)
        weights.append(words / words.sum() / pages_of_type[d.page.page_type])
    model = HistGradientBoostingClassifier(random_state=SEED, **BOOSTING)
    features = np.vstack([d.rows for d in data])
    model.fit(features, np.concatenate([d.labels for d in data]), np.concatenate(weights))
    spec = export(model)
    forest = Forest(spec)
    check = features[:2000]
    assert np.allclose(forest.raw_scores(check), model.decision_function(check), atol=1e-5)
    return spec, forest


def probabilities(forest: Forest, rows: np.ndarray) -> np.ndarray:
    if not len(rows):
        return np.zeros(0)
    return 1 / (1 + np.exp(-forest.raw_scores(rows)))


def kept_text(d: PageData, threshold: float) -> str:
    return "\n".join(t for t, p in zip(d.texts, d.probability, strict=True) if p >= threshold)


def ruled_text(d: PageData, rule: TypeRule) -> str:
    """What the cleaner reads on the page under ``rule`` (``ruled_reading``, the cleaner's own
    choice: the story test included)."""
    return ruled_reading(d.reading, rule, partial(kept_text, d), lambda: d.story)


def switched_text(d: PageData, threshold: float) -> str:
    """What the cleaner reads on a page of a switched type (``block_thresholds``)."""
    return ruled_text(d, TypeRule(threshold))


def choose_thresholds(tune: list[PageData]) -> dict[str, float]:
    """Per predicted page type, the cutoff whose block reading beats the cleaner's reading most
    on the tune sites' out-of-fold scores; a type where none beats it by ``MIN_GAIN`` keeps
    the reading (it is left out)."""
    chosen = {}
    for kind in TYPE_COLUMNS:
        group = [d for d in tune if d.kind == kind and not d.posts]
        if not group:
            continue
        base = mean([bag_prf(d.reading, d.page.gold)[2] for d in group])
        gains = {}
        for cutoff in CUTOFFS:
            f1 = mean([bag_prf(switched_text(d, cutoff), d.page.gold)[2] for d in group])
            gains[cutoff] = f1 - base
        best = max(CUTOFFS, key=lambda c: (gains[c], -abs(c - 0.5)))
        if gains[best] >= MIN_GAIN:
            chosen[kind] = best
    return chosen


WIDER_RATIOS = (1.5, 2.0, 3.0, 4.0, 5.0)
"""How many times the reading's words the block reading must keep to replace it, tried on
the page types that keep their reading (``wider_text``)."""


def wider_text(d: PageData, cutoff: float, ratio: float) -> str:
    """The block reading when it keeps ``ratio`` times the reading's words, else the reading
    (``wider_readings``)."""
    return ruled_text(d, TypeRule(cutoff, ratio))


def choose_wider(tune: list[PageData], thresholds: dict[str, float]) -> dict[str, list[float]]:
    """Per predicted page type that keeps its reading, the cutoff and words ratio at which
    the block reading, taken only when it keeps that many times the reading's words (the
    reading held one teaser of a listing), gains most on the tune sites' out-of-fold scores."""
    chosen = {}
    for kind in TYPE_COLUMNS:
        group = [d for d in tune if d.kind == kind and not d.posts]
        if not group or kind in thresholds:
            continue
        base = mean([bag_prf(d.reading, d.page.gold)[2] for d in group])
        gains = {}
        for cutoff in CUTOFFS:
            for ratio in WIDER_RATIOS:
                texts = [wider_text(d, cutoff, ratio) for d in group]
                f1 = mean([bag_prf(t, d.page.gold)[2] for t, d in zip(texts, group, strict=True)])
                gains[(cutoff, ratio)] = f1 - base
        best = max(gains, key=lambda k: (gains[k], k[1]))
        if gains[best] >= MIN_GAIN:
            chosen[kind] = list(best)
    return chosen


def page_figures(d: PageData, thresholds: dict[str, float], wider: dict[str, list[float]]) -> dict:
    """A page's word F1 and words: the cleaner's reading, the block reading at even odds, and
    the two switched by predicted page type as shipped."""
    kept = kept_text(d, CUTOFF)
    switched = d.reading
    if d.kind in thresholds and not d.posts:
        switched = switched_text(d, thresholds[d.kind])
    elif d.kind in wider and not d.posts:
        switched = wider_text(d, *wider[d.kind])
    gold = d.page.gold
    return {
        "id": d.page.name, "part": d.page.part, "gold_type": d.page.page_type,
        "page_type": d.kind, "reading_f1": bag_prf(d.reading, gold)[2],
        "blocks_f1": bag_prf(kept, gold)[2], "switched_f1": bag_prf(switched, gold)[2],
        "reading_words": len(d.reading.split()), "blocks_words": len(kept.split()),
        "page_words": sum(len(t.split()) for t in d.texts),
    }  # fmt: skip


def report(figures: list[dict]) -> None:
    """Word F1 per part and gold page type: the cleaner's reading, the block reading, the two
    switched by predicted type, and the best of the two page by page."""
    scores: dict[tuple[str, str], list[tuple[float, float, float]]] = defaultdict(list)
    for figure in figures:
        triple = (figure["reading_f1"], figure["blocks_f1"], figure["switched_f1"])
        for group in (figure["gold_type"], "all types"):
            scores[(figure["part"], group)].append(triple)
    print("| part | type | pages | chosen reading | blocks everywhere | switched | best of two |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for part in ("tune", "held"):
        for group in ("all types", *TYPE_COLUMNS):
            triples = scores.get((part, group), [])
            if not triples:
                continue
            columns = [mean([t[k] for t in triples]) for k in range(3)]
            best = mean([max(t[0], t[1]) for t in triples])
            print(f"| {part} | {group} | {len(triples)} | "
                  + " | ".join(f"{c:.3f}" for c in (*columns, best)) + " |")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
