"""Inference of the line model's boosted tree ensemble, compiled for whole-document batches.

The trees ship as flat node tables (``weights.json``, written by ``bench/train_line_model.py``).
Walking them level by level costs a dozen rounds of NumPy calls per document (the trees are up
to 13 levels deep), so they are compiled once into the bit-vector form of QuickScorer (Lucchese
et al., SIGIR 2015): number each tree's leaves left to right; a split whose test sends a line
right rules out the leaves of its left subtree; the leaf a line reaches is the leftmost leaf no
failed test ruled out. Every split of every tree is then tested for every line at once, the
ruled-out sets are ANDed per tree, and the lowest set bit names the leaf: a fixed handful of
NumPy calls per document, whatever the depth. The tests (``value <= threshold``, so a NaN goes
right), the leaves reached and the order their values are summed in are those of the tree walk,
so the scores are bit-identical to it.
"""

from __future__ import annotations

import numpy as np

LEAF_TABLE_MAX_BITS = 16
"""Leaf sets up to this wide find their lowest leaf in a lookup table (64K entries); wider ones
by the float exponent of their lowest set bit."""
ROWS_PER_BLOCK = 128
"""Lines scored at once: the working arrays hold every split for every line (3,500 splits, so
28 KB a line for the gathered feature values), so a huge single-document text, or a batch of
documents stacked (``cleaner.linemodel.documents_probabilities``), is scored in blocks and the
working arrays stay within the CPU's L2 cache. On 64 stacked seed documents (2,087 rows) blocks
of 128 took 0.10 ms a document against 0.12 for 256 and 0.22 for 512; on 9,776 stacked rows
31 ms against 36 and 42; 64 gained nothing more."""
MASK_TYPES = (np.uint8, np.uint16, np.uint32, np.uint64)
"""Unsigned words a tree's leaf set can be held in, narrowest first (narrow words: less memory
traffic per split and line)."""


class Forest:
    """A boosted tree ensemble, read from flat node arrays and compiled to leaf bit masks.

    Splits are laid out split-major: row ``s * trees + t`` is tree t's s-th split (trees with
    fewer splits are padded with splits that rule nothing out), so the per-tree AND is one
    reduction over the split rows. The shipped heads ask some 1,400 distinct
    questions at their 3,500 splits: each is tested once per line (``test_feature``,
    ``test_threshold``) and read by its splits (``split_test``), which took a third off the
    time of a document.
    """

    def __init__(self, spec: dict) -> None:
        nodes = spec["nodes"]
        self.baseline = float(spec["baseline"])
        self.depth = int(spec["depth"])
        trees = [compile_tree(int(root), nodes) for root in spec["roots"]]
        leaves = max(len(values) for values, _ in trees)
        self.mask_type = next(t for t in MASK_TYPES if np.iinfo(t).bits >= leaves)
        everything = int(np.iinfo(self.mask_type).max)
        width = max(len(splits) for _, splits in trees) or 1
        feature = np.zeros((width, len(trees)), dtype=np.intp)
        threshold = np.full((width, len(trees)), np.inf)
        mask = np.full((width, len(trees)), everything, dtype=self.mask_type)
        values = np.zeros((len(trees), leaves))
        for tree, (leaf_values, splits) in enumerate(trees):
            values[tree, : len(leaf_values)] = leaf_values
            for row, (node, first, count) in enumerate(splits):
                feature[row, tree] = nodes["feature"][node]
                threshold[row, tree] = nodes["threshold"][node]
                mask[row, tree] = everything ^ (((1 << count) - 1) << first)
        self.trees, self.everything = len(trees), self.mask_type(everything)
        # the trees ask the same question (feature, threshold) at many splits: each distinct
        # test is made once per line, and the splits read their answer from it
        tests, self.split_test = np.unique(
            np.stack([feature.ravel().astype(np.float64), threshold.ravel()]),
            axis=1,
            return_inverse=True,
        )
        self.split_test = self.split_test.ravel()
        self.test_feature = tests[0].astype(np.intp)
        self.test_threshold = tests[1].reshape(-1, 1)
        self.split_mask = mask.reshape(-1, 1)
        self.leaf_value = values.ravel()
        self.leaf_offset = (np.arange(len(trees), dtype=np.intp) * leaves).reshape(-1, 1)
        self.lowest_leaf = leaf_table() if leaves <= LEAF_TABLE_MAX_BITS else None

    def raw_scores(self, matrix: np.ndarray) -> np.ndarray:
        """The ensemble's log-odds for each row of ``matrix`` (lines x features)."""
        if matrix.shape[0] <= ROWS_PER_BLOCK:
            return self.block_scores(matrix)
        blocks = range(0, matrix.shape[0], ROWS_PER_BLOCK)
        return np.concatenate([self.block_scores(matrix[i : i + ROWS_PER_BLOCK]) for i in blocks])

    def block_scores(self, matrix: np.ndarray) -> np.ndarray:
        """``raw_scores`` of a block of rows: its working arrays are splits x rows."""
        # tests x lines: taking whole feature rows of the transposed matrix is the fast gather
        passed = matrix.T.take(self.test_feature, axis=0) <= self.test_threshold
        # each test's answer as a leaf set (every leaf where it sends a line left) before the
        # splits read it: the multiplication runs over the tests, not the 2.6x more splits
        left = passed.view(np.uint8) * self.everything
        reachable = left.take(self.split_test, axis=0)  # splits x lines
        reachable |= self.split_mask
        # one reduction over the split rows of every tree, not a Python loop of ANDs
        alive = np.bitwise_and.reduce(reachable.reshape(-1, self.trees, matrix.shape[0]), axis=0)
        leaf = lowest_bit(alive) if self.lowest_leaf is None else self.lowest_leaf[alive]
        reached = self.leaf_value[leaf + self.leaf_offset]
        # summed per line over trees in tree order, as the tree walk sums: the same rounding
        return self.baseline + np.ascontiguousarray(reached.T).sum(axis=1)


def leaf_table() -> np.ndarray:
    """The position of the lowest set bit of every 16-bit word (0 for 0, which never occurs)."""
    words = np.arange(1 << LEAF_TABLE_MAX_BITS, dtype=np.int64)
    table = np.zeros(words.size, dtype=np.intp)
    table[1:] = lowest_bit(words[1:].astype(np.uint64))
    return table


def lowest_bit(words: np.ndarray) -> np.ndarray:
    """The position of the lowest set bit of each (non-zero) unsigned word."""
    words = words.astype(np.uint64)
    lowest = words & (~words + np.uint64(1))
    _, exponent = np.frexp(lowest.astype(np.float64))  # a power of two converts exactly
    return (exponent - 1).astype(np.intp)


def compile_tree(root: int, nodes: dict) -> tuple[list[float], list[tuple[int, int, int]]]:
    """The leaves under ``root`` numbered left to right (their values), and each split with
    the leaves of its left subtree, which a line sent right cannot reach: (node, first leaf,
    how many)."""
    feature, left, right = nodes["feature"], nodes["left"], nodes["right"]
    leaves: list[float] = []
    splits: list[tuple[int, int, int]] = []
    stack: list[tuple[int, bool]] = [(root, False)]
    first_leaf: dict[int, int] = {}  # each node's first leaf: its left subtree runs to the right's
    while stack:  # iterative post-order walk: a deep tree must not hit the recursion limit
        node, done = stack.pop()
        if done:
            start = first_leaf[left[node]]
            splits.append((node, start, first_leaf[right[node]] - start))
            continue
        first_leaf[node] = len(leaves)
        if feature[node] < 0:
            leaves.append(float(nodes["value"][node]))
            continue
        stack += [(node, True), (right[node], False), (left[node], False)]
    return leaves, splits
