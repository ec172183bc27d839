"""One compiled scan of a rulebook: which rules' markers hit which lines, in one pass a line.

Every matcher of every rule (a rule's marker, and a block's end marker) is one *probe*. The
rulebook's probes compile into three lookups that cost the same with ten rule files or ten
thousand: the line's normalised form among all ``match`` literals (a dict), all ``contains``
strings in one Aho-Corasick pass, and the line's first word among the literal first words of
anchored patterns (``^more from site 12$`` is filed under ``more``). A pattern with no literal
first word stays with its file, behind one combined regex per file (``Gate``), tried only for the
files the document was matched to. The lookups only propose: each proposed probe is confirmed by
its own matcher, so a hit is exactly what the matcher says, regex timeouts included.

A ``Scanner`` is the index narrowed to some files (a document's sites, the generic files, or
all of them for the validator); it remembers its answer per line text, so a line is scanned
once however many passes and documents it appears in, and a line that changes (a trim rewrites
it) is scanned afresh because its text is new.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import ahocorasick
import regex

from cleaner.rulebook.rules import (
    Gate,
    Matcher,
    RegexTimeout,
    Rule,
    RuleFile,
    gate_for_patterns,
    regex_form,
    top_level_alternatives,
)
from cleaner.text import normalize

MARKER, UNTIL = "marker", "until"
MEMO_SIZE = 8_192
"""Line answers a scanner remembers before it starts afresh: a few long documents' worth of
distinct lines, so every pass over a document after the first is a dict lookup a line, and
template lines that recur across documents stay remembered."""
SCANNERS_KEPT = 64
"""Scanners (one per set of files: a site's files, the generic files, all) a rulebook keeps;
a batch sees few sets of matched sites at once."""

LEADING_WORD = regex.compile(r"\^([\p{L}\p{N}]+)")
LEADING_GROUP = regex.compile(r"\^\(((?:[\p{L}\p{N} ]+\|)*[\p{L}\p{N} ]+)\)")
LINE_WORD = regex.compile(r"[\p{L}\p{N}]+")
WORD_ENDING_ESCAPES = set("bsW")
DOTTED_FORMS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u0307": None})
"""The Turkish dotted and dotless i, which the regex engine's case folding pairs with an ASCII
``i``, but ``str.lower`` does not: folded away in a line's first word, so an ASCII pattern word
still finds the line."""


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
    A word that is not plain ASCII is not filed: case folding beyond ASCII (a final sigma) is
    the regex engine's to decide.
    """
    group = LEADING_GROUP.match(alternative)
    if group:
        options = group.group(1).split("|")
        if all(" " in o.strip() for o in options) or ends_word(alternative[group.end() :]):
            found = [o.strip().split(" ")[0].lower() for o in options if o.strip()]
            return found if found and all(w.isascii() for w in found) else None
        return None
    found = LEADING_WORD.match(alternative)
    if found and ends_word(alternative[found.end() :]) and found.group(1).isascii():
        return [found.group(1).lower()]
    return None


def pattern_first_words(pattern: regex.Pattern) -> list[str] | None:
    """Every word the pattern's alternatives can start with; None when any is not fixed."""
    alternatives = top_level_alternatives(pattern.pattern) or [pattern.pattern]
    words: list[str] = []
    for alternative in alternatives:
        found = literal_first_words(alternative)
        if found is None:
            return None
        words += found
    return words


def line_first_word(line: str) -> str:
    found = LINE_WORD.match(regex_form(line))
    return found.group(0).lower().translate(DOTTED_FORMS) if found else ""


@dataclass(frozen=True, slots=True)
class Probe:
    """One matcher of one rule: its marker, or a block's end marker (``until``)."""

    file: int
    rule: Rule
    role: str
    matcher: Matcher


@dataclass(frozen=True, slots=True)
class LineHits:
    """Where one rule hit a list of lines: indices of its marker's and its end marker's hits."""

    rule: Rule
    marker: tuple[int, ...]
    until: tuple[int, ...]


class RuleIndex:
    """The probes of a list of rule files, compiled into the lookups that propose them."""

    def __init__(self, files: Sequence[RuleFile]) -> None:
        self.files = list(files)
        self.probes: list[Probe] = []
        self.by_literal: dict[str, list[int]] = {}
        self.by_first_word: dict[str, list[int]] = {}
        self.always: dict[int, list[int]] = {}
        self.until_of: dict[str, int] = {}
        automaton = ahocorasick.Automaton()
        for number, rule_file in enumerate(self.files):
            for rule in rule_file.rules:
                for role, matcher in ((MARKER, rule.marker), (UNTIL, rule.until)):
                    if matcher is not None:
                        self.add_probe(Probe(number, rule, role, matcher), automaton)
        self.contains = automaton if len(automaton) else None
        if self.contains is not None:
            self.contains.make_automaton()
        self.gates: dict[int, Gate] = {
            number: gate_for_patterns([self.probes[p].matcher.pattern for p in probes])
            for number, probes in self.always.items()
        }
        self.after_load()

    def add_probe(self, probe: Probe, automaton: ahocorasick.Automaton) -> None:
        number = len(self.probes)
        self.probes.append(probe)
        if probe.role == UNTIL:
            self.until_of[probe.rule.id] = number
        for literal in probe.matcher.literals:
            self.by_literal.setdefault(literal, []).append(number)
        for needle in probe.matcher.contains:
            automaton.add_word(needle, (*automaton.get(needle, ()), number))
        if probe.matcher.pattern is None:
            return
        words = pattern_first_words(probe.matcher.pattern)
        if words is None:
            self.always.setdefault(probe.file, []).append(number)
        for word in dict.fromkeys(words or ()):
            self.by_first_word.setdefault(word, []).append(number)

    def after_load(self) -> None:
        """What is rebuilt rather than stored: file positions (by identity) and scanners."""
        self.position = {id(rule_file): number for number, rule_file in enumerate(self.files)}
        self.scanners: dict[tuple[int, ...] | None, Scanner] = {}

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k not in ("position", "scanners")}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self.after_load()

    def until_probe(self, rule: Rule) -> int | None:
        """The probe of a block's end marker."""
        return self.until_of.get(rule.id)

    def covers(self, files: Iterable[RuleFile]) -> bool:
        return all(id(rule_file) in self.position for rule_file in files)

    def scanner(self, files: Sequence[RuleFile] | None = None) -> Scanner:
        """The scanner of ``files`` (all of the index's files when None), made once."""
        key = None if files is None else tuple(self.position[id(f)] for f in files)
        found = self.scanners.get(key)
        if found is None:
            if len(self.scanners) >= SCANNERS_KEPT:
                self.scanners.clear()
            found = self.scanners[key] = Scanner(self, None if key is None else frozenset(key))
        return found

    def proposed(self, line: str, active: frozenset[int] | None) -> set[int]:
        """Probes that could hit ``line`` among the ``active`` files (all when None)."""
        norm = normalize(line)
        found = set(self.by_literal.get(norm, ()))
        if self.contains is not None and norm:
            for _end, probes in self.contains.iter(norm):
                found.update(probes)
        found.update(self.by_first_word.get(line_first_word(line), ()))
        if active is not None:
            found = {p for p in found if self.probes[p].file in active}
        for number, probes in self.always.items():
            if (active is None or number in active) and self.gates[number].could_match(line):
                found.update(probes)
        return found


HIT, TIMED_OUT = True, False


class Scanner:
    """The index narrowed to some files, with its answers remembered per line text."""

    def __init__(self, index: RuleIndex, active: frozenset[int] | None) -> None:
        self.index = index
        self.active = active
        self.memo: dict[str, tuple[tuple[int, bool], ...]] = {}

    def scan(self, line: str) -> tuple[tuple[int, bool], ...]:
        """``(probe, HIT or TIMED_OUT)`` for every probe that hit ``line`` or timed out on it."""
        found = self.memo.get(line)
        if found is None:
            found = tuple(self.confirm(line, sorted(self.index.proposed(line, self.active))))
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            self.memo[line] = found
        return found

    def confirm(self, line: str, proposed: list[int]) -> list[tuple[int, bool]]:
        confirmed = []
        for number in proposed:
            try:
                if self.index.probes[number].matcher.search(line):
                    confirmed.append((number, HIT))
            except RegexTimeout:
                confirmed.append((number, TIMED_OUT))
        return confirmed

    def status(self, line: str, probe: int) -> bool | None:
        """HIT, TIMED_OUT, or None when ``probe`` does not hit ``line``."""
        return next((state for number, state in self.scan(line) if number == probe), None)

    def line_hits(self, lines: Sequence[str]) -> list[LineHits]:
        """Every rule that hits any of ``lines``, in index order; a timeout counts as a miss."""
        hits: dict[int, list[int]] = {}
        for position, line in enumerate(lines):
            for number, state in self.scan(line):
                if state is HIT:
                    hits.setdefault(number, []).append(position)
        by_rule: dict[str, LineHits] = {}
        for number in sorted(hits):
            probe = self.index.probes[number]
            known = by_rule.get(probe.rule.id, LineHits(probe.rule, (), ()))
            if probe.role == MARKER:
                known = LineHits(probe.rule, tuple(hits[number]), known.until)
            else:
                known = LineHits(probe.rule, known.marker, tuple(hits[number]))
            by_rule[probe.rule.id] = known
        return list(by_rule.values())
