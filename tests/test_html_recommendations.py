"""A shop page's recommendation carousels leave its text, found by their headings; a section
that holds the page's title stays."""

from __future__ import annotations

from pathlib import Path

from cleaner.html.blocks import body_blocks
from cleaner.html.parse import parse_html
from cleaner.html.recommendations import without_recommendations
from tests.conftest import KETTLE_DESCRIPTION, cleaned_page_record, kettle_page

DESCRIPTION = KETTLE_DESCRIPTION
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
    carousel = (
        '<div class="wrap"><div class="inner"><h2>People who viewed this item also viewed</h2>'
        f'</div>\n<ul class="carousel">{cards}</ul></div>'
    )
    return kettle_page("Product", carousel)


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
