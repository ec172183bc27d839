"""Seed dumps varied as other pages of their sites vary: the golden body and title still come out.

Each seed site's rules must describe the template, not the one crawled page: a page without
the comment link, the platform box, the syndication note or the date stamp, or with the
crawler's date glued to its first line, cleans to the same story.
"""

from __future__ import annotations

import json

import pytest

from cleaner.pipeline import clean
from tests.conftest import FIXTURES

CRAWL_DATE_PREFIX = " date 2024-05-25 "
"""The crawler glues its crawl date to a dump's first line (the Newsmax seed shows it)."""

MISSING_TEMPLATE_LINES = {
    "newsmax/putin-north-korea-2024-05": [
        "Click Here to comment on this article",
        "GlobalTalk",
        "Saturday, 25 May 2024 06:28 PM EDT",
    ],
    "bulb/putin-north-korea-2024-05": ["Write & Read to Earn with BULB", "29"],
    "ndtv/putin-north-korea-2024-06-syndicated": [
        "(Except the headline, this story has not been edited by NDTV staff and is published "
        "from a syndicated feed.)",
        "This story originally appeared on Ndtv.com read the full story",
        "Support fearless, independent journalism",
    ],
    "imagesource/putin-north-korea-2024-05": [
        "25 May 2024 09:31",
        "Radosław Opas",
        "Related content",
    ],
}


def golden(stem: str) -> tuple[str, str, str]:
    raw = (FIXTURES / f"{stem}.txt").read_text("utf-8")
    body = (FIXTURES / f"{stem}.expected.txt").read_text("utf-8")
    title = json.loads((FIXTURES / f"{stem}.expected.json").read_text("utf-8"))["title"]
    return raw, body, title


def without_line(raw: str, missing: str) -> str:
    lines = raw.split("\n")
    assert missing in [line.strip() for line in lines], f"{missing!r} is not in the seed"
    return "\n".join(line for line in lines if line.strip() != missing)


def with_crawl_date(raw: str) -> str:
    lines = raw.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    if not lines[first].lstrip().startswith("date "):
        lines[first] = CRAWL_DATE_PREFIX + lines[first].strip()
    return "\n".join(lines)


@pytest.mark.parametrize(
    ("stem", "missing"),
    [(stem, line) for stem, lines in MISSING_TEMPLATE_LINES.items() for line in lines],
    ids=lambda value: value[:40],
)
def test_seed_without_a_template_line(stem: str, missing: str, rulebook) -> None:
    raw, body, title = golden(stem)
    doc = clean(without_line(raw, missing), kind="text", rulebook=rulebook)
    assert doc.text + "\n" == body
    assert doc.title == title


@pytest.mark.parametrize("stem", sorted(MISSING_TEMPLATE_LINES), ids=str)
def test_seed_with_the_crawl_date_glued_to_its_first_line(stem: str, rulebook) -> None:
    raw, body, title = golden(stem)
    doc = clean(with_crawl_date(raw), kind="text", rulebook=rulebook)
    assert doc.text + "\n" == body
    assert doc.title == title
