"""Train the line model (``cleaner/linemodel``) on labelled lines of crude dumps; write its weights.

    pip install -e '.[train]'
    python bench/train_line_model.py              # train on the tune sites, report held-apart
    python bench/train_line_model.py --limit 200  # a quick run on the first pages of each corpus
    python bench/train_line_model.py --dry-run    # train and report, leave the weights alone
    python bench/train_line_model.py --tune-half 0 --out half0.json  # cross-fitting
    python bench/train_line_model.py --heads dump  # the finder's head only; "cleaned" as shipped

Pages: big9 and wcxb-dev, whose gold gives every page's whole body. Each page becomes a crude
dump exactly as ``bench/generic_dumps.py`` makes it (``bench/pages.py``), and each non-blank
dump line is labelled from the gold (``label_lines``): the dump's word stream is aligned to the
gold's with difflib (in order, so a teaser that repeats a story sentence out of place stays
junk), and a line is body when at least ``BODY_SHARE`` of its words fall in aligned runs.
big9's gold opens with the headline, which the cleaner keeps as the title, not as body.

Each page also yields a "cleaned" document: its body lines with a few of its own junk lines put
back (``cleaned_variant``), the text the validator reads. Two heads are trained on the same
features (``HEADS``): "dump" on the dumps, for the body-region finder, and "cleaned" on the
cleaned documents, for the validator's question of which line of an otherwise clean body is
a stray.

Training sees only pages of the "tune" sites (``bench/splits.py``); the report gives line-level
precision/recall/AUC for junk and the document word F1 of keeping the lines under the cut-off,
on tune and held-apart sites, per corpus and (wcxb-dev) per page type. Deterministic: sorted
inputs, fixed seeds, one thread. Needs scikit-learn (the ``train`` extra); the cleaner itself
reads the weights with NumPy only.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one thread: deterministic sums, a shared machine

import argparse
import difflib
import hashlib
import json
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pages import DATA, Page, corpus_pages  # noqa: E402
from splits import tune_half  # noqa: E402

from cleaner.linemodel import WEIGHTS_FILE  # noqa: E402
from cleaner.linemodel.features import FEATURE_NAMES, document_features  # noqa: E402
from cleaner.validate.residual import junk_named  # noqa: E402

WEIGHTS_PATH = ROOT / "cleaner" / "linemodel" / WEIGHTS_FILE
TOKEN = regex.compile(r"\w+")
"""Words as the WCXB scorer counts them (lower-cased ``\\w+``)."""
BODY_SHARE = 0.5
"""A line is body when at least this share of its words align with the gold, in order."""
MIN_RUN = 3
"""Aligned runs shorter than this many words are chance (a lone "the" or "said") unless the run
covers the whole line (a one-word sub-heading found where the gold has it)."""
TRAIN_CORPORA = ("big9", "wcxb-dev", "trafilatura-eval")
"""trafilatura-eval has no full gold: its pages teach the dump head through their snippets."""
HEADS = {"dump": ("dump", "trimmed"), "cleaned": ("cleaned",)}
"""The model's heads and the documents each learns from. Same features, one model per kind of
text: "dump" (all page text, for the body-region finder) learns from crude dumps whole and
trimmed, "cleaned" (a cleaner's output, for the validator) from body lines with some junk put
back. One model for both did worse at both (held-apart line AUC on big9 dumps 0.984 against
0.989, on the cleaned documents 0.68 against 0.93)."""
SEED = 20261130
JUNK_PUT_BACK = (0, 1, 1, 2, 3)
"""How many junk lines a cleaned variant gets back (drawn from these): mostly a few, sometimes
none, as in the validator's real input."""
TRIM_MARGINS = (0, 0, 1, 2, 3, 5, 8)
"""Lines of chrome left on each side of a trimmed dump (drawn from these)."""
JUNK_CUTOFF = 0.5
"""The probability above which a line counts as junk in the report's line and word figures."""
BOOSTING = {
    "max_iter": 250,
    "learning_rate": 0.1,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "early_stopping": False,
}
"""Small trees, enough of them to fit the features' interactions; the weights file stays
well under a megabyte and inference is a few dozen array operations per document. Smaller trees
with larger leaves for the dump head (8 leaves of at least 200 lines) close the gap between
tune and held-apart sites at the line level (trafilatura-eval's held-apart line AUC 0.879 to
0.899) but not in the cleaned dumps (``bench/generic_dumps.py``, held apart: big9 0.9548 to
0.9527, trafilatura-eval 0.8687 to 0.8674, wcxb-dev articles 0.9211 both): not taken."""


# --- labels ----------------------------------------------------------------------------------


def words(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def label_lines(lines: list[str], gold: str) -> list[bool]:
    """True for each line of ``lines`` that is body according to ``gold`` (see module doc)."""
    gold_words = words(gold)
    owner: list[int] = []
    dump_words: list[str] = []
    for index, line in enumerate(lines):
        found = words(line)
        dump_words += found
        owner += [index] * len(found)
    matcher = difflib.SequenceMatcher(None, gold_words, dump_words, autojunk=False)
    aligned = Counter()
    sizes = Counter(owner)
    for block in matcher.get_matching_blocks():
        span = owner[block.b : block.b + block.size]
        if block.size < MIN_RUN and not all(sizes[i] == span.count(i) for i in set(span)):
            continue
        aligned.update(span)
    return [bool(sizes[i]) and aligned[i] >= BODY_SHARE * sizes[i] for i in range(len(lines))]


@dataclass
class Example:
    page: Page
    lines: list[str]
    labels: list[bool]
    variant: str
    """"dump" (a crude dump), "trimmed" (a dump with most chrome cut) or "cleaned" (body
    lines with some junk put back)."""
    known: list[bool] | None = None
    """Which labels are known, where only some are (trafilatura-eval's snippets); None: all."""

    def known_mask(self) -> np.ndarray:
        return np.ones(len(self.lines), bool) if self.known is None else np.array(self.known)


def dump_example(page: Page) -> Example | None:
    lines = [line.strip() for line in page.dump.splitlines() if line.strip()]
    if not lines:
        return None
    if page.gold:
        return Example(page, lines, label_lines(lines, page.gold), "dump")
    return snippet_example(page, lines)


def snippet_example(page: Page, lines: list[str]) -> Example | None:
    """Labels from snippets only: a line holding a ``with`` snippet is body, one holding a
    ``without`` snippet junk; every other line is context, not a training target."""
    squashed = [" ".join(line.split()) for line in lines]
    labels, known = [False] * len(lines), [False] * len(lines)
    for snippets, is_body in ((page.without_snippets, False), (page.with_snippets, True)):
        for snippet in snippets:
            wanted = " ".join(snippet.split())
            for index, line in enumerate(squashed):
                if wanted and wanted in line:
                    labels[index], known[index] = is_body, True
    if not any(known):
        return None
    return Example(page, lines, labels, "dump", known)


def cleaned_variant(example: Example, rng: random.Random) -> Example | None:
    """The page's body lines with a few of its junk lines put back at random places."""
    pairs = list(zip(example.lines, example.labels, strict=True))
    body = [line for line, is_body in pairs if is_body]
    junk = [line for line, is_body in pairs if not is_body]
    if not body:
        return None
    lines, labels = list(body), [True] * len(body)
    for line in rng.sample(junk, min(rng.choice(JUNK_PUT_BACK), len(junk))):
        at = rng.randrange(len(lines) + 1)
        lines.insert(at, line)
        labels.insert(at, False)
    return Example(example.page, lines, labels, "cleaned")


# --- data ------------------------------------------------------------------------------------


def examples(limit: int | None) -> list[Example]:
    found = []
    for corpus in TRAIN_CORPORA:
        pages = corpus_pages(corpus, limit)
        print(f"{corpus}: {len(pages)} pages", file=sys.stderr)
        for page in pages:
            example = dump_example(page)
            if example is not None:
                found.append(example)
    return found


def trimmed_variant(example: Example, rng: random.Random) -> Example | None:
    """The dump with most of its chrome already cut: from a few lines before the first body
    line to a few after the last, as the dump head sees it after rules and an earlier pass of
    the region finder (and as it sees a cleaned text, margins 0, when cleaning it again)."""
    body_at = [i for i, is_body in enumerate(example.labels) if is_body]
    if not body_at:
        return None
    start = max(body_at[0] - rng.choice(TRIM_MARGINS), 0)
    end = body_at[-1] + 1 + rng.choice(TRIM_MARGINS)
    return Example(example.page, example.lines[start:end], example.labels[start:end], "trimmed")


def with_variants(dumps: list[Example]) -> list[Example]:
    rng = random.Random(SEED)
    variants = []
    for example in dumps:
        if example.known is None:
            variants += [cleaned_variant(example, rng), trimmed_variant(example, rng)]
    return dumps + [v for v in variants if v is not None]


def matrix(
    batch: list[Example], features: list[np.ndarray]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, junk labels and sample weights: each document weighs the same in total
    (a 2,000-line forum page must not outvote twenty articles), at least one line's worth."""
    labels = [~np.array(example.labels) for example in batch]
    weights = [e.known_mask() / np.sqrt(len(e.lines)) for e in batch]
    return np.vstack(features), np.concatenate(labels).astype(int), np.concatenate(weights)


# --- export ----------------------------------------------------------------------------------


def export(model: object) -> dict:
    """A fitted HistGradientBoostingClassifier's trees as flat node arrays, the form
    ``cleaner.linemodel.Forest`` reads."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    for (predictor,) in model._predictors:
        nodes = predictor.nodes
        offset = len(feature)
        roots.append(offset)
        depth = max(depth, int(nodes["depth"].max()))
        for node in nodes:
            leaf = bool(node["is_leaf"])
            feature.append(-1 if leaf else int(node["feature_idx"]))
            threshold.append(0.0 if leaf else float(node["num_threshold"]))
            left.append(0 if leaf else offset + int(node["left"]))
            right.append(0 if leaf else offset + int(node["right"]))
            value.append(round(float(node["value"]), 8) if leaf else 0.0)
    return {
        "baseline": float(np.ravel(model._baseline_prediction)[0]),
        "depth": depth,
        "roots": roots,
        "nodes": {
            "feature": feature,
            "threshold": threshold,
            "left": left,
            "right": right,
            "value": value,
        },
    }


# --- report ----------------------------------------------------------------------------------


def auc(scores: np.ndarray, labels: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(labels, scores)) if 0 < labels.sum() < labels.size else float("nan")


def word_f1(kept: list[str], gold: str) -> float:
    got, want = Counter(words(" ".join(kept))), Counter(words(gold))
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


def kept_lines(example: Example, probabilities: np.ndarray) -> list[str]:
    pairs = zip(example.lines, probabilities, strict=True)
    return [line for line, p in pairs if p <= JUNK_CUTOFF]


def report(batch: list[Example], probabilities: list[np.ndarray], title: str) -> None:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, example in enumerate(batch):
        page = example.page
        groups[f"{page.corpus} {example.variant} {page.part}"].append(i)
        if page.corpus == "wcxb-dev" and example.variant == "dump":
            groups[f"  wcxb-dev dump {page.part} {page.page_type}"].append(i)
    print(f"\n{title}")
    print("| group | docs | lines | junk share | P(junk) | R(junk) | AUC | word F1 (p<0.5) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name in sorted(groups, key=lambda g: (g.startswith(" "), g)):
        members = groups[name]
        known = [batch[i].known_mask() for i in members]
        pairs = list(zip(members, known, strict=True))
        labels = np.concatenate([~np.array(batch[i].labels)[k] for i, k in pairs])
        scores = np.concatenate([probabilities[i][k] for i, k in pairs])
        flagged = scores > JUNK_CUTOFF
        tp = int((flagged & labels).sum())
        precision = tp / flagged.sum() if flagged.sum() else 0.0
        recall = tp / labels.sum() if labels.sum() else 0.0
        f1s = [word_f1(kept_lines(batch[i], probabilities[i]), batch[i].page.gold)
               for i in members if batch[i].page.gold] or [float("nan")]  # fmt: skip
        print(
            f"| {name} | {len(members)} | {labels.size} | {labels.mean():.3f} | {precision:.3f} "
            f"| {recall:.3f} | {auc(scores, labels):.3f} | {np.mean(f1s):.3f} |"
        )


def train_head(
    head: str, everything: list[Example], features: list[np.ndarray], half: int | None = None
) -> dict:
    """Fit one head on its tune documents (of one ``tune_half`` if given), check the export,
    report both parts."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from cleaner.linemodel import Forest

    chosen = [i for i, e in enumerate(everything) if e.variant in HEADS[head]]
    tune = [
        i
        for i in chosen
        if everything[i].page.part == "tune"
        and (half is None or tune_half(everything[i].page.site) == half)
    ]
    matrix_, labels, weights = matrix([everything[i] for i in tune], [features[i] for i in tune])
    print(f"{head}: training on {len(tune)} documents, {labels.size} lines", file=sys.stderr)
    model = HistGradientBoostingClassifier(random_state=SEED, **BOOSTING)
    model.fit(matrix_, labels, sample_weight=weights)
    spec = export(model)
    forest = Forest(spec)
    check = matrix_[: min(5000, len(matrix_))]
    assert np.allclose(forest.raw_scores(check), model.decision_function(check), atol=1e-5)
    for part, title in (("tune", "tune sites (trained on)"), ("held", "held-apart sites")):
        members = [i for i in chosen if everything[i].page.part == part]
        raw = [forest.raw_scores(features[i]) for i in members]
        probabilities = [1 / (1 + np.exp(-r)) for r in raw]
        report([everything[i] for i in members], probabilities, f"{head} head, {title}")
    return spec


def shipped_heads() -> dict[str, dict]:
    """The heads of the shipped weights, for those a run does not train (``--heads``): the
    validator's "cleaned" head stays as it was when only the finder's "dump" head changes.
    (Trained again at this commit, the dump head comes out the same as the shipped one, node
    for node; the cleaned head does not, so a run for the finder alone passes ``--heads
    dump``.)"""
    return json.loads(WEIGHTS_PATH.read_text(encoding="utf-8"))["heads"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="pages per corpus (default: all)")
    parser.add_argument("--dry-run", action="store_true", help="do not write the weights file")
    parser.add_argument(
        "--tune-half", type=int, choices=(0, 1), help="train on this half of the tune sites only"
    )
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH, help="the weights file")
    parser.add_argument(
        "--heads",
        nargs="+",
        choices=tuple(HEADS),
        default=tuple(HEADS),
        help="train these heads only; the others are copied from the shipped weights",
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: no development data at {DATA}")
        return 0
    everything = with_variants(examples(args.limit))
    features = [  # a cleaned text's reader has the junk library (the validator), a dump's not
        document_features(e.lines, junk_named if e.variant == "cleaned" else None)
        for e in everything
    ]
    heads = shipped_heads()
    heads.update({h: train_head(h, everything, features, args.tune_half) for h in args.heads})
    body = json.dumps(heads, sort_keys=True)
    version = f"gbt-{hashlib.sha256(body.encode()).hexdigest()[:12]}"
    out = {"version": version, "features": list(FEATURE_NAMES), "heads": heads}
    print(f"\nweights {version}")
    if not args.dry_run:
        args.out.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out} ({version}, {args.out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
