"""The validator: an independent check that a cleaned document holds the story body and only it.

It looks at the cleaned text on its own (and, when it has one, at the document the text came
from) and reports ``Finding``s with line numbers and reasons in a ``Verdict``. It must catch what
the rules missed, so it does not replay the rules that ran: it applies the patterns of *every*
rule file in the rulebook, its own junk library (``cleaner.generic.junk_patterns``),
structural signals (runs of short non-sentence lines, link lists, repeats, a headline left in the
body) and integrity checks (empty, too short, over-stripped, cut mid-sentence).

Severities: ``high`` makes the verdict ``fail``, ``medium`` makes it ``warn``, ``low`` is
reported but leaves the verdict ``ok``.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import regex

from cleaner.document import Document, Removal
from cleaner.generic.junk_patterns import (
    DATE,
    DATE_FILLER,
    JUNK_PATTERNS,
    TIMESTAMP_MAX_LEFTOVER_WORDS,
)
from cleaner.generic.steps import is_glued_repeat
from cleaner.rulebook.kinds import kind_of
from cleaner.rulebook.load import Rulebook
from cleaner.rulebook.rules import (
    REGEX_TIMEOUT_SECONDS,
    Gate,
    RegexTimeout,
    Rule,
    gate_for_patterns,
    regex_form,
)
from cleaner.rulebook.scan import LineHits
from cleaner.text import (
    ends_like_sentence,
    is_prose,
    lowercase_ratio,
    normalize,
    split_lines,
    word_count,
    words,
)
from cleaner.zones import Zones

HIGH, MEDIUM, LOW = "high", "medium", "low"
LINE_KINDS = ("drop", "meta")
LABEL_MAX_WORDS = 8
SEVERITY_RANK = {HIGH: 3, MEDIUM: 2, LOW: 1}
CODE_PRIORITY = (
    "empty-body", "over-stripped", "residual-junk", "title-in-body", "duplicate-paragraph",
    "link-list", "nav-run", "stray-line", "off-topic-line", "residual-inline",
    "cut-mid-sentence", "too-short",
)  # fmt: skip
"""When several detectors flag one line, the earlier code here is the one reported."""

JUNK_CODES = frozenset(
    ("residual-junk", "residual-inline", "title-in-body", "duplicate-paragraph", "link-list",
     "nav-run", "stray-line", "off-topic-line")
)  # fmt: skip
"""Findings that say a kept line is not story (the others are about lost story or the size)."""
BODY_FAILURE_CODES = frozenset(("empty-body", "too-short"))
"""At high severity these fail the document on their own: nothing or a stub is left."""
JUNK_WEIGHT = {HIGH: 1.0, MEDIUM: 0.5, LOW: 0.0}
MODEL_JUNK_SCALE = 0.5
PROSE_LOST_SCALE = 0.5
MODEL_LOST_SCALE = 0.5
"""The line model's and the prose count's shares are scaled to the true shares they tracked
on the tuning pages (the model gives even clean prose about 0.1; prose near a story is not
all story): fitted with FAIL_QUALITY by bench/fit_verdicts.py on bench/verdicts.py's output."""
STORY_WINDOW_GAP = 2
"""Left-out lines count as possibly lost story up to this many junk-like lines away from the
kept story (a caption or an ad slot between two paragraphs; a footer is longer)."""
STORY_LINE_PROBABILITY = 0.5
KEPT_MATCH_MIN_WORDS = 4
INLINE_JUNK_WORDS = 4
"""An inline remnant ('[ad]', 'Read more »') is a few words, not its whole paragraph."""
FAIL_QUALITY = 0.91
"""A body whose predicted word F1 is under this fails (alone: about 17% of its words junk,
or 17% of the story lost). Chosen on the tuning sites' pages with full gold (big9 and
wcxb-dev, HTML and crude dumps) by bench/fit_verdicts.py as the value that fails the most
pages of true F1 < 0.9 while failing at most 5% of the pages of true F1 >= 0.95."""
TOO_SHORT_FAIL_WORDS = 25
"""A body with fewer words than this is not a news story (a stub, a teaser, a widget)."""
TOO_SHORT_WARN_WORDS = 60
NAV_RUN_MIN_LINES = 3
"""This many short non-sentence lines in a row read as a menu or a teaser list."""
SHORT_LINE_MAX_WORDS = 6
NAV_RUN_LOWER = 0.5
"""A run whose words are mostly lower-case reads as a list in the story (BODY.md: body)."""
DUPLICATE_HIGH_MIN_WORDS = 4
REFRAIN_MAX_WORDS = 12
"""A repeated line this short inside the story is a refrain; a lede echoed in a footer is
longer (and stands outside the story's prose)."""
LIST_MARKER = regex.compile(r"^(?:[•·▪◦*+–—-]|\(?\d{1,3}[.)])\s+")
"""A list item's marker: a bullet, a dash, or a number ('1.', '2)')."""
TABLE_ROW = regex.compile(r"^\|.*\|.*\|$")
"""A table row as extractors write it: cells between bars."""
HEADLINE_MIN_WORDS = 4
HEAD_MAX_LINES = 40
"""Head lines compared pairwise for headline repeats (a page with no prose has no end)."""
SMALL_WORDS = "a an the and or but nor of to in on at by for from with as vs via into over per up"
TITLE_SMALL_WORDS = frozenset(
    (SMALL_WORDS + " off out is are was be its his her their than").split()
)
FUNCTION_WORDS = (
    "this that these those it not more most new news all about after before over under then "
    "there here what when where who why how will would can could should may might has have had "
    "does did just also says said one two three four were been being which you your our they "
    "she him them"
)
STOP_WORDS = TITLE_SMALL_WORDS | frozenset(FUNCTION_WORDS.split())
OFF_TOPIC_MAX_SHARED = 0.25
"""A line with fewer of its content words found elsewhere in the story is off-topic."""
OFF_TOPIC_HIGH_WORDS = 4
CONTENT_CACHE_SIZE = 8192
PARAGRAPH_MIN_WORDS = 10
"""An unpunctuated lower-case line this long is a paragraph that lost its full stop."""
INNER_SENTENCE_BREAK = regex.compile(r"\p{Ll}[.!?][\"'”’]?\s+\p{Lu}")
CREDIT = regex.compile(
    r"contribut|report(ing|ed)|can be reached|\bdoi\b|https?://|@\w|\bwires?\b|editing by",
    regex.IGNORECASE,
)
"""Credit, contact and citation lines that close a story (the golds keep them)."""
LINK_LIST_MIN_ITEMS = 3
TAG_LIST_MIN_ITEMS = 5
TAG_ITEM_MAX_WORDS = 4
SEPARATORS = regex.compile(r"\s[|•·›»]\s|\s[|•·›»]|[|•·›»]\s")
OVERSTRIP_MIN_WORDS = 10
"""A removed line this long that reads as prose is story, unless some junk signal names it."""
ON_TOPIC_MIN_SHARED = 0.5
HOLE_MAX_LINES = 2
"""A removed run this short between kept paragraphs is a hole cut in the story."""
"""A removed line with at least this share of its content words in the kept body is story."""
DANGLING_END = regex.compile(
    r"(,|[-–—]|\b(the|a|an|and|or|but|of|to|in|for|with|on|at|by|from|that|which|as|is|are|was"
    r"|were|his|her|their|its|our|who|when|while|because|if|than|into|about|after|before|"
    r"between|under|over|said|says|says that|said that))$",
    regex.IGNORECASE,
)
DATELINE = regex.compile(r"^[\p{Lu}][\p{L}\p{M} .,'’/-]{1,40}(:|\s(--|[–—-]))$")
SENTENCE_CLOSE = regex.compile(r"[.!?…:;\"'”’»)\]]$")


@dataclass(slots=True)
class Finding:
    """One problem: what, where (body line and original input line), why, and how bad."""

    code: str
    line: int
    text: str
    detector: str
    severity: str
    message: str
    original_line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "line": self.line,
            "original_line": self.original_line,
            "text": self.text,
            "detector": self.detector,
            "severity": self.severity,
            "message": self.message,
        }


@dataclass(slots=True)
class Verdict:
    """The validator's answer for one document: ``ok``, ``warn`` or ``fail``, why, and how much.

    ``fail``: materially wrong (an estimated ``junk_share`` or ``lost_share`` past its threshold,
    or an empty or stub body; ``reason`` says which). ``warn``: a local doubt (a finding of
    medium or high severity that does not add up to a material share). ``ok``: nothing found.
    ``junk_share`` is the estimated share of kept words that are not story; ``lost_share`` the
    estimated share of the story's words that were removed (None when the input is unknown);
    ``quality`` the word F1 those two predict.
    """

    status: str
    findings: list[Finding] = field(default_factory=list)
    words: int = 0
    junk_share: float = 0.0
    lost_share: float | None = None
    reason: str = ""

    @property
    def failed(self) -> bool:
        return self.status == "fail"

    @property
    def quality(self) -> float:
        """The word F1 the estimates predict: 0 for an empty body."""
        return predicted_f1(self.junk_share, self.lost_share) if self.words else 0.0

    def to_dict(self) -> dict[str, Any]:
        lost = None if self.lost_share is None else round(self.lost_share, 4)
        return {
            "status": self.status,
            "reason": self.reason,
            "words": self.words,
            "junk_share": round(self.junk_share, 4),
            "lost_share": lost,
            "quality": round(self.quality, 4),
            "findings": [f.to_dict() for f in self.findings],
        }


@dataclass(slots=True)
class BodyLine:
    """A non-blank line of the cleaned body: its line in the cleaned text and in the input."""

    number: int
    text: str
    original: int | None = None


@dataclass
class Context:
    """What every detector reads: the body lines, the rulebook and what is known of the input."""

    lines: list[BodyLine]
    rulebook: Rulebook
    title: str | None = None
    removed: list[Removal] = field(default_factory=list)
    input_known: bool = False
    """Whether ``removed`` lists every line that left (so lost story can be estimated)."""
    page_lines: list[str] | None = None
    """For an HTML page, the text lines of the whole page (what the extractor chose from)."""
    input_lines: list[tuple[str, bool]] | None = None
    """The input's non-blank lines in order, each with whether the body kept it (the line
    model reads them as the page it was trained on); None when the input is unknown."""
    removed_by_rule: set[int] = field(default_factory=set)
    """Indices into ``input_lines`` of lines a line rule removed: trusted as junk."""
    prose: list[bool] = field(default_factory=list)
    zones: Zones = field(init=False)

    def __post_init__(self) -> None:
        # Zones as the engine draws them, so a rule's zone means the same in both places.
        self.prose = [is_prose(line.text) for line in self.lines]
        self.zones = Zones.of(self.lines)

    def first_prose(self) -> int:
        return self.zones.first_prose

    def last_prose(self) -> int:
        return self.zones.last_prose


def finding(line: BodyLine, code: str, detector: str, severity: str, message: str) -> Finding:
    return Finding(code, line.number, line.text, detector, severity, message, line.original)


# --- residual junk: every rule file's patterns ---------------------------------------------


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


# --- residual junk: the validator's own library ------------------------------------------


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


def is_timestamp(text: str) -> bool:
    """A date or time with at most one other word ('Saturday, 25 May 2024 06:28 PM EDT')."""
    if not DATE.search(text) or word_count(text) > 12:
        return False
    leftover = DATE_FILLER.sub(" ", DATE.sub(" ", text))
    return word_count(leftover) <= TIMESTAMP_MAX_LEFTOVER_WORDS


def detect_library_junk(ctx: Context) -> Iterator[Finding]:
    """The validator's own junk patterns (cleaner.generic.junk_patterns), on every line. A line that
    starts on a separator is a link-row fragment unless it is a row of a list or table."""
    for index, line in enumerate(ctx.lines):
        hit = junk_pattern_hit(line.text)
        if hit and not (hit[0] == "junk.fragment" and in_list_or_table(ctx, index)):
            yield finding(line, "residual-junk", hit[0], HIGH, hit[1])


# --- structural signals ------------------------------------------------------------------


def is_short_fragment(text: str) -> bool:
    """A short line without sentence shape: menu item, label, teaser headline."""
    count = word_count(text)
    return count <= SHORT_LINE_MAX_WORDS and not SENTENCE_CLOSE.search(text.rstrip())


def detect_nav_runs(ctx: Context) -> Iterator[Finding]:
    """Runs of short non-sentence lines: menus, teaser lists, link rows.

    The last line of a run may head the prose after it, but a sub-heading is one line: the
    run as a whole is chrome. Datelines break a run.
    """
    run: list[int] = []
    for index, line in enumerate([*ctx.lines, None]):
        if line is not None and is_run_member(line.text):
            run.append(index)
            continue
        if len(run) >= NAV_RUN_MIN_LINES:
            severity = nav_run_severity(ctx, run)
            for i in run:
                yield finding(
                    ctx.lines[i],
                    "nav-run",
                    "structure.nav-run",
                    severity,
                    f"one of {len(run)} short non-sentence lines in a row (menu or teaser list)",
                )
        run = []


def is_run_member(text: str) -> bool:
    return is_short_fragment(text) and word_count(text) > 0 and not DATELINE.match(text)


def nav_run_severity(ctx: Context, run: list[int]) -> str:
    """Menus are Title-Cased words with no marks. Rows that share a list or table shape
    (bullets, numbers, table cells: race results, specifications) are a list in the story
    (BODY.md: body), low; a lower-case run, one a line ending in ':' introduces, or one whose
    items mostly share the story's words is a doubt, medium."""
    if sum(in_list_or_table(ctx, i) for i in run) * 2 > len(run):
        return LOW
    capitalised = sum(lowercase_ratio(ctx.lines[i].text) for i in run) / len(run) < NAV_RUN_LOWER
    introduced = run[0] > 0 and ctx.lines[run[0] - 1].text.rstrip().endswith(":")
    on_topic = sum(shares_topic(ctx, i) for i in run) * 2 > len(run)
    return HIGH if capitalised and not introduced and not on_topic else MEDIUM


def list_shape(text: str) -> str | None:
    """'table' for a table row ('| a | b |'), the marker for a list item ('•', '-', a number),
    or None."""
    text = text.strip()
    if TABLE_ROW.match(text):
        return "table"
    marker = LIST_MARKER.match(text)
    if marker is None:
        return None
    return "number" if any(c.isdigit() for c in marker.group()) else marker.group().strip()


def in_list_or_table(ctx: Context, index: int) -> bool:
    """A row of a list or table: a neighbour has the same shape (menus are seldom numbered or
    tabular, and a lone marked line is no list)."""
    shape = list_shape(ctx.lines[index].text)
    if shape is None:
        return is_table_row(ctx, index)
    neighbours = (ctx.lines[i].text for i in (index - 1, index + 1) if 0 <= i < len(ctx.lines))
    return any(list_shape(text) == shape for text in neighbours)


def detect_link_lists(ctx: Context) -> Iterator[Finding]:
    """Breadcrumbs, tag rows and link rows: short items joined by separators or commas. A
    table's rows (cells between bars, or rows as many cells wide as their neighbour) are not."""
    for index, line in enumerate(ctx.lines):
        if ctx.prose[index] and ends_like_sentence(line.text):
            continue
        if list_shape(line.text) == "table" or is_table_row(ctx, index):
            continue  # a table's rows, not a link row
        if is_link_list(line.text):
            yield finding(
                line,
                "link-list",
                "structure.link-list",
                HIGH,
                "items joined by separators (breadcrumbs, tags or a link row)",
            )


def is_table_row(ctx: Context, index: int) -> bool:
    """A row with as many separator-joined cells as a neighbour row, and a number among them
    (specification and results tables; a site's footer link rows hold no numbers)."""
    count = cell_count(ctx.lines[index].text)
    if count < LINK_LIST_MIN_ITEMS:
        return False
    rows = [ctx.lines[i].text for i in (index - 1, index, index + 1) if 0 <= i < len(ctx.lines)]
    same = [text for text in rows if cell_count(text) == count]
    return len(same) >= 2 and any(any(c.isdigit() for c in text) for text in same)


def cell_count(text: str) -> int:
    return len([item for item in SEPARATORS.split(text) if item.strip()])


def is_link_list(text: str) -> bool:
    items = [i for i in SEPARATORS.split(text) if i.strip()]
    if len(items) >= LINK_LIST_MIN_ITEMS and all(word_count(i) <= 5 for i in items):
        return True
    parts = [p for p in text.split(",") if p.strip()]
    return (
        len(parts) >= TAG_LIST_MIN_ITEMS
        and not SENTENCE_CLOSE.search(text.rstrip())
        and all(word_count(p) <= TAG_ITEM_MAX_WORDS for p in parts)
    )


def detect_duplicates(ctx: Context) -> Iterator[Finding]:
    """Later copies of a line (a lede echoed in a footer, alt text and its caption). A short
    line repeated between the story's prose lines is a refrain (a chorus, a recipe's 'Stir
    well.'), low."""
    seen: dict[str, int] = {}
    for index, line in enumerate(ctx.lines):
        key = normalize(line.text)
        if not word_count(line.text):
            continue
        if key in seen:
            first = seen[key]
            long = word_count(line.text) >= DUPLICATE_HIGH_MIN_WORDS
            refrain = (
                word_count(line.text) <= REFRAIN_MAX_WORDS
                and ctx.first_prose() < first
                and index < ctx.last_prose()
            )
            yield finding(
                line,
                "duplicate-paragraph",
                "structure.duplicate",
                LOW if refrain else HIGH if long else MEDIUM,
                f"repeats line {ctx.lines[first].number}" + (" (a refrain)" if refrain else ""),
            )
        seen.setdefault(key, index)


def detect_title(ctx: Context) -> Iterator[Finding]:
    """The known title, or without one a headline told by its repeats or its shape."""
    if ctx.title and word_count(ctx.title):
        for line in ctx.lines:
            if is_glued_repeat(line.text, ctx.title):
                yield finding(
                    line, "title-in-body", "structure.title", HIGH, "the headline left in the body"
                )
        return
    yield from detect_head_repeats(ctx)
    yield from detect_headline_shape(ctx)


def detect_head_repeats(ctx: Context) -> Iterator[Finding]:
    """Without a known title: a head line that another head line repeats is the headline."""
    head = ctx.lines[: min(ctx.first_prose(), HEAD_MAX_LINES)]
    for i, line in enumerate(head):
        if word_count(line.text) < 3:
            continue
        for other in head[:i] + head[i + 1 :]:
            if normalize(other.text) != normalize(line.text) and is_glued_repeat(
                other.text, line.text
            ):
                yield finding(
                    other,
                    "title-in-body",
                    "structure.title",
                    HIGH,
                    f"the headline (line {line.number}) glued to a label",
                )
                yield finding(
                    line,
                    "title-in-body",
                    "structure.title",
                    HIGH,
                    f"the headline, repeated on line {other.number}",
                )


def detect_headline_shape(ctx: Context) -> Iterator[Finding]:
    """A Title-Cased line before the story's first prose is a headline: stories open with a
    lede, and the sub-headings BODY.md keeps stand between paragraphs."""
    for line in ctx.lines[: ctx.first_prose()]:
        if is_headline_shaped(line.text):
            yield finding(
                line,
                "title-in-body",
                "structure.headline-shape",
                HIGH,
                "a Title-Cased headline before the story starts",
            )


def is_headline_shaped(text: str) -> bool:
    alphabetic = [w for w in words(text) if w[0].isalpha()]
    return (
        len(alphabetic) >= HEADLINE_MIN_WORDS
        and not is_prose(text)
        and not ends_like_sentence(text)
        and is_title_cased(text)
    )


def is_title_cased(text: str) -> bool:
    """Every lower-case word is a small word: 'Putin to Visit North Korea in June'."""
    found = [w for w in words(text) if w[0].isalpha()]
    lower = [w for w in found if w[0].islower()]
    small = all(w.lower().strip(".'’-") in TITLE_SMALL_WORDS for w in lower)
    return len(found) > len(lower) and small


def detect_stray_ends(ctx: Context) -> Iterator[Finding]:
    """Chrome at the edges: a label opening the story, a non-sentence line closing it.

    A story opens with its lede or a dateline, never with a sub-heading, so a short label
    followed by prose on the first line is a section label, kicker or byline, or a deck when it
    shares the story's words (the big9 golds keep decks: then only a warning). The last line
    has no prose to head, so a line there that is neither prose nor a sentence is chrome.
    """
    if len(ctx.lines) < 2:
        return
    first, last = ctx.lines[0], ctx.lines[-1]
    opening_label = is_short_fragment(first.text) and not DATELINE.match(first.text)
    if opening_label and ctx.prose[1] and not heads_a_list(ctx, 0):
        deck = word_count(first.text) > 2 and shares_topic(ctx, 0)
        severity, what = (MEDIUM, "a deck or") if deck else (HIGH, "a")
        yield finding(
            first, "stray-line", "structure.head", severity, f"{what} short label opens the story"
        )
    closing_label = is_short_fragment(last.text) or is_headline_shaped(last.text)
    if closing_label and not DATELINE.match(last.text) and not is_credit(last.text):
        yield finding(
            last,
            "stray-line",
            "structure.tail",
            HIGH,
            "a label or headline ends the body (widget, teaser, footer)",
        )


def shares_topic(ctx: Context, index: int) -> bool:
    """At least OFF_TOPIC_MAX_SHARED of the line's content words occur elsewhere in the body."""
    mine = content_words(ctx.lines[index].text)
    others: set[str] = set()
    for i, line in enumerate(ctx.lines):
        if i != index:
            others |= content_words(line.text)
    return bool(mine) and len(mine & others) / len(mine) >= OFF_TOPIC_MAX_SHARED


def detect_off_topic(ctx: Context) -> Iterator[Finding]:
    """A non-sentence line sharing (almost) no content word with the story: teaser or menu.

    Sub-headings and decks echo the story's words; another story's headline does not. An
    isolated headline-length line between paragraphs is high, a short label medium or low.
    """
    vocab = [content_words(line.text) for line in ctx.lines]
    counts: dict[str, int] = {}
    for found in vocab:
        for word in found:
            counts[word] = counts.get(word, 0) + 1
    for index, line in enumerate(ctx.lines):
        mine = vocab[index]
        if ctx.prose[index] or not mine or looks_like_sentences(line.text):
            continue
        if DATELINE.match(line.text):
            continue
        shared = sum(counts[word] > 1 for word in mine) / len(mine)
        if shared >= OFF_TOPIC_MAX_SHARED or heads_a_list(ctx, index):
            continue
        if in_list_or_table(ctx, index):
            continue
        yield finding(
            line,
            "off-topic-line",
            "structure.off-topic",
            off_topic_severity(ctx, index),
            "a line sharing no words with the rest of the story (teaser or menu item)",
        )


def looks_like_sentences(text: str) -> bool:
    """Ends like a sentence, holds a sentence break, breaks off on a connective, starts in lower
    case or leaves a quote open: a piece of prose (often split by the extractor), not a title."""
    text = text.strip()
    open_quote = text.count('"') % 2 == 1 or text.count("“") > text.count("”")
    broken_off = word_count(text) > SHORT_LINE_MAX_WORDS and DANGLING_END.search(text)
    return bool(
        text[:1].islower()
        or open_quote
        or broken_off
        or SENTENCE_CLOSE.search(text)
        or INNER_SENTENCE_BREAK.search(text)
    )


def off_topic_severity(ctx: Context, index: int) -> str:
    text = ctx.lines[index].text
    isolated = all(ctx.prose[i] for i in (index - 1, index + 1) if 0 <= i < len(ctx.lines))
    headline_length = OFF_TOPIC_HIGH_WORDS <= word_count(text) < PARAGRAPH_MIN_WORDS
    if isolated and (headline_length or is_title_cased(text)) and not is_credit(text):
        return HIGH
    return MEDIUM if is_title_cased(text) or text.isupper() else LOW


def is_credit(text: str) -> bool:
    return bool(CREDIT.search(text))


def heads_a_list(ctx: Context, index: int) -> bool:
    """A label followed by unpunctuated lines heads a list (highlights, specifications)."""
    following = ctx.lines[index + 1 : index + 3]
    return len(following) == 2 and not any(ends_like_sentence(x.text) for x in following)


@lru_cache(maxsize=CONTENT_CACHE_SIZE)
def content_words(text: str) -> frozenset[str]:
    """Lower-cased word stems of 3+ letters that are not function words."""
    return frozenset(filter(None, map(content_stem, words(text))))


@lru_cache(maxsize=CONTENT_CACHE_SIZE)
def content_stem(word: str) -> str | None:
    """A crude stem ('missiles' -> 'missil'), or None for a function word or a short one."""
    low = word.lower().strip("'’.-")
    if len(low) < 3 or not low[0].isalpha() or low in STOP_WORDS:
        return None
    for suffix in ("'s", "’s", "ies", "es", "s", "ing", "ed"):
        if low.endswith(suffix) and len(low) - len(suffix) >= 4:
            return low[: -len(suffix)]
    return low


# --- integrity ---------------------------------------------------------------------------


def detect_size(ctx: Context) -> Iterator[Finding]:
    words = sum(word_count(line.text) for line in ctx.lines)
    if not ctx.lines:
        yield Finding("empty-body", 0, "", "integrity.size", HIGH, why_empty(ctx))
    elif words < TOO_SHORT_FAIL_WORDS:
        yield finding(ctx.lines[0], "too-short", "integrity.size", HIGH, f"only {words} words")
    elif words < TOO_SHORT_WARN_WORDS:
        yield finding(ctx.lines[0], "too-short", "integrity.size", MEDIUM, f"only {words} words")


def why_empty(ctx: Context) -> str:
    """What emptied the body: the rules that removed most, or an input with no text."""
    if ctx.removed:
        rules = Counter(removal.rule for removal in ctx.removed).most_common(3)
        named = ", ".join(f"{rule} ({count})" for rule, count in rules)
        return f"every one of the {len(ctx.removed)} input lines was removed, most by {named}"
    if ctx.input_known:
        return "the input had no text (for HTML: the extractor found none)"
    return "nothing is left of the page"


def detect_cut_mid_sentence(ctx: Context) -> Iterator[Finding]:
    """BODY.md keeps an unpunctuated last paragraph, so only a visibly broken end is flagged."""
    if not ctx.lines:
        return
    last = ctx.lines[-1]
    text = last.text.rstrip()
    if DANGLING_END.search(text) and word_count(text) > SHORT_LINE_MAX_WORDS:
        yield finding(
            last,
            "cut-mid-sentence",
            "integrity.end",
            MEDIUM,
            "the body ends on a comma, a dash or a connective word",
        )
    first = ctx.lines[0].text.lstrip()
    if first[:1].islower():
        yield finding(
            ctx.lines[0],
            "cut-mid-sentence",
            "integrity.start",
            LOW,
            "the body starts in lower case, maybe mid-sentence",
        )


def detect_over_stripping(ctx: Context) -> Iterator[Finding]:
    """Prose lines that left the body by a heuristic (no rule in the rulebook names them).

    A paragraph cut out from between kept paragraphs (a removed run of at most HOLE_MAX_LINES
    lines) is story lost (high). Longer removed runs and the body's edges are where heuristics
    remove captions, teasers, bios and comment threads, so a prose line there is a warning when
    it is on the story's topic (medium) and a note otherwise (low): on the big9 crude dumps a
    third of the on-topic ones were story.
    """
    if not ctx.removed:
        return
    kept = {normalize(line.text) for line in ctx.lines}
    story_words: set[str] = set().union(*(content_words(line.text) for line in ctx.lines))
    holes = hole_lines(ctx)
    lost_words = 0
    for removal in ctx.removed:
        if not is_lost_story(ctx, removal.rule, removal.text, kept):
            continue
        lost_words += word_count(removal.text)
        hole = removal.line in holes
        on_topic = topic_share(removal.text, story_words) >= ON_TOPIC_MIN_SHARED
        where = "from between kept paragraphs" if hole else "from the body's edge or a block"
        topic = "on the story's topic " if on_topic else ""
        yield Finding(
            "over-stripped",
            0,
            removal.text,
            removal.rule,
            HIGH if hole else MEDIUM if on_topic else LOW,
            f"prose {topic}removed {where} by heuristic {removal.rule}",
            removal.line,
        )
    yield from lost_share(ctx, lost_words)


def hole_lines(ctx: Context) -> set[int]:
    """Input lines of removed runs of at most HOLE_MAX_LINES with kept lines on both sides.

    Every non-blank input line is either kept or removed, so the two together give the input's
    order. Unknown when the kept lines carry no input line numbers (a bare text).
    """
    kept = {line.original for line in ctx.lines if line.original is not None}
    if not kept:
        return set()
    order = sorted(kept | {removal.line for removal in ctx.removed})
    holes: set[int] = set()
    run: list[int] = []
    seen_kept = False
    for number in order:
        if number not in kept:
            run.append(number)
            continue
        if run and len(run) <= HOLE_MAX_LINES and seen_kept:
            holes.update(run)
        run, seen_kept = [], True
    return holes


def topic_share(text: str, story_words: set[str]) -> float:
    mine = content_words(text)
    return len(mine & story_words) / len(mine) if mine else 0.0


def lost_share(ctx: Context, lost_words: int) -> Iterator[Finding]:
    kept_words = sum(word_count(line.text) for line in ctx.lines)
    if lost_words > max(kept_words, TOO_SHORT_WARN_WORDS):
        yield Finding(
            "over-stripped",
            0,
            "",
            "integrity.lost-share",
            HIGH,
            f"heuristics removed {lost_words} words of prose, more than the {kept_words} kept",
        )


def is_lost_story(ctx: Context, rule_id: str, text: str, kept: set[str]) -> bool:
    if rule_id in rule_ids(ctx.rulebook):
        return False
    if normalize(text) in kept or word_count(text) < OVERSTRIP_MIN_WORDS or not is_prose(text):
        return False
    if ctx.title and is_glued_repeat(text, ctx.title):
        return False
    return junk_pattern_hit(text) is None and not any_rule_names(ctx.rulebook, text)


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
        found.marker
        for found in rulebook.line_hits([text])
        if found.rule.kind != "trim" and not (found.rule.kind == "meta" and not found.rule.remove)
    )


# --- the verdict ---------------------------------------------------------------------------

Detector = Callable[[Context], Iterable[Finding]]
DETECTORS: tuple[Detector, ...] = (
    detect_size,
    detect_rulebook_junk,
    detect_library_junk,
    detect_title,
    detect_duplicates,
    detect_nav_runs,
    detect_link_lists,
    detect_stray_ends,
    detect_off_topic,
    detect_cut_mid_sentence,
    detect_over_stripping,
)


def run_detectors(ctx: Context) -> Verdict:
    findings = dedupe(f for detect in DETECTORS for f in detect(ctx))
    words = sum(word_count(line.text) for line in ctx.lines)
    found = estimates_of(ctx, findings, words)
    status, reason = judge(findings, found.junk_share, found.lost_share)
    return Verdict(status, findings, words, found.junk_share, found.lost_share, reason)


def estimated_junk_share(
    ctx: Context, findings: list[Finding], words: int, weights: dict[str, float] = JUNK_WEIGHT
) -> float:
    """Share of the kept words on lines a junk finding names, each line weighted by how often
    findings of its severity were right on the tuning pages (JUNK_WEIGHT)."""
    if not words:
        return 0.0
    weight: dict[int, float] = {}
    inline: set[int] = set()
    for item in findings:
        if item.code in JUNK_CODES and item.line:
            weight[item.line] = max(weight.get(item.line, 0.0), weights[item.severity])
            if item.code == "residual-inline":
                inline.add(item.line)
    junk = sum(
        junk_words(line, line.number in inline) * weight.get(line.number, 0.0) for line in ctx.lines
    )
    return min(junk / words, 1.0)


def junk_words(line: BodyLine, inline: bool) -> int:
    """The words a junk finding on ``line`` stands for: the line, or for an inline remnant
    (a trim rule's pattern left in a paragraph) about the size of one."""
    count = word_count(line.text)
    return min(count, INLINE_JUNK_WORDS) if inline else count


@dataclass(slots=True)
class Estimates:
    """What the verdict's numbers are made of (each a share of words, 0..1)."""

    junk_findings: float
    """Kept words on lines a junk finding names (JUNK_WEIGHT by severity)."""
    junk_model: float
    """Kept words weighted by the line model's probability of not being story."""
    lost_prose: float | None
    """Prose left out near the story (less what the junk library names)."""
    lost_model: float | None
    """Left-out words near the story weighted by the model's probability of being story."""

    @property
    def junk_share(self) -> float:
        return min(max(self.junk_findings, MODEL_JUNK_SCALE * self.junk_model), 1.0)

    @property
    def lost_share(self) -> float | None:
        if self.lost_prose is None or self.lost_model is None:
            return self.lost_prose
        return min(max(PROSE_LOST_SCALE * self.lost_prose, MODEL_LOST_SCALE * self.lost_model), 1.0)


def estimates_of(ctx: Context, findings: list[Finding], words: int) -> Estimates:
    """The junk and lost-story estimates of one document.

    The line model reads the whole input as the crude page it was trained on (without the
    input: the body alone) and gives each line a probability of not being story. Lost story
    is counted only near the story: in the span of the kept lines and in runs of story-like
    lines next to it (STORY_WINDOW_GAP), since a page's far corners hold other stories'
    snippets and comment threads, which are prose too. A left-out line that repeats the body
    (a lede echoed in a footer) or that a rule removed is no loss.
    """
    from cleaner.linemodel import junk_probabilities

    junk = estimated_junk_share(ctx, findings, words)
    pairs = ctx.input_lines or [(line.text, True) for line in ctx.lines]
    if not pairs:
        return Estimates(junk, 0.0, None if not ctx.input_known else 0.0, None)
    # the whole input is a page (the "dump" head); a body alone is cleaned text
    probability = junk_probabilities(
        [text for text, _ in pairs], "dump" if ctx.input_lines else "cleaned"
    )
    counts = [word_count(text) for text, _ in pairs]
    kept_lines = [i for i, (_, kept) in enumerate(pairs) if kept]
    kept_words = sum(counts[i] for i in kept_lines)
    kept_junk = sum(counts[i] * probability[i] for i in kept_lines)
    junk_model = kept_junk / kept_words if kept_words else 0.0
    if not ctx.input_known:
        return Estimates(junk, junk_model, None, None)
    if ctx.input_lines is None:  # removals known, their places among the kept lines not
        lost = prose_lost([r.text for r in ctx.removed], ctx)
        return Estimates(junk, junk_model, lost / (lost + words) if lost else 0.0, None)
    body = "\n".join(normalize(line.text) for line in ctx.lines)
    near = [
        i
        for i in near_story(pairs, probability)
        if i not in ctx.removed_by_rule and normalize(pairs[i][0]) not in body
    ]
    lost = prose_lost([pairs[i][0] for i in near], ctx)
    kept_story = kept_words - kept_junk
    lost_story = sum(counts[i] * (1.0 - probability[i]) for i in near)
    lost_model = lost_story / (lost_story + kept_story) if lost_story else 0.0
    return Estimates(junk, junk_model, lost / (lost + words) if lost else 0.0, lost_model)


def near_story(pairs: list[tuple[str, bool]], probability: list[float]) -> list[int]:
    """Indices of left-out lines in the kept lines' span or in story-like runs next to it
    (at most STORY_WINDOW_GAP junk-like lines apart). An empty body: every line."""
    kept = [i for i, (_, is_kept) in enumerate(pairs) if is_kept]
    if not kept:
        return list(range(len(pairs)))
    chosen = [i for i in range(kept[0], kept[-1] + 1) if not pairs[i][1]]
    for start, step in ((kept[0] - 1, -1), (kept[-1] + 1, 1)):
        gap, index = 0, start
        while 0 <= index < len(pairs) and gap <= STORY_WINDOW_GAP:
            if probability[index] < STORY_LINE_PROBABILITY:
                chosen.append(index)
                gap = 0
            else:
                gap += 1
            index += step
    return sorted(chosen)


def prose_lost(candidates: list[str], ctx: Context) -> int:
    """Words of the candidate lines that read as prose, are not in the body and are not named
    by the junk library (comments, appeals)."""
    kept = "\n".join(normalize(line.text) for line in ctx.lines)
    return sum(
        word_count(text)
        for text in candidates
        if is_prose(text) and normalize(text) not in kept and junk_pattern_hit(text) is None
    )


def judge(findings: list[Finding], junk: float, lost: float | None) -> tuple[str, str]:
    """(status, reason): fail for a body that is not a story or is materially wrong (the
    predicted word F1 under FAIL_QUALITY), warn for a local doubt, ok when nothing of medium
    severity or worse was found."""
    for item in findings:
        if item.code in BODY_FAILURE_CODES and item.severity == HIGH:
            return "fail", f"{item.code}: {item.message}"
    if predicted_f1(junk, lost) < FAIL_QUALITY:
        if lost is not None and lost > junk:
            return "fail", f"an estimated {lost:.0%} of the story's words were removed"
        return "fail", f"an estimated {junk:.0%} of the kept words are junk"
    doubts = [f for f in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[MEDIUM]]
    if doubts:
        return "warn", f"{len(doubts)} local doubt(s), first: {doubts[0].code}"
    return "ok", ""


def predicted_f1(junk: float, lost: float | None) -> float:
    """The word F1 of a body with ``junk`` of its words junk and ``lost`` of the story lost."""
    precision, recall = 1.0 - junk, 1.0 - (lost or 0.0)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def dedupe(findings: Iterable[Finding]) -> list[Finding]:
    """One finding per line: the most severe, and among equals the most specific code
    (a named junk pattern before a structural guess)."""
    best: dict[tuple[int, int, str], Finding] = {}
    for item in findings:
        key = (item.line, item.original_line or 0, "" if item.line else item.code)
        held = best.get(key)
        if held is None or rank(item) > rank(held):
            best[key] = item
    return sorted(best.values(), key=lambda f: (f.line, f.original_line or 0, f.code))


def rank(item: Finding) -> tuple[int, int]:
    specific = CODE_PRIORITY.index(item.code) if item.code in CODE_PRIORITY else 0
    return SEVERITY_RANK[item.severity], -specific


def body_of_document(doc: Document) -> list[BodyLine]:
    """Body lines numbered as in ``doc.text`` (paragraphs one blank line apart)."""
    return [
        BodyLine(2 * index + 1, line.text.strip(), line.number)
        for index, line in enumerate(doc.lines)
        if line.text.strip()
    ]


def validate(doc: Document, rulebook: Rulebook) -> Verdict:
    """Judge a cleaned Document: residual junk, lost story, broken ends."""
    return run_detectors(validate_context(doc, rulebook))


def validate_context(doc: Document, rulebook: Rulebook) -> Context:
    """What the detectors read of a cleaned Document (and, for HTML, of its whole page)."""
    known = bool(doc.original)
    removed = doc.removed if known else []
    ctx = Context(body_of_document(doc), rulebook, doc.title, removed, known)
    if known and doc.kind == "html":
        ctx.page_lines = html_page_lines(doc.raw)
        if ctx.page_lines is not None:
            ctx.input_lines = kept_page_lines(ctx.page_lines, ctx.lines)
    elif known:
        kept_numbers = {line.number for line in doc.lines}
        by_rule = {r.line for r in doc.removed if r.rule in line_rule_ids(rulebook)}
        lines = [line for line in doc.original if line.text.strip()]
        ctx.input_lines = [(line.text, line.number in kept_numbers) for line in lines]
        ctx.removed_by_rule = {i for i, line in enumerate(lines) if line.number in by_rule}
    return ctx


def kept_page_lines(page_lines: list[str], body: list[BodyLine]) -> list[tuple[str, bool]]:
    """Each page line with whether the body holds it: as a whole line, or for a line of
    KEPT_MATCH_MIN_WORDS or more inside a body line (extractors join and split blocks
    differently). A short line found inside the body ('News', 'By', ',') says nothing."""
    whole = {normalize(line.text) for line in body}
    joined = "\n".join(whole)
    pairs = []
    for text in page_lines:
        key = normalize(text)
        kept = key in whole or (word_count(text) >= KEPT_MATCH_MIN_WORDS and key in joined)
        pairs.append((text, kept))
    return pairs


def html_page_lines(raw: str) -> list[str] | None:
    """Every block of the page's text on a line of its own; None when the page does not parse."""
    from cleaner.html.extract import PageError, element_lines, parse_html

    try:
        tree = parse_html(raw)
    except PageError:
        return None
    body = tree.find("body")
    return element_lines(body if body is not None else tree)


def validate_text(
    text: str,
    rulebook: Rulebook,
    title: str | None = None,
    removed: list[Removal] | None = None,
) -> Verdict:
    """Judge a bare cleaned text; line numbers are the text's own lines. ``removed`` (as in
    ``cleaner clean --format json``) lets lost story be found and its share estimated."""
    lines = [
        BodyLine(number, raw.strip())
        for number, raw in enumerate(split_lines(text), 1)
        if raw.strip()
    ]
    return run_detectors(Context(lines, rulebook, title, removed or [], removed is not None))


# --- command-line input and output -------------------------------------------------------


@dataclass(slots=True)
class Submission:
    """One document handed to ``cleaner validate``: where it came from, its text and title."""

    name: str
    text: str
    title: str | None = None
    id: str | None = None
    removed: list[Removal] | None = None
    """What ``cleaner clean`` removed, when the record says (then lost story is estimated)."""


@dataclass(slots=True)
class ErrorRecord:
    """A ``cleaner clean`` error record (a document that could not be cleaned): counted and
    reported by ``cleaner validate``, not judged."""

    name: str
    id: str | None
    error: dict[str, Any]

    def describe(self) -> str:
        kind = self.error.get("type", "error") if isinstance(self.error, dict) else "error"
        message = self.error.get("message", "") if isinstance(self.error, dict) else self.error
        return f"{self.name}: error record ({kind}: {message})"


Item = Submission | ErrorRecord
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".jsonl.zstd", ".json.gz")
DASK_PART_GLOB = "part-*.jsonl*"
"""The part files of a ``cleaner clean --engine dask`` output folder (other files are not
records: a manifest, temporary files)."""


def submissions_at(path: str, read_text: Callable[[str], str]) -> Iterator[Item]:
    """Every document at ``path``, streamed: a Dask output folder's part files in name order,
    a JSONL file (plain, gzip or zstd) record by record, or a text or JSON file read whole by
    ``read_text``. Raises ValueError for a missing path or a malformed record."""
    where = Path(path)
    if path != "-" and where.is_dir():
        parts = sorted(p for p in where.glob(DASK_PART_GLOB) if not p.name.endswith(".tmp"))
        if not parts:
            raise ValueError(f"{path}: a folder with no {DASK_PART_GLOB} files")
        for part in parts:
            yield from jsonl_submissions(str(part))
    elif path != "-" and path.lower().endswith(JSONL_SUFFIXES):
        if not where.is_file():
            raise ValueError(f"{path}: no such file")
        yield from jsonl_submissions(path)
    else:
        yield from submissions_in(path, read_text(path))


def jsonl_submissions(path: str) -> Iterator[Item]:
    """One item per record of a JSONL file, read in constant memory."""
    from cleaner.io.cleaned import jsonl_values

    for number, record in jsonl_values(path):
        yield record_submission(path, number, record)


def submissions_in(name: str, content: str) -> list[Item]:
    """A plain text is one document; JSON or JSONL (``cleaner clean`` output) one per record.

    A ``.json``/``.jsonl`` file must be JSON; another file is JSON only when its first line
    parses as JSON (a text dump may well start with '['). Raises ValueError naming the record
    when a JSON input is malformed or has no ``text``.
    """
    if not name.endswith((".jsonl", ".json")) and not first_line_is_json(content):
        return [Submission(name, content)]
    return [record_submission(name, n, r) for n, r in enumerate(json_records(name, content), 1)]


def first_line_is_json(content: str) -> bool:
    first = next((line for line in content.splitlines() if line.strip()), "").strip()
    if not first.startswith(("{", "[")):
        return False
    try:
        json.loads(first)
    except json.JSONDecodeError:
        return first in ("{", "[") and is_json(content)
    return True


def is_json(content: str) -> bool:
    try:
        json.loads(content)
    except json.JSONDecodeError:
        return False
    return True


def json_records(name: str, content: str) -> list[Any]:
    try:
        whole = json.loads(content)
        return whole if isinstance(whole, list) else [whole]
    except json.JSONDecodeError:
        pass
    records = []
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{name}:{number}: not a JSON record: {exc.msg}") from exc
    return records


def record_submission(name: str, number: int, record: Any) -> Item:
    if isinstance(record, dict) and "error" in record and "text" not in record:
        doc_id = record.get("id")
        return ErrorRecord(f"{name}#{number}", None if doc_id is None else str(doc_id),
                           record["error"])  # fmt: skip
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise ValueError(f"{name}: record {number} has no 'text' string")
    title = record.get("title") if isinstance(record.get("title"), str) else None
    doc_id = record.get("id")
    removed = None
    if "removed" in record:
        removed = [removal_of(name, number, r) for r in record.get("removed") or []]
    doc_id = None if doc_id is None else str(doc_id)
    return Submission(f"{name}#{number}", record["text"], title, doc_id, removed)


def removal_of(name: str, number: int, raw: Any) -> Removal:
    """A ``removed`` entry of a ``cleaner clean`` record: line, text, rule (reason optional)."""
    fields = (raw.get("line"), raw.get("text"), raw.get("rule")) if isinstance(raw, dict) else ()
    if (
        len(fields) != 3
        or not isinstance(fields[0], int)
        or not all(isinstance(f, str) for f in fields[1:])
    ):
        raise ValueError(f"{name}: record {number} has a malformed 'removed' entry")
    return Removal(fields[0], fields[1], fields[2], str(raw.get("reason") or ""))


def render_human(name: str, verdict: Verdict) -> list[str]:
    """``path:line: code: message`` lines, then a summary line for the document."""
    out = []
    for item in verdict.findings:
        where = f"{name}:{item.line}" if item.line else name
        origin = f", input line {item.original_line}" if item.original_line else ""
        out.append(
            f"{where}: {item.code}: {item.message} [{item.detector}, {item.severity}{origin}]"
            + (f" {item.text[:80]!r}" if item.text else "")
        )
    counts = {s: sum(f.severity == s for f in verdict.findings) for s in (HIGH, MEDIUM, LOW)}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no findings"
    lost = "" if verdict.lost_share is None else f", lost {verdict.lost_share:.0%}"
    numbers = f"junk {verdict.junk_share:.0%}{lost}, quality {verdict.quality:.2f}"
    why = f": {verdict.reason}" if verdict.reason else ""
    out.append(f"{name}: {verdict.status} ({verdict.words} words; {numbers}; {summary}){why}")
    return out
