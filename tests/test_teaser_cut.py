"""A generic 'Most Read' / 'Related' heading cuts what follows it, unless the story goes on
right after the box it heads."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_cleaner
from tests.test_comment_section import NAVIGATION, cleaned
from tests.test_generic_title import HEADLINE, STORY

MOST_READ = [
    "Most Read",
    "Mayor Opens Harbour Festival After Two-Year Break",
    "Anna Berg",
    "School Board Delays Vote on Later Start Times",
    "Tom Reyes",
]
FOOTER = ["About us", "Contact", "Privacy policy", "Terms of use"]
MENU = [
    *NAVIGATION,
    "Sign up for our newsletter",
    "Search the site",
    "Edition: International",
    "Podcasts",
    "Subscribe",
    "Give a gift",
    "Log in",
    "Today's paper",
    "Crosswords",
    "Events",
    "Jobs",
    "Advertise with us",
    "Help",
]
"""A menu long enough that the box stands in the page's second half, where the rule looks."""


def test_a_most_read_box_inside_the_story_cuts_nothing_of_it(tmp_path: Path) -> None:
    lines = [*MENU, HEADLINE, *STORY[:3], *MOST_READ, *STORY[3:], *FOOTER]
    body, listing = cleaned(tmp_path, lines)
    for paragraph in STORY:
        assert paragraph in body
    assert "[generic.teaser-heading-cut]" not in listing


def test_a_most_read_box_under_the_story_is_cut_with_what_follows(tmp_path: Path) -> None:
    lines = [*MENU, HEADLINE, *STORY, *MOST_READ, *FOOTER]
    body, listing = cleaned(tmp_path, lines)
    assert body.split() == "\n\n".join(STORY).split()
    assert f"{MOST_READ[1]}  [generic.teaser-heading-cut]" in listing


def test_the_verdict_passes_over_the_box_as_the_cleaning_does(tmp_path: Path) -> None:
    """The validator replays the rulebook on a body: a generic marker the story resumes after
    is no cut there either, so the story below it is not junk on the cut side."""
    body = tmp_path / "body.txt"
    body.write_text("\n\n".join([*STORY[:3], *MOST_READ, *STORY[3:]]) + "\n")
    result = run_cleaner("validate", str(body), text=True)
    assert result.returncode == 0, result.stderr
    assert "warn" in result.stdout or "ok" in result.stdout
    assert "generic.teaser-heading-cut" not in result.stdout


def test_a_related_heading_in_a_menu_above_the_story_cuts_nothing(tmp_path: Path) -> None:
    """A generic marker with more prose below it than above it heads a menu's link list (a
    travel site's "More topics" over the page's story), not a teaser box under the story."""
    teaser = "The mayor said last week that the budget of the parks department would be reviewed."
    links = [f"Headline of another story, number {n}" for n in range(1, 16)]
    lines = [teaser, *MENU, *MENU, "More stories", *links, HEADLINE, *STORY, *FOOTER]
    body, listing = cleaned(tmp_path, lines)
    for paragraph in STORY:
        assert paragraph in body
    assert "[generic.teaser-heading-cut]" not in listing


def test_a_related_heading_in_german_under_the_story_is_cut(tmp_path: Path) -> None:
    lines = [*MENU, HEADLINE, *STORY, "Schon gelesen?", *MOST_READ[1:], *FOOTER]
    body, listing = cleaned(tmp_path, lines)
    assert body.split() == "\n\n".join(STORY).split()
    assert "Schon gelesen?  [generic.teaser-heading-cut]" in listing
