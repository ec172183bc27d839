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
package and are read once, and compiled for inference (``forest.py``).

A document's probabilities are remembered on the document (``Scores``, kept as
``Document.line_scores``): the region finder asks again about the lines it kept on the next
pass, the validator about the page the finder read when no rule removed a line of it, and the
repair's generic path about the same input. What a line says on its own is remembered across
documents, within a bound (``features.read_line``): a site's template lines recur page after
page.

Many documents can be scored in one run (``documents_probabilities``, ``prefetch``): their
feature rows are stacked and the trees run once over them all, which spares each document the
trees' fixed cost and keeps the forest's tables in the CPU's caches. A batch run asks this of
every chunk of text documents before cleaning them (``cleaner.pipeline.prefetch_line_scores``).
A row's score depends on its own row only, so a document's scores are the same floats alone
or in a batch.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Literal, TypeAlias

import numpy as np

from cleaner.linemodel.features import FEATURE_NAMES, LineTest, document_features
from cleaner.linemodel.forest import Forest

__all__ = [
    "SURE_STORY_JUNK_MAX",
    "Context",
    "Forest",
    "Scores",
    "document_probabilities",
    "documents_probabilities",
    "junk_probabilities",
    "line_model_version",
    "load_model",
    "prefetch",
]

WEIGHTS_FILE = "weights.json"
Context = Literal["cleaned", "dump"]
SURE_STORY_JUNK_MAX = 0.05
"""A line the model gives less than this probability of junk is surely story, even where a
batch learned it as a site's template line (a site's standard sign-off sentence can be part of
every story): clean prose gets about 0.1, so this is well inside the story side."""
Scores: TypeAlias = dict[tuple[tuple[str, ...], Context, LineTest | None], tuple[float, ...]]
"""One document's probabilities, by the lines scored (non-blank, in order), the head and the
junk library's test: the same key always gives the same scores, so documents made from the
same input may share one."""


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


def junk_probabilities(
    lines: Sequence[str],
    context: Context = "cleaned",
    library: LineTest | None = None,
    memo: Scores | None = None,
) -> list[float]:
    """For the non-blank lines of one document, in order: the probability each is not body.

    ``context`` says what the text is: "cleaned" (a cleaner's output, mostly body: which line
    is a stray?) or "dump" (all the text of a page: where is the story?). Each has its own
    head, trained on that kind of text. ``library`` says whether the validator's junk library
    names a line: the "cleaned" head was trained with that answer (``features.py``), so the
    validator passes it for a cleaned text; without it the answer reads as no. A blank line
    (which callers should not pass) gets 1.0 and does not count as a neighbour. ``memo``: the
    document's ``Scores``, which answer a list of lines scored before.
    """
    key = scores_key(lines, context, library)
    texts = key[0]
    if not texts:
        return [1.0] * len(lines)
    found = memo.get(key) if memo is not None else None
    if found is None:
        found = document_probabilities(texts, context, library)
        if memo is not None:
            memo[key] = found
    if len(texts) == len(lines):  # no blank line (the usual call): the scores as they are
        return list(found)
    probabilities = iter(found)
    return [next(probabilities) if line.strip() else 1.0 for line in lines]


def scores_key(
    lines: Sequence[str], context: Context, library: LineTest | None
) -> tuple[tuple[str, ...], Context, LineTest | None]:
    """The ``Scores`` key of a list of lines: its non-blank lines, the head, the library."""
    return tuple(filter(str.strip, lines)), context, library  # C-level: a memo hit costs this


def document_probabilities(
    texts: tuple[str, ...], context: Context, library: LineTest | None = None
) -> tuple[float, ...]:
    """The probabilities of a document's non-blank lines."""
    return documents_probabilities([texts], context, library)[0]


def documents_probabilities(
    documents: Sequence[tuple[str, ...]], context: Context, library: LineTest | None = None
) -> list[tuple[float, ...]]:
    """``document_probabilities`` of each of ``documents`` (each its non-blank lines), from one
    run of the trees over all their rows stacked. Each row is scored on its own (the forest's
    blocks and the sigmoid are element by element), so the floats are those of one document
    at a time."""
    heads, _ = load_model()
    matrices = [document_features(list(texts), library) for texts in documents]
    stacked = matrices[0] if len(matrices) == 1 else np.concatenate(matrices)
    raw = heads[context].raw_scores(stacked)
    probabilities = (1.0 / (1.0 + np.exp(-raw))).tolist()
    found, start = [], 0
    for texts in documents:
        found.append(tuple(probabilities[start : start + len(texts)]))
        start += len(texts)
    return found


def prefetch(
    documents: Sequence[tuple[Scores, Sequence[str]]],
    context: Context,
    library: LineTest | None = None,
) -> None:
    """Score each (memo, lines) pair's lines in one run for all (``documents_probabilities``)
    and remember the scores in its memo, where ``junk_probabilities`` finds them; a list its
    memo already holds, or with no line to score, is left out."""
    asked = []
    for memo, lines in documents:
        key = scores_key(lines, context, library)
        if key[0] and key not in memo:
            asked.append((memo, key))
    if not asked:
        return
    found = documents_probabilities([key[0] for _, key in asked], context, library)
    for (memo, key), scores in zip(asked, found, strict=True):
        memo[key] = scores
