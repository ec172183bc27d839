"""The block classifier: which of a page's text blocks are its main content.

A block is a text-bearing element at the granularity of a paragraph, list item, table row or
heading: every block-level element with text of its own (its text and its inline elements',
not that of the blocks nested in it). Each block is described by its markup (tag, depth, the
class and id words of the element and its ancestors, the semantic containers around it, link
density, how often its shape repeats in the page, how many siblings share its tag), its text
(length, punctuation, digits), its place in the page, the page's type, how much of it the
page's chosen reading (trafilatura or the main container) already holds, and its neighbourhood
(how much of the other blocks of its shape the reading holds: a thread's posts, a listing's
items; its neighbours' share; the link density around it). A boosted tree ensemble
(``bench/train_blocks.py``, trained on the tune sites of wcxb-dev, shipped as ``blocks.json``
with a cutoff per page type and run by the line model's compiled ``Forest``) scores each block;
the blocks it keeps, in page order, one a line, are the block reading. It replaces the chosen
reading on the page types where it did better on the tune sites (forum, listing, collection,
service, documentation), unless it lost most of that reading; on article pages only when it
keeps several times that reading's words (a listing read as an article, one teaser kept). A
reading that is plainly a story (long prose, held by one ``<article>``) stands on every page
type. ``ruled_reading`` is the one home of that choice, which the training script shares.

Runtime is lxml and NumPy only.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.etree as etree
import numpy as np
import regex

from cleaner.html.parse import PageError, parse_html
from cleaner.html.references import TOKEN as WORD
from cleaner.linemodel.features import PUNCTUATION, character_counts
from cleaner.linemodel.forest import Forest
from cleaner.text import DIGIT, squash_whitespace

if TYPE_CHECKING:
    from cleaner.document import Document

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
    "quote", "option", "swatch", "variant", "upsell", "similar", "pagin", "filter", "facet",
    "excerpt", "avatar", "profile", "badge", "vote", "count", "stat", "qty", "quantity", "sort",
)  # fmt: skip
"""Words of class and id names that say what a part of a page is (matched inside names: 'side'
covers 'sidebar')."""
VOCABULARY_BITS = tuple((word, 1 << k) for k, word in enumerate(VOCABULARY))
NAME_CACHE_SIZE = 4096
"""Class and id strings remembered: a few pages' worth, so memory stays bounded in a long run."""
NEAR_LEVELS = 3
"""The element itself and its two nearest ancestors: 'near' names; farther ones are 'far'."""
SENTENCE_END = regex.compile(r"[.!?:;\"'”’)]$")
NAME_SPLIT = regex.compile(r"[^a-z0-9]+")
SHAPE_LEVELS = 3
"""A block's shape: its own and its two nearest ancestors' tags and class names."""
KEEP_THRESHOLD = 0.5
"""A block is kept when the model gives it at least even odds of being main content."""
MIN_KEPT_SHARE = 0.5
"""On the tune sites of wcxb-dev (scored out of fold), pages whose block reading kept under half
the chosen reading's words lost 0.38 of word F1 on average by taking it (45 of 896 pages); at
every larger share the two readings were level or the blocks won."""
RETRY_CUTOFFS = {"collection": 0.15}
"""Page types whose block reading, when it keeps under ``MIN_KEPT_SHARE`` of the chosen
reading's words at the type's cutoff, is made again at this lower cutoff before the chosen
reading stands: on a shop's range page the model can score every product card just under the
cutoff (Amazon's best sellers, a kitchen shop's cast-iron range), and the chosen reading is
then a few lines of its header. Chosen on the tune sites of wcxb-dev, where it changed the
same few pages at every value tried (F1 summed before the text stage: 0.15 +0.91, 0.2 +0.79,
0.25 +0.12, 0.3 0); through the pipeline 3 tune pages, collections 0.707 -> 0.719 (Amazon's
best sellers 0.10 -> 0.65), and 2 held apart, 0.664 -> 0.668; no page of another type. A
retry that still keeps under the share gives way as well."""
LONG_PARAGRAPH_WORDS = 30
"""A paragraph of this many words is running prose, not a card's blurb or a button."""
STORY_PROSE_WORDS = 1000
"""A reading with this many words in long paragraphs, nearly all inside one ``<article>``
(``STORY_ARTICLE_SHARE``), is a story, whatever the page's type says (a best-of review under
``/topics/``): on the tune sites of wcxb-dev the block reading lost 0.35 of word F1 in all on
the 18 such pages it replaced, mostly articles typed as listings, documentation or collections.
Listings whose ``<article>`` held their reading had at most 862 such words."""
STORY_ARTICLE_SHARE = 0.9
"""The share of the reading's words one ``<article>`` element must hold for ``STORY_PROSE_WORDS``
to make it a story (a listing's reading spans many ``<article>`` teasers)."""
TAG_GROUP_NAMES = ("p", "h1-3", "h4-6", "li", "table", "dl", "pre", "quote", "figure", "other")
OWN_TEXT_COLUMNS = 12
"""A block's columns of its text and place (``block_row``'s ``own``)."""
OWN_COLUMNS = (
    len(TAG_GROUP_NAMES) + OWN_TEXT_COLUMNS + len(CONTAINERS) + 2 + 2 * len(VOCABULARY) + 3
)
"""A block's own columns; its neighbourhood's and then the page's (type, size, reading) follow."""
CONTEXT_COLUMNS = 7
"""What a block's neighbourhood says (``context_columns``)."""
PAGE_COLUMNS = OWN_COLUMNS + CONTEXT_COLUMNS
FEATURE_COUNT = PAGE_COLUMNS + len(TYPE_COLUMNS) + 4


@dataclass(slots=True)
class Block:
    """One text block: its element, own text, link text and where it stands (slotted: a page
    makes hundreds, and the walk reads and writes their fields for every piece of text)."""

    element: etree._Element
    order: int = 0
    pieces: list[str] = field(default_factory=list)
    link_chars: int = 0
    text: str = ""


def page_blocks(root: etree._Element) -> list[Block]:
    """The text blocks under ``root``, in page order, each with its own text only."""
    blocks: list[Block] = []
    top = Block(root)  # the text outside every nested block
    tag = root.tag.lower()
    links = int(tag == "a")
    if tag in SKIPPED:
        add_text(top, root.tail, links)
    else:
        add_text(top, root.text, links)
        walk_blocks(root, top, links, blocks, [0])
    close_block(top, blocks)
    blocks.sort(key=lambda b: b.order)
    return blocks


def walk_blocks(
    element: etree._Element, top: Block, links: int, blocks: list[Block], started: list[int]
) -> None:
    """Give the text of ``element``'s descendants to the innermost block open around it
    (``top``, a new one for each block-level element, numbered in document order by
    ``started``); ``links`` counts the ``<a>`` elements around. A recursion over the children,
    about a fifth cheaper than an event walk. A skipped element's tail is given twice, as the
    event walk this replaced did (its end event came after the skipped subtree too): the block
    model was trained on those texts."""
    for child in element:
        tag, tail = child.tag, child.tail  # most texts and tails are empty: no call then
        if not isinstance(tag, str):  # a comment or processing instruction
            if tail:
                add_text(top, tail, links)
            continue
        tag = tag.lower()
        if tag in SKIPPED:
            if tail:
                add_text(top, tail, links)
                add_text(top, tail, links)
            continue
        inner = links + (tag == "a")
        text = child.text
        if tag in BLOCK_LEVEL:
            started[0] += 1
            block = Block(child, started[0])
            if text:
                add_text(block, text, inner)
            walk_blocks(child, block, inner, blocks, started)
            close_block(block, blocks)
            top.pieces.append(" ")  # the parent's text before and after it are apart
        else:
            if text:
                add_text(top, text, inner)
            if len(child):
                walk_blocks(child, top, inner, blocks, started)
        if tail:
            add_text(top, tail, links)


def add_text(block: Block, text: str | None, links: int) -> None:
    """Add a piece of text to a block; inside a link it counts as link text."""
    if text:
        block.pieces.append(text)
        if links:
            block.link_chars += len(text.strip())


def document_blocks(doc: Document) -> list[Block] | None:
    """The text blocks of an HTML page's body as read, before extraction pruned it: worked
    out once per page from the tree extraction parsed (``Document.tree``) and shared by the
    page type's dateline test and the verdict's markup reading; a Document never extracted is
    parsed now. None when the page does not parse."""
    if doc.blocks is None:
        tree = doc.tree
        if tree is None:
            try:
                tree = parse_html(doc.raw)
            except PageError:
                return None
        doc.blocks = body_blocks(tree)
    return doc.blocks


def body_blocks(tree: etree._Element) -> list[Block]:
    """The text blocks of a page's ``<body>`` (of the whole tree when it has none)."""
    body = tree.find("body")
    return page_blocks(body if body is not None else tree)


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
        self.children: dict[etree._Element, Counter] = {}

    def tag_counts(self, parent: etree._Element) -> Counter:
        """How many of the element's children have each tag (counted once per parent: a
        listing's hundreds of items share one)."""
        found = self.children.get(parent)
        if found is None:
            found = Counter(child.tag for child in parent)
            self.children[parent] = found
        return found

    def own_words(self, element: etree._Element | None) -> int:
        if element is None:
            return 0
        found = self.own.get(element)
        if found is None:
            found = name_words(f"{element.get('class') or ''} {element.get('id') or ''}")
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


CONTAINER_BITS = {tag: 1 << k for k, tag in enumerate(CONTAINERS)}


@lru_cache(maxsize=NAME_CACHE_SIZE)
def name_words(names: str) -> int:
    """The ``VOCABULARY`` words in an element's class and id names, as a bit mask (a page
    repeats a few names on many elements: each is searched once). A substring test a word
    is a sixth of the cost of one overlapped search for all of them."""
    names = names.lower()
    found = 0
    for word, bit in VOCABULARY_BITS:
        if word in names:
            found |= bit
    return found


def block_features(
    blocks: list[Block], reading: str, page_type: str | None, only: list[int] | None = None
) -> np.ndarray:
    """One row of features per block (see the module docstring). With ``only``, the rows of
    those blocks alone, in that order: the page-wide columns (shapes, neighbours) still read
    every block, so a row is the one the whole page would give it (the validator scores the
    kept blocks only, ``cleaner.validate.markup``)."""
    chosen = list(range(len(blocks))) if only is None else only
    rows = np.zeros((len(chosen), FEATURE_COUNT), dtype=np.float64)
    reading_words = frozenset(map(str.lower, WORD.findall(reading)))
    shapes = block_shapes(blocks)
    shape_counts = Counter(shapes)
    words: list[list[str]] = [[] for _ in blocks]
    in_reading = np.zeros(len(blocks))
    for i in range(len(blocks)) if only is None else read_blocks(shapes, chosen):
        words[i] = WORD.findall(blocks[i].text)
        in_reading[i] = reading_share(words[i], reading_words)
    if chosen:
        own_columns(rows, blocks, words, in_reading, chosen)
    rows[:, OWN_COLUMNS - 3] = [math.log1p(shape_counts[shapes[i]]) for i in chosen]
    rows[:, OWN_COLUMNS:PAGE_COLUMNS] = context_columns(blocks, shapes, in_reading)[chosen]
    type_index = TYPE_COLUMNS.index(page_type) if page_type in TYPE_COLUMNS else -1
    if type_index >= 0:
        rows[:, PAGE_COLUMNS + type_index] = 1
    total_chars = sum(len(b.text) for b in blocks) or 1
    rows[:, -4] = math.log1p(len(blocks))
    rows[:, -3] = [len(blocks[i].text) / total_chars for i in chosen]
    rows[:, -2] = bool(reading_words)
    rows[:, -1] = math.log1p(len(reading.split()))
    return rows


def read_blocks(shapes: list[str], chosen: list[int]) -> list[int]:
    """The blocks whose words the rows of ``chosen`` read: those blocks, their neighbours, and
    every block of their shapes (``context_columns``). The validator's rows are a page's kept
    blocks, and the page's other shapes (menus, teasers, footers) need no words."""
    wanted = {shapes[i] for i in chosen}
    near = {j for i in chosen for j in (i - 1, i + 1) if 0 <= j < len(shapes)}
    return sorted(near.union(i for i, shape in enumerate(shapes) if shape in wanted))


def own_columns(
    rows: np.ndarray,
    blocks: list[Block],
    words: list[list[str]],
    in_reading: np.ndarray,
    chosen: list[int],
) -> None:
    """Write the ``chosen`` blocks' own columns into ``rows`` (``words``: each block's ``WORD``
    tokens, ``in_reading``: the share of them the reading holds, ``reading_share``). The
    markup around each block is read a block at a time (``markup_columns``); its text's
    counts are gathered into columns and divided a column at a time, which gives the same
    floats as one block at a time (a float division is correctly rounded either way, and the
    logs are ``math.log1p``'s)."""
    groups = len(TAG_GROUP_NAMES)
    start = groups + OWN_TEXT_COLUMNS
    group, masks, depths, shape = markup_columns(blocks, chosen)
    rows[np.arange(len(chosen)), group] = 1.0
    rows[:, groups:start] = text_columns(blocks, words, in_reading, chosen, depths)
    widths = (len(CONTAINERS), 2, len(VOCABULARY), len(VOCABULARY))
    for width, column in zip(widths, masks, strict=True):
        rows[:, start : start + width] = bit_columns(column, width)
        start += width
    rows[:, start:OWN_COLUMNS] = shape


def markup_columns(
    blocks: list[Block], chosen: list[int]
) -> tuple[list[int], tuple[list[int], ...], list[int], np.ndarray]:
    """What the markup says of each chosen block: its tag group, the bit masks of its
    containers, roles and near and far vocabulary words (``PageMarkup``), its depth, and its
    shape columns (0 for the shape's count, filled in by the caller; the log of its siblings
    of its tag and of its parent's children)."""
    markup = PageMarkup()
    group, tags, roles, near, far, depths, siblings, children = ([] for _ in range(8))
    for i in chosen:
        element = blocks[i].element
        tag = element.tag
        parent = element.getparent()
        grandparent = parent.getparent() if parent is not None else None
        _, tag_bits, role_bits, depth = markup.above(parent)
        group.append(TAG_GROUPS.get(tag.lower() if isinstance(tag, str) else "", OTHER_GROUP))
        tags.append(tag_bits)
        roles.append(role_bits)
        depths.append(depth)
        far.append(markup.above(grandparent.getparent())[0] if grandparent is not None else 0)
        near.append(
            markup.own_words(element) | markup.own_words(parent) | markup.own_words(grandparent)
        )
        siblings.append(markup.tag_counts(parent)[tag] if parent is not None else 1)
        children.append(len(parent) if parent is not None else -1)
    shape = np.zeros((len(chosen), 3))
    shape[:, 1] = list(map(math.log1p, siblings))
    shape[:, 2] = [math.log1p(n) if n >= 0 else 0.0 for n in children]
    return group, (tags, roles, near, far), depths, shape


def text_columns(
    blocks: list[Block],
    words: list[list[str]],
    in_reading: np.ndarray,
    chosen: list[int],
    depths: list[int],
) -> np.ndarray:
    """The chosen blocks' columns of their text and place (``OWN_TEXT_COLUMNS``): the logs of
    their characters and words, link density, punctuation, a sentence end, digits, the share
    of capitalised words, depth, position, the reading's share, commas and full stops."""
    texts = [blocks[i].text for i in chosen]
    tokens = [words[i] for i in chosen]
    chars = np.array(list(map(len, texts)), dtype=np.float64)  # a block has text
    counts = np.array(list(map(len, tokens)), dtype=np.float64)
    marks = list(map(punctuation_and_digits, texts))
    columns = np.empty((len(chosen), OWN_TEXT_COLUMNS))
    columns[:, 0] = list(map(math.log1p, map(len, texts)))
    columns[:, 1] = list(map(math.log1p, map(len, tokens)))
    columns[:, 2] = np.minimum(np.array([blocks[i].link_chars for i in chosen]) / chars, 1.0)
    columns[:, 3] = np.array([m[0] for m in marks]) / chars
    columns[:, 4] = [bool(SENTENCE_END.search(text)) for text in texts]
    columns[:, 5] = np.array([m[1] for m in marks]) / chars
    capitals = np.array(list(map(capitalised, tokens)), dtype=np.float64)
    columns[:, 6] = np.divide(capitals, counts, out=np.zeros(len(chosen)), where=counts > 0)
    columns[:, 7] = np.array(depths, dtype=np.float64) + 1.0
    columns[:, 8] = np.array(chosen, dtype=np.float64) / len(blocks)
    columns[:, 9] = in_reading[chosen]
    columns[:, 10] = [text.count(",") for text in texts]
    columns[:, 11] = [text.count(". ") for text in texts]
    return columns


def capitalised(words: list[str]) -> int:
    """How many of the words start with an upper-case character (their initials counted by a
    deletion from their bytes when all are ASCII, as ``character_counts`` counts)."""
    return character_counts("".join(map(itemgetter(0), words)))[1]


def block_shapes(blocks: list[Block]) -> list[str]:
    """``shape_of`` each block's element, its parent's part of it made once per parent (a
    listing's hundreds of items share a few parents)."""
    above: dict[etree._Element | None, str] = {}
    shapes = []
    for block in blocks:
        parent = block.element.getparent()
        suffix = above.get(parent)
        if suffix is None:
            suffix = above[parent] = shape_above(parent)
        shapes.append(shape_part(block.element) + suffix)
    return shapes


def bit_columns(masks: list[int], width: int) -> np.ndarray:
    """Bit masks as rows of ``width`` 0/1 columns (bit k in column k)."""
    index = {mask: k for k, mask in enumerate(dict.fromkeys(masks))}
    table = np.array([[mask >> k & 1 for k in range(width)] for mask in index], dtype=np.float64)
    return table[[index[mask] for mask in masks]]


def reading_share(words: list[str], reading_words: frozenset[str]) -> float:
    """The share of a block's words (``WORD`` tokens) that the reading holds (counted by
    C-level maps: a page has thousands of blocks' words)."""
    if not words:
        return 0.0
    return sum(map(reading_words.__contains__, map(str.lower, words))) / len(words)


def context_columns(blocks: list[Block], shapes: list[str], in_reading: np.ndarray) -> np.ndarray:
    """What a block's neighbourhood says: how much of the blocks of its shape the reading holds
    and how much of the page's text they are (a thread's posts, a listing's items: a shape
    whose other instances were kept), the two neighbours' reading shares, the link density of
    the blocks that share its parent, and where its text starts in the page's characters."""
    count = len(blocks)
    columns = np.zeros((count, CONTEXT_COLUMNS))
    chars = np.array([len(b.text) for b in blocks], dtype=np.float64)
    links = np.array([b.link_chars for b in blocks], dtype=np.float64)
    shape_index = {shape: k for k, shape in enumerate(dict.fromkeys(shapes))}
    groups = np.array([shape_index[s] for s in shapes], dtype=np.intp)
    shape_blocks = np.bincount(groups)
    shape_chars = np.bincount(groups, weights=chars)
    columns[:, 0] = np.bincount(groups, weights=in_reading)[groups] / shape_blocks[groups]
    columns[:, 1] = shape_chars[groups] / chars.sum()
    columns[1:, 2] = in_reading[:-1]
    columns[:-1, 3] = in_reading[1:]
    parent_index: dict[etree._Element | None, int] = {}
    parents = np.array(
        [parent_index.setdefault(b.element.getparent(), len(parent_index)) for b in blocks],
        dtype=np.intp,
    )
    parent_chars = np.bincount(parents, weights=chars)
    columns[:, 4] = np.bincount(parents, weights=links)[parents] / parent_chars[parents]
    columns[:, 5] = (np.cumsum(chars) - chars) / chars.sum()
    columns[:, 6] = np.log1p(shape_chars[groups] / shape_blocks[groups])
    return columns


def shape_of(element: etree._Element) -> str:
    """A block's shape: its own and its nearest ancestors' tags and class names."""
    return shape_part(element) + shape_above(element.getparent())


def shape_part(element: etree._Element) -> str:
    """One element's part of a shape: its tag and class names."""
    return f"{element.tag}.{element.get('class') or ''}"


def shape_above(element: etree._Element | None) -> str:
    """The parts of a shape from a block's parent up (``SHAPE_LEVELS`` in all with the
    block's own), each after a '/'; empty for a block without a parent."""
    parts = []
    for _ in range(SHAPE_LEVELS - 1):
        if element is None:
            break
        parts.append("/" + shape_part(element))
        element = element.getparent()
    return "".join(parts)


def punctuation_and_digits(text: str) -> tuple[int, int]:
    """How many ``PUNCTUATION`` and ``DIGIT`` characters a block's text holds. An ASCII text's
    are counted as the line model counts them (``character_counts``: its ASCII digits are
    ``DIGIT``'s); others by the two searches."""
    if text.isascii():
        digits, _, punctuation = character_counts(text)
        return punctuation, digits
    return len(PUNCTUATION.findall(text)), len(DIGIT.findall(text))


@dataclass(frozen=True)
class ShippedModel:
    """The block model, its cutoff per page type that takes the block reading, and per page
    type that keeps its reading the (cutoff, words ratio) of the wider block reading."""

    forest: Forest | None
    thresholds: dict[str, float]
    wider: dict[str, tuple[float, float]]


@cache
def shipped_model() -> ShippedModel:
    """The shipped block model, or one without a forest before one is trained."""
    if not MODEL_PATH.exists():
        return ShippedModel(None, {}, {})
    spec = json.loads(MODEL_PATH.read_text("utf-8"))
    wider = {kind: (float(c), float(r)) for kind, (c, r) in spec.get("wider", {}).items()}
    return ShippedModel(Forest(spec["forest"]), dict(spec.get("thresholds", {})), wider)


def block_model() -> Forest | None:
    """The shipped block model, or None before one is trained."""
    return shipped_model().forest


def block_thresholds() -> dict[str, float]:
    """The page types (``cleaner.html.page_type``) that take the block reading, each with the
    probability a block needs to be kept. ``bench/train_blocks.py`` chooses them on the tune
    sites of wcxb-dev, scoring each page with the model trained on the other half of the tune
    sites; a type where the block reading did not beat the chosen reading by half a point of
    word F1 is left out and keeps the chosen reading."""
    return shipped_model().thresholds


def wider_readings() -> dict[str, tuple[float, float]]:
    """The page types that keep their reading unless the block reading (at the cutoff) holds
    the words ratio times its words: the reading then held one teaser of a listing, the
    header of a page whose items the model keeps (``bench/train_blocks.py`` chooses both on
    the tune sites, out of fold, as it does ``block_thresholds``)."""
    return shipped_model().wider


def block_scores(blocks: list[Block], reading: str, page_type: str | None) -> np.ndarray:
    """Each block's probability of being main content."""
    model = block_model()
    if model is None or not blocks:
        return np.zeros(len(blocks))
    raw = model.raw_scores(block_features(blocks, reading, page_type))
    return 1 / (1 + np.exp(-raw))


def block_reading(
    root: etree._Element, reading: str, page_type: str | None
) -> Callable[[float], str]:
    """The block reading at a cutoff: the blocks the model gives at least that probability, in
    page order, one a line (the page's blocks are scored once, whatever the cutoffs asked)."""
    blocks = page_blocks(root)
    scores = block_scores(blocks, reading, page_type)

    def kept(threshold: float = KEEP_THRESHOLD) -> str:
        return "\n".join(b.text for b, s in zip(blocks, scores, strict=True) if s >= threshold)

    return kept


@dataclass(frozen=True)
class TypeRule:
    """How a page type takes the block reading: blocks kept at ``cutoff`` replace the chosen
    reading (``ratio`` None: ``block_thresholds``), or replace it only when they hold
    ``ratio`` times its words (``wider_readings``); where they keep too little of it, blocks
    kept at ``retry`` are tried before the reading stands (``RETRY_CUTOFFS``)."""

    cutoff: float
    ratio: float | None = None
    retry: float | None = None


def block_rule(page_type: str | None) -> TypeRule | None:
    """The shipped rule of a page type, or None where the chosen reading always stands."""
    threshold = block_thresholds().get(page_type or "")
    if threshold is not None:
        return TypeRule(threshold, retry=RETRY_CUTOFFS.get(page_type or ""))
    wider = wider_readings().get(page_type or "")
    return TypeRule(*wider) if wider is not None else None


def ruled_reading(
    reading: str,
    rule: TypeRule | None,
    kept: Callable[[float], str],
    is_story: Callable[[], bool],
    page_words: int | None = None,
) -> str:
    """The page's text under a page type's ``rule``: the one home of the choice between the
    chosen reading and the block reading (``kept(cutoff)``), shared by the cleaner
    (``blocks_or_reading``) and the training script's choice of cutoffs. A reading that
    ``is_story`` (``is_story_reading``, asked only where a rule applies: it walks the page's
    ``<article>`` elements) stands; a page of ``page_words`` under the ratio times the
    reading's words cannot give a wider reading, so the model is not run there."""
    if rule is None or is_story():
        return reading
    if rule.ratio is None:
        text = kept(rule.cutoff)
        if rule.retry is not None and keeps_too_little(text, reading):
            text = kept(rule.retry)
        return preferred_reading(text, reading)
    needed = rule.ratio * len(reading.split())
    if page_words is not None and page_words < needed:
        return reading
    wider = kept(rule.cutoff)
    return wider if len(wider.split()) >= needed else reading


def blocks_or_reading(
    root: etree._Element,
    reading: str,
    page_type: str | None,
    page_words: int,
    seen: dict[str, str] | None = None,
) -> str:
    """The page's text: the block reading on the page types where it does better
    (``block_thresholds``), or where it holds many times the chosen reading's words
    (``wider_readings``), else (or with no model shipped, or when it keeps no block: a page
    of one short paragraph has too little for the model to go on) the chosen reading, as
    ``ruled_reading`` decides. ``page_words`` is the whole page's. A reading that is a story
    (``is_story_reading``) stands on every type. ``seen`` (when given) keeps the block reading
    as ``blocks`` where it was made, taken or not (``cleaner.validate.readings``)."""
    if block_model() is None:
        return reading

    scored: list[Callable[[float], str]] = []

    def kept(cutoff: float) -> str:
        if not scored:
            scored.append(block_reading(root, reading, page_type))
        text = scored[0](cutoff)
        if seen is not None:
            seen["blocks"] = text
        return text

    return ruled_reading(
        reading, block_rule(page_type), kept, partial(is_story_reading, root, reading), page_words
    )


def is_story_reading(root: etree._Element, reading: str) -> bool:
    """Whether the reading runs ``STORY_PROSE_WORDS`` words in long paragraphs and one
    ``<article>`` element holds ``STORY_ARTICLE_SHARE`` of its words."""
    counts = [len(line.split()) for line in reading.splitlines()]
    if sum(n for n in counts if n >= LONG_PARAGRAPH_WORDS) < STORY_PROSE_WORDS:
        return False
    words = Counter(reading.split())
    needed = STORY_ARTICLE_SHARE * sum(words.values())
    return any(
        (words & Counter(article.text_content().split())).total() >= needed
        for article in root.iter("article")
    )


def preferred_reading(kept: str, reading: str) -> str:
    """The block reading, unless it keeps under ``MIN_KEPT_SHARE`` of the chosen reading's
    words: then the model has lost the page's main text (a forum's posts, a page of one short
    paragraph) rather than trimmed it, and the chosen reading stands."""
    return reading if keeps_too_little(kept, reading) else kept


def keeps_too_little(kept: str, reading: str) -> bool:
    """Whether a block reading keeps under ``MIN_KEPT_SHARE`` of the chosen reading's words."""
    return len(kept.split()) < MIN_KEPT_SHARE * len(reading.split())
