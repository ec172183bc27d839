"""Customer reviews on a product page: the lines of the page's reading that a review section holds.

A shop's product page shows its buyers' reviews below the description and specifications.
trafilatura reads them as the page's text, while what a product page is about is the product:
on the tune part of wcxb-dev, of the words in elements whose class, id or ``itemprop`` names a
review, a tenth are in the gold's main text of product pages (three quarters on articles, where
a 'review' is the story). Pruning the sections before trafilatura read the page moved its choice
of container elsewhere (product pages, word F1 0.668 -> 0.656); dropping the lines of its
reading that come from them leaves that choice alone (0.668 -> 0.676 with testimonials kept,
``TESTIMONIAL_NAME``; held apart 0.541 -> 0.561; bench/README.md, "How the reading is chosen,
and why"). A shop's pages typed collection lose them too, from the block classifier's reading
as well (``REVIEW_TYPES``): a product page among many prices is typed so.
"""

from __future__ import annotations

import lxml.etree as etree
import regex

from cleaner.html.blocks import page_blocks
from cleaner.html.prune import outermost
from cleaner.text import squash_whitespace

REVIEW_NAME = regex.compile(r"(?<![a-z])reviews?(?![a-z])", regex.I)
"""A class, id or ``itemprop`` naming a review section ('product-reviews', 'review_module',
'itemprop=review'), not a preview ('preview-card') or a word inside another name."""
TESTIMONIAL_NAME = regex.compile(r"testimonial", regex.I)
"""A section named for testimonials as well ('testimonial-card home-review-card') holds the
business's own choice of quotes, which its page is made of: on the tune part both review
sections whose lines the gold kept were named so (a course page's, a pest controller's)."""
REVIEW_TYPES = frozenset(("product", "collection"))
"""The page types (``cleaner.html.page_type``) whose reading loses its review lines. Pages typed
collection too: a shop's product page with many prices around it is typed so and read by the
block classifier, which kept its customer reviews (an Amazon page: word F1 0.44 -> 0.94 without
them). On the tune sites of wcxb-dev 12 pages changed, products 0.698 -> 0.706, collections
0.709 -> 0.707 (a best-sellers carousel named for its reviews); held apart 5 pages, products
0.566 -> 0.569, collections 0.661 -> 0.664."""
REVIEW_MAX_SHARE = 0.5
"""A review section is a small part of the page: an element holding this share of the body's
words is the page itself (a review site's product page), whatever its class says."""
MIN_PART_WORDS = 4
"""A reading's line of this many words is dropped when a review section's text holds it (its
paragraphs break at ``<br>``, the section's blocks do not); a shorter line only when it is a
whole block of one (a 'Reviews' heading that also titles the page's own tab stays)."""


def without_reviews(tree: etree._Element, text: str) -> str:
    """``text`` (the page's reading, one block a line) without the lines that come from the
    page's review sections (``REVIEW_NAME``, under ``REVIEW_MAX_SHARE`` of the page)."""
    sections = review_sections(tree)
    if not sections:
        return text
    blocks = {squash_whitespace(b.text).strip() for s in sections for b in page_blocks(s)}
    blocks.discard("")
    joined = "\n".join(blocks)
    kept = []
    for line in text.split("\n"):
        squashed = squash_whitespace(line).strip()
        from_reviews = squashed in blocks or (
            len(squashed.split()) >= MIN_PART_WORDS and squashed in joined
        )
        if not from_reviews:
            kept.append(line)
    return "\n".join(kept)


def review_sections(tree: etree._Element) -> list[etree._Element]:
    """The outermost elements named as reviews, each under ``REVIEW_MAX_SHARE`` of the body."""
    marked = [e for e in tree.iter() if isinstance(e.tag, str) and names_review(e)]
    if not marked:
        return []
    quoted = {e for e in marked if TESTIMONIAL_NAME.search(element_names(e))}
    marked = [e for e in marked if not (quoted & {e, *e.iterancestors()})]
    body = tree.find("body")
    page_words = len((body if body is not None else tree).text_content().split())
    return [
        e
        for e in outermost(marked)
        if len(e.text_content().split()) < REVIEW_MAX_SHARE * page_words
    ]


def names_review(element: etree._Element) -> bool:
    """Whether an element's class, id or ``itemprop`` names a review (``REVIEW_NAME``)."""
    if element.tag in ("html", "head", "body"):
        return False
    return REVIEW_NAME.search(element_names(element)) is not None


def element_names(element: etree._Element) -> str:
    """An element's id, class and ``itemprop`` values, space-separated."""
    return " ".join(element.get(key) or "" for key in ("id", "class", "itemprop"))
