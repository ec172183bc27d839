"""cut-before: remove everything above the first marker hit (the marker too, or not)."""

from __future__ import annotations

from typing import ClassVar

from cleaner.document import Document
from cleaner.rulebook.hits import RuleHits
from cleaner.rulebook.kinds.cut import Cut
from cleaner.rulebook.rules import Rule


class CutBefore(Cut):
    name = "cut-before"
    run_rank: ClassVar[int] = 1
    cut_side = -1

    def apply(self, doc: Document, rule: Rule, hits: RuleHits) -> None:
        found = hits.indices()
        if found:
            end = found[0] + 1 if rule.inclusive else found[0]
            doc.remove(doc.lines[:end], rule.id, rule.description)


KIND = CutBefore()
