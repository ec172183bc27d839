"""Residual junk: what a rule of any site, or the validator's own junk library, would still
remove from a cleaned body.

The validator must catch what the rules missed, so it does not replay only the rules that ran:
it applies the patterns of *every* rule file in the rulebook (through the rulebook's compiled scan)
and its own library of site-independent junk shapes (``cleaner.generic.junk_patterns``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

import ahocorasick

from cleaner.dates import is_timestamp
from cleaner.generic.junk_patterns import JUNK_PATTERNS
from cleaner.rulebook.kinds import kind_of
from cleaner.rulebook.load import Rulebook
from cleaner.rulebook.prefilter import Prefilter
from cleaner.rulebook.rules import (
    RegexTimeout,
    Rule,
    regex_form,
)
from cleaner.rulebook.scan import LineHits, finished, folded, required_literals
from cleaner.text import LINE_CACHE_SIZE, word_count
from cleaner.validate.context import (
    HIGH,
    LOW,
    MEDIUM,
    SITE_TEMPLATE,
    Context,
    Finding,
    finding,
)
from cleaner.validate.structure import in_list_or_table, looks_like_sentences

LIST_ROW_MIN_ITEMS = 5
"""A junk pattern on this many lines at one stride marks a list's rows (fewer is chance)."""
LIST_ROW_REGULAR = 0.8
"""... at one stride between at least this share of its neighbouring hits (an item without a
date breaks the rhythm once)."""
LIST_ROW_EDGE = 0.25
"""... and from the body's first quarter to its last: the body is the list."""
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
    return kind_of(rule).counts_as_residual(rule)


def rule_findings(ctx: Context, found: LineHits) -> Iterator[Finding]:
    """Where a rule from any site would still remove something from this body.

    A line rule (drop, meta) also names a short label outside its zone: junk moved from where
    the rule expects it is still junk. Cuts and blocks keep to their zones.
    """
    lines, rule, kind = ctx.lines, found.rule, kind_of(found.rule)
    ends = set(found.until) if kind.ends_count and rule.inclusive else set()
    for index in sorted(set(found.marker) | ends):
        if kind.passes_over(rule, lines, index):
            continue
        zoned = ctx.zones.contains(rule.zone, index)
        if not zoned and not (kind.names_labels and is_label_like(ctx, index)):
            continue
        target = kind.residual_line(rule, index, len(lines))
        if target is None:
            continue
        code = "residual-inline" if kind.residual_inline else "residual-junk"
        severity = MEDIUM if kind.residual_inline else HIGH
        why = f"matches {rule.kind} rule: {rule.description}"
        why += "" if zoned else f" (outside its {rule.zone} zone)"
        yield finding(lines[target], code, rule.id, severity, why)
        if kind.cut_side:
            yield from cut_side_findings(ctx, rule, target, kind.cut_side)
            return


def cut_side_findings(ctx: Context, rule: Rule, target: int, side: int) -> Iterator[Finding]:
    """Everything on the far side of a cut marker is junk too."""
    lines = ctx.lines
    beyond = lines[target + 1 :] if side > 0 else lines[:target]
    for line in beyond:
        why = f"on the cut side of {rule.kind} rule {rule.id} (line {lines[target].number})"
        yield finding(line, "residual-junk", rule.id, HIGH, why)


def is_label_like(ctx: Context, index: int) -> bool:
    """Short and not a piece of a sentence: what a line rule may name outside its zone."""
    text = ctx.lines[index].text
    return word_count(text) <= LABEL_MAX_WORDS and not looks_like_sentences(text)


def detect_rulebook_junk(ctx: Context) -> Iterator[Finding]:
    """Every rule of every rule file, whichever sites the document was matched to.

    The rulebook's compiled scan names the rules that hit each line, so the cost does not grow
    with the number of rule files that cannot.
    """
    for found in ctx.rulebook.line_hits([line.text for line in ctx.lines]):
        if is_checkable(found.rule):
            yield from rule_findings(ctx, found)


TIMESTAMP_WHY = "a date or time standing alone (publication time)"


@dataclass(frozen=True, slots=True)
class LibraryIndex:
    """The junk library filed for proposing, as the rulebook's scan files its patterns
    (``cleaner/rulebook/scan.py``): a pattern every match of which holds one of a few literal
    strings is proposed by one Aho-Corasick pass over the lower-cased line; the few with no
    such literal (``always``) are tried on every line. A line is searched only with the
    patterns proposed for it, in library order, so the first hit is the one a search of every
    pattern in turn finds, at a fraction of the regex calls on a line no pattern names."""

    literals: ahocorasick.Automaton | None
    always: tuple[int, ...]
    prefilter: Prefilter
    """The library's patterns in one hyperscan scan (``cleaner/rulebook/prefilter.py``): of
    what the literals propose, a taken pattern stays only where the scan reports it."""


LIBRARY_LITERAL_MIN_CHARS = 1
"""The library files a pattern even under one character (``template-code`` under '<', '{{',
'{*' and '{%'): it has no gate joining its unfiled patterns, so a filed pattern is searched on
the lines that hold the character, never more often than unfiled (on every line). The rule
index keeps ``REQUIRED_MIN_CHARS``: its unfiled patterns share one gate search a line."""


@lru_cache(maxsize=1)
def library_index() -> LibraryIndex:
    """The library's ``LibraryIndex``, built once."""
    automaton = ahocorasick.Automaton()
    always = []
    for number, junk in enumerate(JUNK_PATTERNS):
        literals = required_literals(junk.pattern.pattern, LIBRARY_LITERAL_MIN_CHARS)
        if literals is None:
            always.append(number)
            continue
        for literal in dict.fromkeys(literals):
            automaton.add_word(literal, (*automaton.get(literal, ()), number))
    prefilter = Prefilter([junk.pattern for junk in JUNK_PATTERNS])
    return LibraryIndex(finished(automaton), tuple(always), prefilter)


def proposed_patterns(form: str, words: int) -> list[int]:
    """Library order of the patterns that could name a line (in ``regex_form``) of ``words``
    words: those a literal of theirs proposes, and every unfiled one. Every pattern that
    matches the line is among them.

    The unfiled patterns are searched one by one, not first through one regex joining them
    all: joined, the regex engine misses lines that ``truncated-teaser`` (with its scoped
    ``(?-i:...)``) matches alone, and with the literals filed the join saved no time."""
    index = library_index()
    found = set(index.always)
    if index.literals is not None:
        for _end, numbers in index.literals.iter(folded(form)):
            found.update(numbers)
    reported = index.prefilter.candidates(form)
    if reported is not None:
        found = index.prefilter.kept(found, reported)
    return sorted(i for i in found if JUNK_PATTERNS[i].fits(words))


@lru_cache(maxsize=LINE_CACHE_SIZE)
def junk_pattern_hit(text: str) -> tuple[str, str] | None:
    """(detector id, why) of the first library pattern naming ``text``, or None.

    Remembered per line text: the validator asks about each body line in three places (the
    library detector, the line model's ``junk_pattern`` feature through ``junk_named``, the
    lost-prose count), and a site's template lines come back page after page; the answer
    depends on the line alone, and the bound keeps memory flat over a long dump."""
    form, words = regex_form(text), word_count(text)
    for number in proposed_patterns(form, words):
        junk = JUNK_PATTERNS[number]
        if junk.names(form, words):
            return f"junk.{junk.id}", junk.why
    if is_timestamp(form):
        return "junk.timestamp", TIMESTAMP_WHY
    return None


def junk_named(text: str) -> bool:
    """Whether a library pattern names ``text``: what the line model's "cleaned" head reads as
    its ``junk_pattern`` feature (``cleaner/linemodel/features.py``)."""
    return junk_pattern_hit(text) is not None


def detect_library_junk(ctx: Context) -> Iterator[Finding]:
    """The validator's own junk patterns (cleaner.generic.junk_patterns), on every line. A line that
    starts on a separator is a link-row fragment unless it is a row of a list or table. A
    pattern that marks every item of a list the body is made of (``list_row_parts``) is a
    note: the items' numbers and dates are the listing's own."""
    hits = {}
    for index, line in enumerate(ctx.lines):
        hit = junk_pattern_hit(line.text)
        if hit and not (hit[0] == "junk.fragment" and in_list_or_table(ctx, index)):
            hits[index] = hit
    rows = list_row_parts({index: hit[0] for index, hit in hits.items()}, len(ctx.lines))
    for index, (pattern, message) in hits.items():
        if index in rows:
            message = f"{message}; on every item of the list the body is, so the list's own"
        yield finding(ctx.lines[index], "residual-junk", pattern, LOW if index in rows else HIGH,
                      message)  # fmt: skip


def list_row_parts(hits: dict[int, str], lines: int) -> set[int]:
    """The body lines (indices) of ``hits`` (index -> pattern id) that are parts of a list's
    rows: one pattern on LIST_ROW_MIN_ITEMS lines or more, at one stride for most of them
    (LIST_ROW_REGULAR), from the body's first LIST_ROW_EDGE to its last (a listing's '1.',
    '17 hours ago' under every item, which its gold keeps). A teaser list kept under a story
    fills only its end, and stays junk."""
    by_pattern: dict[str, list[int]] = {}
    for index, pattern in sorted(hits.items()):
        by_pattern.setdefault(pattern, []).append(index)
    rows: set[int] = set()
    for found in by_pattern.values():
        if len(found) < LIST_ROW_MIN_ITEMS:
            continue
        gaps = [b - a for a, b in pairwise(found)]
        regular = max(gaps.count(gap) for gap in set(gaps)) >= LIST_ROW_REGULAR * len(gaps)
        spans = found[0] < LIST_ROW_EDGE * lines and found[-1] >= (1 - LIST_ROW_EDGE) * lines
        if regular and spans:
            rows.update(found)
    return rows


@lru_cache(maxsize=8)
def rule_ids(rulebook: Rulebook) -> frozenset[str]:
    return frozenset(rule.id for rule_file in rulebook.files for rule in rule_file.rules)


@lru_cache(maxsize=8)
def line_rule_ids(rulebook: Rulebook) -> frozenset[str]:
    """Rules that judge one line at a time (``judges_lines``: drop, meta, trim): their removals
    are trusted as junk. A cut or a block condemns a span, story and all when its marker is
    misplaced."""
    return frozenset(r.id for f in rulebook.files for r in f.rules if kind_of(r).judges_lines)


def any_rule_names(rulebook: Rulebook, text: str) -> bool:
    """Whether any rule of any file (trims aside) names the whole line as junk."""
    return any(
        found.marker
        for found in rulebook.line_hits([text])
        if not kind_of(found.rule).residual_inline and is_checkable(found.rule)
    )


SITE_TEMPLATE_MESSAGE = "on most of this site's pages in the batch run: the site's template"


def detect_site_template(ctx: Context) -> Iterator[Finding]:
    """Kept lines the batch run found on most pages of this document's site: its template
    (a menu, a newsletter box, a footer no rule names), not this page's story."""
    if ctx.is_template is None:
        return
    for line in ctx.lines:
        if ctx.is_template(line.text):
            yield finding(line, SITE_TEMPLATE, "batch", HIGH, SITE_TEMPLATE_MESSAGE)
