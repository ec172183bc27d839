"""Body-region finder: keep the best-scoring contiguous run of lines, drop the chrome around it.

Prose lines score up, junk-like lines score down; the maximum-sum run is the story. A line's
score depends on the line itself and on how often the page repeats it, never on its
neighbours. Removing lines can only lower a repeat count, so it can only raise scores: the run
found in a cleaned text is the whole text again, and cleaning stays idempotent.

The signals, each one a named constant below:
- a prose line earns its words beyond ``REGION_PROSE_OFFSET``: story paragraphs are long,
  teaser snippets under a related-story headline are one short sentence;
- every other line costs ``REGION_JUNK_PENALTY``, the price of bridging a sub-heading or a
  caption inside the story;
- a line the page repeats ``REGION_REPEAT_MIN`` times or more ("Like", "Remove", "AFP", "View
  gallery") is a template's, and costs ``REGION_REPEAT_PENALTY`` more;
- a line in the vocabulary of site furniture (cookies, newsletters, copyright, sign-in) is junk
  however long and well punctuated it is.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from cleaner.document import Document
from cleaner.linemodel.features import TIMESTAMP, is_furniture
from cleaner.text import (
    LINE_CACHE_SIZE,
    ends_like_sentence,
    is_dateline,
    is_prose,
    lowercase_ratio,
    normalize,
    word_count,
)

REGION_JUNK_PENALTY = 4.0
"""Score of a non-prose line: the cost of bridging one chrome line inside the story."""
REGION_PROSE_CAP = 30
"""Words beyond this add nothing: one huge paragraph (a comment, a legal notice) is not a story."""
REGION_PROSE_OFFSET = 8
"""Words a prose line must have before it scores up; a one-sentence teaser snippet barely does."""
REGION_REPEAT_MIN = 3
"""A line seen this many times in the page is template furniture, not a sub-heading."""
REGION_REPEAT_PENALTY = 4.0
REGION_SHAPE_PENALTY = 4.0
"""Extra cost of a short date/time line or a title-case headline: each teaser in a list has one."""
REGION_SHAPE_MAX_WORDS = 10
"""A date/time line longer than this is a sentence that mentions a date."""
REGION_SECONDARY_SHARE = 0.25
"""A second run of prose is kept when it scores at least this share of the best run."""


@lru_cache(maxsize=LINE_CACHE_SIZE)
def line_score(text: str, repeats: int = 1) -> float:
    """How much ``text`` says "story here"; ``repeats`` is how often the page has the line."""
    penalty = REGION_REPEAT_PENALTY if repeats >= REGION_REPEAT_MIN else 0.0
    if is_prose(text) and not is_furniture(text):
        return min(word_count(text), REGION_PROSE_CAP) - REGION_PROSE_OFFSET - penalty
    if is_teaser_shaped(text):
        penalty += REGION_SHAPE_PENALTY
    return -REGION_JUNK_PENALTY - penalty


def is_teaser_shaped(text: str) -> bool:
    """A short date/time line, or a title-case headline without a full stop."""
    count = word_count(text)
    if count <= REGION_SHAPE_MAX_WORDS and TIMESTAMP.search(text):
        return True
    return count >= 3 and lowercase_ratio(text) < 0.5 and not ends_like_sentence(text)


def line_scores(texts: list[str]) -> list[float]:
    """Scores of a page's lines, each from the line and the page's count of it."""
    keys = [normalize(text) for text in texts]
    counts = Counter(keys)
    return [line_score(text, counts[key]) for text, key in zip(texts, keys, strict=True)]


def best_region(scores: list[float]) -> tuple[int, int] | None:
    """The contiguous run with the highest total (ties: the earliest, then the shortest)."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def story_regions(scores: list[float], share: float = REGION_SECONDARY_SHARE) -> list[int]:
    """Indices of the lines in the best run and in every run outside it worth ``share`` of it.

    A story cut in two by a block of chrome (a job board, a gallery, an ad slot) has two runs
    of prose; a teaser list rarely comes near the story's own total.
    """
    span = best_region(scores)
    if span is None:
        return []
    threshold = share * sum(scores[span[0] : span[1] + 1])
    kept: list[int] = []
    pending = [(0, len(scores))]
    while pending:
        low, high = pending.pop()
        found = best_region(scores[low:high])
        if found is None:
            continue
        start, end = found[0] + low, found[1] + low
        if sum(scores[start : end + 1]) < threshold:
            continue
        kept.extend(range(start, end + 1))
        pending.extend([(low, start), (end + 1, high)])
    return sorted(kept)


def keep_best_region(doc: Document) -> None:
    """Keep the story's runs of prose; chrome before, between and after them goes.

    A dateline just before a run belongs to the story and stays. With no prose at all
    the document is left as it is: there is nothing to tell body from chrome.
    """
    kept = set(story_regions(line_scores([line.text for line in doc.lines])))
    if not kept:
        return
    for index in sorted(kept):
        if index > 0 and index - 1 not in kept and is_dateline(doc.lines[index - 1].text):
            kept.add(index - 1)
    doomed = [line for i, line in enumerate(doc.lines) if i not in kept]
    doc.remove(doomed, "generic.region", "outside the story's runs of prose")
