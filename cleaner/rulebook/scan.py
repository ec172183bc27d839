"""One compiled scan of a rulebook: which rules' markers hit which lines, in one pass a line.

Every matcher of every rule (a rule's marker, and a block's end marker) is one *probe*. The
rulebook's probes compile into lookups that cost the same with ten rule files or ten thousand:
the line's normalised form among all ``match`` literals (a dict); all ``contains`` strings in one
Aho-Corasick pass; the line's first word among the literal first words of anchored patterns
(``^by\\s`` is filed under ``by``); and, for a pattern with a longer fixed phrase
(``^more from site 12( today)?$``), that phrase in a second Aho-Corasick pass over the
lower-cased line. The few patterns with neither stay with their file behind one combined regex
(``Gate``), tried only for the files being scanned. The lookups only propose: each proposed probe
is confirmed by its own matcher, so a hit is exactly what the matcher says, regex timeouts
included (``REGEX_TIMEOUT_SECONDS``: every pattern still runs under the ``regex`` package's
timeout; bench/README.md says why no other engine was taken).

A ``Scanner`` is the index narrowed to some files (a document's sites, the generic files, or
all of them for the validator); it remembers its answer per line text, so a line is scanned
once however many passes and documents it appears in, and a line that changes (a trim rewrites
it) is scanned afresh because its text is new.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ahocorasick
import regex

from cleaner.rulebook.prefilter import Prefilter
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
from cleaner.text import normalize, word_count

MARKER, UNTIL = "marker", "until"
MEMO_SIZE = 8_192
"""Line answers a scanner remembers before it starts afresh: a few long documents' worth of
distinct lines, so every pass over a document after the first is a dict lookup a line, and
template lines that recur across documents stay remembered."""
GATED_PROBES_MIN = 2
"""A file's always-tried patterns get a gate of their own only when they are this many: one
pattern's gate is the pattern itself, searched before the probe's confirmation searches it
again on every line it matches (``newsmax.related-box``'s end marker matches most of a Newsmax
page's lines, at tens of microseconds a long line). Without a gate the probe is proposed on
every line, and its confirmation, remembered per line (``RuleIndex.probe_state``), is the one
search: the same hits, since only the confirmation ever decides one."""
CONFIRMED_SIZE = 16_384
"""Probe answers (a probe and a line) the index remembers before it starts afresh: a few
proposals a line, for as many lines as a scanner remembers (``MEMO_SIZE``)."""
UNKNOWN = object()
"""What ``RuleIndex.probe_state`` finds for a probe and line not yet confirmed."""
SCANNERS_KEPT = 64
"""Scanners (one per set of files: a site's files, the generic files, all) a rulebook keeps;
a batch sees few sets of matched sites at once."""
DIRECT_GATE_FILES = 16
"""A scanner whose always-tried patterns come from at most this many files asks those files'
own gates straight away, without a joined gate of its own first. A file's gate remembers its
answer per line for every scanner, so the scanners of a document's sites, of the generic files
and of the whole rulebook (the validator's) search a line with each file's patterns once,
where each joined gate searched it again (a regex call with a timeout costs about 2 µs before
it reads a character). On the seed documents with the bundled rulebook (8 such files) the
rule scans, cleaning and validator together, took 14% less time. Past it, one joined search
a line is cheaper than asking every file."""

LEADING_WORD = regex.compile(r"\^([\p{L}\p{N}]+)")
LEADING_GROUP = regex.compile(r"\^\(((?:[\p{L}\p{N} ]+\|)*[\p{L}\p{N} ]+)\)")
LINE_WORD = regex.compile(r"[\p{L}\p{N}]+")
WORD_ENDING_ESCAPES = set("bsW")
DOTTED_FORMS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u0307": None})
"""The Turkish dotted and dotless i, which the regex engine's case folding pairs with an ASCII
``i``, but ``str.lower`` does not: folded away in a line's first word, so an ASCII pattern word
still finds the line."""
DOTTED_MARKS = "".join(map(chr, DOTTED_FORMS))
"""The characters ``DOTTED_FORMS`` translates."""


def folded(text: str) -> str:
    """``text`` lower-cased, the dotted and dotless i folded (``DOTTED_FORMS``): the form the
    lookups read. Most lines hold neither, and a translation through a table costs a dict
    lookup a character, so it runs only on a line that has one."""
    lowered = text.lower()
    if any(map(lowered.__contains__, DOTTED_MARKS)):
        return lowered.translate(DOTTED_FORMS)
    return lowered


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


QUANTIFIER = regex.compile(r"(?:[?*+]|\{(\d*)(?:,\d*)?\})[?+]?")
ESCAPE_WITH_ARGUMENT = regex.compile(
    r"\\[pPNx]\{[^}]*\}|\\[pP]\w|\\x[0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}"
)
PLAIN_ESCAPES = frozenset("dDwWsSbBAZzmMXtnrfv")
"""Escapes of one letter that stand for a class, an assertion or a control character; any other
(a back-reference, ``\\g<..>``, a named list) ends the reading."""
VERBOSE_FLAG = regex.compile(r"\(\?[a-zA-Z-]*x")
REQUIRED_MIN_CHARS = 2
"""A required literal shorter than this (``(`` alone) would propose most lines for nothing,
unless it is a mark outside ASCII (``rare_enough``)."""
LITERAL_OVER_WORD = 8
"""How much longer than a pattern's fixed first word its required literal must be to file it by
the literal instead: a word at the line's start is rarer than a few letters anywhere, but a
phrase (``more from site 12`` against ``more``, shared by every site of a large rulebook) is
rarer still."""


@dataclass(frozen=True, slots=True)
class Atom:
    """One piece of a regex sequence: a literal character (lower-cased), a group, or other."""

    literal: str | None
    group: str | None
    required: bool


def required_literals(source: str, min_chars: int = REQUIRED_MIN_CHARS) -> list[str] | None:
    """Lower-cased strings one of which every match of ``source`` contains; None if unsure
    (or if some alternative has none ``rare_enough`` at ``min_chars``).

    ``\\((file|photo)s?: `` -> ``["(file", "(photo"]``; ``^(date \\d+ )?(news|world)$`` ->
    ``["news", "world"]``. Each top-level alternative must give one: the longest run of required
    literal characters in its sequence, or the literals of a required group. Only characters the
    regex engine case-folds the way ``str.lower`` does count (ASCII, or caseless like ``©``), so a
    line lower-cased the same way (``lowered``) holds a literal whenever the pattern matches.
    """
    alternatives = top_level_alternatives(source)
    if alternatives is None or VERBOSE_FLAG.search(source):
        return None  # in verbose mode spaces are not literal
    found: list[str] = []
    for alternative in alternatives:
        atoms = sequence_atoms(alternative)
        literals = None if atoms is None else best_literals(atoms, min_chars)
        if not literals:
            return None
        found += literals
    return found


def best_literals(atoms: list[Atom], min_chars: int = REQUIRED_MIN_CHARS) -> list[str] | None:
    """The longest required literal run, or a required group's literals if their shortest is
    longer."""
    candidates: list[list[str]] = []
    run: list[str] = []
    for atom in [*atoms, Atom(None, None, True)]:
        if atom.literal is not None and atom.required:
            run.append(atom.literal)
            continue
        if run and rare_enough("".join(run), min_chars):
            candidates.append(["".join(run)])
        run = []
        if atom.group is not None and atom.required:
            inner = required_literals(atom.group, min_chars)
            if inner and all(rare_enough(literal, min_chars) for literal in inner):
                candidates.append(inner)
    return max(candidates, key=lambda c: min(map(len, c)), default=None)


def rare_enough(literal: str, min_chars: int = REQUIRED_MIN_CHARS) -> bool:
    """Whether a required literal proposes few lines: ``min_chars`` or more, or one mark
    outside ASCII (``©``, ``…``), which a line seldom holds; a pattern filed under none is
    searched on every line (the junk library's ``copyright`` cost 13 µs a line so)."""
    return len(literal) >= min_chars or not literal.isascii()


def sequence_atoms(source: str) -> list[Atom] | None:
    """The atoms of one alternative in order; None where the syntax is beyond this reading."""
    atoms: list[Atom] = []
    i = 0
    while i < len(source):
        literal, group, end = None, None, i + 1
        char = source[i]
        if char == "(":
            close = closing_paren(source, i)
            if close is None:
                return None
            inner = source[i + 1 : close]
            named = regex.match(r"\?(?:P<\w+>|:)", inner)
            if inner.startswith("?") and named is None:
                group = None  # a lookaround or inline flags: skipped, not relied on
            else:
                group = inner[named.end() :] if named else inner
            end = close + 1
        elif char == "[":
            close = class_end(source, i)
            if close is None:
                return None
            end = close + 1
        elif char == "\\":
            argument = ESCAPE_WITH_ARGUMENT.match(source, i)
            escaped = source[i + 1 : i + 2]
            if argument is not None:
                end = argument.end()
            elif escaped and not escaped.isalnum():
                literal, end = caseless_literal(escaped), i + 2
            elif escaped in PLAIN_ESCAPES and escaped:
                end = i + 2
            else:
                return None
        elif char in "|)":
            return None
        elif char not in ".^$":
            literal = caseless_literal(char)
        quantifier = QUANTIFIER.match(source, end)
        required = quantifier is None or quantifier_requires(quantifier)
        if quantifier is not None:
            end = quantifier.end()
            literal = None if len(quantifier.group(0)) and not required else literal
        atoms.append(Atom(literal, group, required))
        if quantifier is not None and required and literal is not None:
            atoms.append(Atom(None, None, True))  # ``a+``: one ``a`` for sure, then unknown
        i = end
    return atoms


def quantifier_requires(quantifier: regex.Match) -> bool:
    """Whether the quantified atom occurs at least once (``+``, ``{2,}``), not (``?``, ``*``)."""
    text = quantifier.group(0)
    if text[0] == "+":
        return True
    if text[0] == "{":
        return bool(quantifier.group(1)) and int(quantifier.group(1)) >= 1
    return False


def caseless_literal(char: str) -> str | None:
    """``char`` lower-cased when ``str.lower`` folds it as the regex engine does, else None."""
    if char.isascii():
        return char.lower()
    if char.lower() == char.upper() and unicodedata.category(char)[0] not in "LM":
        return char
    return None


def class_end(source: str, start: int) -> int | None:
    """The index of the ``]`` closing the character class opened at ``start``."""
    i = start + 1
    if source[i : i + 1] == "^":
        i += 1
    if source[i : i + 1] == "]":
        i += 1
    while i < len(source):
        if source[i] == "\\":
            i += 2
            continue
        if source[i] == "]":
            return i
        i += 1
    return None


def closing_paren(source: str, start: int) -> int | None:
    """The index of the ``)`` closing the group opened at ``start``."""
    depth, i = 0, start
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            close = class_end(source, i)
            if close is None:
                return None
            i = close + 1
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
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
        required = ahocorasick.Automaton()
        for number, rule_file in enumerate(self.files):
            for rule in rule_file.rules:
                for role, matcher in ((MARKER, rule.marker), (UNTIL, rule.until)):
                    if matcher is not None:
                        self.add_probe(Probe(number, rule, role, matcher), automaton, required)
        self.contains = finished(automaton)
        self.required = finished(required)
        self.gates: dict[int, Gate | None] = {
            number: gate_for_patterns([self.probes[p].matcher.pattern for p in probes])
            if len(probes) >= GATED_PROBES_MIN
            else None
            for number, probes in self.always.items()
        }
        self.after_load()

    def add_probe(
        self, probe: Probe, automaton: ahocorasick.Automaton, required: ahocorasick.Automaton
    ) -> None:
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
        literals = required_literals(probe.matcher.pattern.pattern)
        if literals is not None and (
            words is None or shortest(literals) >= shortest(words) + LITERAL_OVER_WORD
        ):
            # The longer literal is the more selective: ``more from site 12`` is one site's,
            # the first word ``more`` every site's.
            for literal in dict.fromkeys(literals):
                required.add_word(literal, (*required.get(literal, ()), number))
        elif words is not None:
            for word in dict.fromkeys(words):
                self.by_first_word.setdefault(word, []).append(number)
        else:
            self.always.setdefault(probe.file, []).append(number)

    def after_load(self) -> None:
        """What is rebuilt rather than stored: file positions (by identity) and scanners."""
        self.position = {id(rule_file): number for number, rule_file in enumerate(self.files)}
        self.scanners: dict[tuple[int, ...] | None, Scanner] = {}
        self.lookups: dict[str, tuple[str, frozenset[int], bool]] = {}
        self.confirmed: dict[tuple[int, str], bool | None] = {}
        self.built_prefilter: Prefilter | None = None
        self.always_all = frozenset(p for probes in self.always.values() for p in probes)

    def __getstate__(self) -> dict:
        rebuilt = ("position", "scanners", "lookups", "confirmed", "built_prefilter", "always_all")
        return {k: v for k, v in self.__dict__.items() if k not in rebuilt}

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

    def prefilter(self) -> Prefilter:
        """The hyperscan scan of the probes' patterns (``prefilter.py``), compiled on first use
        in each process: a probe with literal strings of its own is left out, since its
        literals propose it whatever its pattern does."""
        if self.built_prefilter is None:
            self.built_prefilter = Prefilter(
                [
                    None if p.matcher.literals or p.matcher.contains else p.matcher.pattern
                    for p in self.probes
                ]
            )
        return self.built_prefilter

    def proposed(
        self,
        line: str,
        active: frozenset[int] | None,
        gate_for: Callable[[str], Gate | None],
        direct: bool = False,
    ) -> set[int]:
        """Probes that could hit ``line`` among the ``active`` files (all when None);
        ``gate_for`` gives the first test of those files' patterns that no lookup can propose
        (None: none can match a line of this length); ``direct`` skips it for the files' own
        gates. A line the prefilter scanned needs neither."""
        form, looked_up, complete = self.looked_up(line)
        found = set(looked_up)
        if active is not None:
            found = {p for p in found if self.probes[p].file in active}
        if complete:
            return found
        gate = None if direct else gate_for(line)
        if direct or (gate is not None and gate.test_form(form)):
            # a file's own gate remembers its answer: every scanner holding the file asks it
            for number, probes in self.always.items():
                if active is not None and number not in active:
                    continue
                file_gate = self.gates[number]
                if file_gate is None or file_gate.could_match(line, form):
                    found.update(probes)
        return found

    def looked_up(self, line: str) -> tuple[str, frozenset[int], bool]:
        """``line``'s ``regex_form``, the probes of every file its lookups propose, and whether
        that is complete: on a line the prefilter scans, the always-tried probes are among
        them and a taken probe stays only where the scan reports it (else gates still
        decide). Remembered per line text (``MEMO_SIZE``): the scanners of a document's
        sites, of the generic files and of the whole rulebook (the validator's) ask about the
        same lines."""
        known = self.lookups.get(line)
        if known is not None:
            return known
        form = regex_form(line)
        norm = normalize(line)
        found = set(self.by_literal.get(norm, ()))
        if self.contains is not None and norm:
            for _end, probes in self.contains.iter(norm):
                found.update(probes)
        word = LINE_WORD.match(form)
        if word is not None:
            key = folded(word.group(0))
            found.update(self.by_first_word.get(key, ()))
        if self.required is not None:
            for _end, probes in self.required.iter(folded(form)):
                found.update(probes)
        prefilter = self.prefilter()
        reported = prefilter.candidates(form)
        if reported is not None:
            found = prefilter.kept(found | self.always_all, reported)
        if len(self.lookups) >= MEMO_SIZE:
            self.lookups.clear()
        known = self.lookups[line] = (form, frozenset(found), reported is not None)
        return known

    def probe_state(self, line: str, number: int) -> bool | None:
        """HIT, TIMED_OUT, or None when probe ``number``'s matcher does not hit ``line``;
        remembered per probe and line (``CONFIRMED_SIZE``), a timeout excepted: the scanners
        of a document's sites and of the whole rulebook (the validator's) confirm the same
        proposals, and each regex call costs two reads of the process clock for its timeout."""
        key = (number, line)
        known = self.confirmed.get(key, UNKNOWN)
        if known is not UNKNOWN:
            return known
        try:
            state = HIT if self.probes[number].matcher.search(line) else None
        except RegexTimeout:
            return TIMED_OUT  # a timeout is this run's luck, not the line's: try it again
        if len(self.confirmed) >= CONFIRMED_SIZE:
            self.confirmed.clear()
        self.confirmed[key] = state
        return state

    def always_probes(self, active: frozenset[int] | None) -> list[int]:
        """The probes of the ``active`` files that no lookup can propose."""
        return [
            p
            for number, probes in self.always.items()
            if active is None or number in active
            for p in probes
        ]


HIT, TIMED_OUT = True, False


def shortest(strings: list[str]) -> int:
    return min(map(len, strings))


def finished(automaton: ahocorasick.Automaton) -> ahocorasick.Automaton | None:
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


class Scanner:
    """The index narrowed to some files, with its answers remembered per line text."""

    def __init__(self, index: RuleIndex, active: frozenset[int] | None) -> None:
        self.index = index
        self.active = active
        self.always = index.always_probes(active)
        self.direct = len({index.probes[p].file for p in self.always}) <= DIRECT_GATE_FILES
        limits = {index.probes[p].matcher.max_words for p in self.always}
        self.word_limits = sorted(limit for limit in limits if limit is not None)
        self.gates: dict[int, Gate | None] = {}
        self.memo: dict[str, tuple[tuple[int, bool], ...]] = {}
        self.marker_memo: dict[str, dict[int, tuple[tuple[Probe, bool], ...]]] = {}

    def gate_for(self, line: str) -> Gate | None:
        """The gate of the always-tried patterns that can match a line of this many words: a
        pattern with ``max_words`` below it cannot (its matcher says no before any regex)."""
        if not self.always:
            return None
        bucket = bisect_left(self.word_limits, word_count(line)) if self.word_limits else 0
        if bucket not in self.gates:
            least = self.word_limits[bucket] if bucket < len(self.word_limits) else None
            patterns = [
                matcher.pattern
                for matcher in (self.index.probes[p].matcher for p in self.always)
                if matcher.max_words is None or (least is not None and matcher.max_words >= least)
            ]
            self.gates[bucket] = gate_for_patterns(patterns) if patterns else None
        return self.gates[bucket]

    def scan(self, line: str) -> tuple[tuple[int, bool], ...]:
        """``(probe, HIT or TIMED_OUT)`` for every probe that hit ``line`` or timed out on it."""
        found = self.memo.get(line)
        if found is None:
            proposed = self.index.proposed(
                line, self.active, self.gate_for, self.direct and bool(self.always)
            )
            found = tuple(self.confirm(line, sorted(proposed)))
            if any(state is TIMED_OUT for _, state in found):
                return found  # a timeout is this run's luck, not the line's: try it again next time
            if len(self.memo) >= MEMO_SIZE:
                self.memo.clear()
            self.memo[line] = found
        return found

    def markers_by_file(self, line: str) -> dict[int, tuple[tuple[Probe, bool], ...]]:
        """``scan``'s marker hits on ``line`` by file number, each ``(probe, HIT or TIMED_OUT)``
        in probe order; remembered as ``scan`` remembers. The rule engine asks it once for each
        line and each file of a pass, and most lines hit no file: one dict lookup then, where
        walking the scan's hits for every file cost a fifth of the rule stage."""
        found = self.marker_memo.get(line)
        if found is None:
            hits = self.scan(line)
            grouped: dict[int, list[tuple[Probe, bool]]] = {}
            for number, state in hits:
                probe = self.index.probes[number]
                if probe.role == MARKER:
                    grouped.setdefault(probe.file, []).append((probe, state))
            found = {file: tuple(pairs) for file, pairs in grouped.items()}
            if any(state is TIMED_OUT for _, state in hits):
                return found  # not remembered, as ``scan`` does not remember it
            if len(self.marker_memo) >= MEMO_SIZE:
                self.marker_memo.clear()
            self.marker_memo[line] = found
        return found

    def confirm(self, line: str, proposed: list[int]) -> list[tuple[int, bool]]:
        confirmed = []
        for number in proposed:
            state = self.index.probe_state(line, number)
            if state is not None:
                confirmed.append((number, state))
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
