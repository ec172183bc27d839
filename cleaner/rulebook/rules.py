"""Compiled rules: the line matchers, the fields every rule kind shares, and rule files.

A rule file is data; each ``[[rules]]`` table compiles (through its kind in ``kinds/``) into a
``Rule`` whose matcher runs against normalised lines. Regexes use the ``regex`` package and
always run with a timeout, so a pathological pattern costs one skipped match, never a hung batch.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import regex

from cleaner.html.directives import HtmlDirectives
from cleaner.rulebook.widths import UNSAFE_FLAGS, longest_match_chars, source_width
from cleaner.text import normalize, squash_whitespace, word_count

if TYPE_CHECKING:
    from cleaner.rulebook.scan import RuleIndex

REGEX_TIMEOUT_SECONDS = 0.05
"""How long one regex may run on one line before the match is abandoned."""


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
    max_chars: int | None = field(init=False, default=None, repr=False, compare=False)
    """The longest line ``pattern`` can match (``widths``): a longer one is not searched."""

    def __post_init__(self) -> None:
        self.max_chars = None if self.pattern is None else longest_match_chars(self.pattern)

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
        form = regex_form(line)
        if self.max_chars is not None and len(form) > self.max_chars:
            return None  # the search could not match so long a line
        try:
            return self.pattern.search(form, timeout=REGEX_TIMEOUT_SECONDS)
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
    """One compiled rule: the fields every kind shares. ``id`` is global: ``<file>.<rule id>``.

    A kind with keys of its own compiles into a subclass (``kinds/``). The three properties
    below are the defaults of the facts the validator asks of any rule; the kinds that have
    the key override them with a field.
    """

    id: str
    kind: str
    description: str
    marker: Matcher
    zone: str = "any"
    examples: Examples = field(default_factory=Examples)
    source: str = ""

    @property
    def inclusive(self) -> bool:
        """Whether the marker line itself goes (cuts and blocks have the key)."""
        return True

    @property
    def until(self) -> Matcher | None:
        """The end marker of a block (drop-block only)."""
        return None

    @property
    def remove(self) -> bool:
        """Whether a matched line is removed (a meta rule may only read it)."""
        return True

    def acts_on(self, line: str) -> bool:
        """Whether the rule's marker matches ``line``."""
        return self.marker.matches(line)


FLOATING_COMBINE_MAX = 3
GATE_CACHE_SIZE = 4_096
"""Lines whose gate answer is remembered; boilerplate lines recur across documents."""


@dataclass(slots=True)
class Gate:
    """A cheap first test over a set of patterns: could any of them match this line?

    One combined regex replaces a regex call per pattern, so prose lines, which no pattern
    matches, cost one search. ``could_match`` remembers its answers by line text.
    """

    anchored: regex.Pattern | None = None
    floating: tuple[regex.Pattern, ...] = ()
    cache: dict[str, bool] = field(default_factory=dict)
    bounded: regex.Pattern | None = None
    """The anchored alternatives that cannot match a line longer than ``bounded_chars``
    (``widths``), matched apart from ``anchored``: a long line (new prose, the lines no cache
    answers) skips them, where joined they cost two thirds of the gate's match."""
    bounded_chars: int | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.bounded_chars = None if self.bounded is None else longest_match_chars(self.bounded)

    def could_match(self, line: str, form: str | None = None) -> bool:
        """``test``, remembered; ``form``: the line's ``regex_form`` when the caller has it."""
        known = self.cache.get(line)
        if known is None:
            known = self.test(line) if form is None else self.test_form(form)
            if len(self.cache) >= GATE_CACHE_SIZE:
                self.cache.clear()
            self.cache[line] = known
        return known

    def test(self, line: str) -> bool:
        if self.anchored is None and self.bounded is None and not self.floating:
            return False
        return self.test_form(regex_form(line))

    def test_form(self, form: str) -> bool:
        """The regex part of ``test`` on a line already in ``regex_form``."""
        try:
            # Anchored alternatives only need trying at the start of the line: match, not search.
            if (
                self.bounded is not None
                and (self.bounded_chars is None or len(form) <= self.bounded_chars)
                and self.bounded.match(form, timeout=REGEX_TIMEOUT_SECONDS)
            ):
                return True
            if self.anchored is not None and self.anchored.match(
                form, timeout=REGEX_TIMEOUT_SECONDS
            ):
                return True
            return any(p.search(form, timeout=REGEX_TIMEOUT_SECONDS) for p in self.floating)
        except TimeoutError:
            return True  # undecided: let the rules themselves try (and time out visibly)


def gate_for_patterns(patterns: list[regex.Pattern]) -> Gate:
    """A Gate over regexes: anchored alternatives joined and matched (those of a bounded
    width apart), the rest searched."""
    anchored: list[str] = []
    bounded: list[str] = []
    floating: list[regex.Pattern] = []
    for pattern in patterns:
        scope = "i" if pattern.flags & regex.IGNORECASE else "-i"
        alternatives = top_level_alternatives(pattern.pattern)
        if alternatives is not None and all(a.startswith("^") for a in alternatives):
            for alternative in alternatives:
                part = f"(?{scope}:{alternative})"
                has_width = not pattern.flags & UNSAFE_FLAGS and source_width(part) is not None
                (bounded if has_width else anchored).append(part)
        else:
            floating.append(pattern)
    return Gate(
        anchored=compile_anchored(anchored),
        floating=combine_floating(floating),
        bounded=compile_anchored(bounded),
    )


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
    index: RuleIndex | None = field(default=None, repr=False, compare=False)
    """The compiled scan of the rulebook that loaded the file (set by ``Rulebook``)."""

    def rule_ids(self) -> list[str]:
        return [rule.id for rule in self.rules]
