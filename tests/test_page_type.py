"""Page types from markup signals: home pages, shops' range pages, undeclared stories."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.html.page_type import page_type
from cleaner.html.parse import parse_html
from tests.conftest import cleaned_page_record

TEASER = "<article><h2><a href='/a/{0}'>Story {0}</a></h2><p>A line about story {0}.</p></article>"

DATELINE = "<p>Posted: Friday, February 13, 2009 3:45 PM ET</p>"

PROSE = (
    "<p>Copper pipes last for decades and resist corrosion, but they cost more than plastic ones,"
    " and a plumber needs to solder every joint, which takes time and adds to the bill.</p>"
) * 4
"""Four paragraphs of 31 words: the long paragraphs a story-slug page needs."""


def page(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("html", "url", "expected"),
    [
        (page(body="<h1>Ship faster</h1><p>Deploy your app in seconds.</p>"),
         "https://app.example/", "service"),
        (page(body="".join(TEASER.format(n) for n in range(3))), "https://news.example/",
         "listing"),
        (page(body="<p>Stories soon.</p>"), "https://news.example/news/", "listing"),
        (page('<meta property="og:type" content="product.group">', "<p>Sofas and chairs</p>"),
         "https://shop.example/c/furniture/-/N-1", "collection"),
        (page(body=f"<h1>Storm hits coast</h1>{DATELINE}<p>Rain fell all night.</p>"), None,
         "article"),
        (page(body=f"<h1>Storm hits coast</h1>{DATELINE}<p>Rain fell all night.</p>"),
         "https://www.bbc.co.uk/", "article"),
        (page(body="<h1>Our clinic</h1><p>Open 9:00-17:00.</p><p>© 2009 Clinic Ltd</p>"),
         None, "service"),
        (page(body=f"<h1>Our plans</h1>{DATELINE}<p>Three plans for every team.</p>"),
         "https://app.example/pricing", "service"),
        (page(body=f"<h1>Pipes</h1>{PROSE}"),
         "https://plumber.example/blog/comparing-6-types-of-plumbing-pipes/", "article"),
        (page(body="<h1>Keyboard</h1><p>Wireless.</p><p>Hot-swappable keys.</p>"),
         "https://shop.example/keyboards/k2-wireless-mechanical-keyboard-version-2", "service"),
        (page(body=f"<h1>Pipes</h1>{PROSE}"),
         "https://plumber.example/services/repair-of-all-types-of-pipes", "service"),
        (page(body=f"<h1>Pipes</h1>{PROSE}"), "https://plumber.example/pipe-repair.html",
         "service"),
    ],
    ids=("home-without-stories", "home-with-stories", "news-section", "product-group",
         "dated-story", "dated-story-home-url", "opening-hours-and-copyright",
         "dated-line-on-pricing-page", "story-slug", "story-slug-without-prose",
         "story-slug-under-services", "short-slug"),
)  # fmt: skip
def test_page_type_reads_home_pages_and_range_pages(html: str, url: str, expected: str) -> None:
    assert page_type(parse_html(html), url) == expected


def test_an_undeclared_dated_story_is_an_article_in_the_record(tmp_path: Path) -> None:
    story = "<p>Rain fell all night and the river rose over the old town's quay.</p>" * 3
    html = page("<title>Storm hits coast</title>", f"<h1>Storm hits coast</h1>{DATELINE}{story}")
    assert cleaned_page_record(tmp_path, html)["page_type"] == "article"
