"""cut-after: remove everything from the first marker hit to the end (the marker too, or not)."""

from __future__ import annotations

from typing import ClassVar

from cleaner.document import Document
from cleaner.rulebook.hits import RuleHits
from cleaner.rulebook.kinds.cut import Cut
from cleaner.rulebook.rules import Rule


class CutAfter(Cut):
    name = "cut-after"
    run_rank: ClassVar[int] = 2
    cut_side = 1

    def apply(self, doc: Document, rule: Rule, hits: RuleHits) -> None:
        found = hits.indices()
        if found:
            start = found[0] if rule.inclusive else found[0] + 1
            doc.remove(doc.lines[start:], rule.id, rule.description)


KIND = CutAfter()
