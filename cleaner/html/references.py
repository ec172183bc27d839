"""Texts a page holds of its own main content, to compare the cleaned body with.

Many pages say what their story is twice: schema.org JSON-LD carries the story's text in
``articleBody`` (``text`` for a forum post or a review), and the markup wraps it in one
``<article>`` or ``<main>`` element. Neither is the gold answer (``articleBody`` is sometimes
a teaser, an ``<article>`` holds share bars and bylines, ``<main>`` a page's side blocks), but
a body that shares few words with a full-length ``articleBody`` lost story or kept another
one. ``reference_scores`` gives the bag-of-words precision and recall of the body against the
best reference the page has; the verdict keeps them in its basis.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import lxml.etree as etree
import regex

from cleaner.html.parse import PageError, parse_html

LD_SCRIPTS = etree.XPath("//script[@type='application/ld+json']/text()")
ARTICLE_ELEMENTS = etree.XPath("//article")
MAIN_ELEMENTS = etree.XPath("//main | //*[@role='main']")
TOKEN = regex.compile(r"\w+")
LD_TEXT_KEYS = ("articleBody", "text")
CODE_TAGS = frozenset(("script", "style", "noscript", "template"))
"""Elements whose own text is code or markup, not the reference's words."""
REFERENCE_MIN_WORDS = 50
"""A reference shorter than this is a teaser or a summary, not the story to compare with."""
REFERENCE_KINDS = ("ld", "article", "main")
"""The references in the order they are trusted: the page's stated text, its one article
element, its main element."""


@dataclass(frozen=True, slots=True)
class Reference:
    """One reference text of a page, as a bag of lower-cased word tokens, and the text itself
    (the stated route reads its words in order, ``cleaner.html.cascade``)."""

    kind: str
    tokens: Counter[str]
    text: str


def tokens_of(text: str) -> Counter[str]:
    return Counter(TOKEN.findall(text.lower()))


@lru_cache(maxsize=4)
def page_reference(raw: str) -> Reference | None:
    """``tree_reference`` of a page given as markup, for a Document that was never extracted
    (remembered for a few pages: the repair stage judges one page up to three times)."""
    try:
        tree = parse_html(raw)
    except PageError:
        return None
    return tree_reference(tree)


def tree_reference(tree: etree._Element) -> Reference | None:
    """The most trusted reference of REFERENCE_MIN_WORDS or more words a page holds, or None.
    Reads ``tree`` without changing it, so extraction can ask before it prunes the tree."""
    for kind in REFERENCE_KINDS:
        text = reference_text(tree, kind)
        if text:
            found = tokens_of(text)
            if sum(found.values()) >= REFERENCE_MIN_WORDS:
                return Reference(kind, found, text)
    return None


def reference_text(tree: etree._Element, kind: str) -> str:
    if kind == "ld":
        return ld_text(tree)
    elements = ARTICLE_ELEMENTS(tree) if kind == "article" else MAIN_ELEMENTS(tree)
    if len(elements) != 1:  # several articles: a listing's teasers or a story and its comments
        return ""
    return text_without_code(elements[0])


def text_without_code(element: etree._Element) -> str:
    """The element's ``text_content()`` less the own text of the ``CODE_TAGS`` elements in it
    (their tails are page text; a comment's text is none), read in place: the page's tree
    stays whole for extraction, and no copy of the element is made (a copy cost about a
    millisecond on an article)."""
    parts: list[str] = []
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if event == "start":
            if node.text and isinstance(node.tag, str) and node.tag not in CODE_TAGS:
                parts.append(node.text)
        elif node.tail and node is not element:
            parts.append(node.tail)
    return "".join(parts)


def ld_text(tree: etree._Element) -> str:
    """The longest ``articleBody``/``text`` string in the page's JSON-LD."""
    best = ""
    for item in ld_objects(tree):
        for key in LD_TEXT_KEYS:
            text = item.get(key)
            if isinstance(text, str) and len(text) > len(best):
                best = text
    return best


def ld_objects(tree: etree._Element) -> Iterator[dict]:
    """Every JSON object in the page's JSON-LD scripts, nested ones too (a script that does
    not parse is skipped)."""
    for script in LD_SCRIPTS(tree):
        try:
            stack = [json.loads(str(script))]
        except ValueError:
            continue
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                yield item
                stack += list(item.values())
            elif isinstance(item, list):
                stack += item


def reference_scores(body: str, reference: Reference) -> tuple[float, float]:
    """(precision, recall) of the body's words against the reference's."""
    return bag_scores(tokens_of(body), reference.tokens)


def bag_scores(got: Counter[str], want: Counter[str]) -> tuple[float, float]:
    """(precision, recall) of one bag of words against another (0 for an empty side)."""
    overlap = sum((got & want).values())
    total_got, total_want = sum(got.values()), sum(want.values())
    return (overlap / total_got if total_got else 0.0, overlap / total_want if total_want else 0.0)
