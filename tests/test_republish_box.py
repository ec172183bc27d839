"""A "Republish This Story" box under a story (the licence and the terms of reuse nonprofit
newsrooms print there) is cut with what follows it."""

from __future__ import annotations

from pathlib import Path

from tests.test_comment_section import cleaned
from tests.test_generic_title import HEADLINE, STORY
from tests.test_teaser_cut import FOOTER, MENU

BOX = [
    "Republish This Story",
    "Republish our articles for free, online or in print, under a Creative Commons license.",
    "Close window",
    "Republish this article",
    "This work is licensed under a Creative Commons Attribution-NoDerivatives 4.0 License.",
    "We are happy for our stories to be shared, and encourage you to republish our articles.",
    "Please credit us and our writers, and include a link back to the article at the top.",
]


def test_a_republish_box_under_the_story_is_cut_with_what_follows(tmp_path: Path) -> None:
    body, listing = cleaned(tmp_path, [*MENU, HEADLINE, *STORY, *BOX, *FOOTER])
    assert body.split() == "\n\n".join(STORY).split()
    assert f"{BOX[0]}  [generic.republish-box-cut]" in listing


def test_a_story_that_speaks_of_republishing_is_left_whole(tmp_path: Path) -> None:
    quote = "Republish this story only with permission, the editor told the agency."
    lines = [*MENU, HEADLINE, *STORY[:3], quote, *STORY[3:], *FOOTER]
    body, listing = cleaned(tmp_path, lines)
    for paragraph in [*STORY, quote]:
        assert paragraph in body
    assert "republish-box-cut" not in listing
