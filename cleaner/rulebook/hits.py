"""What a rule kind acts on: the lines of a document one rule's markers hit.

The engine scans a document's lines once per rule file (``scan.Scanner``) and hands each rule
its hits. Lines change while a file's rules run (a cut removes lines, a trim rewrites one), so
hits are kept as the lines themselves and turned into positions when a kind asks: a removed
line drops out, and a rewritten line is not seen again by the same file's rules in this pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cleaner.document import Document, Line
from cleaner.rulebook.rules import RegexTimeout, Rule
from cleaner.rulebook.scan import TIMED_OUT, Scanner
from cleaner.zones import Zones


@dataclass(slots=True)
class RuleHits:
    """One rule's marker hits in a document, in document order, and where it timed out."""

    doc: Document
    rule: Rule
    scanner: Scanner
    until_probe: int | None = None
    marked: list[Line] = field(default_factory=list)
    timed_out: list[Line] = field(default_factory=list)

    def indices(self) -> list[int]:
        """Positions in ``doc.lines`` of the marked lines still there, within the rule's zone.

        Raises RegexTimeout when the marker timed out on a line still in the body.
        """
        for line in self.timed_out:
            if not line.gone:
                raise RegexTimeout(self.rule.id, line.text)
        matched = [line for line in self.marked if not line.gone]
        if not matched:
            return []
        position = {id(line): index for index, line in enumerate(self.doc.lines)}
        hits = [position[id(line)] for line in matched]
        if self.rule.zone != "any":
            zones = Zones.of(self.doc.lines)
            hits = [i for i in hits if zones.contains(self.rule.zone, i)]
        return hits

    def ends_at(self, index: int) -> bool:
        """Whether the rule's end marker matches ``doc.lines[index]``; raises RegexTimeout."""
        if self.until_probe is None:
            return False
        text = self.doc.lines[index].text
        state = self.scanner.status(text, self.until_probe)
        if state is TIMED_OUT:
            raise RegexTimeout(self.rule.id, text)
        return state is not None
