"""cut-after: remove everything from the first marker hit to the end (the marker too, or not).

A generic rule's marker ("Most Read", "Related", "Up next") is a guess about a page nobody
described: when the story goes on right after the block it heads (a "Most Read" box inside the
story), the hit is passed over for the next one (``story_resumes``). A site rule's marker was
written for its site and is always followed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from cleaner.document import Document, Line
from cleaner.rulebook.hits import RuleHits
from cleaner.rulebook.kinds.cut import Cut
from cleaner.rulebook.rules import Rule
from cleaner.text import is_prose, word_count

GENERIC_PREFIX = "generic."
"""The id prefix of the rules of the bundled generic files."""
RESUME_WINDOW = 12
"""Lines after a generic marker within which the story may resume: a box of teasers (a few
headlines with their bylines or dates) and a sub-heading."""
RESUME_MIN_WORDS = 120
"""Words of consecutive prose that say the story resumed: several paragraphs, not a teaser's
one-sentence summary. On the tune sites' crude dumps (``bench/generic_dumps.py``), passing
such hits over raised word F1 on wcxb-dev's articles from 0.912 to 0.916 and on
trafilatura-eval from 0.849 to 0.850 (a "Most Read" or "Up next" box had cut the rest of the
story), and left big9's unchanged."""


class CutAfter(Cut):
    name = "cut-after"
    run_rank: ClassVar[int] = 2
    cut_side = 1

    def apply(self, doc: Document, rule: Rule, hits: RuleHits) -> None:
        found = hits.indices()
        found = [i for i in found if not self.passes_over(rule, doc.lines, i)]
        if found:
            start = found[0] if rule.inclusive else found[0] + 1
            doc.remove(doc.lines[start:], rule.id, rule.description)

    def passes_over(self, rule: Rule, lines: Sequence[Line], index: int) -> bool:
        return rule.id.startswith(GENERIC_PREFIX) and (
            story_resumes(lines, index) or story_below(lines, index)
        )


def story_below(lines: Sequence[Line], marker: int) -> bool:
    """Whether more words of prose stand below the ``marker`` than above it: a menu's
    "More topics" above the story, not a teaser box under it."""
    above = sum(word_count(line.text) for line in lines[:marker] if is_prose(line.text))
    below = sum(word_count(line.text) for line in lines[marker + 1 :] if is_prose(line.text))
    return below > above


def story_resumes(lines: Sequence[Line], marker: int) -> bool:
    """Whether ``RESUME_MIN_WORDS`` words of consecutive prose lines start within
    ``RESUME_WINDOW`` lines after the ``marker``."""
    run = 0
    for line in lines[marker + 1 : marker + 1 + RESUME_WINDOW]:
        if is_prose(line.text):
            run += word_count(line.text)
            if run >= RESUME_MIN_WORDS:
                return True
        else:
            run = 0
    # a run that started inside the window may end past it
    for line in lines[marker + 1 + RESUME_WINDOW :]:
        if run == 0 or not is_prose(line.text):
            break
        run += word_count(line.text)
    return run >= RESUME_MIN_WORDS


KIND = CutAfter()
