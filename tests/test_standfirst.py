"""The standfirst under a crude dump's headline stays with the story; a caption does not."""

from __future__ import annotations

from pathlib import Path

from cleaner.generic.steps import standfirst_above
from tests.test_comment_section import NAVIGATION, cleaned
from tests.test_generic_title import HEADLINE, STORY

STANDFIRST = "The park will be the first green space in the eastern districts."
CAPTION = "Residents walk along the river bank near the site of the new park."
BETWEEN = ["By Anna Berg", "December 17, 2025 9:55 pm UTC", CAPTION, "reader comments", "46"]


def test_the_standfirst_under_the_headline_stays(tmp_path: Path) -> None:
    body, listing = cleaned(tmp_path, [*NAVIGATION, HEADLINE, STANDFIRST, *BETWEEN, *STORY])
    assert body.split() == "\n\n".join([STANDFIRST, *STORY]).split()
    assert f"{CAPTION}  [generic.region]" in listing
    again, _ = cleaned(tmp_path, body.splitlines())
    assert again == body


def test_a_caption_is_no_standfirst() -> None:
    texts = [*NAVIGATION, HEADLINE, *BETWEEN, *STORY]
    assert standfirst_above(texts, texts.index(STORY[0])) is None
    texts = [*NAVIGATION, HEADLINE, STANDFIRST, *BETWEEN, *STORY]
    assert standfirst_above(texts, texts.index(STORY[0])) == texts.index(STANDFIRST)
