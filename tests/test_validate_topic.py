"""The off-story tail (``cleaner.validate.topic``): a body whose prose turns, from some line on,
to words the story above never used (other stories' summaries) is a doubt on every tail line,
and its share of the words is told; a story whose later paragraphs come back to its people
and places has no tail."""

from __future__ import annotations

from cleaner.validate.context import BodyLine, Context
from cleaner.validate.topic import TAIL_MIN_LINES, off_story_tail, offstory_share
from cleaner.validate.verdict import validate_text
from tests.test_validate import PARA, body

TITLE = "Putin to visit North Korea"
TEASERS = [
    "Navigating the Social Security Disability process can be overwhelming while dealing with "
    "a debilitating injury or illness.",
    "When the Social Security Administration denies your disability claim, it can feel like "
    "you have hit a dead end.",
    "Our attorneys explain how appeals work and which medical records strengthen a claim "
    "for benefits.",
]


def context(rulebook, lines: list[str], title: str | None = TITLE) -> Context:
    return Context([BodyLine(2 * i + 1, text) for i, text in enumerate(lines)], rulebook, title)


def test_other_stories_summaries_after_the_story_are_an_off_story_tail(rulebook) -> None:
    lines = [*PARA, *TEASERS]
    assert off_story_tail(context(rulebook, lines)) == len(PARA)
    share = offstory_share(context(rulebook, lines))
    words = [len(text.split()) for text in lines]
    assert share == sum(words[len(PARA) :]) / sum(words)
    verdict = validate_text(body(*lines), rulebook, TITLE)
    tail = {
        f.line: (f.code, f.severity) for f in verdict.findings if f.detector.startswith("topic.")
    }
    assert tail == {2 * i + 1: ("off-topic-line", "medium") for i in range(len(PARA), len(lines))}
    assert verdict.status in ("warn", "fail")


def test_a_story_that_comes_back_to_its_subject_has_no_tail(rulebook) -> None:
    later = [
        "Putin last visited Pyongyang in 2000, shortly after he first became Russia's president.",
        "North Korean state media said the visit would strengthen ties between the two countries.",
        "Officials in Washington said they would watch closely for any deal on missiles.",
    ]
    lines = [*PARA, *later]
    assert off_story_tail(context(rulebook, lines)) is None
    assert offstory_share(context(rulebook, lines)) == 0.0
    verdict = validate_text(body(*lines), rulebook, TITLE)
    assert not [f for f in verdict.findings if f.detector.startswith("topic.")]


def test_fewer_tail_lines_than_the_minimum_are_left_to_the_line_tests(rulebook) -> None:
    lines = [*PARA, *TEASERS[: TAIL_MIN_LINES - 1]]
    assert off_story_tail(context(rulebook, lines)) is None


def test_a_story_under_a_few_lines_of_chrome_is_no_tail(rulebook) -> None:
    """Prose chrome above the story (a sign-up form's messages) shares no word with it, but the
    story outweighs it: the story is not flagged as a tail under the chrome (no headline is
    known, as for a text dump, so the story's words are first seen below the chrome)."""
    chrome = [
        "Never miss a single post. Get our blog posts sent to your inbox weekly.",
        "Thank you! Please check your inbox now for your welcome email.",
        "There was an issue with the form. Please try again.",
    ]
    assert off_story_tail(context(rulebook, [*chrome, *PARA, *PARA[:2]], None)) is None
