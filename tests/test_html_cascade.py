"""The cheap route of HTML extraction (cleaner.html.cascade): a page whose blocks hold the full
story its JSON-LD states is read from them, with no trafilatura call."""

from __future__ import annotations

import json

import cleaner.html.extract as extraction
from cleaner.html.cascade import (
    DESCRIBED_MIN_WORDS,
    STATED_MIN_WORDS,
    described_reading,
    stated_reading,
)
from cleaner.html.parse import parse_html
from cleaner.html.references import reference_text, tree_reference
from cleaner.pipeline import clean
from tests.conftest import cleaned_batch

STORY = [
    f"Paragraph {n} of the report says the harbour board met on day {n} and voted to rebuild "
    f"pier number {n} after the storm, with the work to start in spring and to last a year."
    for n in range(40)
]

OTHER = [
    f"Line {n}: the city's orchestra plays {n} concerts in its winter season, tickets from "
    f"{n + 10} euros, among them a new symphony by a composer who lives nearby."
    for n in range(40)
]


def page(stated: list[str]) -> str:
    """A news page: its story in paragraphs between a menu and a footer, and ``stated`` as
    the JSON-LD ``articleBody``."""
    ld = json.dumps({"@type": "NewsArticle", "articleBody": " ".join(stated)})
    paragraphs = "".join(f"<p>{line}</p>" for line in STORY)
    return (
        f'<html><head><script type="application/ld+json">{ld}</script><title>Harbour</title>'
        "</head><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<div class='story'><h1>Harbour to rebuild its piers</h1>{paragraphs}</div>"
        "<div class='related'><a href='/x'>Read more stories from the coast</a></div>"
        "<footer>Copyright 2026 Example News</footer></body></html>"
    )


def stated_text(html: str) -> str | None:
    """The stated reading of a page, its reference read from the same tree as extraction
    reads it before pruning."""
    tree = parse_html(html)
    return stated_reading(tree, tree_reference(tree))


def test_the_blocks_that_hold_the_stated_story_are_the_text() -> None:
    assert sum(len(line.split()) for line in STORY) >= STATED_MIN_WORDS
    assert stated_text(page(STORY)) == "\n".join(STORY)


def test_a_teaser_or_a_story_the_markup_does_not_hold_goes_the_full_way() -> None:
    assert stated_text(page(STORY[:3])) is None  # a teaser: too short
    assert stated_text(page(OTHER)) is None  # the blocks hold another story
    assert stated_text(page(STORY + OTHER)) is None  # they hold half of it


def test_the_stated_route_calls_no_trafilatura(monkeypatch) -> None:
    def no_trafilatura(*args: object, **kwargs: object) -> str:
        raise AssertionError("trafilatura was called")

    monkeypatch.setattr(extraction, "trafilatura_text", no_trafilatura)
    doc = clean(page(STORY), url="https://news.example.com/harbour")
    assert doc.route == "stated"
    assert STORY[0] in doc.text and STORY[-1] in doc.text
    assert "Read more stories" not in doc.text and "Copyright" not in doc.text


def test_the_record_names_the_stated_route_and_the_summary_counts_it(tmp_path) -> None:
    """Through the CLI: the page that states its story takes the stated route, the one that
    states a teaser goes to trafilatura; the records and the batch report say so."""
    pages = [("stated", page(STORY)), ("teaser", page(STORY[:3]))]
    records, report, stderr = cleaned_batch(tmp_path, pages)
    assert (records["stated"]["route"], records["teaser"]["route"]) == ("stated", "trafilatura")
    assert STORY[5] in records["stated"]["text"]
    assert report["routes"] == {"stated": 1, "trafilatura": 1}
    assert "HTML routes: " in stderr and "stated 1" in stderr


def test_reference_text_skips_code_in_place() -> None:
    """An ``<article>``'s reference text is its text less what scripts, styles, noscript and
    template elements hold (their tails stay), read without changing the page's tree."""
    html = (
        "<html><body><article><h1>Title</h1><p>One <b>two</b> three.</p>"
        "<script>var x = 1;</script>after the script <style>p {}</style>"
        "<noscript><p>Enable it</p></noscript><p>Four.</p></article></body></html>"
    )
    tree = parse_html(html)
    before = parse_html(html).xpath("string(//article)")
    assert reference_text(tree, "article") == "TitleOne two three.after the script Enable itFour."
    assert tree.xpath("string(//article)") == before  # the tree is as parsed


DESCRIPTION = [
    f"Feature {n}: the kettle's steel body holds {n + 10} cups, its base turns all the way "
    f"round, and its lid opens with one hand."
    for n in range(8)
]

ALSO_VIEWED = [
    f"Item {n}: a teapot of glazed clay, {n + 20} euros, rated four stars by buyers"
    for n in range(12)
]


def product_page(description: list[str]) -> str:
    """A shop's product page: the JSON-LD ``Product`` states ``description``; the page shows
    the description in paragraphs, then the items other buyers viewed."""
    ld = json.dumps({"@type": "Product", "name": "Kettle", "description": " ".join(description)})
    paragraphs = "".join(f"<p>{line}</p>" for line in DESCRIPTION)
    viewed = "".join(f"<li>{line}</li>" for line in ALSO_VIEWED)
    return (
        f'<html><head><script type="application/ld+json">{ld}</script><title>Kettle</title>'
        f"</head><body><h1>Kettle</h1><div class='description'>{paragraphs}</div>"
        f"<h2>Customers also viewed</h2><ul>{viewed}</ul></body></html>"
    )


def test_a_product_page_is_read_from_the_blocks_that_hold_its_stated_description() -> None:
    assert sum(len(line.split()) for line in DESCRIPTION) >= DESCRIBED_MIN_WORDS
    tree = parse_html(product_page(DESCRIPTION))
    assert described_reading(tree, "product") == "\n".join(DESCRIPTION)
    assert described_reading(tree, "listing") is None  # one item of a range
    short = parse_html(product_page(DESCRIPTION[:2]))  # a summary, not the product's text
    assert described_reading(short, "product") is None


def test_the_described_product_takes_the_stated_route() -> None:
    doc = clean(product_page(DESCRIPTION), url="https://shop.example.com/kettle")
    assert (doc.page_type, doc.route) == ("product", "stated")
    assert DESCRIPTION[0] in doc.text and "Item 3" not in doc.text
