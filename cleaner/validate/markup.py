"""What an HTML page's own markup says of the kept lines: how much of the body the block
classifier reads as outside the main content, and how much of it is link text.

The most common very bad body that the text alone cannot tell from a good one is the whole
story plus other blocks: other stories' teasers with their paragraphs, related boxes, a
listing's items. Each of those lines reads as prose, but the page's markup still knows them:
they stand in repeated link-bearing teaser shapes, beside navigation containers, and the block
classifier (``cleaner.html.blocks``, trained on the tune sites of wcxb-dev) gives them a low
probability of being main content. ``markup_evidence`` matches the body's lines to the page's
blocks and gives the kept words' mean probability of not being main content, the share of kept
words in blocks that are mostly link text, and the kept lines judged outside the content as
evidence. ``markup_adjusted`` lowers the raw quality estimate by them (their weights fitted
on the tune sites' HTML pages, ``bench/fit_verdicts.py``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from cleaner.text import normalize, word_count
from cleaner.validate.context import LOW, Context, Finding

if TYPE_CHECKING:
    from cleaner.document import Document
    from cleaner.html.blocks import Block

BLOCK_JUNK_WEIGHT = 2.0
LINK_TEXT_WEIGHT = 0.6
"""How far the kept words' block-junk probability and their link-text share lower the raw
estimate's log-odds: the weights of a logistic regression of bad pages (true word F1 < 0.9)
against good ones (>= 0.95) on the tune sites' HTML pages, given the raw estimate's log-odds
(whose weight, about 2, they are divided by). On held-apart sites it raised the area under
the curve of bad against good from 0.885 to 0.898 (very bad, F1 < 0.7: 0.911 to 0.927)."""
BLOCK_JUNK_KNEE = 0.3
BLOCK_JUNK_EXCESS_WEIGHT = 4.0
"""How far each share of block-junk probability over the knee lowers the log-odds further: a
body of which the classifier reads more than this much as outside the content is more often a
wrong block or a page of other blocks than the linear weight says (on the tune sites' HTML
pages from 0.3 up: 8 good pages against 80 bad, 17 of them passing). Chosen on the tune sites'
outcomes (``bench/verdicts.py --save``) among weights 2, 4, 8 and knees 0.2, 0.25, 0.3, as the
one that failed the most bad tune pages with the shipped calibration while its good tune pages
that fail stayed within the fit's 2% budget (very bad 72.5% to 75.1%, bad 55.0% to 56.3%, good
1.9% to 2.0%); held apart, with the same calibration, very bad pages that fail rose from 73.7%
to 74.6% and bad ones from 54.8% to 55.5%, good ones 2.6% to 2.6%. The knee 0.2 caught more
tune pages (77.5%, 58.2%) but failed 2.2% of the good ones."""
LINK_BLOCK_SHARE = 0.5
"""A block with more than this share of its characters in links is link text (a teaser's
headline, a menu item, a 'related' entry)."""
BLOCK_JUNK_PROBABILITY = 0.5
"""A kept block the classifier gives less than this probability of being main content is
shown as evidence (the classifier's own cutoff, ``blocks.KEEP_THRESHOLD``)."""
MATCH_MIN_WORDS = 4
"""A block of this many words found inside a body line is kept (extractors join blocks into
one line); a shorter one ('News', 'By') turns up inside any body by chance."""
EVIDENCE_LINES = 5
"""Kept lines shown as the markup's evidence, heaviest first."""
EVIDENCE_MIN_WORDS = 3
"""A kept block of fewer words moves no share: not shown."""
RAW_FLOOR = 1e-4
"""The raw estimate is kept off 0 and 1 before its log-odds are taken."""
MARKUP_JUNK_CODE = "markup-junk"
"""A kept line the block classifier reads as outside the page's main content (a note)."""


@dataclass(slots=True)
class MarkupEvidence:
    """The page markup's view of the kept words (shares of the kept words, 0..1)."""

    block_junk: float
    """Kept words weighted by the classifier's probability of not being main content."""
    link_text: float
    """Kept words in blocks that are mostly link text (LINK_BLOCK_SHARE)."""
    evidence: list[Finding] = field(default_factory=list)


def markup_adjusted(raw: float, block_junk: float | None, link_text: float | None) -> float:
    """The raw estimate lowered by the markup's evidence (unchanged without it): on the
    log-odds, linearly in both shares and further for block junk over BLOCK_JUNK_KNEE."""
    if block_junk is None or link_text is None:
        return raw
    bounded = min(max(raw, RAW_FLOOR), 1.0 - RAW_FLOOR)
    odds = math.log(bounded / (1.0 - bounded))
    odds -= BLOCK_JUNK_WEIGHT * block_junk + LINK_TEXT_WEIGHT * link_text
    odds -= BLOCK_JUNK_EXCESS_WEIGHT * max(block_junk - BLOCK_JUNK_KNEE, 0.0)
    return 1.0 / (1.0 + math.exp(-odds))


def markup_evidence(ctx: Context, page: Document, page_type: str) -> MarkupEvidence | None:
    """The block classifier's and the link density's view of the body's kept lines on the
    HTML page ``page`` (its blocks as extraction read them, ``document_blocks``: the page is
    not parsed again); None when the page does not parse, has no blocks or no classifier is
    shipped, or the body matches no block."""
    from cleaner.html.blocks import block_model, document_blocks

    if block_model() is None or not ctx.lines:
        return None
    blocks = document_blocks(page)
    if not blocks:
        return None
    kept = kept_blocks([b.text for b in blocks], ctx)
    if not kept:
        return None
    reading = "\n".join(line.text for line in ctx.lines)
    chosen = [blocks[i] for i in kept]
    probability = dict(zip(kept, kept_probabilities(blocks, kept, reading, page_type), strict=True))
    counts = [word_count(b.text) for b in chosen]
    words = sum(counts) or 1
    junk = {i: count * (1.0 - probability[i]) for i, count in zip(kept, counts, strict=True)}
    linked = sum(
        count for b, count in zip(chosen, counts, strict=True)
        if b.link_chars > LINK_BLOCK_SHARE * len(b.text)
    )  # fmt: skip
    outside = [i for i in kept if probability[i] < BLOCK_JUNK_PROBABILITY]
    evidence = junk_evidence(ctx, [(blocks[i].text, junk[i]) for i in outside])
    return MarkupEvidence(float(sum(junk.values())) / words, linked / words, evidence)


def kept_probabilities(
    blocks: list[Block], kept: list[int], reading: str, page_type: str
) -> np.ndarray:
    """The block classifier's probability of being main content for the ``kept`` blocks only
    (``blocks.block_features`` row by row for them is most of its cost; the page-wide columns
    still read every block, as the model reads them)."""
    from cleaner.html.blocks import block_features, block_model

    model = block_model()
    assert model is not None  # markup_evidence asks first
    return 1 / (1 + np.exp(-model.raw_scores(block_features(blocks, reading, page_type, kept))))


def kept_blocks(texts: list[str], ctx: Context) -> list[int]:
    """Indices of the page's blocks the body holds: as a whole line, or for a block of
    MATCH_MIN_WORDS or more inside a body line."""
    whole = {normalize(line.text) for line in ctx.lines}
    joined = "\n".join(whole)
    found = []
    for i, text in enumerate(texts):
        key = normalize(text)
        if key and (key in whole or (word_count(text) >= MATCH_MIN_WORDS and key in joined)):
            found.append(i)
    return found


def junk_evidence(ctx: Context, weighted: list[tuple[str, float]]) -> list[Finding]:
    """The EVIDENCE_LINES heaviest kept blocks judged outside the content, as notes on the
    body lines that hold them."""
    heaviest = sorted(weighted, key=lambda item: -item[1])[:EVIDENCE_LINES]
    found = []
    for text, weight in heaviest:
        if word_count(text) < EVIDENCE_MIN_WORDS:
            continue
        key = normalize(text)
        line = next((line for line in ctx.lines if key in normalize(line.text)), None)
        if line is None:
            continue
        message = (
            f"kept, but the page's markup reads it as outside its main content (~{round(weight)} "
            "words)"
        )
        found.append(Finding(MARKUP_JUNK_CODE, line.number, line.text, "markup", LOW, message,
                             line.original))  # fmt: skip
    return found
