"""Residual junk: what a rule of any site, or the validator's own junk library, would still
remove from a cleaned body.

The validator must catch what the rules missed, so it does not replay only the rules that ran:
it applies the patterns of *every* rule file in the rulebook (through the rulebook's line index)
and its own library of site-independent junk shapes (``cleaner.generic.junk_patterns``).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from cleaner.generic.dates import is_timestamp
from cleaner.generic.junk_patterns import JUNK_PATTERNS
from cleaner.rulebook.lineindex import LineIndex
from cleaner.rulebook.load import Rulebook
from cleaner.rulebook.rules import (
    REGEX_TIMEOUT_SECONDS,
    Gate,
    RegexTimeout,
    Rule,
    gate_for_patterns,
    regex_form,
)
from cleaner.text import word_count
from cleaner.validate.context import HIGH, MEDIUM, Context, Finding, finding
from cleaner.validate.structure import in_list_or_table, looks_like_sentences

LINE_KINDS = ("drop", "meta")
"""Rule kinds that judge one line by itself, so their patterns still name junk outside their
zone."""
LABEL_MAX_WORDS = 8
"""A line rule's hit outside its zone counts only on a label this short: a longer line is
story that happens to hold the rule's words ('Related' in a sentence)."""


def marker_hits(rule: Rule, text: str) -> bool:
    try:
        return rule.acts_on(text)
    except RegexTimeout:
        return False


def until_hits(rule: Rule, text: str) -> bool:
    try:
        return rule.until is not None and rule.until.matches(text)
    except RegexTimeout:
        return False


def is_checkable(rule: Rule) -> bool:
    return not (rule.kind == "meta" and not rule.remove)


def rule_findings(ctx: Context, rule: Rule, indices: list[int]) -> Iterator[Finding]:
    """Where a rule from any site would still remove something from this body.

    A line rule (drop, meta) also names a short label outside its zone: junk moved from where
    the rule expects it is still junk. Cuts and blocks keep to their zones.
    """
    lines = ctx.lines
    for index in indices:
        line = lines[index]
        zoned = ctx.zones.contains(rule.zone, index)
        if not zoned and not (rule.kind in LINE_KINDS and is_label_like(ctx, index)):
            continue
        hit = marker_hits(rule, line.text)
        end_hit = rule.kind == "drop-block" and rule.inclusive and until_hits(rule, line.text)
        if not (hit or end_hit):
            continue
        target = junk_line_of(rule, index, len(lines))
        if target is None:
            continue
        code = "residual-inline" if rule.kind == "trim" else "residual-junk"
        severity = MEDIUM if rule.kind == "trim" else HIGH
        why = f"matches {rule.kind} rule: {rule.description}"
        why += "" if zoned else f" (outside its {rule.zone} zone)"
        yield finding(lines[target], code, rule.id, severity, why)
        if rule.kind in ("cut-after", "cut-before"):
            yield from cut_side_findings(ctx, rule, target)
            return


def cut_side_findings(ctx: Context, rule: Rule, target: int) -> Iterator[Finding]:
    """Everything on the far side of a cut marker is junk too."""
    lines = ctx.lines
    side = lines[target + 1 :] if rule.kind == "cut-after" else lines[:target]
    for line in side:
        why = f"on the cut side of {rule.kind} rule {rule.id} (line {lines[target].number})"
        yield finding(line, "residual-junk", rule.id, HIGH, why)


def is_label_like(ctx: Context, index: int) -> bool:
    """Short and not a piece of a sentence: what a line rule may name outside its zone."""
    text = ctx.lines[index].text
    return word_count(text) <= LABEL_MAX_WORDS and not looks_like_sentences(text)


def junk_line_of(rule: Rule, index: int, count: int) -> int | None:
    """The line a marker hit condemns: the marker itself, or its neighbour for a non-inclusive
    cut (whose marker is body) when anything lies on the cut side."""
    if rule.inclusive or rule.kind not in ("cut-after", "cut-before", "drop-block"):
        return index
    if rule.kind == "cut-after":
        return index + 1 if index + 1 < count else None
    if rule.kind == "cut-before":
        return index - 1 if index > 0 else None
    return None


def detect_rulebook_junk(ctx: Context) -> Iterator[Finding]:
    """Every rule of every rule file, whichever sites the document was matched to.

    The rulebook's line index names the files that could act on each line, so the cost does
    not grow with the number of rule files that cannot.
    """
    index = line_index(ctx.rulebook)
    lines_of: dict[int, list[int]] = {}
    for number, line in enumerate(ctx.lines):
        for position in index.candidate_numbers(line.text):
            if index.files[position].gate.could_match(line.text):
                lines_of.setdefault(position, []).append(number)
    for position in sorted(lines_of):
        for rule in index.files[position].rules:
            if is_checkable(rule):
                yield from rule_findings(ctx, rule, lines_of[position])


@lru_cache(maxsize=8)
def line_index(rulebook: Rulebook) -> LineIndex:
    return LineIndex(rulebook.files)


@lru_cache(maxsize=64)
def library_gate(words: int) -> Gate:
    """A first test over the library patterns that apply to lines of ``words`` words.

    Most patterns name short lines (``max_words``); leaving them out of a long paragraph's gate
    is what keeps the validator cheap on prose.
    """
    return gate_for_patterns(
        [j.pattern for j in JUNK_PATTERNS if j.max_words is None or words <= j.max_words]
    )


def junk_pattern_hit(text: str) -> tuple[str, str] | None:
    """(detector id, why) of the first library pattern naming ``text``, or None."""
    form = regex_form(text)
    count = word_count(text)
    if not library_gate(min(count, LIBRARY_GATE_MAX_WORDS)).could_match(text):
        return ("junk.timestamp", TIMESTAMP_WHY) if is_timestamp(form) else None
    for junk in JUNK_PATTERNS:
        if junk.max_words is not None and count > junk.max_words:
            continue
        try:
            if junk.pattern.search(form, timeout=REGEX_TIMEOUT_SECONDS):
                return f"junk.{junk.id}", junk.why
        except TimeoutError:  # a pathological line: skip the pattern, as the engine does
            continue
    if is_timestamp(form):
        return "junk.timestamp", TIMESTAMP_WHY
    return None


TIMESTAMP_WHY = "a date or time standing alone (publication time)"
LIBRARY_GATE_MAX_WORDS = 41
"""Above the largest ``max_words`` in the library every line gets the same gate."""


def detect_library_junk(ctx: Context) -> Iterator[Finding]:
    """The validator's own junk patterns (cleaner.generic.junk_patterns), on every line. A line that
    starts on a separator is a link-row fragment unless it is a row of a list or table."""
    for index, line in enumerate(ctx.lines):
        hit = junk_pattern_hit(line.text)
        if hit and not (hit[0] == "junk.fragment" and in_list_or_table(ctx, index)):
            yield finding(line, "residual-junk", hit[0], HIGH, hit[1])


@lru_cache(maxsize=8)
def rule_ids(rulebook: Rulebook) -> frozenset[str]:
    return frozenset(rule.id for rule_file in rulebook.files for rule in rule_file.rules)


@lru_cache(maxsize=8)
def line_rule_ids(rulebook: Rulebook) -> frozenset[str]:
    """Rules that judge one line at a time (drop, meta, trim): their removals are trusted as
    junk. A cut or a block condemns a span, story and all when its marker is misplaced."""
    kinds = (*LINE_KINDS, "trim")
    return frozenset(r.id for f in rulebook.files for r in f.rules if r.kind in kinds)


def any_rule_names(rulebook: Rulebook, text: str) -> bool:
    """Whether any rule of any file (trims aside) names the whole line as junk."""
    return any(
        marker_hits(rule, text)
        for rule_file in line_index(rulebook).candidates(text)
        for rule in rule_file.rules
        if rule.kind != "trim" and not (rule.kind == "meta" and not rule.remove)
    )
