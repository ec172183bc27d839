"""Body-region finder: keep the best-scoring contiguous run of lines, drop the chrome around it.

Prose lines score up, junk-like lines score down; the maximum-sum run is the story. Scores are
per line, so the run found in a cleaned text is the whole text again (cleaning is idempotent).
"""

from __future__ import annotations

from cleaner.document import Document
from cleaner.text import is_dateline, is_prose, word_count

REGION_JUNK_PENALTY = 4.0
"""Score of a non-prose line in the region finder: the cost of bridging one chrome line."""
REGION_PROSE_CAP = 40


def line_score(text: str) -> float:
    if is_prose(text):
        return float(min(word_count(text), REGION_PROSE_CAP))
    return -REGION_JUNK_PENALTY


def best_region(scores: list[float]) -> tuple[int, int] | None:
    """The contiguous run with the highest total (ties: the earliest, then the longest)."""
    best, best_span = 0.0, None
    total, start = 0.0, 0
    for i, score in enumerate(scores):
        if total <= 0:
            total, start = 0.0, i
        total += score
        if total > best:
            best, best_span = total, (start, i)
    return best_span


def keep_best_region(doc: Document) -> None:
    """Keep the best-scoring run of lines; chrome before and after it goes.

    A dateline just before the run belongs to the story and stays. With no prose at all
    the document is left as it is: there is nothing to tell body from chrome.
    """
    span = best_region([line_score(line.text) for line in doc.lines])
    if span is None:
        return
    start, end = span
    if start > 0 and is_dateline(doc.lines[start - 1].text):
        start -= 1
    doomed = doc.lines[:start] + doc.lines[end + 1 :]
    doc.remove(doomed, "generic.region", "outside the story's main run of prose")
