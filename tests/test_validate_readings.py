"""Agreement between the page's readings (cleaner.validate.readings): what extraction read of
a page on its way to the body is kept on the Document, and the body is weighed against it."""

from __future__ import annotations

import pytest

from cleaner.document import Document
from cleaner.pipeline import clean_path, default_rulebook
from cleaner.validate.readings import reading_agreements
from tests.test_html_choice import COURSES, LISTING, fixed_text, tree_and_signals

STORY = "The council voted on Monday to open the new library in the old station building."
COMMENT = "Great news, we have waited ten years for this!"


def test_the_agreement_counts_the_words_each_side_holds_of_the_other() -> None:
    body = f"{STORY}\n{COMMENT}"
    found = reading_agreements(body, {"trafilatura": STORY, "container": body})
    story, body_words = len(STORY.split()), len(body.split())
    assert found["trafilatura"].held == pytest.approx(story / body_words)
    assert found["trafilatura"].covered == 1.0
    assert found["trafilatura"].words == story
    assert found["container"].held == found["container"].covered == 1.0


def test_a_page_read_one_way_or_an_empty_body_has_no_agreement() -> None:
    assert reading_agreements(STORY, None) == {}
    assert reading_agreements(STORY, {}) == {}
    assert reading_agreements("", {"trafilatura": STORY}) == {}


def test_a_reading_that_shares_no_word_agrees_on_nothing() -> None:
    found = reading_agreements(STORY, {"blocks": "Subscribe for weekly offers"})
    assert found["blocks"].held == found["blocks"].covered == 0.0


def test_the_reading_choice_keeps_the_container_it_read() -> None:
    from cleaner.html.choice import choose_reading

    seen: dict[str, str] = {}
    reading, text = choose_reading(*tree_and_signals(LISTING), fixed_text("All our courses"), seen)
    assert reading == "container" and seen["container"] == text
    assert COURSES[0] in seen["container"]


def test_extraction_keeps_its_readings_on_the_document() -> None:
    doc = clean_path(Document(raw=LISTING, kind="html"), default_rulebook())
    assert doc.readings is not None
    assert {"trafilatura", "container"} <= set(doc.readings)
    assert doc.route in doc.readings  # the reading taken is among them
    found = reading_agreements(doc.text, doc.readings)
    assert found[doc.route].held == 1.0  # cleaning only removes from the reading taken
