"""HTML metadata: dates in ISO form with the page's wording beside them, titles without the
site's name, section or date; through the functions and through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import lxml.etree as etree
import pytest

from cleaner.dates import iso_date, record_date
from cleaner.html.metadata import (
    META_TAG_PLACES,
    domain_labels,
    first_text,
    meta_contents,
    page_metadata,
    place_text,
    without_site_name,
)
from cleaner.html.parse import parse_html
from tests.conftest import run_cleaner


@pytest.mark.parametrize(
    ("written", "iso"),
    [
        ("23.10.2018", "2018-10-23"),
        ("January 22, 2014", "2014-01-22"),
        ("Tuesday, 18 June 2024 03:47 PM EDT", "2024-06-18"),
        ("2020-01-19T10:00:00+01:00", "2020-01-19"),
        ("19.01.2020 | 12:30", "2020-01-19"),
        ("3 days ago", None),
        ("1999", None),
    ],
)
def test_iso_date(written: str, iso: str | None) -> None:
    assert iso_date(written) == iso


def test_record_date_keeps_the_wording_and_the_first_date() -> None:
    metadata: dict = {}
    record_date(metadata, "January 22, 2014")
    record_date(metadata, "2020-01-19")
    assert metadata == {"date": "2014-01-22", "date_original": "January 22, 2014"}


def test_record_date_of_an_iso_date_has_no_original() -> None:
    metadata: dict = {}
    record_date(metadata, "2014-01-22")
    assert metadata == {"date": "2014-01-22"}


def test_record_date_without_a_date_keeps_only_the_wording() -> None:
    metadata: dict = {}
    record_date(metadata, "3 days ago")
    assert metadata == {"date_original": "3 days ago"}


@pytest.mark.parametrize(
    ("title", "names", "expected"),
    [
        ("Berlin confronts its Nazi past | DW | 19.01.2020", ("dw",),
         "Berlin confronts its Nazi past"),
        ("BBC News - Council votes on the city budget", ("bbc",),
         "Council votes on the city budget"),
        ("Council votes on the budget - Politics - The Daily Post", ("thedailypost",),
         "Council votes on the budget"),
        ("Some Myths about Nutrition & Physical Activity - NIDDK", ("niddk", "nih"),
         "Some Myths about Nutrition & Physical Activity"),
        ("Council votes on the budget :: January 22, 2014", (), "Council votes on the budget"),
        # too little would remain: the title stays whole
        ("Contact | Acme", ("acme",), "Contact | Acme"),
        # a segment that only starts like a short site name is the title's own
        ("Dwelling on the past today - Dwell", ("dw",), "Dwelling on the past today - Dwell"),
        # a dash inside the title with no site name beside it
        ("Rock - paper - scissors explained for kids", ("example",),
         "Rock - paper - scissors explained for kids"),
    ],
)  # fmt: skip
def test_title_without_site_name(title: str, names: tuple[str, ...], expected: str) -> None:
    assert without_site_name(title, names) == expected


def test_domain_labels_drop_the_public_suffix_and_www() -> None:
    assert domain_labels("https://www.dw.com/en/x") == ["dw"]
    assert domain_labels("https://www.niddk.nih.gov/health") == ["niddk", "nih"]
    assert domain_labels("https://news.bbc.co.uk/a") == ["news", "bbc"]
    assert domain_labels(None) == []


PAGE = (
    "<html><head><title>Berlin confronts its Nazi past | DW | 19.01.2020</title>"
    "<meta property='og:site_name' content='DW'>"
    "<meta property='article:published_time' content='Sun, 19 Jan 2020 10:00:00 +0100'>"
    "</head><body><article>"
    "<h1>Berlin confronts its Nazi past</h1><p class='date'>19.01.2020</p>"
    "<p>The city opened a new documentation centre on Sunday, seventy-five years after the "
    "end of the war, and thousands of visitors queued in the cold to see it.</p>"
    "<p>Historians said the exhibition was the first to set out the city's own part in the "
    "persecution street by street, with the names of those who lived there.</p>"
    "</article></body></html>"
)


def test_cli_record_has_iso_date_and_bare_title(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, "utf-8")
    result = run_cleaner(
        "clean", str(page), "--url", "https://www.dw.com/en/berlin/a-52", "--format", "json",
        text=True,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["title"] == "Berlin confronts its Nazi past"
    assert record["metadata"]["date"] == "2020-01-19"
    assert record["metadata"]["date_original"] == "Sun, 19 Jan 2020 10:00:00 +0100"
    assert "documentation centre" in record["text"]


META_PAGE = (
    "<html><head><meta property='og:title' content='  '><meta name='og:title' content='No'>"
    "<meta property='og:title' content=' The  title '><meta name='author' content='A. Writer'>"
    "<meta property='article:published_time'><title>Site</title></head>"
    "<body><time datetime='2024-05-25'>25 May</time></body></html>"
)


def test_meta_tag_places_read_as_their_xpaths() -> None:
    tree = parse_html(META_PAGE)
    tags = meta_contents(tree)
    assert len(META_TAG_PLACES) == 5
    for path in META_TAG_PLACES:
        assert place_text(tree, etree.XPath(path), tags) == first_text(tree, etree.XPath(path))
    assert page_metadata(tree) == {
        "title": "The title",
        "author": "A. Writer",
        "date": "2024-05-25",
    }
