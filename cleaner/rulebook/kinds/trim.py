"""trim: cut the rule's pattern out of matching lines; a line left empty is removed whole."""

from __future__ import annotations

from typing import Any, ClassVar

from cleaner.document import Document, Line, Removal
from cleaner.rulebook.checks import RuleTable
from cleaner.rulebook.hits import RuleHits
from cleaner.rulebook.kinds.base import RuleKind
from cleaner.rulebook.rules import REGEX_TIMEOUT_SECONDS, Matcher, RegexTimeout, Rule, regex_form


def trimmed(rule: Rule, line: str) -> str:
    """The line with every span of the rule's pattern cut out."""
    assert rule.marker.pattern is not None
    try:
        return rule.marker.pattern.sub("", regex_form(line), timeout=REGEX_TIMEOUT_SECONDS)
    except TimeoutError as exc:
        raise RegexTimeout(rule.id, line) from exc


class Trim(RuleKind):
    name = "trim"
    required_schema: ClassVar[dict[str, Any] | None] = {"required": ["pattern"]}
    run_rank: ClassVar[int] = 5
    judges_lines = True
    residual_inline = True

    def check(self, table: RuleTable, marker: Matcher | None) -> dict[str, Any] | None:
        if marker is None or marker.pattern is None:
            table.report("pattern", f"trim rule '{table.rule_id}' needs a 'pattern'")
            return None
        return {}

    def apply(self, doc: Document, rule: Rule, hits: RuleHits) -> None:
        emptied: list[Line] = []
        for index in hits.indices():
            line = doc.lines[index]
            text = trimmed(rule, line.text).strip()
            if not text:
                emptied.append(line)
                continue
            line.gone = True  # replaced: later rules of this pass must not see the untrimmed text
            doc.lines[index] = Line(line.number, text)
            doc.removed.append(Removal(line.number, line.text, rule.id, f"trimmed to: {text}"))
        doc.remove(emptied, rule.id, rule.description)

    def catches(self, rule: Rule, line: str) -> bool:
        """Only when trimming changes the line."""
        return rule.marker.matches(line) and trimmed(rule, line).strip() != line.strip()


KIND = Trim()
