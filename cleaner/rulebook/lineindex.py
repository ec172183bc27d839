"""Which rule files could act on a line, without trying every file.

The validator checks a cleaned line against the rules of *every* file, so a mis-identified
site is still caught; with thousands of site files that must not mean thousands of regex calls.
The index answers from three lookups: the line's normalised form among all files' literals, an
Aho-Corasick pass for their ``contains`` strings, and the line's first word among the literal
first words of their anchored patterns (``^more from site 12$`` is filed under ``more``).
Patterns with no literal first word go on a short always-try list. The answer is a superset:
the rules themselves still decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import ahocorasick
import regex

from cleaner.rulebook.rules import Matcher, RuleFile, regex_form, top_level_alternatives
from cleaner.text import normalize

LEADING_WORD = regex.compile(r"\^([\p{L}\p{N}]+)")
LEADING_GROUP = regex.compile(r"\^\(((?:[\p{L}\p{N} ]+\|)*[\p{L}\p{N} ]+)\)")
LINE_WORD = regex.compile(r"[\p{L}\p{N}]+")
WORD_ENDING_ESCAPES = set("bsW")


def ends_word(rest: str) -> bool:
    """Whether what follows a literal word in a pattern keeps the line's word from going on."""
    if not rest or rest[0] in "?*+{[(.|":
        return False  # optional, repeated, or open: the word may continue
    if rest[0] == "\\":
        escaped = rest[1:2]
        return escaped in WORD_ENDING_ESCAPES or (bool(escaped) and not escaped.isalnum())
    return not rest[0].isalnum()


def literal_first_words(alternative: str) -> list[str] | None:
    """The words an anchored alternative can start with, lower-cased; None when not fixed.

    ``^more from site 12$`` -> ``["more"]``; ``^(share|post) on`` -> ``["share", "post"]``.
    ``^news(letter)?``, ``^foo\\w+``, ``^shares?`` or a bare ``^premium`` may continue the word.
    """
    group = LEADING_GROUP.match(alternative)
    if group:
        options = group.group(1).split("|")
        if all(" " in o.strip() for o in options) or ends_word(alternative[group.end() :]):
            return [o.strip().split(" ")[0].lower() for o in options if o.strip()] or None
        return None
    found = LEADING_WORD.match(alternative)
    if found and ends_word(alternative[found.end() :]):
        return [found.group(1).lower()]
    return None


def line_first_word(line: str) -> str:
    found = LINE_WORD.match(regex_form(line))
    return found.group(0).lower() if found else ""


@dataclass
class LineIndex:
    """Rule files by the literals, substrings and first words that can trigger them."""

    files: list[RuleFile]
    by_literal: dict[str, set[int]] = field(default_factory=dict)
    by_first_word: dict[str, set[int]] = field(default_factory=dict)
    always: set[int] = field(default_factory=set)
    contains: ahocorasick.Automaton | None = None

    def __post_init__(self) -> None:
        automaton = ahocorasick.Automaton()
        for number, rule_file in enumerate(self.files):
            for rule in rule_file.rules:
                for matcher in (rule.marker, rule.until):
                    if matcher is not None:
                        self.add_matcher(number, matcher, automaton)
        if len(automaton):
            automaton.make_automaton()
            self.contains = automaton

    def add_matcher(self, number: int, matcher: Matcher, automaton) -> None:
        for literal in matcher.literals:
            self.by_literal.setdefault(literal, set()).add(number)
        for needle in matcher.contains:
            owners = automaton.get(needle, ())
            automaton.add_word(needle, (*owners, number))
        if matcher.pattern is not None:
            self.add_pattern(number, matcher.pattern.pattern)

    def add_pattern(self, number: int, source: str) -> None:
        alternatives = top_level_alternatives(source) or [source]
        per_alternative = [literal_first_words(a) for a in alternatives]
        if any(words is None for words in per_alternative):
            self.always.add(number)
            return
        for words in per_alternative:
            for word in words:
                self.by_first_word.setdefault(word, set()).add(number)

    def candidates(self, line: str) -> list[RuleFile]:
        """The files whose rules could match ``line``, in rulebook order."""
        return [self.files[number] for number in sorted(self.candidate_numbers(line))]

    def candidate_numbers(self, line: str) -> set[int]:
        """Positions in ``files`` of the files whose rules could match ``line``."""
        norm = normalize(line)
        found = set(self.always) | self.by_literal.get(norm, set())
        found |= self.by_first_word.get(line_first_word(line), set())
        if self.contains is not None and norm:
            for _end, owners in self.contains.iter(norm):
                found.update(owners)
        return found
