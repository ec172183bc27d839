"""Two detector refinements: a junk pattern on every item of a list the body is made of is the
list's own (a note), and a short sentence sharing no word with the story, which the line model
reads as chrome, is a stray (a reader's comment that strayed into the body)."""

from __future__ import annotations

from cleaner.rulebook.load import Rulebook
from cleaner.validate.residual import list_row_parts
from cleaner.validate.verdict import validate_text

ITEMS = [f"{n}. Startup number {n} is hiring a founding engineer in Berlin" for n in range(1, 9)]


def listing(with_dates: bool) -> str:
    lines = []
    for n, item in enumerate(ITEMS, 1):
        lines.append(item)
        if with_dates:
            lines.append(f"{n + 2} days ago")
    return "\n\n".join(lines)


def test_the_rows_of_a_list_are_its_own_but_a_list_under_a_story_is_not() -> None:
    every_item = {i: "junk.age" for i in range(1, 16, 2)}
    assert list_row_parts(every_item, 16) == set(every_item)
    story_then_list = {i: "junk.age" for i in range(21, 36, 2)}
    assert list_row_parts(story_then_list, 36) == set()
    too_few = {1: "junk.age", 3: "junk.age", 5: "junk.age"}
    assert list_row_parts(too_few, 6) == set()


def test_dates_under_every_item_of_a_listing_do_not_fail_it() -> None:
    verdict = validate_text(listing(with_dates=True), Rulebook.load())
    dated = [f for f in verdict.findings if "days ago" in f.text]
    assert dated, "the dates are still shown"
    assert not [f for f in dated if f.code == "residual-junk" and f.severity != "low"]
    assert verdict.status != "fail"
    one_date = validate_text(listing(with_dates=False) + "\n\n3 days ago", Rulebook.load())
    assert [f.severity for f in one_date.findings if f.text == "3 days ago"] == ["high"]


STORY = [
    "The council voted on Tuesday to add bus lanes on the main road through the town centre.",
    "Bus riders had asked the council for the lanes for years, saying the buses were too slow.",
    "Nice one, followed you.",
    "The council said the bus lanes would open in the spring, once the road is repainted.",
]


def test_a_comment_line_in_a_story_is_a_stray_and_a_story_line_is_not() -> None:
    verdict = validate_text("\n\n".join(STORY), Rulebook.load())
    strays = [f for f in verdict.findings if f.code == "stray-line"]
    assert [f.text for f in strays] == [STORY[2]]
    clean = validate_text("\n\n".join(STORY[:2] + STORY[3:]), Rulebook.load())
    assert not [f for f in clean.findings if f.code == "stray-line"]
