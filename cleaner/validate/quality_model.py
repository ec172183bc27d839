"""The verdict's quality regression: the word F1 of a cleaned page predicted from everything the
verdict read of it, not from the two shares alone.

The raw estimate (``estimates.predicted_f1`` of the junk and lost-story shares, lowered by the
markup's view) ranks pages well but throws away what its parts say on their own: a page whose
line model reads a quarter of the kept words as template but whose findings name none, a text
dump that left out half its prose, a body that misses its headline. ``quality_model.json``
holds a small ensemble of regression trees (gradient-boosted on the absolute error, so each
prediction is a median F1, and monotone in the estimate and the junk shares), trained by
``bench/fit_verdicts.py`` on the tune sites' pages; it reads the ``FEATURES`` of one verdict
(each from the record's basis or the body, so ``cleaner validate`` on a record reproduces it)
and predicts the verdict's ``quality``. The status is not the model's: the raw estimate,
mapped by ``calibration.json`` per page type, is judged against the type's fail line, and the
model's number is kept on the side of the line that estimate is on (``settled_quality``).
Tried as the estimate the calibration maps (the status read from it), the model ranked bad
pages no better and caught fewer of them at the same share of good pages failed; as the
number alone it lowers the error of ``quality`` and leaves every status as it was.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from cleaner.validate.estimates import Estimates

MODEL_FILE = "quality_model.json"
UNKNOWN_VALUE = -1.0
"""A feature the verdict could not read (no input, no markup, no reference): below every share,
so a tree sends it its own way."""
ESTIMATE_FLOOR = 1e-4
"""The raw estimate is kept off 0 and 1 before its log-odds are taken."""
GROUPS = ("article", "collection", "documentation", "forum", "listing", "product", "service",
          "site-rules", "unknown")  # fmt: skip
"""The calibration groups a page can be read with (page types and SITE_RULES), one feature
each."""
FEATURES = (
    "estimate_odds", "junk_share", "lost_share", "junk_findings", "junk_model", "lost_prose",
    "lost_model", "page_lost", "headline_missing", "block_junk", "link_text",
    "reference_precision", "reference_recall", "log_words", "template_share", "kept_share",
    "flagged_share", "unpunctuated_share",
    *(f"group={name}" for name in GROUPS),
)  # fmt: skip
"""What the model reads of a verdict, in order."""
INCREASING = ("estimate_odds",)
DECREASING = ("junk_share", "junk_findings", "junk_model")
"""Features the prediction may only rise with, or only fall with: more junk found never makes
a page better (so the model cannot learn a quirk of the tune sites that says otherwise)."""


@dataclass(frozen=True, slots=True)
class BodyShape:
    """What the body's own shape says of over-keeping: the share of its lines a batch run found
    on its site's other pages, the share of the input's words it kept, the share of its words
    on lines any kept-junk finding names (notes too), and in lines ending on no sentence mark."""

    template_share: float
    kept_share: float | None
    flagged_share: float
    unpunctuated_share: float


def known(value: float | None) -> float:
    return UNKNOWN_VALUE if value is None else float(value)


def quality_features(
    estimate: float,
    found: Estimates,
    markup: tuple[float | None, float | None],
    group: str,
    words: int,
    shape: BodyShape,
) -> list[float]:
    """The FEATURES of one verdict: its raw ``estimate``, its estimates' parts (``found``), the
    markup's block-junk and link-text shares (``markup``), the calibration ``group``, the
    body's ``words`` and its ``shape``."""
    block_junk, link_text = markup
    bounded = min(max(estimate, ESTIMATE_FLOOR), 1.0 - ESTIMATE_FLOOR)
    return [
        math.log(bounded / (1.0 - bounded)), found.junk_share, known(found.lost_share),
        found.junk_findings, found.junk_model, known(found.lost_prose), known(found.lost_model),
        known(found.page_lost), known(found.headline_missing), known(block_junk),
        known(link_text), known(found.reference_precision),
        known(found.reference_recall), math.log1p(words), shape.template_share,
        known(shape.kept_share), shape.flagged_share, shape.unpunctuated_share,
        *(float(group == name) for name in GROUPS),
    ]  # fmt: skip


@dataclass(frozen=True, slots=True)
class Tree:
    """One regression tree, its nodes in arrays: a node splits on ``feature`` at
    ``threshold`` (at or under: ``left``) unless it is a leaf (``left`` is -1), whose
    ``value`` is added to the prediction."""

    feature: tuple[int, ...]
    threshold: tuple[float, ...]
    left: tuple[int, ...]
    right: tuple[int, ...]
    value: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class TreeTable:
    """Every tree's nodes in flat arrays, children as flat indices and a leaf its own child,
    so one prediction walks all the trees together, one level a step: a loop over 600 trees
    in Python cost more than the rest of a text page's verdict."""

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    roots: np.ndarray
    depth: int

    @classmethod
    def of(cls, trees: tuple[Tree, ...]) -> TreeTable:
        feature: list[int] = []
        threshold: list[float] = []
        left: list[int] = []
        right: list[int] = []
        value: list[float] = []
        roots = []
        for tree in trees:
            start = len(feature)
            roots.append(start)
            for node, (lo, hi) in enumerate(zip(tree.left, tree.right, strict=True)):
                leaf = lo < 0
                feature.append(0 if leaf else tree.feature[node])
                threshold.append(0.0 if leaf else tree.threshold[node])
                left.append(start + node if leaf else start + lo)
                right.append(start + node if leaf else start + hi)
                value.append(tree.value[node])
        deepest = max((depth(t) for t in trees), default=0)
        index = np.intp
        return cls(np.array(feature, dtype=index), np.array(threshold),
                   np.array(left, dtype=index), np.array(right, dtype=index), np.array(value),
                   np.array(roots, dtype=index), deepest)  # fmt: skip

    def total(self, row: list[float]) -> float:
        """The sum of every tree's leaf value for ``row``, all trees walked at once."""
        x = np.asarray(row, dtype=float)
        node = self.roots
        for _ in range(self.depth):
            below = x[self.feature[node]] <= self.threshold[node]
            node = np.where(below, self.left[node], self.right[node])
        return float(self.value[node].sum())


def depth(tree: Tree) -> int:
    """The most splits from a tree's root to a leaf."""
    deepest, todo = 0, [(0, 0)]
    while todo:
        node, level = todo.pop()
        if tree.left[node] < 0:
            deepest = max(deepest, level)
        else:
            todo += [(tree.left[node], level + 1), (tree.right[node], level + 1)]
    return deepest


@dataclass(frozen=True, slots=True)
class QualityModel:
    """A base value plus the trees' leaf values, clipped to 0..1, and drawn toward the raw
    estimate (the row's first feature, its log-odds): ``blend`` of the trees' prediction and
    the rest of the estimate."""

    base: float
    trees: tuple[Tree, ...]
    """The trees as written (``bench/fit_verdicts.py`` writes them back)."""
    blend: float
    table: TreeTable
    """The same trees as flat arrays, which ``predict`` walks."""

    def predict(self, row: list[float]) -> float:
        total = self.base + self.table.total(row)
        trees = min(max(total, 0.0), 1.0)
        if self.blend >= 1.0:
            return trees
        estimate = 1.0 / (1.0 + math.exp(-row[0]))
        return self.blend * trees + (1.0 - self.blend) * estimate


QUALITY_STEP = 1e-4
"""A failing page's quality stays this far under its fail line (the record rounds quality to
four decimals, and a fail line is a multiple of 0.005), so the record's quality is under its
line exactly when its status says so."""


def settled_quality(predicted: float, estimated: float, line: float) -> float:
    """The model's ``predicted`` F1, kept on the side of the fail ``line`` that the calibrated
    ``estimated`` quality is on: the status is the estimate's (its fail lines were chosen for
    it: the model ranks bad pages no better), the number the model's (it errs less page by
    page), and a page fails exactly when its quality is under its type's line."""
    if estimated < line:
        return min(predicted, line - QUALITY_STEP)
    return max(predicted, line)


def model_from(spec: dict[str, Any]) -> QualityModel:
    """A model from its JSON form (ValueError when it does not read FEATURES)."""
    if tuple(spec["features"]) != FEATURES:
        raise ValueError(f"{MODEL_FILE} reads other features than this code gives")
    trees = tuple(
        Tree(tuple(t["feature"]), tuple(float(x) for x in t["threshold"]), tuple(t["left"]),
             tuple(t["right"]), tuple(float(x) for x in t["value"]))
        for t in spec["trees"]
    )  # fmt: skip
    return QualityModel(
        float(spec["base"]), trees, float(spec.get("blend", 1.0)), TreeTable.of(trees)
    )


@lru_cache(maxsize=1)
def quality_model() -> QualityModel | None:
    """The shipped model, read once; None when none is shipped (the raw estimate is used)."""
    path = resources.files(__package__).joinpath(MODEL_FILE)
    if not path.is_file():
        return None
    return model_from(json.loads(path.read_text(encoding="utf-8")))
