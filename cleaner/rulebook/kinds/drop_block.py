"""drop-block: remove each span from a start marker to the next end marker (``until*``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from cleaner.document import Document, Line
from cleaner.rulebook.checks import RuleTable
from cleaner.rulebook.hits import RuleHits
from cleaner.rulebook.kinds.base import INCLUSIVE_SCHEMA, OwnKeys, RuleKind, inclusive_key
from cleaner.rulebook.rules import Matcher, Rule

UNTIL_KEYS = ("until", "until_contains", "until_pattern")


@dataclass(slots=True)
class BlockRule(Rule):
    """A block: its end marker, and whether both marker lines go with it."""

    until: Matcher | None = None
    inclusive: bool = True


class DropBlock(RuleKind):
    name = "drop-block"
    key_schemas: ClassVar[dict[str, dict[str, Any]]] = {
        **INCLUSIVE_SCHEMA,
        "until": {"$ref": "#/$defs/strings"},
        "until_contains": {"$ref": "#/$defs/strings"},
        "until_pattern": {"type": "string", "minLength": 1},
    }
    required_schema: ClassVar[dict[str, Any] | None] = {
        "anyOf": [{"required": [key]} for key in UNTIL_KEYS]
    }
    own_keys = OwnKeys(UNTIL_KEYS, "until", "'until*' is only for 'drop-block'")
    run_rank: ClassVar[int] = 3
    ends_count = True

    def check(self, table: RuleTable, marker: Matcher | None) -> dict[str, Any] | None:
        until = table.matcher(UNTIL_KEYS)
        return None if until is None else {"until": until, **inclusive_key(table)}

    def build(self, fields: dict[str, Any], extra: dict[str, Any]) -> Rule:
        return BlockRule(**fields, **extra)

    def apply(self, doc: Document, rule: Rule, hits: RuleHits) -> None:
        """An unclosed span stays: without its end the block may be the story."""
        doomed: list[Line] = []
        starts = set(hits.indices())
        i = 0
        while i < len(doc.lines):
            if i in starts:
                end = next((j for j in range(i + 1, len(doc.lines)) if hits.ends_at(j)), None)
                if end is not None:
                    doomed.extend(
                        doc.lines[i : end + 1] if rule.inclusive else doc.lines[i + 1 : end]
                    )
                    i = end
            i += 1
        doc.remove(doomed, rule.id, rule.description)

    def residual_line(self, rule: Rule, index: int, count: int) -> int | None:
        """A non-inclusive block's markers are body: a hit on one condemns nothing."""
        return index if rule.inclusive else None


KIND = DropBlock()
