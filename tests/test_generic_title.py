"""The generic pass's headline finders pass over the bylines, credits and dates that stand
between a crude dump's headline and its story."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.generic.steps import is_headline_shaped
from tests.conftest import run_cleaner

HEADLINE = "City council approves new river park after years of debate"
STORY = [
    "The city council voted on Tuesday to approve a new park along the river, ending a debate "
    "that had run for more than six years in the chamber.",
    "Supporters said the park would give residents in the eastern districts their first green "
    "space within walking distance of their homes.",
    "Opponents had argued that the land should be sold to developers and the money spent on "
    "repairing the city's ageing bridges and roads.",
    "The final vote was seven to two, with both members who voted against saying they would "
    "not try to block the work once it began next spring.",
    "The park will include walking trails, a playground and a small boat launch, according to "
    "plans published by the city's planning office.",
    "Construction is expected to take about eighteen months and to cost around twelve million "
    "dollars, most of it from a state grant.",
    "Local residents who had campaigned for the park gathered outside city hall after the vote "
    "to celebrate what they called a long overdue decision.",
    '"We have waited a very long time for this," said one of the organisers, who has lived in '
    "the eastern district for most of her life.",
    "The council will hold a public meeting next month to gather views on the final design "
    "before the plans are sent out for bids.",
]
DUMP = [
    *("Home", "World", "Politics", "Business", "Sign in"),
    HEADLINE,
    "12/28/2005 3:13:17 PM, by Jane Doe",
    "Mandel Ngan / AFP/Getty Images",
    "Share this story",
    *STORY,
    *("Related Stories", "Mayor names new police chief", "Bridge repairs delayed again"),
]


@pytest.mark.parametrize(
    "line",
    [
        "12/28/2005 3:13:17 PM, by Hannibal",
        "- Nov 18, 2013 9:55 pm UTC",
        "By David Amsden",
        "Peter C. Beller, Contributor",
        "Chris ErskineContact Reporter",
        "Mandel Ngan / AFP/Getty Images",
        "PRINTER FRIENDLY VERSION",
        "Pinterest iconPin It",
        "Google Plus iconShare",
        "Peter C. Beller,",
        "This story appears in the {{article.magazine}} issue",
        ") stock, America's most beloved investor has seen his fortune",
        "Steve Bannon and Jared Kushner.",
    ],
)
def test_bylines_credits_dates_and_buttons_are_no_headline(line: str) -> None:
    assert not is_headline_shaped(line)


@pytest.mark.parametrize(
    "line",
    [
        HEADLINE,
        "Putin will make “friendly” visit to North Korea on June 18",
        "'I am not retired!': A new move for Barbara Boxer",
        "Why Did Syria Still Have Chemical Weapons?",
        "60-Year-Old Woman Delivers Twin Boys",
        "Why Twitter users Share",
    ],
)
def test_headlines_stay_headline_shaped(line: str) -> None:
    assert is_headline_shaped(line)


def test_the_title_of_a_dump_is_its_headline_not_the_credit_under_it(tmp_path: Path) -> None:
    dump = tmp_path / "dump.txt"
    dump.write_text("\n".join(DUMP) + "\n", encoding="utf-8")
    result = run_cleaner("--no-bundled-sites", "explain", str(dump), text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith(f"# sites: none | title: {HEADLINE} |")
    kept = run_cleaner("--no-bundled-sites", "clean", str(dump), text=True).stdout
    assert kept.split() == "\n\n".join(STORY).split()
