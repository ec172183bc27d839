"""What the two cuts share: the ``inclusive`` key and the rule that carries it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from cleaner.rulebook.checks import RuleTable
from cleaner.rulebook.kinds.base import INCLUSIVE_SCHEMA, RuleKind, inclusive_key
from cleaner.rulebook.rules import Matcher, Rule


@dataclass(slots=True)
class CutRule(Rule):
    """A cut: ``inclusive`` says whether the marker line goes with the cut side."""

    inclusive: bool = True


class Cut(RuleKind):
    """A cut at the first marker hit; ``cut_side`` says which side of it goes."""

    key_schemas: ClassVar[dict[str, dict[str, Any]]] = INCLUSIVE_SCHEMA

    def check(self, table: RuleTable, marker: Matcher | None) -> dict[str, Any] | None:
        return inclusive_key(table)

    def build(self, fields: dict[str, Any], extra: dict[str, Any]) -> Rule:
        return CutRule(**fields, **extra)

    def residual_line(self, rule: Rule, index: int, count: int) -> int | None:
        """A non-inclusive cut's marker is body: its neighbour on the cut side is the junk."""
        if rule.inclusive:
            return index
        neighbour = index + self.cut_side
        return neighbour if 0 <= neighbour < count else None
