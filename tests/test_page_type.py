"""Page types from markup signals: home pages, shops' range pages."""

from __future__ import annotations

import pytest

from cleaner.html.page_type import page_type
from cleaner.html.parse import parse_html

TEASER = "<article><h2><a href='/a/{0}'>Story {0}</a></h2><p>A line about story {0}.</p></article>"


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
    ],
    ids=("home-without-stories", "home-with-stories", "news-section", "product-group"),
)  # fmt: skip
def test_page_type_reads_home_pages_and_range_pages(html: str, url: str, expected: str) -> None:
    assert page_type(parse_html(html), url) == expected
