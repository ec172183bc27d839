"""Compiled rules: the closed set of rule kinds and the line matchers they are built from.

A rule file is data; this module turns each ``[[rules]]`` table into a ``Rule`` whose matcher
runs against normalised lines. Regexes use the ``regex`` package and always run with a timeout,
so a pathological pattern costs one skipped match, never a hung batch.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import regex

from cleaner.text import normalize, squash_whitespace, word_count

REGEX_TIMEOUT_SECONDS = 0.05
"""How long one regex may run on one line before the match is abandoned."""

KINDS = ("drop", "cut-after", "cut-before", "drop-block", "trim", "meta")
ZONES = ("any", "head", "tail", "second-half")
META_FIELDS = ("title", "author", "date", "tags")


class RegexTimeout(Exception):
    """A rule's regex ran past REGEX_TIMEOUT_SECONDS on one line."""

    def __init__(self, rule_id: str, line: str) -> None:
        super().__init__(f"regex of rule {rule_id} timed out on line {line[:60]!r}")
        self.rule_id = rule_id


def regex_form(line: str) -> str:
    """What patterns see: NFKC with squashed whitespace, case kept (patterns ignore case)."""
    return squash_whitespace(unicodedata.normalize("NFKC", line))


@dataclass(slots=True)
class Matcher:
    """Tests whether a line is a rule's target: exact literals, substrings or a regex."""

    rule_id: str
    literals: frozenset[str] = frozenset()
    contains: tuple[str, ...] = ()
    pattern: regex.Pattern | None = None
    max_words: int | None = None

    def search(self, line: str) -> regex.Match | bool | None:
        """A regex match, True for a literal hit, or None; raises RegexTimeout."""
        if self.max_words is not None and word_count(line) > self.max_words:
            return None
        if self.literals or self.contains:
            norm = normalize(line)
            if norm in self.literals or any(c in norm for c in self.contains):
                return True
        if self.pattern is None:
            return None
        try:
            return self.pattern.search(regex_form(line), timeout=REGEX_TIMEOUT_SECONDS)
        except TimeoutError as exc:
            raise RegexTimeout(self.rule_id, line) from exc

    def matches(self, line: str) -> bool:
        return bool(self.search(line))


@dataclass(slots=True)
class Examples:
    junk: list[str] = field(default_factory=list)
    keep: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Rule:
    """One compiled rule. ``id`` is global: ``<file name>.<rule id>``."""

    id: str
    kind: str
    description: str
    marker: Matcher
    zone: str = "any"
    inclusive: bool = True
    until: Matcher | None = None
    meta_field: str | None = None
    remove: bool = True
    split: str | None = None
    examples: Examples = field(default_factory=Examples)
    source: str = ""

    def trim(self, line: str) -> str:
        """The line with every span of the rule's pattern cut out (trim rules only)."""
        assert self.marker.pattern is not None
        try:
            return self.marker.pattern.sub("", regex_form(line), timeout=REGEX_TIMEOUT_SECONDS)
        except TimeoutError as exc:
            raise RegexTimeout(self.id, line) from exc

    def capture(self, line: str) -> str | None:
        """The metadata value a meta rule reads from ``line``, or None when it does not match."""
        found = self.marker.search(line)
        if not found:
            return None
        if isinstance(found, regex.Match) and "value" in found.groupdict():
            value = found.group("value")
            return value.strip() if value else None
        return squash_whitespace(line)


@dataclass(slots=True)
class RuleFile:
    """One loaded rule file: which documents it applies to and the rules it holds."""

    name: str
    path: str
    description: str
    domains: list[str]
    signatures: list[str]
    rules: list[Rule]
    html: dict = field(default_factory=dict)
    generic: bool = False

    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]
