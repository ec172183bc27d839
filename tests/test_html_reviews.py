"""A product page's customer reviews leave its text; other pages keep their review sections."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import cleaned_page_record

REVIEWS = (
    "Took it up three peaks last summer and it never let me down once, great buy for the money.",
    "The handle got loose after a month of daily use, but the shop sent a replacement in a week.",
)
DESCRIPTION = (
    "A hard-anodised aluminium kettle that boils a litre of water in under four minutes on a"
    " small gas stove."
)


def page(declared_type: str) -> str:
    """A shop's page about one kettle: description, specifications, two customer reviews."""
    reviews = "".join(f'<div class="review"><p>{review}</p></div>' for review in REVIEWS)
    return f"""<html><head><title>Trail Kettle 1.2 L | Example Outfitters</title>
<script type="application/ld+json">{{"@context": "https://schema.org",
 "@type": "{declared_type}", "name": "Trail Kettle 1.2 L"}}</script></head><body>
<nav><a href="/">Home</a> <a href="/kettles">Kettles</a></nav>
<main><h1>Trail Kettle 1.2 L</h1>
<p>{DESCRIPTION}</p>
<p>The folding handle locks upright and stays cool, and the lid doubles as a small pan.</p>
<h2>Specifications</h2>
<ul><li>Capacity: 1.2 litres</li><li>Weight: 210 grams</li><li>Material: aluminium</li></ul>
<section class="product-reviews"><h2>What our customers say</h2>{reviews}</section>
</main><footer><p>Example Outfitters, 12 Harbour Road</p></footer></body></html>"""


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
