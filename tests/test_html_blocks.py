"""The block classifier: a page's text blocks, their features, the shipped model's choices."""

from __future__ import annotations

import numpy as np

from cleaner.html.blocks import (
    FEATURE_COUNT,
    block_features,
    block_model,
    block_scores,
    page_blocks,
)
from cleaner.html.parse import parse_html

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


def test_features_one_row_per_block() -> None:
    blocks = page_blocks(parse_html(SEGMENTS))
    rows = block_features(blocks, "Para one link.", "forum")
    assert rows.shape == (len(blocks), FEATURE_COUNT)
    assert np.array_equal(rows, block_features(blocks, "Para one link.", "forum"))


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
