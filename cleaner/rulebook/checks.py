"""Checking a parsed rule file: where a key is, how problems are reported, shared key checks.

Every problem is collected as ``path:line: message`` before anything compiles, so a file with
several mistakes reports them all. The rule kinds (``kinds/``) use these to check their own keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from cleaner.rulebook.rules import Examples, Matcher
from cleaner.text import normalize

EXAMPLE_KEYS = {"junk", "keep"}


@dataclass
class KeyLocator:
    """Finds the line of a key in a TOML file, so errors can point at it."""

    lines: list[str]

    def table_start(self, header: str, index: int) -> int:
        seen = -1
        for number, text in enumerate(self.lines, 1):
            if text.strip().startswith(header):
                seen += 1
                if seen == index:
                    return number
        return 1

    def key_line(self, key: str, start: int = 1) -> int:
        for number in range(start, len(self.lines) + 1):
            text = self.lines[number - 1].strip()
            if number > start and text.startswith("["):
                break
            if text.startswith(f"{key} ") or text.startswith(f"{key}="):
                return number
        return start


@dataclass
class FileChecker:
    """Validates one parsed rule file, collecting every problem before anything compiles."""

    path: str
    locator: KeyLocator
    problems: list[str] = field(default_factory=list)

    def report(self, line: int, message: str) -> None:
        self.problems.append(f"{self.path}:{line}: {message}")

    def expect_strings(self, value: object, key: str, line: int) -> list[str]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            self.report(line, f"'{key}' must be a non-empty string or a list of them")
            return []
        return items

    def compile_pattern(
        self, source: str, key: str, line: int, case_sensitive: bool
    ) -> regex.Pattern | None:
        flags = regex.V0 if case_sensitive else regex.V0 | regex.IGNORECASE
        try:
            return regex.compile(source, flags)
        except regex.error as exc:
            self.report(line, f"'{key}' is not a valid regex: {exc}")
            return None


@dataclass(slots=True)
class RuleTable:
    """One ``[[rules]]`` table under check: its keys as written, its id and where it starts."""

    raw: dict[str, Any]
    rule_id: str
    """The id as written in the file (error messages name it)."""
    full_id: str
    """``<file>.<id>``: the id of the compiled rule."""
    start: int
    checker: FileChecker

    def line_of(self, key: str) -> int:
        return self.checker.locator.key_line(key, self.start)

    def report(self, key: str, message: str) -> None:
        """A problem at the line of ``key`` (the table's first line when the key is absent)."""
        self.checker.report(self.line_of(key), message)

    def matcher(self, keys: tuple[str, str, str]) -> Matcher | None:
        return build_matcher(self.full_id, self.raw, keys, self.checker, self.start)


def build_matcher(
    rule_id: str, raw: dict[str, Any], keys: tuple[str, str, str], checker: FileChecker, start: int
) -> Matcher | None:
    """A matcher from a literal, a substring and a regex key (``match``, ``contains``,
    ``pattern``)."""
    literal_key, contains_key, pattern_key = keys
    at = checker.locator.key_line
    if not any(k in raw for k in keys):
        checker.report(start, f"rule '{rule_id}' needs one of {', '.join(keys)}")
        return None
    literals = checker.expect_strings(raw.get(literal_key, []), literal_key, at(literal_key, start))
    contains = checker.expect_strings(
        raw.get(contains_key, []), contains_key, at(contains_key, start)
    )
    pattern = None
    if pattern_key in raw:
        source = raw[pattern_key]
        if not isinstance(source, str) or not source:
            checker.report(at(pattern_key, start), f"'{pattern_key}' must be a non-empty string")
            return None
        pattern = checker.compile_pattern(
            source, pattern_key, at(pattern_key, start), bool(raw.get("case_sensitive", False))
        )
        if pattern is None:
            return None
    return Matcher(
        rule_id=rule_id,
        literals=frozenset(normalize(x) for x in literals),
        contains=tuple(normalize(x) for x in contains),
        pattern=pattern,
        max_words=raw.get("max_words"),
    )


def check_examples(rule_id: str, raw: object, checker: FileChecker, line: int) -> Examples | None:
    if not isinstance(raw, dict):
        checker.report(line, f"rule '{rule_id}' needs 'examples' with 'junk' (and 'keep') lines")
        return None
    unknown = set(raw) - EXAMPLE_KEYS
    if unknown:
        checker.report(line, f"rule '{rule_id}': unknown examples key(s) {sorted(unknown)}")
        return None
    junk = checker.expect_strings(raw.get("junk", []), "examples.junk", line)
    keep = raw.get("keep", [])
    keep = checker.expect_strings(keep, "examples.keep", line) if keep else []
    if not junk:
        checker.report(line, f"rule '{rule_id}' needs at least one 'examples.junk' line")
        return None
    return Examples(junk=junk, keep=keep)
