"""A product page's customer reviews leave its text; other pages keep their review sections."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import KETTLE_DESCRIPTION, cleaned_page_record, kettle_page

REVIEWS = (
    "Took it up three peaks last summer and it never let me down once, great buy for the money.",
    "The handle got loose after a month of daily use, but the shop sent a replacement in a week.",
)
DESCRIPTION = KETTLE_DESCRIPTION


def page(declared_type: str) -> str:
    """A shop's page about one kettle: description, specifications, two customer reviews."""
    reviews = "".join(f'<div class="review"><p>{review}</p></div>' for review in REVIEWS)
    section = f'<section class="product-reviews"><h2>What our customers say</h2>{reviews}</section>'
    return kettle_page(declared_type, section)


def test_product_page_drops_its_customer_reviews(tmp_path: Path) -> None:
    record = cleaned_page_record(tmp_path, page("Product"))
    assert record["page_type"] == "product"
    assert DESCRIPTION in record["text"]
    assert "Capacity: 1.2 litres" in record["text"]
    for review in REVIEWS:
        assert review not in record["text"]
    assert "What our customers say" not in record["text"]


def test_review_article_keeps_its_review_section(tmp_path: Path) -> None:
    record = cleaned_page_record(tmp_path, page("NewsArticle"))
    assert record["page_type"] == "article"
    for review in REVIEWS:
        assert review in record["text"]


def test_shop_range_page_drops_its_customer_reviews(tmp_path: Path) -> None:
    """A page typed collection loses its reviews whichever reading it takes (the block
    classifier's included): a product page among many prices is typed so."""
    record = cleaned_page_record(tmp_path, page("OfferCatalog"))
    assert record["page_type"] == "collection"
    assert DESCRIPTION in record["text"]
    for review in REVIEWS:
        assert review not in record["text"]
