"""Pages made of items (listings, a shop's range pages) keep the short lines their items
repeat; other pages still lose a head's repeated lines (image alt text and its caption)."""

from __future__ import annotations

from pathlib import Path

from cleaner.document import Document
from cleaner.generic.steps import (
    GENERIC_STEPS,
    TEXT_ONLY_STEPS,
    generic_steps,
    keep_story,
    remove_caption_pairs,
    remove_head_repeats,
)
from tests.conftest import cleaned_page_record

PRICE = "$49.99"
CHAIRS = [f"Garden chair model {n}" for n in range(1, 9)]
GUARANTEE = "Our garden chairs are made of weather-proof teak and carry a ten-year guarantee."
ITEM = (
    "<li class='product-card'><span class='badge'>Sale</span><h3>{0}</h3>"
    f"<p class='price'>{PRICE}</p><button>Add to cart</button></li>"
)
RANGE_PAGE = (
    "<html><head><title>Garden chairs</title></head><body><nav><a href='/'>Home</a></nav>"
    "<main><h1>Garden chairs</h1><ul class='products'>"
    + "".join(ITEM.format(chair) for chair in CHAIRS)
    + f"</ul><p>{GUARANTEE}</p></main><footer>Copyright 2026 Example Shop</footer>"
    "</body></html>"
)


def page(page_type: str, kind: str = "html") -> Document:
    doc = Document(raw="", kind=kind)
    doc.page_type = page_type
    return doc


def test_item_page_types_skip_the_head_repeat_and_caption_steps() -> None:
    for kind in ("listing", "collection"):
        steps = generic_steps(page(kind))
        assert remove_head_repeats not in steps and remove_caption_pairs not in steps
    html_steps = tuple(s for s in GENERIC_STEPS if s not in TEXT_ONLY_STEPS)
    for kind in ("article", "product", "service", "documentation", ""):
        assert generic_steps(page(kind)) == html_steps
        assert generic_steps(page(kind, kind="text")) == GENERIC_STEPS
    assert keep_story not in generic_steps(page("article"), region=False)


def test_a_shop_range_page_keeps_each_item_price(tmp_path: Path) -> None:
    url = "https://shop.example/collections/garden-chairs"
    record = cleaned_page_record(tmp_path, RANGE_PAGE, "--url", url)
    assert record["page_type"] == "collection"
    lines = [line for line in record["text"].splitlines() if line.strip()]
    assert [line for line in lines if line.startswith("Garden chair")] == CHAIRS
    assert lines.count(PRICE) >= len(CHAIRS) - 1  # the items' prices, which repeat, stay
    assert GUARANTEE in lines


def test_a_text_dump_gets_every_step_whatever_its_type() -> None:
    assert generic_steps(page("listing", kind="text")) == GENERIC_STEPS
