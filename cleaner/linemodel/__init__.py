"""The learned line model: how likely each line of a document is not story body.

One model serves two readers: the generic pass's body-region finder (``cleaner/generic/region.py``),
which turns the probabilities into line scores on crude text dumps of sites nobody wrote rules
for, and the validator, which asks it for a second opinion on a cleaned text.

The model is a small gradient-boosted tree ensemble over engineered features of a line, its
neighbours and its document (``features.py``), with one head per kind of text: "dump" (all the
text of a page, for the region finder) and "cleaned" (a cleaner's output, for the validator).
It was trained by ``bench/train_line_model.py`` on lines of crude dumps of the development
pages labelled from their gold text, and on those pages' body lines with a few junk lines put
back, on the "tune" part of the sites only; its trees ship as ``weights.json`` inside the
package and are read once. Inference is NumPy: every tree is walked for every line at once.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Literal

import numpy as np

from cleaner.linemodel.features import FEATURE_NAMES, document_features

WEIGHTS_FILE = "weights.json"
Context = Literal["cleaned", "dump"]


class Forest:
    """A boosted tree ensemble as flat arrays (one node table for all trees)."""

    def __init__(self, spec: dict) -> None:
        nodes = spec["nodes"]
        self.feature = np.asarray(nodes["feature"], dtype=np.int64)
        self.threshold = np.asarray(nodes["threshold"], dtype=np.float64)
        self.left = np.asarray(nodes["left"], dtype=np.int64)
        self.right = np.asarray(nodes["right"], dtype=np.int64)
        self.value = np.asarray(nodes["value"], dtype=np.float64)
        self.roots = np.asarray(spec["roots"], dtype=np.int64)
        self.depth = int(spec["depth"])
        self.baseline = float(spec["baseline"])
        self.is_leaf = self.feature < 0

    def raw_scores(self, matrix: np.ndarray) -> np.ndarray:
        """The ensemble's log-odds for each row of ``matrix`` (lines x features)."""
        rows = np.arange(matrix.shape[0])[:, None]
        node = np.broadcast_to(self.roots, (matrix.shape[0], self.roots.size)).copy()
        for _ in range(self.depth):
            feature = np.where(self.is_leaf[node], 0, self.feature[node])
            goes_left = matrix[rows, feature] <= self.threshold[node]
            step = np.where(goes_left, self.left[node], self.right[node])
            node = np.where(self.is_leaf[node], node, step)
        return self.baseline + self.value[node].sum(axis=1)


@lru_cache(maxsize=1)
def load_model() -> tuple[dict[str, Forest], str]:
    """The shipped heads (one forest per ``Context``) and their version, read once."""
    text = resources.files(__package__).joinpath(WEIGHTS_FILE).read_text(encoding="utf-8")
    spec = json.loads(text)
    if spec["features"] != list(FEATURE_NAMES):
        raise RuntimeError(f"{WEIGHTS_FILE} was trained on other features; retrain the model")
    return {name: Forest(head) for name, head in spec["heads"].items()}, spec["version"]


def line_model_version() -> str:
    """Which trained weights are in use (a short hash of the trees)."""
    return load_model()[1]


def junk_probabilities(lines: Sequence[str], context: Context = "cleaned") -> list[float]:
    """For the non-blank lines of one document, in order: the probability each is not body.

    ``context`` says what the text is: "cleaned" (a cleaner's output, mostly body: which line
    is a stray?) or "dump" (all the text of a page: where is the story?). Each has its own
    head, trained on that kind of text. A blank line (which callers should not pass) gets 1.0
    and does not count as a neighbour.
    """
    heads, _ = load_model()
    texts = [line for line in lines if line.strip()]
    if not texts:
        return [1.0] * len(lines)
    raw = heads[context].raw_scores(document_features(texts))
    probabilities = iter((1.0 / (1.0 + np.exp(-raw))).tolist())
    return [next(probabilities) if line.strip() else 1.0 for line in lines]
