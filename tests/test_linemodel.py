"""The learned line model: its public API, the shipped weights, and what it says of plain cases."""

from __future__ import annotations

import json
from importlib import resources

import numpy as np

from cleaner.linemodel import (
    WEIGHTS_FILE,
    Forest,
    junk_probabilities,
    line_model_version,
)
from cleaner.linemodel.features import FEATURE_NAMES, document_features
from cleaner.linemodel.forest import ROWS_PER_BLOCK
from cleaner.validate.residual import junk_named

WEIGHTS_MAX_BYTES = 1_000_000
STORY = [
    "The council voted on Tuesday to raise the minimum age for buying cigarettes from 18 to 21, "
    "making the city by far the most populous place in the country with such a limit.",
    "Critics of the measure have argued that young people may simply turn to the black market, "
    "and shop owners said they had not been consulted before the vote was held.",
    "The mayor, who supported the bill, has 30 days to sign it into law, and the measure would "
    "then come into effect after another six months.",
]
MENU = ["Home", "World", "Business", "Sport", "Weather", "Video"]
FOOTER = ["Share on Facebook", "Share on Twitter", "© 2024 Example Media. All rights reserved."]


def test_one_probability_per_line_in_order() -> None:
    lines = MENU + STORY + FOOTER
    probabilities = junk_probabilities(lines)
    assert len(probabilities) == len(lines)
    assert all(0.0 <= p <= 1.0 for p in probabilities)


def test_in_a_dump_menus_and_footers_are_junk_and_paragraphs_body() -> None:
    probabilities = junk_probabilities(MENU + STORY + FOOTER, "dump")
    story = probabilities[len(MENU) : len(MENU) + len(STORY)]
    chrome = probabilities[: len(MENU)] + probabilities[len(MENU) + len(STORY) :]
    assert max(story) < 0.5 < min(chrome)


def test_in_a_cleaned_text_a_stray_widget_line_is_junk() -> None:
    lines = [STORY[0], "Share on Facebook", STORY[1], "Advertisement", STORY[2]]
    probabilities = junk_probabilities(lines, "cleaned", junk_named)  # as the validator asks
    assert max(probabilities[0], probabilities[2], probabilities[4]) < 0.5
    assert min(probabilities[1], probabilities[3]) > 0.5


def test_the_junk_library_column_holds_the_callers_answers_or_zero() -> None:
    lines = [STORY[0], "Share on Facebook", STORY[1]]
    column = FEATURE_NAMES.index("junk_pattern")
    assert document_features(lines)[:, column].tolist() == [0.0, 0.0, 0.0]
    named = document_features(lines, junk_named)[:, column].tolist()
    assert named == [float(junk_named(line)) for line in lines]
    assert named[1] == 1.0
    assert named[0] == named[2] == 0.0


def test_blank_lines_are_junk_and_do_not_move_the_others() -> None:
    with_blanks = junk_probabilities(["", *STORY[:2], "  ", STORY[2]])
    assert with_blanks[0] == with_blanks[3] == 1.0
    assert [with_blanks[1], with_blanks[2], with_blanks[4]] == junk_probabilities(STORY)


def test_an_empty_document_has_no_probabilities() -> None:
    assert junk_probabilities([]) == []


def test_the_same_lines_get_the_same_probabilities() -> None:
    for context in ("cleaned", "dump"):
        first = junk_probabilities(MENU + STORY, context)
        assert first == junk_probabilities(list(MENU + STORY), context)


def test_features_are_read_from_stripped_lines() -> None:
    padded = [f"  {line}\u00a0" for line in STORY]
    assert (document_features(padded) == document_features(STORY)).all()
    assert document_features(STORY).shape == (len(STORY), len(FEATURE_NAMES))


def test_weights_ship_in_the_package_and_stay_small() -> None:
    weights = resources.files("cleaner.linemodel").joinpath(WEIGHTS_FILE)
    assert len(weights.read_bytes()) < WEIGHTS_MAX_BYTES
    assert line_model_version().startswith("gbt-")


def walked_scores(spec: dict, matrix: np.ndarray) -> np.ndarray:
    """The ensemble's log-odds by walking every tree from its root (the shipped node tables read
    as they are written): the reference the compiled forest must equal bit for bit."""
    nodes = spec["nodes"]
    feature, threshold = np.asarray(nodes["feature"]), np.asarray(nodes["threshold"])
    left, right = np.asarray(nodes["left"]), np.asarray(nodes["right"])
    node = np.broadcast_to(np.asarray(spec["roots"]), (matrix.shape[0], len(spec["roots"]))).copy()
    rows = np.arange(matrix.shape[0])[:, None]
    for _ in range(spec["depth"]):
        leaf = feature[node] < 0
        goes_left = matrix[rows, np.where(leaf, 0, feature[node])] <= threshold[node]
        node = np.where(leaf, node, np.where(goes_left, left[node], right[node]))
    return spec["baseline"] + np.asarray(nodes["value"])[node].sum(axis=1)


def test_the_compiled_forest_scores_exactly_as_the_trees_walked() -> None:
    spec = json.loads(resources.files("cleaner.linemodel").joinpath(WEIGHTS_FILE).read_text())
    page = document_features(MENU + STORY + FOOTER)
    noise = np.random.default_rng(11).normal(scale=3.0, size=(ROWS_PER_BLOCK + 7, page.shape[1]))
    noise[0, :] = np.nan  # a missing value goes right, as in the trees
    noise[1, ::2] = np.inf
    for head in spec["heads"].values():
        forest = Forest(head)
        for matrix in (page, page[:1], noise):
            assert np.array_equal(forest.raw_scores(matrix), walked_scores(head, matrix))


def test_a_tiny_hand_made_tree_reaches_each_leaf() -> None:
    # x0 <= 1 ? (x1 <= 5 ? 10 : 20) : 30, written in the export's flat form
    spec = {
        "baseline": 0.5,
        "depth": 2,
        "roots": [0],
        "nodes": {
            "feature": [0, 1, -1, -1, -1],
            "threshold": [1.0, 5.0, 0.0, 0.0, 0.0],
            "left": [1, 2, 0, 0, 0],
            "right": [4, 3, 0, 0, 0],
            "value": [0.0, 0.0, 10.0, 20.0, 30.0],
        },
    }
    matrix = np.array([[0.0, 0.0], [0.0, 9.0], [2.0, 0.0], [np.nan, 0.0]])
    assert Forest(spec).raw_scores(matrix).tolist() == [10.5, 20.5, 30.5, 30.5]


def test_a_repeated_document_is_scored_once(monkeypatch) -> None:
    import cleaner.linemodel as linemodel

    scored = []
    score = linemodel.document_probabilities
    monkeypatch.setattr(
        linemodel, "document_probabilities", lambda *args: scored.append(args) or score(*args)
    )
    memo: dict = {}
    first = junk_probabilities(STORY + MENU, "dump", memo=memo)
    again = junk_probabilities(["", *STORY, *MENU], "dump", memo=memo)  # blanks are not keys
    assert again[1:] == first
    assert len(scored) == 1
    junk_probabilities(STORY + MENU, "dump")  # without a memo: scored afresh
    assert len(scored) == 2
