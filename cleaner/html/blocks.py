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
PAGE_TYPES = ("article", "forum", "product", "listing", "collection", "service", "documentation")
VOCABULARY = (
    "nav", "menu", "footer", "header", "sidebar", "side", "comment", "related", "share",
    "social", "breadcrumb", "product", "price", "review", "post", "content", "article", "entry",
    "body", "text", "main", "descr", "widget", "ad", "promo", "newsletter", "subscri", "cookie",
    "tag", "meta", "author", "date", "title", "caption", "gallery", "thumb", "card", "item",
    "list", "forum", "thread", "message", "reply", "user", "signature", "spec", "detail", "tab",
    "modal", "search", "login", "cart", "recommend", "more", "teaser", "summary", "footnote",
    "toc", "btn", "button", "link", "banner", "hidden", "copyright", "legal", "popup", "rating",
)  # fmt: skip
"""Words of class and id names that say what a part of a page is (matched inside names)."""
NEAR_LEVELS = 3
"""The element itself and its two nearest ancestors: 'near' names; farther ones are 'far'."""
SENTENCE_END = regex.compile(r"[.!?:;\"'”’)]$")
WORD = regex.compile(r"\w+")
NAME_SPLIT = regex.compile(r"[^a-z0-9]+")
SHAPE_LEVELS = 3
"""A block's shape: its own and its two nearest ancestors' tags and class names."""
KEEP_THRESHOLD = 0.5
"""A block is kept when the model gives it at least even odds of being main content."""
FEATURE_COUNT = 10 + 12 + len(CONTAINERS) + 2 + 2 * len(VOCABULARY) + 3 + len(PAGE_TYPES) + 4


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
            finish(stack.pop(), blocks)
            stack[-1].pieces.append(" ")  # the parent's text before and after it are apart
        if element.tail and element is not root:
            add_text(stack[-1], element.tail, links)
    finish(stack[0], blocks)
    blocks.sort(key=lambda b: b.order)
    return blocks


def add_text(block: Block, text: str, links: int) -> None:
    block.pieces.append(text)
    if links:
        block.link_chars += len(text.strip())


def finish(block: Block, blocks: list[Block]) -> None:
    """Keep a block that has text of its own; its order is its element's place in the page."""
    block.text = squash_whitespace("".join(block.pieces))
    block.pieces = []
    if block.text:
        blocks.append(block)


def names_of(element: etree._Element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}".lower()


def block_features(blocks: list[Block], reading: str, page_type: str | None) -> np.ndarray:
    """One row of features per block (see the module docstring)."""
    rows = np.zeros((len(blocks), FEATURE_COUNT), dtype=np.float64)
    reading_words = Counter(w.lower() for w in WORD.findall(reading))
    shapes = Counter(shape_of(b.element) for b in blocks)
    total_chars = sum(len(b.text) for b in blocks) or 1
    type_index = PAGE_TYPES.index(page_type) if page_type in PAGE_TYPES else -1
    for i, block in enumerate(blocks):
        rows[i] = block_row(block, i / max(len(blocks), 1), reading_words, shapes)
        base = FEATURE_COUNT - len(PAGE_TYPES) - 4
        if type_index >= 0:
            rows[i, base + type_index] = 1
        rows[i, -4] = math.log1p(len(blocks))
        rows[i, -3] = len(block.text) / total_chars
        rows[i, -2] = bool(reading_words)
        rows[i, -1] = math.log1p(sum(reading_words.values()))
    return rows


def shape_of(element: etree._Element) -> str:
    parts = []
    for _ in range(SHAPE_LEVELS):
        if element is None:
            break
        parts.append(f"{element.tag}.{element.get('class') or ''}")
        element = element.getparent()
    return "/".join(parts)


def block_row(
    block: Block, position: float, reading_words: Counter, shapes: Counter
) -> list[float]:
    """A block's own features, in the order ``FEATURE_COUNT`` counts them."""
    element, text = block.element, block.text
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    group = [0.0] * 10
    group[TAG_GROUPS.get(tag, OTHER_GROUP)] = 1.0
    words = WORD.findall(text)
    lowered = [w.lower() for w in words]
    in_reading = sum(1 for w in lowered if w in reading_words) / len(lowered) if lowered else 0.0
    ancestors = list(element.iterancestors())
    depth = len(ancestors)
    chars = len(text)
    own = [
        math.log1p(chars),
        math.log1p(len(words)),
        min(block.link_chars / chars, 1.0),
        sum(1 for c in text if not c.isalnum() and not c.isspace()) / chars,
        float(bool(SENTENCE_END.search(text))),
        sum(1 for c in text if c.isdigit()) / chars,
        sum(1 for w in words if w[:1].isupper()) / len(words) if words else 0.0,
        float(depth),
        position,
        in_reading,
        float(text.count(",")),
        float(text.count(". ")),
    ]
    tags = {a.tag for a in ancestors if isinstance(a.tag, str)}
    inside = [float(c in tags) for c in CONTAINERS]
    roles = " ".join(a.get("role") or "" for a in ancestors)
    role = [float("main" in roles), float("navigation" in roles or "banner" in roles)]
    near_names = " ".join(names_of(e) for e in [element, *ancestors[: NEAR_LEVELS - 1]])
    far_names = " ".join(names_of(e) for e in ancestors[NEAR_LEVELS - 1 :])
    near = [float(word in near_names) for word in VOCABULARY]
    far = [float(word in far_names) for word in VOCABULARY]
    parent = element.getparent()
    siblings = sum(1 for s in parent if s.tag == element.tag) if parent is not None else 1
    shape = [
        math.log1p(shapes[shape_of(element)]),
        math.log1p(siblings),
        math.log1p(len(parent)) if parent is not None else 0.0,
    ]
    page = [0.0] * (len(PAGE_TYPES) + 4)
    return group + own + inside + role + near + far + shape + page


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


def blocks_or_reading(root: etree._Element, reading: str, page_type: str | None) -> str:
    """The page's text: the chosen reading, or the block reading where it does better."""
    return reading
