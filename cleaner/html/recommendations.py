"""Recommendation sections on shop pages: "People who viewed this item also viewed", "Similar
items", "Frequently bought together", found by their heading's words.

A shop's product or range page ends with carousels of other products: what others viewed or
bought, similar items, the visitor's recently viewed ones. trafilatura and the block classifier
read their product names and prices as the page's text. Their markup has no common name
(pruning elements named for recommendations or similar items lost on the tune part of wcxb-dev,
bench/README.md), but their heading says what they are (``RECOMMENDATION_HEADING``). The
section a heading opens (``opened_section``) is its outermost ancestor that holds no block before
it; the lines of the page's reading that come from that section's blocks are dropped, unless the
section holds the page's title (an ``<h1>``: the heading then opens the page itself) or nothing
but the heading (a carousel the page fills in later: its lone heading may be the related-content
label the text stage ends the story at: dropping such lone headings lost a tune page 0.12).
On the tune sites of wcxb-dev 13 pages changed, +1.32 of F1 summed (products 0.684 -> 0.698:
eBay's "People who viewed this item also viewed" and "Similar items" 0.02 -> 0.36-0.54,
Amazon's "Customers frequently viewed" 0.23 -> 0.27; the worst a brand name that also titled a
"More from" carousel, 0.99 -> 0.97); no other page type changed.
"""

from __future__ import annotations

import regex

from cleaner.html.blocks import Block
from cleaner.html.story_end import is_within
from cleaner.text import squash_whitespace

RECOMMENDATION_HEADING = regex.compile(
    r"^(?:people who (?:viewed|bought|purchased)|customers (?:who|also|frequently)|"
    r"frequently bought together|"
    r"(?:you|we think you) (?:may|might|will|'ll) (?:also )?(?:like|love|enjoy)|"
    r"similar (?:items|products|brands)|products related to|related (?:products|items)|"
    r"recommended (?:for you|products)|"
    r"recently viewed|explore related|sponsored products|more from|pairs? (?:well )?with|"
    r"complete the look|(?:others|shoppers) also (?:viewed|bought)|also viewed|"
    r"(?:more )?items you may)",
    regex.I,
)
"""The opening words of a recommendation carousel's heading."""
HEADING_MAX_WORDS = 10
"""A heading is a short block: a sentence that starts so is prose, not a carousel's title."""
MIN_PART_WORDS = 4
"""A reading's line this long is a section's when the section's text holds it; a shorter one only
when it is one of the section's blocks ('Condition:' stands in the product's own details too)."""
BULLETS = frozenset(("-", "*", "•"))
"""The list markers trafilatura puts before a list item's line."""
PAGE_TAGS = frozenset(("body", "html"))
"""A section is never the page itself, even when its heading is the page's first block."""
RECOMMENDATION_TYPES = frozenset(("product", "collection"))
"""The page types (``cleaner.html.page_type``) whose readings lose their recommendation
sections: a shop's product and range pages."""


def without_recommendations(text: str, blocks: list[Block]) -> str:
    """``text`` (a reading, one block a line) without the lines from the page's recommendation
    sections (``recommendation_texts``); ``blocks`` are the page's blocks. A line is a
    section's when it is one of its blocks, or, of ``MIN_PART_WORDS`` or more, when the
    section's text holds it, spaces aside: trafilatura reads a product card (a list item of
    name, seller and price blocks) as one line, its blocks glued."""
    sections = recommendation_texts(blocks)
    if not sections:
        return text
    whole = set().union(*sections)
    glued = "\n".join(unspaced("".join(section)) for section in sections)
    kept = []
    for line in text.split("\n"):
        squashed = squash_whitespace(line).strip()
        words = squashed.split()
        if squashed in whole or (
            len(words) >= MIN_PART_WORDS
            and unspaced(" ".join(words[words[0] in BULLETS :])) in glued
        ):
            continue
        kept.append(line)
    return "\n".join(kept)


def unspaced(text: str) -> str:
    return "".join(text.split())


def recommendation_texts(blocks: list[Block]) -> list[list[str]]:
    """The texts of the blocks of every recommendation section (``opened_section``) that holds
    more than its heading and no page title (``is_item_block``)."""
    found: list[list[str]] = []
    for k, block in enumerate(blocks):
        words = block.text.split()
        if len(words) > HEADING_MAX_WORDS or not RECOMMENDATION_HEADING.match(block.text):
            continue
        section = opened_section(blocks, k)
        if len(section) > 1 and all(is_item_block(b) for b in section[1:]):
            found.append([b.text for b in section])
    return found


def is_item_block(block: Block) -> bool:
    """Whether a block can stand in a carousel of products: not the page's title."""
    return block.element.tag != "h1"


def opened_section(blocks: list[Block], k: int) -> list[Block]:
    """The blocks of the section that block ``k`` (a heading) opens: of its outermost ancestor
    below ``<body>`` that holds no block before it, the heading and the blocks after it (a
    shop's carousel is its heading and the product cards after it, however deep the template
    wraps them)."""
    heading = blocks[k].element
    before = blocks[k - 1].element if k else None
    section = heading
    for ancestor in heading.iterancestors():
        if ancestor.tag in PAGE_TAGS or (
            before is not None and (before is ancestor or is_within(before, ancestor))
        ):
            break
        section = ancestor
    end = k + 1
    while end < len(blocks) and is_within(blocks[end].element, section):
        end += 1
    return blocks[k:end]
