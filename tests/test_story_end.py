"""The region finder ends a crude dump's story at a related-articles heading it kept inside
the story (``generic.story-end``), even where a long teaser list below a short story puts the
heading in the dump's first half, out of the rule's own zone; a heading high in the story (an
inline box of related stories the story resumes after) cuts nothing."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import cleaned_dump as cleaned
from tests.test_comment_section import NAVIGATION
from tests.test_generic_title import HEADLINE, STORY

TEASERS = [
    line
    for n in range(12)
    for line in (
        f"Council news {n}: another park opens",
        f"0{n % 9 + 1}.03.2021The council opened another park in district {n} on Monday, and "
        "residents said they had waited for it for many years before the work began.",
    )
]


def test_teasers_under_a_related_heading_go_though_they_outweigh_the_story(
    tmp_path: Path,
) -> None:
    body, listing = cleaned(
        tmp_path, [*NAVIGATION, HEADLINE, *STORY, "Empfehlungen aus der Redaktion", *TEASERS]
    )
    assert body.split() == "\n\n".join(STORY).split()
    assert "Empfehlungen aus der Redaktion  [generic.story-end]" in listing


def test_a_related_box_high_in_the_story_cuts_nothing(tmp_path: Path) -> None:
    story = [*STORY[:1], "Related Stories", TEASERS[0], *STORY[1:]]
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *story])
    assert "generic.story-end" not in listing
    assert all(line in body for line in STORY)


def test_a_related_box_the_story_resumes_after_cuts_nothing(tmp_path: Path) -> None:
    """Past the story's first 100 words and 30%, but three paragraphs follow the box."""
    more = [
        "Residents of the western districts asked the council to plan a second park on their "
        "side of the river before the end of the decade.",
        "The mayor said that such a plan would have to wait until the first park was finished "
        "and its costs were known to the council.",
    ]
    box = ["Related Stories", "Council news 1: another park opens", "Council news 2: trails"]
    story = [*STORY[:5], *box, *STORY[5:], *more]
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *story])
    assert "generic.story-end" not in listing
    assert all(line in body for line in [*STORY, *more])


def test_cleaning_the_output_again_changes_nothing(tmp_path: Path) -> None:
    body, _ = cleaned(
        tmp_path, [*NAVIGATION, HEADLINE, *STORY, "Empfehlungen aus der Redaktion", *TEASERS]
    )
    again, _ = cleaned(tmp_path, body.splitlines())
    assert again == body


def test_teasers_under_a_related_label_a_drop_rule_took_go(tmp_path: Path) -> None:
    """'Das könnte Sie auch interessieren' is dropped as a related-content label before the
    finder reads the page; the teasers under it still end the story there."""
    label = "Das könnte Sie auch interessieren"
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *STORY, label, *TEASERS])
    assert body.split() == "\n\n".join(STORY).split()
    assert f"{label}  [generic.crude-related-label]" in listing
    assert f"{TEASERS[0]}  [generic.story-end]" in listing


def test_a_related_label_the_story_resumes_after_cuts_nothing(tmp_path: Path) -> None:
    story = [*STORY[:5], "Das könnte Sie auch interessieren", *STORY[5:]]
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, *story])
    assert "generic.story-end" not in listing
    assert all(line in body for line in STORY)
