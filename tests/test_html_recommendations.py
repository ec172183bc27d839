"""A shop page's recommendation carousels leave its text, found by their headings; a section
that holds the page's title stays."""

from __future__ import annotations

from pathlib import Path

from cleaner.html.blocks import body_blocks
from cleaner.html.parse import parse_html
from cleaner.html.recommendations import without_recommendations
from tests.conftest import cleaned_page_record

DESCRIPTION = (
    "A hard-anodised aluminium kettle that boils a litre of water in under four minutes on a"
    " small gas stove."
)
CARDS = (
    ("Camp Mug Set of Four, Enamel, Blue", "$18.00"),
    ("Folding Stove Windshield, Titanium", "$24.50"),
    ("Trail Pot 0.9 L with Strainer Lid", "$31.00"),
)


def card(name: str, price: str) -> str:
    """A product card as shops write it: the name and the price in blocks of their own."""
    return f'<li><div class="card"><h3>{name}</h3><div>{price}</div></div></li>'


def page() -> str:
    """A shop's page about one kettle, then a carousel of what other buyers viewed."""
    cards = "".join(card(name, price) for name, price in CARDS)
    return f"""<html><head><title>Trail Kettle 1.2 L | Example Outfitters</title>
<script type="application/ld+json">{{"@context": "https://schema.org",
 "@type": "Product", "name": "Trail Kettle 1.2 L"}}</script></head><body>
<nav><a href="/">Home</a> <a href="/kettles">Kettles</a></nav>
<main><h1>Trail Kettle 1.2 L</h1>
<p>{DESCRIPTION}</p>
<p>The folding handle locks upright and stays cool, and the lid doubles as a small pan.</p>
<h2>Specifications</h2>
<ul><li>Capacity: 1.2 litres</li><li>Weight: 210 grams</li><li>Material: aluminium</li></ul>
<div class="wrap"><div class="inner"><h2>People who viewed this item also viewed</h2></div>
<ul class="carousel">{cards}</ul></div></main>
<footer><p>Example Outfitters, 12 Harbour Road</p></footer></body></html>"""


def test_product_page_drops_what_others_viewed(tmp_path: Path) -> None:
    record = cleaned_page_record(tmp_path, page())
    assert record["page_type"] == "product"
    assert DESCRIPTION in record["text"]
    assert "Capacity: 1.2 litres" in record["text"]
    assert "People who viewed this item also viewed" not in record["text"]
    for name, _ in CARDS:
        assert name not in record["text"]


def test_glued_card_lines_go_with_their_section() -> None:
    blocks = body_blocks(parse_html(page()))
    glued = f"- {CARDS[0][0]}{CARDS[0][1]}"  # trafilatura reads a card's blocks as one line
    reading = "\n".join((DESCRIPTION, "Capacity: 1.2 litres", glued))
    assert without_recommendations(reading, blocks) == f"{DESCRIPTION}\nCapacity: 1.2 litres"


def test_section_holding_the_page_title_stays() -> None:
    html = (
        "<html><body><div><h2>More from the Trail series</h2><h1>Trail Kettle 1.2 L</h1>"
        f"<p>{DESCRIPTION}</p></div></body></html>"
    )
    reading = f"More from the Trail series\nTrail Kettle 1.2 L\n{DESCRIPTION}"
    assert without_recommendations(reading, body_blocks(parse_html(html))) == reading


def test_lone_heading_stays() -> None:
    html = f"<html><body><p>{DESCRIPTION}</p><div><h2>Related products</h2></div></body></html>"
    reading = f"{DESCRIPTION}\nRelated products"
    assert without_recommendations(reading, body_blocks(parse_html(html))) == reading
