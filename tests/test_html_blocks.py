"""The block classifier: a page's text blocks, their features, the shipped model's choices."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from cleaner.html.blocks import (
    FEATURE_COUNT,
    RETRY_CUTOFFS,
    TypeRule,
    block_features,
    block_model,
    block_rule,
    block_scores,
    block_shapes,
    block_thresholds,
    blocks_or_reading,
    context_columns,
    is_story_reading,
    page_blocks,
    preferred_reading,
    punctuation_and_digits,
    ruled_reading,
    shape_of,
    wider_readings,
)
from cleaner.html.parse import parse_html
from cleaner.linemodel.features import PUNCTUATION
from cleaner.text import DIGIT
from tests.conftest import cleaned_page_record

SEGMENTS = (
    "<html><body><div>Intro <b>bold</b> text<p>Para one <a href='/x'>link</a>.</p>"
    "tail of div<!-- a note -->after the note<ul><li>one</li><li>two <p>nested</p></li></ul>"
    "</div><script>var x = 1;</script></body></html>"
)


def test_blocks_hold_their_own_text_in_page_order() -> None:
    blocks = page_blocks(parse_html(SEGMENTS))
    assert [(b.element.tag, b.text) for b in blocks] == [
        ("div", "Intro bold text tail of divafter the note"),
        ("p", "Para one link."),
        ("li", "one"),
        ("li", "two"),
        ("p", "nested"),
    ]
    assert blocks[1].link_chars == len("link")


def test_a_skipped_elements_tail_counts_twice_as_the_model_was_trained() -> None:
    """The event walk the blocks were first read by gave a skipped element's tail at its start
    and again at its end; the shipped model's features hold that, so the walk keeps it."""
    page = "<html><body><p><a href='/x'>Go<script>s</script> on</a> here</p></body></html>"
    (block,) = page_blocks(parse_html(page))
    assert block.text == "Go on on here"
    assert block.link_chars == len("Go") + 2 * len("on")


def test_punctuation_and_digits_count_as_the_two_searches() -> None:
    for text in ("Hello, world! 42 times.", "Prix : 3 € — ٣ ¹ ½ “vrai”", "", "tab\tand 7"):
        found = (len(PUNCTUATION.findall(text)), len(DIGIT.findall(text)))
        assert punctuation_and_digits(text) == found


def test_features_one_row_per_block() -> None:
    blocks = page_blocks(parse_html(SEGMENTS))
    rows = block_features(blocks, "Para one link.", "forum")
    assert rows.shape == (len(blocks), FEATURE_COUNT)
    assert np.array_equal(rows, block_features(blocks, "Para one link.", "forum"))


def test_the_rows_of_some_blocks_are_those_the_whole_page_gives_them() -> None:
    """The validator scores the kept blocks only: their rows must be the page's rows."""
    blocks = page_blocks(parse_html(PAGE))
    reading = "\n".join(b.text for b in blocks[::2])
    rows = block_features(blocks, reading, "article")
    some = [len(blocks) - 1, 0, 2]
    assert np.array_equal(block_features(blocks, reading, "article", some), rows[some])


def test_block_shapes_are_each_blocks_shape() -> None:
    """Shapes made once per parent are the shapes ``shape_of`` gives block by block."""
    blocks = page_blocks(parse_html(PAGE))
    assert block_shapes(blocks) == [shape_of(b.element) for b in blocks]
    assert block_shapes(blocks)[-1] == "p./footer.footer/body."


STORY = (
    "We walked the length of the old canal on a grey morning, counting the locks and the "
    "herons, and stopped at the lock-keeper's cottage where tea was still served in tin mugs. "
)
PAGE = (
    "<html><body><nav class='menu'><ul><li><a href='/'>Home</a></li><li><a href='/a'>About</a>"
    "</li><li><a href='/c'>Contact</a></li></ul></nav><main><article><h1>A walk on the canal</h1>"
    + "".join(f"<p>{STORY * 2}</p>" for _ in range(4))
    + "</article></main><footer class='footer'><p><a href='/p'>Privacy</a> | "
    "<a href='/t'>Terms</a></p></footer></body></html>"
)


def test_shipped_model_keeps_the_story_and_drops_the_menu() -> None:
    assert block_model() is not None
    blocks = page_blocks(parse_html(PAGE))
    scores = dict(
        zip((b.text for b in blocks), block_scores(blocks, STORY * 8, "article"), strict=True)
    )
    assert scores[(STORY * 2).strip()] > 0.5
    assert scores["Home"] < 0.5
    assert scores["Privacy | Terms"] < 0.5


SERVICES = (
    "Same-day repairs for leaking taps, burst pipes and blocked drains across the city",
    "Boiler servicing and gas safety certificates by registered engineers",
    "Bathroom and kitchen installations, from the first drawing to the last tile",
    "Free written quotes before any work starts, with no call-out charge",
)
SERVICE_PAGE = (
    "<html><head><title>Plumbing services | Northside Plumbers</title></head><body>"
    "<header><nav class='main-menu'><ul><li><a href='/'>Home</a></li>"
    "<li><a href='/services'>Services</a></li><li><a href='/about'>About us</a></li>"
    "<li><a href='/contact'>Contact</a></li></ul></nav></header>"
    "<div class='content'><h1>Plumbing services</h1><p>Northside Plumbers has looked after "
    "homes and small businesses in the north of the city for over twenty years. Our engineers "
    "are fully qualified and carry the parts for most jobs in their vans.</p>"
    "<h2>What we do</h2><ul class='services-list'>"
    + "".join(f"<li>{item}</li>" for item in SERVICES)
    + "</ul><p>Call us on the number below or use the contact form, and we will arrange a "
    "visit at a time that suits you.</p></div><footer class='site-footer'>"
    "<p>&copy; 2024 Northside Plumbers Ltd</p><ul><li><a href='/privacy'>Privacy policy</a>"
    "</li><li><a href='/terms'>Terms and conditions</a></li></ul></footer></body></html>"
)


def test_block_reading_only_on_its_page_types() -> None:
    tree = parse_html(SERVICE_PAGE)
    reading = "\n".join(("Plumbing services", *SERVICES))  # what trafilatura might keep
    assert set(block_thresholds()) == {"forum", "listing", "collection", "service", "documentation"}
    words = 1000
    assert blocks_or_reading(tree, reading, "product", words) == reading
    assert blocks_or_reading(tree, reading, "article", words) == reading  # not 3x the words
    lines = blocks_or_reading(tree, reading, "service", words).splitlines()
    assert set(SERVICES) <= set(lines)
    assert "Home" not in lines


TEASERS = [
    (f"Council votes on the {place} cycle lane", f"Residents of {place} spoke for and against "
     "the plan at a meeting that ran late into the evening, and the vote was close.")
    for place in ("Hillside", "Riverside", "Old Town", "Northgate", "Harbour", "Westfield")
]  # fmt: skip
LISTING_PAGE = (
    "<html><body><header><nav class='menu'><a href='/'>Home</a> <a href='/news'>News</a></nav>"
    "</header><main><h1>Local news</h1><div class='story-list'>"
    + "".join(
        f"<div class='story-card'><h2><a href='/s/{n}'>{title}</a></h2><p class='summary'>"
        f"{summary}</p><span class='byline'>By A. Reporter</span></div>"
        for n, (title, summary) in enumerate(TEASERS)
    )
    + "</div></main><footer class='footer'><a href='/privacy'>Privacy</a></footer></body></html>"
)


def test_an_article_reading_that_held_one_teaser_of_a_listing_gives_way_to_the_blocks() -> None:
    assert set(wider_readings()) == {"article"}
    tree = parse_html(LISTING_PAGE)
    reading = "\n".join(TEASERS[0])  # what trafilatura keeps of such a page
    lines = blocks_or_reading(tree, reading, "article", 1000).splitlines()
    assert {summary for _, summary in TEASERS} <= set(lines)
    assert "Privacy" not in lines
    assert blocks_or_reading(tree, reading, "article", 40) == reading  # too few words to widen


THREAD = (
    "<html><body><nav><a href='/'>Home</a></nav><div class='posts'>"
    + "".join(f"<div class='post'><p>Post number {n} says something.</p></div>" for n in range(3))
    + "</div></body></html>"
)


def test_context_columns_say_how_much_of_a_blocks_shape_the_reading_holds() -> None:
    blocks = page_blocks(parse_html(THREAD))
    in_reading = np.array([0.0, 1.0, 1.0, 0.0])  # the menu, two posts kept, one post dropped
    columns = context_columns(blocks, [shape_of(b.element) for b in blocks], in_reading)
    assert [b.text for b in blocks] == ["Home"] + [
        f"Post number {n} says something." for n in range(3)
    ]
    assert columns[3, 0] == 2 / 3  # the dropped post's shape: two of its three kept
    assert columns[0, 0] == 0.0  # the menu's
    assert (columns[3, 2], columns[1, 3]) == (1.0, 1.0)  # neighbours' reading shares
    assert columns[0, 4] == 1.0  # the menu's parent holds only links


def test_a_block_reading_that_lost_most_of_the_reading_gives_way() -> None:
    reading = "\n".join(SERVICES)
    assert preferred_reading(SERVICES[0], reading) == reading
    assert preferred_reading("\n".join(SERVICES[1:]), reading) == "\n".join(SERVICES[1:])


def test_a_block_reading_that_kept_too_little_is_made_again_at_the_retry_cutoff() -> None:
    reading = "\n".join(SERVICES)
    by_cutoff = {0.4: SERVICES[0], 0.15: "\n".join(SERVICES[1:])}
    calls = []

    def kept(cutoff: float) -> str:
        calls.append(cutoff)
        return by_cutoff[cutoff]

    rule = TypeRule(0.4, retry=0.15)
    assert ruled_reading(reading, rule, kept, lambda: False) == by_cutoff[0.15]
    assert calls == [0.4, 0.15]
    assert ruled_reading(reading, TypeRule(0.4), kept, lambda: False) == reading  # no retry
    by_cutoff[0.15] = SERVICES[0]  # the retry keeps too little as well: the reading stands
    assert ruled_reading(reading, rule, kept, lambda: False) == reading
    by_cutoff[0.4] = "\n".join(SERVICES[1:])  # enough at the cutoff: no second reading
    calls.clear()
    assert ruled_reading(reading, rule, kept, lambda: False) == by_cutoff[0.4]
    assert calls == [0.4]


def test_only_collection_pages_retry_a_lower_cutoff() -> None:
    rules = {kind: block_rule(kind) for kind in ("collection", "listing", "service")}
    assert (
        rules["collection"] is not None and rules["collection"].retry == RETRY_CUTOFFS["collection"]
    )
    assert all(rules[kind] is None or rules[kind].retry is None for kind in ("listing", "service"))


def test_cli_service_page_keeps_its_services_and_drops_menu_and_footer(tmp_path: Path) -> None:
    url = "https://www.northsideplumbers.example/services"
    record = cleaned_page_record(tmp_path, SERVICE_PAGE, "--url", url)
    lines = record["text"].splitlines()
    assert set(SERVICES) <= set(lines)
    assert not {"Home", "About us", "Privacy policy", "Terms and conditions"} & set(lines)
    assert record["title"] == "Plumbing services"


HARBOUR_STORY = [
    "The council approved the new harbour wall on Tuesday after a long debate about cost and "
    "about the fishing fleet that uses the old quay every morning.",
    "Engineers said the work would start in spring and last two years, with the quay kept open "
    "for the boats throughout the building season.",
    "Residents who had opposed the plan said they would now watch the budget closely and ask "
    "for a report to the council every three months.",
]
RELATED = "".join(
    f"<div class='card'><h3><a href='/s/{n}'>{title}</a></h3><p>{summary}</p></div>"
    for n, (title, summary) in enumerate(TEASERS)
)


def story_page(declared: str) -> str:
    """A short story in an ``<article>`` beside a box of related stories."""
    return (
        f"<html><head>{declared}<title>Harbour wall approved</title></head><body><nav>"
        "<a href='/'>Home</a></nav><main><article><h1>Harbour wall approved</h1>"
        + "".join(f"<p>{line}</p>" for line in HARBOUR_STORY)
        + f"</article><aside class='related'>{RELATED}</aside></main></body></html>"
    )


def test_cli_a_short_story_beside_a_wider_related_box_takes_the_wider_reading(
    tmp_path: Path,
) -> None:
    url = "https://news.example/2024/harbour-wall"
    plain = story_page("<meta property='og:type' content='article'>")  # what SEO plugins put
    record = cleaned_page_record(tmp_path, plain, "--url", url)
    assert (record["page_type"], record["route"]) == ("article", "blocks")
    assert TEASERS[0][1] in record["text"].splitlines()  # the related box, several times wider


def test_ruled_reading_takes_the_block_reading_by_the_rule() -> None:
    reading, wider = "one two three", "one two three " + "four five six " * 3
    calls = []

    def kept(cutoff: float) -> str:
        calls.append(cutoff)
        return wider

    assert ruled_reading(reading, None, kept, lambda: False) == reading
    assert ruled_reading(reading, TypeRule(0.4), kept, lambda: False) == wider
    assert ruled_reading(reading, TypeRule(0.4), kept, lambda: True) == reading  # a story
    assert ruled_reading(reading, TypeRule(0.3, 3.0), kept, lambda: False) == wider  # 4x
    assert ruled_reading(reading, TypeRule(0.3, 5.0), kept, lambda: False) == reading  # not 5x
    assert calls == [0.4, 0.3, 0.3]
    assert ruled_reading(reading, TypeRule(0.3, 3.0), kept, lambda: False, 8) == reading
    assert calls == [0.4, 0.3, 0.3]  # a page of 8 words cannot hold 9: the model is not run


def test_a_long_story_held_by_one_article_is_a_story_reading() -> None:
    paragraph = " ".join(HARBOUR_STORY)  # 75 words: a long paragraph
    reading = "\n".join([paragraph] * 14)  # 1050 words of prose
    tree = parse_html(f"<html><body><article><p>{reading}</p></article><p>Menu</p></body></html>")
    assert is_story_reading(tree, reading)
    assert blocks_or_reading(tree, reading, "listing", 5000) == reading
    assert not is_story_reading(tree, "\n".join([paragraph] * 13))  # 975 words: too short
    teasers = parse_html(f"<html><body><div><p>{reading}</p></div></body></html>")
    assert not is_story_reading(teasers, reading)  # no <article> holds it
