"""A carousel a page prints once per screen size comes out of a crude dump as each slide's
lines twice in a row; the generic pass removes both copies (``generic.printed-twice``), and a
lone paragraph printed twice (a lede the page prints as its standfirst too) is left to the
duplicate step, which keeps one copy."""

from __future__ import annotations

from cleaner.document import Document, Line
from cleaner.generic.steps import carousel_pairs, remove_printed_twice

STORY = [
    "The council opened the new park on Monday after three years of work on the old rail yard.",
    "Residents said they had waited for it for many years, and hundreds came to the opening.",
]
SLIDES = [
    "Caption Thousands of protesters at LAX",
    "More police arrived to manage the crowd as thousands protested the travel restrictions.",
    "More police arrived to manage the crowd as thousands protested the travel restrictions.",
    "Caption What would you say to the other side?",
    "If you could talk to someone on the other side of the political spectrum, what would you say?",
    "If you could talk to someone on the other side of the political spectrum, what would you say?",
]


def document(texts: list[str]) -> Document:
    doc = Document(raw="\n".join(texts), kind="text")
    doc.original = [Line(n, text) for n, text in enumerate(texts, 1)]
    doc.lines = [line for line in doc.original if line.text.strip()]
    return doc


def test_a_carousel_printed_twice_goes_both_copies() -> None:
    doc = document([*STORY, *SLIDES])
    remove_printed_twice(doc)
    assert [line.text for line in doc.lines] == [*STORY, SLIDES[0], SLIDES[3]]
    assert {r.rule for r in doc.removed} == {"generic.printed-twice"}


def test_a_lone_paragraph_printed_twice_is_no_carousel() -> None:
    assert carousel_pairs(document([STORY[0], STORY[0], STORY[1]])) == []


def test_copies_apart_in_the_input_are_no_pair() -> None:
    """Copies that stand together only once the lines between them are gone are a chapter's
    summary and its teaser, not a slide printed twice."""
    doc = document([SLIDES[1], "Menu", SLIDES[1], SLIDES[4], "Menu", SLIDES[4]])
    doc.lines = [line for line in doc.lines if line.text != "Menu"]
    assert carousel_pairs(doc) == []


def test_a_line_printed_three_times_is_listed_once() -> None:
    doc = document([SLIDES[1]] * 3 + [SLIDES[4]] * 2)
    assert carousel_pairs(doc) == [0, 1, 2, 3, 4]


def test_one_paragraph_pasted_three_times_is_no_carousel() -> None:
    """Two pairs of one line are one slide: a page that is a paragraph pasted three times keeps
    it (the duplicate step keeps one copy), where taking it for a carousel would empty it."""
    assert carousel_pairs(document([STORY[0]] * 3)) == []


def test_short_lines_are_left_to_the_caption_pair_step() -> None:
    assert carousel_pairs(document(["Boot. Boot.", "Boot. Boot.", "Go on", "Go on"])) == []
