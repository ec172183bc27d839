"""The validator's junk library is searched only with the patterns a line's literals propose
(``cleaner/validate/residual.py``): the first pattern naming a line is the one a search of
every pattern in library order finds."""

from __future__ import annotations

from pathlib import Path

from cleaner.dates import is_timestamp
from cleaner.generic.junk_patterns import JUNK_PATTERNS
from cleaner.rulebook.rules import regex_form
from cleaner.text import word_count
from cleaner.validate.residual import TIMESTAMP_WHY, junk_pattern_hit, library_index

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
ELLIPSIS_TEASERS = [
    "As an aside...",
    "After the Honeymoon / Back to Reality…",
    "Avoid the Booking.com for flights....",
]
"""Lines only ``truncated-teaser`` names, which one regex joining the unfiled patterns missed."""


def every_pattern_in_turn(text: str) -> tuple[str, str] | None:
    """``junk_pattern_hit`` without the index: every pattern, in library order."""
    form, count = regex_form(text), word_count(text)
    for junk in JUNK_PATTERNS:
        if (junk.max_words is None or count <= junk.max_words) and junk.pattern.search(form):
            return f"junk.{junk.id}", junk.why
    return ("junk.timestamp", TIMESTAMP_WHY) if is_timestamp(form) else None


def fixture_lines() -> list[str]:
    lines: set[str] = set()
    for path in FIXTURES.rglob("*.txt"):
        lines.update(line.strip() for line in path.read_text("utf-8").splitlines())
    return sorted(line for line in lines if line)


def test_the_index_names_what_every_pattern_in_turn_names() -> None:
    lines = fixture_lines() + ELLIPSIS_TEASERS
    named = 0
    for text in lines:
        expected = every_pattern_in_turn(text)
        assert junk_pattern_hit.__wrapped__(text) == expected, text
        named += expected is not None
    assert named > len(ELLIPSIS_TEASERS)  # the fixtures hold junk the library names


def test_ellipsis_teasers_are_named() -> None:
    for text in ELLIPSIS_TEASERS:
        assert junk_pattern_hit.__wrapped__(text) == every_pattern_in_turn(text)
        assert junk_pattern_hit.__wrapped__(text)[0] == "junk.truncated-teaser"


def test_most_patterns_are_filed_by_a_literal() -> None:
    always = library_index().always
    assert len(always) < len(JUNK_PATTERNS) / 3


TEMPLATE_CODE_LINES = ["<div class='x'>", "{{ title }}", "{% if a %}", "Price <b>10</b>"]


def test_a_pattern_is_filed_under_one_character_and_still_names_its_lines() -> None:
    number = next(i for i, junk in enumerate(JUNK_PATTERNS) if junk.id == "template-code")
    assert number not in library_index().always  # filed under '<', '{{', '{*' and '{%'
    for text in [*TEMPLATE_CODE_LINES, "A story line with no markup."]:
        assert junk_pattern_hit.__wrapped__(text) == every_pattern_in_turn(text), text
    assert junk_pattern_hit.__wrapped__("{{ title }}") is not None
