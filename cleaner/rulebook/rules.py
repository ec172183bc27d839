"""Compiled rules: the closed set of rule kinds and the line matchers they are built from.

A rule file is data; this module turns each ``[[rules]]`` table into a ``Rule`` whose matcher
runs against normalised lines. Regexes use the ``regex`` package and always run with a timeout,
so a pathological pattern costs one skipped match, never a hung batch.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

import regex

from cleaner.html.directives import HtmlDirectives
from cleaner.text import normalize, squash_whitespace, word_count

REGEX_TIMEOUT_SECONDS = 0.05
"""How long one regex may run on one line before the match is abandoned."""

KINDS = ("drop", "cut-after", "cut-before", "drop-block", "trim", "meta")
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
    gate: Gate | None = field(default=None, repr=False, compare=False)
    file: RuleFile | None = field(default=None, repr=False, compare=False)

    def acts_on(self, line: str) -> bool:
        """Whether the rule's marker matches ``line``, asking the file's gate first."""
        if self.gate is not None and not self.gate.could_match(line):
            return False
        return self.marker.matches(line)

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


FLOATING_COMBINE_MAX = 3
GATE_CACHE_SIZE = 4_096
"""Lines whose gate answer a rule file remembers; boilerplate lines recur across documents."""


@dataclass(slots=True)
class Gate:
    """A cheap first test shared by all of a file's rules: could any of them match this line?

    One combined regex and one set lookup replace a regex call per rule, so prose lines,
    which no rule matches, cost one search per file. Answers are cached by line text.
    """

    literals: frozenset[str] = frozenset()
    contains: tuple[str, ...] = ()
    anchored: regex.Pattern | None = None
    floating: tuple[regex.Pattern, ...] = ()
    cache: dict[str, bool] = field(default_factory=dict)

    def could_match(self, line: str) -> bool:
        known = self.cache.get(line)
        if known is None:
            known = self.test(line)
            if len(self.cache) >= GATE_CACHE_SIZE:
                self.cache.clear()
            self.cache[line] = known
        return known

    def test(self, line: str) -> bool:
        if self.literals or self.contains:
            norm = normalize(line)
            if norm in self.literals or any(c in norm for c in self.contains):
                return True
        if self.anchored is None and not self.floating:
            return False
        form = regex_form(line)
        try:
            # Anchored alternatives only need trying at the start of the line: match, not search.
            if self.anchored is not None and self.anchored.match(
                form, timeout=REGEX_TIMEOUT_SECONDS
            ):
                return True
            return any(p.search(form, timeout=REGEX_TIMEOUT_SECONDS) for p in self.floating)
        except TimeoutError:
            return True  # undecided: let the rules themselves try (and time out visibly)


def build_gate(rules: list[Rule]) -> Gate:
    """Combine the markers of ``rules`` into one Gate.

    Alternatives anchored at the line start (``^...``) join one pattern tried with ``match``;
    the rest keep their own patterns and are searched. A combined search over long prose lines
    would try every alternative at every position, which is what made per-line cost explode.
    """
    # End markers of blocks join the gate too: the validator asks it about both ends.
    matchers = [m for r in rules for m in (r.marker, r.until) if m is not None]
    literals = frozenset().union(*(m.literals for m in matchers))
    contains = tuple(c for m in matchers for c in m.contains)
    gate = gate_for_patterns([m.pattern for m in matchers if m.pattern is not None])
    gate.literals, gate.contains = literals, contains
    return gate


def gate_for_patterns(patterns: list[regex.Pattern]) -> Gate:
    """A Gate over regexes: anchored alternatives joined and matched, the rest searched."""
    anchored: list[str] = []
    floating: list[regex.Pattern] = []
    for pattern in patterns:
        scope = "i" if pattern.flags & regex.IGNORECASE else "-i"
        alternatives = top_level_alternatives(pattern.pattern)
        if alternatives is not None and all(a.startswith("^") for a in alternatives):
            anchored += [f"(?{scope}:{a})" for a in alternatives]
        else:
            floating.append(pattern)
    return Gate(anchored=compile_anchored(anchored), floating=combine_floating(floating))


def combine_floating(patterns: list[regex.Pattern]) -> tuple[regex.Pattern, ...]:
    """The floating patterns as one search (one timeout's overhead, not one per pattern).

    Up to FLOATING_COMBINE_MAX: a long alternation of unanchored patterns loses the regex
    engine's literal-prefix shortcuts and costs more than searching them one by one.
    """
    if len(patterns) <= 1 or len(patterns) > FLOATING_COMBINE_MAX:
        return tuple(patterns)
    parts = [f"(?{'i' if p.flags & regex.IGNORECASE else '-i'}:{p.pattern})" for p in patterns]
    try:
        return (regex.compile("|".join(parts), regex.V0),)
    except regex.error:
        return tuple(patterns)


def compile_anchored(parts: list[str]) -> regex.Pattern | None:
    if not parts:
        return None
    try:
        return regex.compile("|".join(parts), regex.V0)
    except regex.error:
        # A part with global inline flags cannot be scoped: let every line through to the rules.
        return regex.compile("")


def top_level_alternatives(source: str) -> list[str] | None:
    """Split a regex on its top-level ``|``; None when the source is too unusual to split."""
    parts, depth, start, i = [], 0, 0, 0
    in_class = False
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if source[i + 1 : i + 2] == "]":
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(source[start:i])
            start = i + 1
        i += 1
    if depth != 0 or in_class:
        return None
    return [*parts, source[start:]]


@dataclass(slots=True)
class RuleFile:
    """One loaded rule file: which documents it applies to and the rules it holds."""

    name: str
    path: str
    description: str
    domains: list[str]
    signatures: list[str]
    rules: list[Rule]
    html: HtmlDirectives = field(default_factory=HtmlDirectives)
    generic: bool = False
    gate: Gate = field(default_factory=Gate)

    def __post_init__(self) -> None:
        self.gate = build_gate(self.rules)
        for rule in self.rules:
            rule.gate = self.gate
            rule.file = self

    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]
