"""drop: remove every line the rule's marker matches."""

from __future__ import annotations

from typing import ClassVar

from cleaner.document import Document
from cleaner.rulebook.hits import RuleHits
from cleaner.rulebook.kinds.base import RuleKind
from cleaner.rulebook.rules import Rule


class Drop(RuleKind):
    name = "drop"
    run_rank: ClassVar[int] = 4
    judges_lines = True
    names_labels = True

    def apply(self, doc: Document, rule: Rule, hits: RuleHits) -> None:
        doc.remove([doc.lines[i] for i in hits.indices()], rule.id, rule.description)


KIND = Drop()
