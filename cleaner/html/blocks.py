"""The block classifier: which of a page's text blocks are its main content.

A block is a text-bearing element at the granularity of a paragraph, list item, table row or
heading: every block-level element with text of its own (its text and its inline elements',
not that of the blocks nested in it). Each block is described by its markup (tag, depth, the
class and id words of the element and its ancestors, the semantic containers around it, link
density, how often its shape repeats in the page, how many siblings share its tag), its text
(length, punctuation, digits), its place in the page, the page's type, and how much of it the
page's chosen reading (trafilatura or the main container) already holds. A boosted tree
ensemble (``bench/train_blocks.py``, trained on the tune sites of wcxb-dev, shipped as
``blocks.json`` and run by the line model's compiled ``Forest``) scores each block; the blocks
it keeps, in page order, one a line, are the block reading.

Runtime is lxml and NumPy only.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import lxml.etree as etree
import numpy as np
import regex

from cleaner.linemodel.forest import Forest
from cleaner.text import squash_whitespace

MODEL_PATH = Path(__file__).with_name("blocks.json")
BLOCK_LEVEL_NAMES = (
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul"
)
BLOCK_LEVEL = frozenset(BLOCK_LEVEL_NAMES.split())
"""Elements that start a block of their own (innerText's block-level elements)."""
SKIPPED = frozenset(("script", "style", "noscript", "template", "head", "svg", "select", "button"))
"""Elements whose text is never page text (code, styles, form controls)."""
TAG_GROUPS = {
    "p": 0, "h1": 1, "h2": 1, "h3": 1, "h4": 2, "h5": 2, "h6": 2, "li": 3, "tr": 4, "td": 4,
    "th": 4, "table": 4, "tbody": 4, "thead": 4, "caption": 4, "dd": 5, "dt": 5, "dl": 5,
    "pre": 6, "blockquote": 7, "figcaption": 8, "figure": 8,
}  # fmt: skip
"""Block tags by kind; anything else (div, section, span-only text) is group 9."""
OTHER_GROUP = 9
CONTAINERS = ("nav", "header", "footer", "aside", "form", "main", "article", "a", "li", "table")
"""Semantic containers a block may stand in."""
TYPE_COLUMNS = ("article", "forum", "product", "listing", "collection", "service", "documentation")
"""The page-type columns, in the order the shipped model was trained with."""
VOCABULARY = (
    "nav", "menu", "footer", "header", "side", "comment", "related", "share",
    "social", "breadcrumb", "product", "price", "review", "post", "content", "article", "entry",
    "body", "text", "main", "descr", "widget", "ad", "promo", "newsletter", "subscri", "cookie",
    "tag", "meta", "author", "date", "title", "caption", "gallery", "thumb", "card", "item",
    "list", "forum", "thread", "message", "reply", "user", "signature", "spec", "detail", "tab",
    "modal", "search", "login", "cart", "recommend", "more", "teaser", "summary", "footnote",
    "toc", "btn", "button", "link", "banner", "hidden", "copyright", "legal", "popup", "rating",
)  # fmt: skip
"""Words of class and id names that say what a part of a page is (matched inside names; none
is the start of another, so one overlapped search finds them all: 'side' covers 'sidebar')."""
VOCABULARY_FINDER = regex.compile("|".join(VOCABULARY))
VOCABULARY_BITS = {word: 1 << k for k, word in enumerate(VOCABULARY)}
NEAR_LEVELS = 3
"""The element itself and its two nearest ancestors: 'near' names; farther ones are 'far'."""
SENTENCE_END = regex.compile(r"[.!?:;\"'”’)]$")
WORD = regex.compile(r"\w+")
PUNCTUATION = regex.compile(r"[^\p{L}\p{N}\s]")
DIGIT = regex.compile(r"\p{Nd}")
NAME_SPLIT = regex.compile(r"[^a-z0-9]+")
SHAPE_LEVELS = 3
"""A block's shape: its own and its two nearest ancestors' tags and class names."""
KEEP_THRESHOLD = 0.5
"""A block is kept when the model gives it at least even odds of being main content."""
TAG_GROUP_NAMES = ("p", "h1-3", "h4-6", "li", "table", "dl", "pre", "quote", "figure", "other")
PAGE_COLUMNS = len(TAG_GROUP_NAMES) + 12 + len(CONTAINERS) + 2 + 2 * len(VOCABULARY) + 3
"""A block's own columns; the page's (its type, size and reading) follow them."""
FEATURE_COUNT = PAGE_COLUMNS + len(TYPE_COLUMNS) + 4


@dataclass
class Block:
    """One text block: its element, own text, link text and where it stands."""

    element: etree._Element
    order: int = 0
    pieces: list[str] = field(default_factory=list)
    link_chars: int = 0
    text: str = ""


def page_blocks(root: etree._Element) -> list[Block]:
    """The text blocks under ``root``, in page order, each with its own text only."""
    blocks: list[Block] = []
    stack: list[Block] = [Block(root)]
    links = started = 0
    walk = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in walk:
        if not isinstance(element.tag, str):  # a comment or processing instruction
            if element.tail:
                add_text(stack[-1], element.tail, links)
            continue
        tag = element.tag.lower()
        if event == "start":
            if tag in SKIPPED:
                walk.skip_subtree()
                if element.tail:
                    add_text(stack[-1], element.tail, links)
                continue
            if tag in BLOCK_LEVEL and element is not root:
                started += 1
                stack.append(Block(element, started))
            links += tag == "a"
            if element.text:
                add_text(stack[-1], element.text, links)
            continue
        links -= tag == "a"
        if tag in BLOCK_LEVEL and element is not root:
            close_block(stack.pop(), blocks)
            stack[-1].pieces.append(" ")  # the parent's text before and after it are apart
        if element.tail and element is not root:
            add_text(stack[-1], element.tail, links)
    close_block(stack[0], blocks)
    blocks.sort(key=lambda b: b.order)
    return blocks


def add_text(block: Block, text: str, links: int) -> None:
    block.pieces.append(text)
    if links:
        block.link_chars += len(text.strip())


def close_block(block: Block, blocks: list[Block]) -> None:
    """Keep a block that has text of its own; its order is its element's place in the page."""
    block.text = squash_whitespace("".join(block.pieces))
    block.pieces = []
    if block.text:
        blocks.append(block)


class PageMarkup:
    """What the markup around each element says, worked out once per element of a page: the
    vocabulary words of its class and id names, those of all its ancestors, the containers
    and roles it stands in, its depth (bit masks over ``VOCABULARY`` and ``CONTAINERS``)."""

    def __init__(self) -> None:
        self.own: dict[etree._Element, int] = {}
        self.chain: dict[etree._Element | None, tuple[int, int, int, int]] = {None: (0, 0, 0, -1)}
        self.bits: dict[int, list[float]] = {}

    def own_words(self, element: etree._Element | None) -> int:
        if element is None:
            return 0
        found = self.own.get(element)
        if found is None:
            names = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
            found = 0
            for word in set(VOCABULARY_FINDER.findall(names, overlapped=True)):
                found |= VOCABULARY_BITS[word]
            self.own[element] = found
        return found

    def above(self, element: etree._Element | None) -> tuple[int, int, int, int]:
        """(vocabulary words, containers, roles, depth) of the element and its ancestors."""
        if element in self.chain:
            return self.chain[element]
        path = []
        while element not in self.chain:
            path.append(element)
            element = element.getparent()
        words, tags, roles, depth = self.chain[element]
        for item in reversed(path):
            tag = item.tag if isinstance(item.tag, str) else ""
            role = item.get("role") or ""
            words |= self.own_words(item)
            if tag in CONTAINER_BITS:
                tags |= CONTAINER_BITS[tag]
            roles |= ("main" in role) | (("navigation" in role or "banner" in role) << 1)
            depth += 1
            self.chain[item] = (words, tags, roles, depth)
        return self.chain[path[0]]

    def flags(self, mask: int, width: int) -> list[float]:
        """A bit mask as ``width`` 0/1 features (masks repeat: each is spelt out once)."""
        key = mask * 256 + width
        found = self.bits.get(key)
        if found is None:
            found = [float(mask >> k & 1) for k in range(width)]
            self.bits[key] = found
        return found


CONTAINER_BITS = {tag: 1 << k for k, tag in enumerate(CONTAINERS)}


def block_features(blocks: list[Block], reading: str, page_type: str | None) -> np.ndarray:
    """One row of features per block (see the module docstring)."""
    rows = np.zeros((len(blocks), FEATURE_COUNT), dtype=np.float64)
    reading_words = frozenset(w.lower() for w in WORD.findall(reading))
    shapes = [shape_of(b.element) for b in blocks]
    shape_counts = Counter(shapes)
    markup = PageMarkup()
    for i, block in enumerate(blocks):
        position = i / len(blocks)
        rows[i, :PAGE_COLUMNS] = block_row(block, position, reading_words, markup)
        rows[i, PAGE_COLUMNS - 3] = math.log1p(shape_counts[shapes[i]])
    type_index = TYPE_COLUMNS.index(page_type) if page_type in TYPE_COLUMNS else -1
    if type_index >= 0:
        rows[:, PAGE_COLUMNS + type_index] = 1
    total_chars = sum(len(b.text) for b in blocks) or 1
    rows[:, -4] = math.log1p(len(blocks))
    rows[:, -3] = [len(b.text) / total_chars for b in blocks]
    rows[:, -2] = bool(reading_words)
    rows[:, -1] = math.log1p(len(reading.split()))
    return rows


def shape_of(element: etree._Element) -> str:
    """A block's shape: its own and its nearest ancestors' tags and class names."""
    parts = []
    for _ in range(SHAPE_LEVELS):
        if element is None:
            break
        parts.append(f"{element.tag}.{element.get('class') or ''}")
        element = element.getparent()
    return "/".join(parts)


def block_row(
    block: Block, position: float, reading_words: frozenset[str], markup: PageMarkup
) -> list[float]:
    """A block's own features (the page's columns follow them)."""
    element, text = block.element, block.text
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    group = [0.0] * len(TAG_GROUP_NAMES)
    group[TAG_GROUPS.get(tag, OTHER_GROUP)] = 1.0
    words = WORD.findall(text)
    in_reading = sum(1 for w in words if w.lower() in reading_words) / len(words) if words else 0
    parent = element.getparent()
    grandparent = parent.getparent() if parent is not None else None
    _, tags, roles, depth = markup.above(parent)
    far = markup.above(grandparent.getparent())[0] if grandparent is not None else 0
    near = markup.own_words(element) | markup.own_words(parent) | markup.own_words(grandparent)
    chars = len(text)
    own = [
        math.log1p(chars),
        math.log1p(len(words)),
        min(block.link_chars / chars, 1.0),
        len(PUNCTUATION.findall(text)) / chars,
        float(bool(SENTENCE_END.search(text))),
        len(DIGIT.findall(text)) / chars,
        sum(1 for w in words if w[:1].isupper()) / len(words) if words else 0.0,
        float(depth + 1),
        position,
        in_reading,
        float(text.count(",")),
        float(text.count(". ")),
    ]
    siblings = sum(1 for s in parent if s.tag == element.tag) if parent is not None else 1
    shape = [0.0, math.log1p(siblings), math.log1p(len(parent)) if parent is not None else 0.0]
    return (
        group
        + own
        + markup.flags(tags, len(CONTAINERS))
        + markup.flags(roles, 2)
        + markup.flags(near, len(VOCABULARY))
        + markup.flags(far, len(VOCABULARY))
        + shape
    )


@cache
def block_model() -> Forest | None:
    """The shipped block model, or None before one is trained."""
    if not MODEL_PATH.exists():
        return None
    return Forest(json.loads(MODEL_PATH.read_text("utf-8"))["forest"])


def block_scores(blocks: list[Block], reading: str, page_type: str | None) -> np.ndarray:
    """Each block's probability of being main content."""
    model = block_model()
    if model is None or not blocks:
        return np.zeros(len(blocks))
    raw = model.raw_scores(block_features(blocks, reading, page_type))
    return 1 / (1 + np.exp(-raw))


def block_reading(root: etree._Element, reading: str, page_type: str | None) -> str:
    """The blocks the model keeps, in page order, one a line."""
    blocks = page_blocks(root)
    scores = block_scores(blocks, reading, page_type)
    return "\n".join(b.text for b, s in zip(blocks, scores, strict=True) if s >= KEEP_THRESHOLD)


BLOCK_TYPES = frozenset(("collection", "documentation", "product", "service"))
"""Page types (``cleaner.html.page_type``) that take the block reading; the others keep the
chosen reading. Word F1 per predicted type on wcxb-dev before the text stage (chosen reading
-> block reading), tune / held apart: collection 0.64 -> 0.73 / 0.63 -> 0.67, documentation
0.92 -> 0.94 / 0.918 -> 0.920, product 0.70 -> 0.75 / 0.57 -> 0.60, service 0.83 -> 0.88 /
0.797 -> 0.803. Articles gained on tune (0.922 -> 0.940) but not held apart (0.926 -> 0.925),
nor listings (0.755 -> 0.746), and forums lost posts (0.72 -> 0.60 / 0.75 -> 0.64): most pages
the model learned from are stories, where a block in a comment container is not content."""


def blocks_or_reading(root: etree._Element, reading: str, page_type: str | None) -> str:
    """The page's text: the block reading on the page types where it does better
    (``BLOCK_TYPES``), else (or with no model shipped, or when it keeps no block: a page of one
    short paragraph has too little for the model to go on) the chosen reading."""
    if page_type not in BLOCK_TYPES or block_model() is None:
        return reading
    return block_reading(root, reading, page_type) or reading
