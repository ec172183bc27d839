"""Where a reading skips part of its story: the page's blocks between its story lines.

trafilatura reads an article's prose and on many templates drops what stands between its
paragraphs inside the story's own element: a price table, a list of steps, the question
headings of an FAQ, a definition list. A block of the page that stands inside the story's
container (``story_end.story_container``), between the first and last block of the reading
found there, that is a paragraph, heading, list item, table cell or definition
(``GAP_TAGS``), outside the template's parts there (an ``<aside>``: a newsletter promotion
in the story), and whose words the reading does not already hold (``HELD_SHARE``), is put
back in its place. Blocks before the story's first line or after its last are left out (a
story's tail runs into its sidebar: ``cleaner.html.story_end``).
"""

from __future__ import annotations

from collections import Counter

import lxml.etree as etree

from cleaner.html.blocks import Block
from cleaner.html.choice import is_template_part
from cleaner.html.references import TOKEN
from cleaner.html.story_end import blocks_by_text, is_within, listed_block, story_container
from cleaner.text import squash_whitespace

GAP_TAGS = frozenset(
    ("p", "h2", "h3", "h4", "h5", "h6", "li", "table", "tr", "td", "th", "dt", "dd")
)
"""The blocks put back: the story's own text shapes. Any block (a ``div`` too) put back
lost on the tune sites of wcxb-dev (pages typed article read by trafilatura: -0.22 of word
F1 summed, against +0.43 with these tags, before template parts were left out: a store's
addresses and a shop's product grid inside a page-wide container came in as ``div``s);
leaving out link-heavy blocks as well gained less (+0.27: an FAQ's questions and a list of
services are links); blocks after the story's last line too, +0.40 (a tip guide's tables
back, a law firm's sidebar in); only those the block model keeps, +0.07 (it trusts the
reading it is given)."""
HELD_SHARE = 0.5
"""A block whose words are at least this share in the reading is held already (trafilatura
wrote it another way: a table row's cells joined with bars, a list item behind its marker)."""


def with_story_gaps(reading: str, blocks: list[Block]) -> str:
    """``reading`` (one block a line) with the page ``blocks`` (in page order) it skipped
    between its first and last line inside the story's container put back in their places."""
    lines = reading.split("\n")
    by_text = blocks_by_text(blocks)
    texts = [squash_whitespace(line).strip() for line in lines]
    container = story_container(lines, [by_text.get(text) for text in texts])
    if container is None:
        return reading
    place = {id(block): k for k, block in enumerate(blocks)}
    found = [by_text.get(text) or listed_block(text, by_text) for text in texts]
    at = [place[id(block)] if block is not None else None for block in found]
    inside = [
        k
        for k, b in zip(at, found, strict=True)
        if b is not None and is_within(b.element, container)
    ]
    if not inside:
        return reading
    held = Counter(TOKEN.findall(reading.lower()))
    taken = {k for k in at if k is not None}
    gaps = [
        k
        for k in range(min(inside) + 1, max(inside))
        if k not in taken and is_gap(blocks[k], held) and in_story(blocks[k].element, container)
    ]
    if not gaps:
        return reading
    return "\n".join(placed(lines, at, {k: blocks[k].text for k in gaps}))


def placed(lines: list[str], at: list[int | None], gaps: dict[int, str]) -> list[str]:
    """The reading's lines with each gap's text before the first line from a later block
    (``at``: each line's block index, None for a line of no block, which keeps its place)."""
    pending = sorted(gaps)
    out: list[str] = []
    for line, k in zip(lines, at, strict=True):
        while k is not None and pending and pending[0] < k:
            out.append(gaps[pending.pop(0)])
        out.append(line)
    return out


def in_story(element: etree._Element, container: etree._Element) -> bool:
    """Whether an element stands inside the story's container and in none of the template's
    parts there (``choice.is_template_part``: a promotion ``<aside>``, a share bar, a form)."""
    for ancestor in element.iterancestors():
        if ancestor is container:
            return True
        if is_template_part(ancestor):
            return False
    return False


def is_gap(block: Block, held: Counter) -> bool:
    """A story-shaped block (``GAP_TAGS``) whose words the reading does not hold already."""
    if str(block.element.tag) not in GAP_TAGS:
        return False
    words = TOKEN.findall(block.text.lower())
    return bool(words) and sum(1 for w in words if held[w]) < HELD_SHARE * len(words)
