"""The learned line model: its public API, the shipped weights, and what it says of plain cases."""

from __future__ import annotations

from importlib import resources

from cleaner.linemodel import WEIGHTS_FILE, junk_probabilities, line_model_version
from cleaner.linemodel.features import FEATURE_NAMES, document_features

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
    probabilities = junk_probabilities(lines)
    assert max(probabilities[0], probabilities[2], probabilities[4]) < 0.5
    assert min(probabilities[1], probabilities[3]) > 0.5


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
