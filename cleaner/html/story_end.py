"""Where a reading runs past its story: the lines after the story's container.

trafilatura reads a page's story and, on many templates, what follows it outside the story's own
element: a firm's contact block and office addresses, an author's biography box, a "Stay ahead
with ..." teaser of the site's services, a course catalogue's sign-up. Those lines are whole
blocks of the page that stand outside the element holding most of the reading (the story's
container). A reading's last lines that come from blocks outside that container, after the last
line inside it (or a later line shaped as the story's, ``last_story_line``), are dropped; a list
item's line is the block of its text without the marker trafilatura puts before it
(``LIST_MARKER``), except where list items may be the page's own text after its container (a
product's specifications). Lines that match no block of the page (trafilatura joined or split
them) are left alone: dropping them too cost the tune pages typed article of wcxb-dev 0.35 of a
point (0.946 -> 0.942; bench/README.md, "HTML path"). The block classifier's reading runs on the
same way (a service page's contact panel, a shop range's list of the site's departments), and
may also hold the page's menu: a container that is a menu (``is_menu``) is no story's, so a
block reading keeps what follows it. The story's container is found from the reading's words
outside links (``prose_share``), except on pages whose items are links (a listing): a list of
links after a story (a blog's hundred authors, a shop's other departments) can outweigh it, and
would otherwise make the story's container the whole page.

A teaser strip whose excerpts are prose can outweigh a third of the reading and pull the
story's container up around itself ("Read This Next" cards under a short news story, a law
firm's other posts). trafilatura's reading therefore also loses a closing run of linked cards
of one make (``without_teaser_run``) that stand outside the element of the story's first lines.
"""

from __future__ import annotations

from collections import Counter

import lxml.etree as etree

from cleaner.html.blocks import Block
from cleaner.text import squash_whitespace

CONTAINER_SHARE = 0.7
"""The story's container is the deepest element holding this share of the reading's words
that come from the page's blocks. On the tune sites of wcxb-dev (pages read by trafilatura,
with ``last_story_line``'s guard), 0.7 gained most: articles +0.83 of F1 summed over 47 pages
changed (0.6: +0.74, a container too small for a story split in parts; 0.8: +0.49, fewer
tails found), other page types +0.05 over 24."""
MENU_LINK_SHARE = 0.5
"""A container whose blocks hold more than this share of link text is a menu (half: not tuned;
a menu is nearly all links, a story's container nearly none). The block reading keeps a page's
menu when it holds the page's main links (a software maker's product menu above its hero
text): there the menu held most of the reading, and the hero after it went as its tail (a
tune page of wcxb-dev 0.63 -> 0.07, a trafilatura-eval page lost its three wanted snippets)."""
LIST_MARKER = "- "
"""What trafilatura writes before a list item's text: a fifth of the lines of its readings of
wcxb-dev's tune articles (120 pages), which matched no block with it (98% do without it). A
list item's line after the story that comes from outside the story's container is tail as
any other line is: on the tune sites of wcxb-dev that changed 9 pages of types other than
product, +0.07 of F1 summed (a research article's reference list 0.80 -> 0.98, a consumer
guide's closing list of links 0.88 -> 0.76). List items' words are left out when the
container is chosen: weighed in, a buying guide's list of top picks outweighed the prose
after it and became the container, and the guide's other reviews went as tail (a tune
article 0.98 -> 0.85; 8 tune articles changed, -0.08 of F1 summed)."""
MIN_HELD_WORDS = 100
"""A reading whose lines match fewer of the page's block words than this is too short to tell
its story's container from a teaser's."""


def without_outside_tail(
    reading: str,
    blocks: list[Block],
    menus: bool = False,
    linked_items: bool = False,
    list_items: bool = True,
) -> str:
    """``reading`` (one block a line) without its last lines that come from page ``blocks``
    outside the story's container (``story_container``), after the last line inside it.
    With ``menus`` (a reading that may hold the page's menu: the block classifier's), a
    container that is a menu (``is_menu``) keeps the lines after it. With ``linked_items``
    (a page whose items are links: a listing), link text counts as story text. With
    ``list_items`` the reading's list items (``LIST_MARKER``) are judged as its other lines
    are, but do not weigh in the choice of the container."""
    lines = reading.split("\n")
    by_text = blocks_by_text(blocks)
    texts = [squash_whitespace(line).strip() for line in lines]
    found = [by_text.get(text) for text in texts]
    container = story_container(lines, found, linked_items)
    if list_items:
        found = [b or listed_block(t, by_text) for t, b in zip(texts, found, strict=True)]
    elements = [b.element if b is not None else None for b in found]
    if container is None:
        return reading
    inside = [e is not None and is_within(e, container) for e in elements]
    if not any(inside) or (menus and is_menu(container, blocks)):
        return reading
    last = last_story_line(elements, inside)
    kept = [line for i, line in enumerate(lines) if i <= last or elements[i] is None]
    return "\n".join(kept) if len(kept) < len(lines) else reading


def is_menu(container: etree._Element, blocks: list[Block]) -> bool:
    """Whether the container's blocks are mostly link text (``MENU_LINK_SHARE``): a site's
    menu, not a story, so what follows it may be the page's text."""
    inside = [b for b in blocks if is_within(b.element, container)]
    chars = sum(len(b.text) for b in inside)
    return sum(b.link_chars for b in inside) > MENU_LINK_SHARE * chars


def last_story_line(elements: list[etree._Element | None], inside: list[bool]) -> int:
    """The index of the reading's last story line: the last one inside the container, or a
    later one whose parent has the tag and class of an inside line's parent (a story the
    template splits into parts around an advertisement: a Los Angeles Times story of 2017
    kept its last part so, 0.85 -> 0.97)."""
    last = max(i for i, found in enumerate(inside) if found)
    shapes = {parent_shape(e) for e, found in zip(elements, inside, strict=True) if found}
    later = [i for i in range(last + 1, len(elements)) if parent_shape(elements[i]) in shapes]
    return max(later, default=last)


def parent_shape(element: etree._Element | None) -> tuple[str, str] | None:
    """The tag and class of an element's parent; None for no element or no parent."""
    parent = element.getparent() if element is not None else None
    if parent is None:
        return None
    return str(parent.tag), parent.get("class") or ""


def blocks_by_text(blocks: list[Block]) -> dict[str, Block]:
    """The page's blocks by their text (the first block of each text)."""
    by_text: dict[str, Block] = {}
    for block in blocks:
        by_text.setdefault(block.text, block)
    return by_text


def listed_block(text: str, by_text: dict[str, Block]) -> Block | None:
    """The page block of a list item's line (``text``, its whitespace squashed): its text
    without the marker trafilatura puts before it (``LIST_MARKER``), or None."""
    if not text.startswith(LIST_MARKER):
        return None
    return by_text.get(text[len(LIST_MARKER) :])


def story_container(
    lines: list[str], found: list[Block | None], linked_items: bool = False
) -> etree._Element | None:
    """The deepest element holding ``CONTAINER_SHARE`` of the words of the lines that come
    from page blocks (``found``), each line's words weighed by its block's ``prose_share``
    unless the page's items are links (``linked_items``), or None when they hold under
    ``MIN_HELD_WORDS`` words (or none outside links). Over half the words, the elements that
    hold them are nested, so the deepest is the one with most ancestors."""
    held: Counter[etree._Element] = Counter()
    total = 0
    weighed = 0.0
    for line, block in zip(lines, found, strict=True):
        if block is None:
            continue
        words = len(line.split())
        total += words
        weight = words if linked_items else words * prose_share(block)
        weighed += weight
        for ancestor in block.element.iterancestors():
            held[ancestor] += weight
    if total < MIN_HELD_WORDS or not weighed:
        return None
    holding = [e for e, words in held.items() if words >= CONTAINER_SHARE * weighed]
    return max(holding, key=lambda e: sum(1 for _ in e.iterancestors()), default=None)


def prose_share(block: Block) -> float:
    """The share of a block's text that is not link text: a menu's, an author list's or a
    teaser headline's words say nothing of where the story stands."""
    return 1.0 - min(block.link_chars / len(block.text), 1.0) if block.text else 0.0


def is_within(element: etree._Element, container: etree._Element) -> bool:
    return any(ancestor is container for ancestor in element.iterancestors())


TEASER_CARDS = 3
"""A reading's closing run of lines is a teaser list when its lines come from at least this many
cards of the page (``teaser_card``): a "Read This Next" strip, a firm's other posts, featured
insights. Fewer is a story's own closing box or two."""
CARD_LEVELS = 4
"""How far above a line's block its card may stand: a teaser's excerpt sits in a paragraph, in
an excerpt wrapper, in a text column, in the card (an Elementor post grid: three levels)."""
RUN_SHORT_WORDS = 3
"""Lines of this many words or fewer (a run's heading, a date, a section label, "Sponsored
Content") join a teaser run whatever their block; a longer line that is no card's ends it."""
HEAD_LINES = 3
"""The story's head: the element holding the blocks of the reading's first lines (this many
matched lines), where the story's own paragraphs stand. A teaser run's cards stand outside it;
a listicle's or a chart's items, cards of the same make, stand inside it."""


def without_teaser_run(reading: str, blocks: list[Block]) -> str:
    """``reading`` without its closing run of teaser cards (``teaser_run_start``); the reading
    unchanged when it has none."""
    lines = reading.split("\n")
    start = teaser_run_start(lines, blocks)
    return reading if start is None else "\n".join(lines[:start])


def teaser_run_start(lines: list[str], blocks: list[Block]) -> int | None:
    """The index of the first line of the reading's closing teaser run, or None: a run of lines
    from ``TEASER_CARDS`` or more cards (``teaser_card``), with short lines between
    (``RUN_SHORT_WORDS``), after ``MIN_HELD_WORDS`` of story, whose cards all stand outside the
    story's head (``HEAD_LINES``) and share no make with a card before the run (a list the
    story is made of)."""
    by_text = blocks_by_text(blocks)
    texts = [squash_whitespace(line).strip() for line in lines]
    found = [by_text.get(t) or listed_block(t, by_text) for t in texts]
    start, run = len(lines), []
    while start:
        block = found[start - 1]
        card = teaser_card(block.element) if block is not None else None
        if card is None and len(texts[start - 1].split()) > RUN_SHORT_WORDS:
            break
        run += [card] if card is not None else []
        start -= 1
    if len(set(run)) < TEASER_CARDS or sum(len(t.split()) for t in texts[:start]) < MIN_HELD_WORDS:
        return None
    makes = {card_make(card) for card in run}
    before = (teaser_card(b.element) for b in found[:start] if b is not None)
    if any(card is not None and card_make(card) in makes for card in before):
        return None
    head = common_ancestor([b.element for b in found[:start] if b is not None][:HEAD_LINES])
    if head is None or any(card is head or is_within(card, head) for card in run):
        return None
    return start


def teaser_card(element: etree._Element) -> etree._Element | None:
    """The card a block stands in: the nearest element at most ``CARD_LEVELS`` above it (or the
    block itself) with a class, a link inside, and two siblings of its make (``card_make``);
    None when there is none."""
    node = element
    for _ in range(CARD_LEVELS):
        parent = node.getparent()
        if parent is None:
            return None
        if is_card(node, parent):
            return node
        node = parent
    return None


def is_card(node: etree._Element, parent: etree._Element) -> bool:
    """Whether ``node`` is a card: it has a class, a link inside, and ``TEASER_CARDS`` - 1 or
    more siblings of its make (``card_make``)."""
    make = card_make(node)
    if not make[1] or node.find(".//a[@href]") is None:
        return False
    return sum(1 for child in parent if card_make(child) == make) >= TEASER_CARDS


def card_make(element: etree._Element) -> tuple[str, str]:
    """A card's tag and first class name (later class names often number the post)."""
    names = (element.get("class") or "").split()
    return str(element.tag), names[0] if names else ""


def common_ancestor(elements: list[etree._Element]) -> etree._Element | None:
    """The deepest element holding all of ``elements`` (none of them itself), or None."""
    if not elements:
        return None
    shared = set(elements[0].iterancestors())
    for element in elements[1:]:
        shared &= set(element.iterancestors())
    return max(shared, key=lambda e: sum(1 for _ in e.iterancestors()), default=None)
