"""The cheap reading of an HTML page: where the page states its story, no trafilatura call.

trafilatura's full mode is most of the extraction's time. Many news pages state their story's
text in their JSON-LD (``articleBody``). Where that stated text is a full story
(``STATED_MIN_WORDS``) and the page's own text blocks hold it (the blocks whose word trigrams
are mostly in it, ``STATED_BLOCK_SHARE``, add up to about its length, ``STATED_COVER``), those
blocks, in page order, are the page's text: the route ``stated``. trafilatura, the reading
choice and the block classifier's reread are not run. Elsewhere (no stated text, a teaser,
a stated text the markup does not hold) the page goes the full way. Thresholds were chosen on
the tune sites of wcxb-dev (``bench/cheap_readings.py``, bench/README.md).
"""

from __future__ import annotations

import lxml.etree as etree

from cleaner.html.blocks import page_blocks
from cleaner.html.references import TOKEN, Reference

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
    stated = TOKEN.findall(reference.text.lower())
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
