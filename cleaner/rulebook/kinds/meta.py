"""meta: read a title, author, date or tags from a matching line (and remove it, by default)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import regex

from cleaner.dates import record_date
from cleaner.document import Document, Line
from cleaner.rulebook.checks import RuleTable
from cleaner.rulebook.hits import RuleHits
from cleaner.rulebook.kinds.base import OwnKeys, RuleKind
from cleaner.rulebook.rules import Matcher, Rule
from cleaner.text import squash_whitespace

META_FIELDS = ("title", "author", "date", "tags")


@dataclass(slots=True)
class MetaRule(Rule):
    """Which field the rule fills, whether it removes the line, how tags are split."""

    meta_field: str = "title"
    remove: bool = True
    split: str | None = None


def capture(rule: Rule, line: str) -> str | None:
    """The value the rule reads from ``line``: its ``value`` group, else the whole line."""
    found = rule.marker.search(line)
    if not found:
        return None
    if isinstance(found, regex.Match) and "value" in found.groupdict():
        value = found.group("value")
        return value.strip() if value else None
    return squash_whitespace(line)


def record_metadata(doc: Document, rule: MetaRule, value: str) -> None:
    """The first capture of a field wins; tags gather, each once; a date is stored in ISO form
    with the line's wording beside it (``record_date``)."""
    if rule.meta_field == "title":
        doc.title = doc.title or value
    elif rule.meta_field == "tags":
        parts = value.split(rule.split) if rule.split else [value]
        tags = doc.metadata.setdefault("tags", [])
        tags.extend(t.strip() for t in parts if t.strip() and t.strip() not in tags)
    elif rule.meta_field == "date":
        record_date(doc.metadata, value)
    else:
        doc.metadata.setdefault(rule.meta_field, value)


class Meta(RuleKind):
    name = "meta"
    key_schemas: ClassVar[dict[str, dict[str, Any]]] = {
        "field": {"enum": list(META_FIELDS)},
        "remove": {"type": "boolean"},
        "split": {"type": "string"},
    }
    required_schema: ClassVar[dict[str, Any] | None] = {"required": ["field"]}
    own_keys = OwnKeys(("field",), "field", "'field' is only for kind 'meta'")
    run_rank: ClassVar[int] = 0
    judges_lines = True
    names_labels = True

    def check(self, table: RuleTable, marker: Matcher | None) -> dict[str, Any] | None:
        meta_field = table.raw.get("field")
        if meta_field not in META_FIELDS:
            table.report("field", f"meta rule '{table.rule_id}': 'field' one of {META_FIELDS}")
            return None
        remove = bool(table.raw.get("remove", True))
        return {"meta_field": meta_field, "remove": remove, "split": table.raw.get("split")}

    def build(self, fields: dict[str, Any], extra: dict[str, Any]) -> Rule:
        return MetaRule(**fields, **extra)

    def apply(self, doc: Document, rule: Rule, hits: RuleHits) -> None:
        assert isinstance(rule, MetaRule)
        doomed: list[Line] = []
        for index in hits.indices():
            line = doc.lines[index]
            value = capture(rule, line.text)
            if value is None:
                continue
            record_metadata(doc, rule, value)
            if rule.remove:
                doomed.append(line)
        doc.remove(doomed, rule.id, rule.description)

    def catches(self, rule: Rule, line: str) -> bool:
        return capture(rule, line) is not None

    def counts_as_residual(self, rule: Rule) -> bool:
        """A rule that only reads its line leaves it in the body on purpose."""
        return rule.remove


KIND = Meta()
