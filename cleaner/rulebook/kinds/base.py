"""What every rule kind provides: its keys, compile, apply, its examples check, validator facts.

A kind is an instance of a ``RuleKind`` subclass in its own module of this package. The loader
checks the keys every rule shares and then asks the kind (``check``) for its own; the engine asks
it to ``apply`` a compiled rule to the lines the rule's marker hit; the examples check asks
whether it ``catches`` a line; the validator asks the facts below (``residual_*``,
``names_labels``, ``judges_lines``) instead of testing kind names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from cleaner.document import Document, Line
from cleaner.rulebook.checks import RuleTable
from cleaner.rulebook.hits import RuleHits
from cleaner.rulebook.rules import Matcher, Rule


@dataclass(frozen=True, slots=True)
class OwnKeys:
    """Keys only one kind accepts: naming them in a rule of another kind is an error."""

    keys: tuple[str, ...]
    anchor: str
    """The key whose line the error points at."""
    message: str
    """Said after ``rule '<id>': ``."""


class RuleKind:
    """One kind of rule. Subclasses set the class attributes and override what differs."""

    name: ClassVar[str]
    key_schemas: ClassVar[dict[str, dict[str, Any]]] = {}
    """The TOML keys this kind accepts beyond those every rule has, each with its JSON Schema
    (``cleaner.rulebook.schema`` writes rules/schema.json from them)."""
    required_schema: ClassVar[dict[str, Any] | None] = None
    """What a rule of this kind must have, as JSON Schema (a trim needs a ``pattern``)."""
    own_keys: ClassVar[OwnKeys | None] = None
    run_rank: ClassVar[int]
    """Where the kind runs within a rule file (lowest first): metadata is read before a rule
    removes its line, cuts run before blocks, drops and inline trims."""
    judges_lines: ClassVar[bool] = False
    """Its removals are judgements of one line each (drop, meta, trim), trusted as junk; a cut
    or a block condemns a span, story and all when its marker is misplaced."""
    names_labels: ClassVar[bool] = False
    """A hit on a short label outside the rule's zone still counts as residual junk."""
    residual_inline: ClassVar[bool] = False
    """A leftover hit is junk inside a line (medium), not a junk line (high)."""
    cut_side: ClassVar[int] = 0
    """+1: everything below the marker is junk too; -1: everything above; 0: neither."""
    ends_count: ClassVar[bool] = False
    """An end-marker hit condemns its line (an inclusive block's end)."""

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(self.key_schemas)

    def check(self, table: RuleTable, marker: Matcher | None) -> dict[str, Any] | None:
        """Check this kind's own keys; return its compiled fields, or None on a problem."""
        return {}

    def build(self, fields: dict[str, Any], extra: dict[str, Any]) -> Rule:
        """The compiled rule from the shared ``fields`` and this kind's ``extra``."""
        return Rule(**fields, **extra)

    def apply(self, doc: Document, rule: Rule, hits: RuleHits) -> None:
        raise NotImplementedError

    def catches(self, rule: Rule, line: str) -> bool:
        """Whether the rule acts on ``line`` on its own: how its examples are judged."""
        return rule.marker.matches(line)

    def counts_as_residual(self, rule: Rule) -> bool:
        """Whether a hit on a cleaned body means junk was left (a read-only meta rule: no)."""
        return True

    def residual_line(self, rule: Rule, index: int, count: int) -> int | None:
        """The line a marker hit at ``index`` condemns among ``count`` lines (None: none)."""
        return index

    def passes_over(self, rule: Rule, lines: Sequence[Line], index: int) -> bool:
        """Whether a marker hit at ``index`` of ``lines`` is no hit after all, for cleaning
        and the validator alike (a generic cut-after's marker the story resumes after)."""
        return False


INCLUSIVE_SCHEMA: dict[str, Any] = {"inclusive": {"type": "boolean"}}
"""The ``inclusive`` key of cuts and blocks."""


def inclusive_key(table: RuleTable) -> dict[str, Any]:
    """The ``inclusive`` key of cuts and blocks: whether the marker line goes too."""
    return {"inclusive": bool(table.raw.get("inclusive", True))}
