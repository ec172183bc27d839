"""The cheap reading of an HTML page: where the page states its story, no trafilatura call.

trafilatura's full mode is most of the extraction's time. Many news pages state their story's
text in their JSON-LD (``articleBody``). Where that stated text is a full story
(``STATED_MIN_WORDS``) and the page's own text blocks hold it (the blocks whose word trigrams
are mostly in it, ``STATED_BLOCK_SHARE``, add up to about its length, ``STATED_COVER``), those
blocks, in page order, are the page's text: the route ``stated``. trafilatura, the reading
choice and the block classifier's reread are not run. Elsewhere (no stated text, a teaser,
a stated text the markup does not hold) the page goes the full way. A product page states its
product the same way: the JSON-LD ``Product``'s ``description``, when it is a full text
(``DESCRIBED_MIN_WORDS``) the page's blocks hold, is the page's text (``described_reading``):
a shop's page is the product's description, not the items others also viewed. Thresholds were
chosen on the tune sites of wcxb-dev (``bench/cheap_readings.py``, bench/README.md).
"""

from __future__ import annotations

import lxml.etree as etree

from cleaner.html.blocks import page_blocks
from cleaner.html.references import TOKEN, Reference, ld_objects

STATED_MIN_WORDS = 500
"""A stated text this long is the story, not a teaser or a summary. On the tune sites of
wcxb-dev stated texts of 200-300 words were summaries whose blocks lost half the story (F1
0.80 against the full reading's 0.90); from 300 words up the route took the same pages."""
STATED_COVER = 0.9
"""The blocks found must hold between this share and its inverse of the stated text's words:
the markup holds the whole story and nothing as long beside it (tune: 0.8 took one page more
and lost 1.4 points on those pages; 0.9 lost 0.4 of a point on its 13 pages)."""
STATED_BLOCK_SHARE = 0.5
"""A block is the story's when at least half of its word trigrams are in the stated text (the
block classifier's training labels blocks against the gold the same way)."""
TRIGRAM = 3
DESCRIBED_TYPES = frozenset(("product", "productgroup"))
"""JSON-LD ``@type`` names (lower-cased) whose ``description`` is the product's own text (an
``Offer``'s describes the offer: a price, a seller's terms)."""
DESCRIBED_PAGE_TYPES = frozenset(("product",))
"""The page types (``cleaner.html.page_type``) read from their product's description: on other
types a stated product is one item of many (a shop's range, a service's plan)."""
DESCRIBED_MIN_WORDS = 100
"""A product description this long is the product's text, not a one-line summary. On the tune
sites of wcxb-dev the described blocks of shorter ones lost to the page's reading (58 words:
F1 0.85 -> 0.40, 71 words: 0.99 -> 0.90, 93 words: level); from 100 words up the four pages
whose blocks held the description gained (0.73 -> 0.92, 0.80 -> 0.90; the gold is the
description), and a fifth's blocks did not hold it (cover 0.11) and kept its reading."""


def trigrams(words: list[str]) -> list[tuple[str, ...]]:
    return [tuple(words[i : i + TRIGRAM]) for i in range(len(words) - TRIGRAM + 1)]


def states_story(reference: Reference | None) -> bool:
    """Whether the page's reference text (``cleaner.html.references``, worked out before
    extraction) is a stated text of ``STATED_MIN_WORDS`` words: only such a page can take the
    stated route, so the others pay for no second look at their JSON-LD."""
    return (
        reference is not None
        and reference.kind == "ld"
        and reference.tokens.total() >= STATED_MIN_WORDS
    )


def stated_reading(tree: etree._Element, reference: Reference | None) -> str | None:
    """The blocks of ``tree`` that hold the story the page states, one a line, or None where
    the page's ``reference`` is no stated story (``states_story``) or its blocks do not hold
    it. ``reference`` is the page's reference text, worked out before extraction pruned the
    tree."""
    if not states_story(reference):
        return None
    return held_reading(tree, reference.text)


def described_reading(tree: etree._Element, page_type: str | None) -> str | None:
    """The blocks of ``tree`` that hold the product's description its JSON-LD states (of
    ``DESCRIBED_MIN_WORDS`` or more), one a line, on a page typed as a product
    (``DESCRIBED_PAGE_TYPES``); None elsewhere or when the blocks do not hold it."""
    if page_type not in DESCRIBED_PAGE_TYPES:
        return None
    description = product_description(tree)
    if len(TOKEN.findall(description)) < DESCRIBED_MIN_WORDS:
        return None
    return held_reading(tree, description)


def product_description(tree: etree._Element) -> str:
    """The longest ``description`` of a ``DESCRIBED_TYPES`` object in the page's JSON-LD."""
    best = ""
    for item in ld_objects(tree):
        text = item.get("description")
        if isinstance(text, str) and len(text) > len(best) and is_described(item):
            best = text
    return best


def is_described(item: dict) -> bool:
    """Whether a JSON-LD object's ``@type`` (a name or a list of them) is a product's."""
    kinds = item.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(isinstance(k, str) and k.lower() in DESCRIBED_TYPES for k in kinds)


def held_reading(tree: etree._Element, stated_text: str) -> str | None:
    """The blocks of ``tree`` whose word trigrams are mostly in ``stated_text``, one a line, in
    page order, when they add up to about its length (``STATED_COVER``); else None."""
    stated = TOKEN.findall(stated_text.lower())
    story = set(trigrams(stated))
    kept, words = [], 0
    for block in page_blocks(tree):
        grams = trigrams(TOKEN.findall(block.text.lower()))
        if grams and sum(g in story for g in grams) >= STATED_BLOCK_SHARE * len(grams):
            kept.append(block.text)
            words += len(grams) + TRIGRAM - 1
    if not STATED_COVER <= words / len(stated) <= 1 / STATED_COVER:
        return None
    return "\n".join(kept)
