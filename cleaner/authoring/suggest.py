"""Draft a site rule file from many pages of one site: what its template repeats.

A line that stands on many pages of a site is template (menus, share buttons, footers); story
lines differ from page to page. From text dumps the draft holds: the template lines above the
story (``drop``, zone head), the first template line after it (``cut-after``), template lines
found among the story (``drop``), and lines that differ only in numbers or dates ("12
Comments", "Updated 3:04 PM") as one pattern each. From HTML pages
(``cleaner.authoring.suggest_html``) it holds ``[html]`` selectors and the same line
rules over the text those selectors keep.

Every rule carries junk examples taken from the pages and a story line it leaves alone as a keep
example, and no rule may match a story line of the pages it was drafted from (a prose line found
on one page only): such a literal or pattern is left out, and so is a rule that leaves a dump
page without the title the generic pass finds there. Everything is ordered by the input, so
the same pages give the same draft.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from cleaner.rulebook.rules import regex_form

if TYPE_CHECKING:
    from cleaner.rulebook.load import Rulebook
from cleaner.text import ends_like_sentence, is_prose, normalize, split_lines, word_count

MIN_SHARE = 0.2
"""A non-prose line on at least this share of the pages is template. One template era of a
site is a fifth to a half of a crawl of it (big9: four eras in twenty pages)."""
MIN_PAGES = 2
"""...and on at least this many pages: a line seen once is never template."""
PROSE_SHARE = 0.2
PROSE_MIN_PAGES = 2
"""A prose line needs stronger evidence: two stories on one topic can share a quote."""
MAX_MATCH_LINES = 400
"""Literals per rule: a site's menus, footers and sign-in forms run to a few hundred lines;
a longer list is a sign the pages are not one site."""
MAX_EXAMPLES = 5
CUT_MIN_LETTERS = 3
CUT_MIN_PAGES = 3
"""A cut marker must open the chrome below the story on this many pages, and on every page
that shows it: a cut removes all that follows, so one wrong page costs a story."""
"""A cut marker is a label ('Read All Comments'), not a page number or a bullet: a short
line like '1' also stands inside some story and would cut it."""
KEPT_MIN_PAGES = 3
"""A line the generic pass keeps (its guess of the story) is template only on this many pages
or more: two pages of one site can share story lines (two products of one range: wcxb-dev's
irobot.com, whose two draft pages share their feature list and "What's in the box"), and
only a third page tells a template line from a shared one. With two pages no page can be
left out (``cleaner.authoring.guard``), so nothing else would catch it."""
TEMPLATE_MAX_WORDS = 60
"""Longer lines are never taken as template (a repeated lede is story, not chrome)."""
NUMBER = regex.compile(r"\d+(?:[.,:]\d+)*")
MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
WEEKDAY_NAMES = (
    "monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun"
)
MONTH = regex.compile(rf"\b(?:{MONTH_NAMES})\b\.?", regex.IGNORECASE)
WEEKDAY = regex.compile(rf"\b(?:{WEEKDAY_NAMES})\b\.?", regex.IGNORECASE)
EMAIL_SOURCE = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
EMAIL = regex.compile(EMAIL_SOURCE)
"""A mail address, the varying part of a story's sign-off ('jane.doe@latimes.com')."""
VARYING = {"<email>": "mail addresses vary"}
"""What a rule's description says varies, for a shape other than numbers and dates."""
PLACEHOLDERS = {
    "<email>": EMAIL_SOURCE,
    "<n>": r"\d+(?:[.,:]\d+)*",
    "<month>": rf"(?:{MONTH_NAMES})\.?",
    "<day>": rf"(?:{WEEKDAY_NAMES})\.?",
}
PLACEHOLDER = regex.compile(r"<email>|<n>|<month>|<day>")
STANDALONE_PLACEHOLDERS = frozenset(("<email>",))
"""A line that is only this is a template line all the same: a bare address signs off a
story (latimes), where a bare number or date may be the story's own (a score, a dateline)."""
SLUG_WORDS = 4
NAME_WORD = regex.compile(r"^[\p{Lu}][\p{L}\p{M}'’.\-]*$")
NAME_MAX_WORDS = 4
NAME_LINE_MAX_WORDS = 8
NAME_LINE_MIN_WORDS = 2
"""A lead-in and a name: a lone capitalised word is a heading, not a byline."""
MIN_SPELLINGS = 2
"""A shape or a lead-in is a template only when two different lines fill it; one spelling
repeated is a literal line, which the literal rules already draft."""
MAIN_STORY_MIN_WORDS = 4
"""A line shorter than this on one page is a label or a heading, not a story sentence to keep
as an example."""
"""'By Ann Lee', 'Subscribe to Example Daily': a name is one to four capitalised words at the
end of a short line."""
NAME_LEAD_WORDS = frozenset(("by", "from", "with", "to", "of"))
"""Lead-ins written capitalised at the start of a line ('By Ann Lee')."""
NAME_PATTERN = r"(?: [\p{Lu}][\p{L}\p{M}'’.\-]*){1,4}"
SPEC_ROW_MAX_WORDS = 8
"""A label or a value of a specification table ('Battery Life', '40 Hours'): a few words."""
SPEC_RUN_MIN_LINES = 4
"""Two label:value rows at least: a lone short line among the story is a heading or a
template line ('Story continues below'), not a table."""
ROW_LINES = 2
"""A row of a table in a dump is a label line and a value line: the next row starts two on."""
LABELLED_LINE = regex.compile(r"^(\p{L}[^:]*): (\S.*)$")
"""'Trending: Some Headline', 'Color: White': a label, a colon and a space, then the rest."""
TABLE_MIN_LABELS = 2
"""Labelled lines in a row under this many labels are a table's rows when one opens a value."""
TEASER_LABEL_MAX_WORDS = 4
"""A label before a teaser is a few words ('Trending', 'By The Numbers', "Don't miss")."""
TEASER_MIN_WORDS = 3
"""A teaser after its label is a headline of three words or more; the value after a
specification label is mostly one or two ('Color: White', 'Battery life: 40 hours')."""
MAX_PAGES = 200
"""Pages a draft is made from (an even sample of more): template shows on a few dozen pages,
and drafting costs time and memory per page."""


# --- the pages -----------------------------------------------------------------------------


def nonblank_lines(text: str) -> list[str]:
    return [line.strip() for line in split_lines(text) if line.strip()]


def shape(line: str) -> str:
    """The line with its variable parts as placeholders: '12 Comments' -> '<n> comments'. A
    colon closing the line varies too: 'ALSO:' and 'ALSO' open the same list of links."""
    form = regex_form(line).casefold().removesuffix(":")
    form = EMAIL.sub("<email>", form)
    form = NUMBER.sub("<n>", form)
    form = MONTH.sub("<month>", form)
    return WEEKDAY.sub("<day>", form)


def shape_pattern(key: str) -> str:
    """An anchored regex for a shape, literal parts escaped."""
    parts = PLACEHOLDER.split(key)
    holes = PLACEHOLDER.findall(key)
    source = "".join(
        regex.escape(part, special_only=True, literal_spaces=True) + PLACEHOLDERS.get(hole, "")
        for part, hole in zip(parts, [*holes, ""], strict=True)
    )
    return f"^{source}$"


@dataclass
class Corpus:
    """The pages of one site as lines, and how many pages each line and shape stands on."""

    pages: list[list[str]]
    kept: list[set[str]] | None = None
    """Per page, the normalised lines the generic pass keeps (its guess of the story)."""
    titles: list[str] | None = None
    """Per page, the title the generic pass finds."""
    line_pages: Counter[str] = field(default_factory=Counter)
    shape_pages: Counter[str] = field(default_factory=Counter)
    spellings: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for lines in self.pages:
            for line in lines:
                self.spellings.setdefault(normalize(line), line)
            self.line_pages.update({normalize(line) for line in lines})
            self.shape_pages.update({shape(line) for line in lines})

    def needed(self, prose: bool) -> int:
        share, least = (PROSE_SHARE, PROSE_MIN_PAGES) if prose else (MIN_SHARE, MIN_PAGES)
        return max(least, math.ceil(share * len(self.pages)))

    def is_template(self, line: str) -> bool:
        if word_count(line) > TEMPLATE_MAX_WORDS or not normalize(line):
            return False
        return self.line_pages[normalize(line)] >= self.needed(is_prose(line))

    def is_story(self, line: str) -> bool:
        """A prose line found on this one page only."""
        return is_prose(line) and self.line_pages[normalize(line)] == 1

    def is_main_story(self, page: int, line: str) -> bool:
        """A story line of the page that the generic pass also keeps: bylines, author bios
        and comments below the story are prose found on one page too, but not the story."""
        if self.kept is None:
            return self.is_story(line)
        key = normalize(line)
        return (
            self.line_pages[key] == 1
            and key in self.kept[page]
            and word_count(line) >= MAIN_STORY_MIN_WORDS
        )

    def kept_by_generic(self, line: str) -> bool:
        """Whether the generic pass keeps the line on some page (its guess of the story)."""
        key = normalize(line)
        return self.kept is not None and any(key in kept for kept in self.kept)

    def story_lines(self) -> list[str]:
        return [line for lines in self.pages for line in lines if self.is_story(line)]

    def spec_rows(self) -> set[str]:
        """The normalised lines that stand, on some page, in label:value rows: a shop's
        specification table ('Color' / 'White', 'Battery life' / '40 hours'; or 'Color: White'
        on one line, among rows of the page's own), whose labels recur from page to page and
        are the page's text all the same."""
        found: set[str] = set()
        for page, lines in enumerate(self.pages):
            for run in self.short_runs(page):
                found.update(self.table_rows(page, [normalize(line) for line in run]))
            for run in filter(is_label_table, labelled_runs(lines)):
                keys = [normalize(line) for line, *_ in run]
                # a table holds values of the page's own; a run every page repeats is template
                if any(self.line_pages[key] < self.needed(False) for key in keys):
                    found.update(keys)
        return found

    def sentence_pieces(self) -> set[str]:
        """The normalised lines that stand, on some page, inside a sentence of the story: after
        a line of prose that does not end it, and before a line that goes on in lower case
        (a stock ticker '(nyse:' or a linked word set apart by the markup)."""
        found: set[str] = set()
        for lines in self.pages:
            for before, line, after in zip(lines, lines[1:], lines[2:], strict=False):
                open_sentence = word_count(before) >= MAIN_STORY_MIN_WORDS and not (
                    ends_like_sentence(before) or before.rstrip().endswith(":")
                )
                if open_sentence and after[:1].islower():
                    found.add(normalize(line))
        return found

    def short_runs(self, page: int) -> list[list[str]]:
        """Runs of ``SPEC_RUN_MIN_LINES`` or more consecutive short non-prose lines."""
        runs: list[list[str]] = [[]]
        for line in self.pages[page]:
            if word_count(line) <= SPEC_ROW_MAX_WORDS and not is_prose(line):
                runs[-1].append(line)
            elif runs[-1]:
                runs.append([])
        return [run for run in runs if len(run) >= SPEC_RUN_MIN_LINES]

    def table_rows(self, page: int, keys: list[str]) -> list[str]:
        """A run of short lines that holds label:value rows, whole (or nothing): recurring
        labels, each before a value of this page's own, two rows in a row; or, where the
        generic pass keeps the whole run, lines of this page's own among the recurring ones.
        A menu repeats whole. The run is kept whole: the lines set right next to a table (its
        heading, a note under it) are read with it."""
        own = [self.line_pages[key] < self.needed(False) for key in keys]
        kept = self.kept[page] if self.kept is not None else set()
        if all(key in kept for key in keys) and any(own) and not all(own):
            return keys
        starts = [not own[i] and own[i + 1] for i in range(len(keys) - 1)] + [False] * ROW_LINES
        chained = any(starts[i] and starts[i + ROW_LINES] for i in range(len(keys) - 1))
        return keys if chained else []


# --- where template lines stand ------------------------------------------------------------


def story_span(page: int, corpus: Corpus) -> tuple[int, int] | None:
    """Index of the first and last story line of a page; None when the page has none."""
    found, seen = [], set()
    for i, line in enumerate(corpus.pages[page]):
        key = normalize(line)
        # a lede the page echoes in its footer is not story the second time
        if key not in seen and corpus.is_main_story(page, line):
            found.append(i)
        seen.add(key)
    return (found[0], found[-1]) if found else None


@dataclass
class Placement:
    """Where one template line stood on the pages that carry it."""

    head: int = 0
    tail: int = 0
    among: int = 0
    first_after: int = 0
    """Pages on which it was the first template line after the story."""

    @property
    def zone(self) -> str:
        if self.head and not (self.tail or self.among):
            return "head"
        if self.tail and not (self.head or self.among):
            return "tail"
        return "any"


def place_template_lines(corpus: Corpus) -> dict[str, Placement]:
    """Normalised template line -> where it stood, in order of first appearance."""
    placed: dict[str, Placement] = {}
    for page, lines in enumerate(corpus.pages):
        span = story_span(page, corpus)
        seen_after = False
        for i, line in enumerate(lines):
            if not corpus.is_template(line):
                continue
            spot = placed.setdefault(normalize(line), Placement())
            if span is None:
                spot.among += 1
            elif i < span[0]:
                spot.head += 1
            elif i > span[1]:
                spot.tail += 1
                spot.first_after += not seen_after
                seen_after = True
            else:
                spot.among += 1
    return placed


# --- draft rules ---------------------------------------------------------------------------


@dataclass
class DraftRule:
    """One rule of the draft, before it is written as TOML."""

    id: str
    kind: str
    zone: str
    description: str
    match: list[str] = field(default_factory=list)
    pattern: str | None = None
    junk: list[str] = field(default_factory=list)
    keep: str = ""
    pages: int = 0
    case_sensitive: bool = False
    takes_kept: bool = False
    """The rule takes lines of one page that the generic pass keeps (a teaser rule's
    headlines): no story line of the pages by that alone; the guard judges it."""

    def matches(self, line: str) -> bool:
        if self.pattern is not None:
            flags = 0 if self.case_sensitive else regex.IGNORECASE
            return bool(regex.search(self.pattern, regex_form(line), flags))
        return normalize(line) in {normalize(x) for x in self.match}


def slug(text: str) -> str:
    words = regex.findall(r"[a-z0-9]+", PLACEHOLDER.sub(lambda m: m.group()[1:-1], text.lower()))
    return "-".join(words[:SLUG_WORDS]) or "line"


def line_rules(corpus: Corpus) -> list[DraftRule]:
    """The draft's line rules for a corpus of page texts, each checked against its stories."""
    placed = place_template_lines(corpus)
    patterns = pattern_rules(corpus, placed)
    covered = {key for key in placed if any(r.matches(corpus.spellings[key]) for r in patterns)}
    literal = {k: v for k, v in placed.items() if k not in covered}
    rules = []
    # A head rule acts only before the first prose line, so it can never remove a prose line:
    # a template sentence above the story ('The author is a contributor. ...') is dropped
    # wherever it stands.
    head = [k for k, p in literal.items()
            if p.zone == "head" and not is_prose(corpus.spellings[k])]  # fmt: skip
    if head:
        text = "Template lines above the story on every page that carries them."
        rules.append(literal_rule("head-template", "drop", "head", text, head, corpus))
    markers = cut_markers(literal)
    if markers:
        text = "The first template line after the story; what follows is site chrome."
        rules.append(literal_rule("footer-cut", "cut-after", "second-half", text, markers, corpus))
    among = [k for k in literal if k not in markers and k not in head]
    if among:
        text = "Template lines repeated across pages between or after story lines."
        rules.append(literal_rule("repeated-lines", "drop", "any", text, among, corpus))
    rules += patterns + name_rules(corpus, placed) + teaser_rules(corpus)
    return finish_rules(rules, corpus)


def cut_markers(placed: dict[str, Placement]) -> list[str]:
    """Tail-only lines that open the chrome below the story, most frequent first."""
    tail = [
        (k, p)
        for k, p in placed.items()
        if p.zone == "tail"
        and p.first_after >= CUT_MIN_PAGES
        and p.first_after == p.tail
        and len(regex.findall(r"\p{L}", k)) >= CUT_MIN_LETTERS
    ]
    tail.sort(key=lambda item: -item[1].first_after)
    return [k for k, _ in tail[:MAX_EXAMPLES]]


def literal_rule(
    rule_id: str, kind: str, zone: str, text: str, keys: list[str], corpus: Corpus
) -> DraftRule:
    spellings = [corpus.spellings[k] for k in keys[:MAX_MATCH_LINES]]
    return DraftRule(rule_id, kind, zone, text, match=spellings, junk=spellings[:MAX_EXAMPLES])


def pattern_rules(corpus: Corpus, placed: dict[str, Placement]) -> list[DraftRule]:
    """One pattern per shape with a placeholder that recurs in two or more spellings."""
    spellings: dict[str, list[str]] = {}
    for lines in corpus.pages:
        for line in lines:
            key = shape(line)
            if word_count(line) <= TEMPLATE_MAX_WORDS and not is_prose(line):
                group = spellings.setdefault(key, [])
                if line not in group:
                    group.append(line)
    rules = []
    for key, group in spellings.items():
        if len(group) < MIN_SPELLINGS or corpus.shape_pages[key] < corpus.needed(False):
            continue
        if "<" not in key and len({normalize(x) for x in group}) < MIN_SPELLINGS:
            continue  # one line in several cases: a literal template line, if anything
        if key not in STANDALONE_PLACEHOLDERS and not PLACEHOLDER.sub("", key).strip(" .,:;|-"):
            continue  # a bare number or date: too little to tell template from story
        zones = {placed[normalize(x)].zone for x in group if normalize(x) in placed}
        zone = zones.pop() if len(zones) == 1 else "any"
        pattern = shape_pattern(key)
        if any(normalize(x).endswith(":") for x in group):
            pattern = pattern.removesuffix("$") + ":?$"
        varies = VARYING.get(key, "numbers, dates or days vary")
        if "<" not in key:
            varies = "with or without a closing colon"
        text = f"Lines shaped {key!r} ({varies})."
        rule = DraftRule(slug(key), "drop", zone, text, pattern=pattern)
        rule.junk = group[:MAX_EXAMPLES]
        rules.append(rule)
    return rules


def name_shape(line: str) -> tuple[str, str] | None:
    """('By', 'Ann Lee') for a short line whose last one to four words are capitalised (a
    name) after a fixed lead-in ending in a lower-case word or a colon ('by', 'to', 'Photo:')."""
    words = regex_form(line).split(" ")
    if not NAME_LINE_MIN_WORDS <= len(words) <= NAME_LINE_MAX_WORDS:
        return None
    tail = 0
    while tail < min(NAME_MAX_WORDS, len(words) - 1) and NAME_WORD.match(words[-1 - tail]):
        tail += 1
    lead = words[: len(words) - tail]
    if (
        not tail
        or not lead[0][:1].isalpha()
        or not (lead[-1].islower() or lead[-1].endswith(":") or lead[-1].lower() in NAME_LEAD_WORDS)
    ):
        return None
    return " ".join(lead), " ".join(words[len(lead) :])


def name_rules(corpus: Corpus, placed: dict[str, Placement]) -> list[DraftRule]:
    """One pattern per lead-in that recurs before two or more names ('By <name>')."""
    names: dict[str, dict[str, str]] = {}
    pages: Counter[str] = Counter()
    for lines in corpus.pages:
        leads = set()
        for line in lines:
            found = name_shape(line)
            if found and not corpus.is_template(line):
                names.setdefault(found[0], {}).setdefault(found[1], line)
                leads.add(found[0])
        pages.update(leads)
    rules = []
    for lead, spelled in names.items():
        if len(spelled) < MIN_SPELLINGS or pages[lead] < corpus.needed(False):
            continue
        pattern = f"^{regex.escape(lead, special_only=True, literal_spaces=True)}{NAME_PATTERN}$"
        text = f"Lines '{lead} <name>': the lead-in recurs, the name varies."
        rule = DraftRule(slug(f"{lead} name"), "drop", "any", text, pattern=pattern)
        rule.case_sensitive = True
        rule.junk = list(spelled.values())[:MAX_EXAMPLES]
        rules.append(rule)
    return rules


def labelled(line: str) -> tuple[str, str] | None:
    """('By The Numbers', 'Berkshire Billionaires') for a line a short label opens."""
    found = LABELLED_LINE.match(regex_form(line))
    if not found or not 1 <= word_count(found[1]) <= TEASER_LABEL_MAX_WORDS:
        return None
    return found[1], found[2]


def is_teaser(line: str, rest: str) -> bool:
    """What follows a label is a headline: a few words at least, not a sentence of prose."""
    return word_count(rest) >= TEASER_MIN_WORDS and not is_prose(line)


def labelled_runs(lines: list[str]) -> list[list[tuple[str, str, bool]]]:
    """Runs of consecutive labelled lines of a page: (line, casefolded label, whether the rest
    is a teaser) each."""
    runs: list[list[tuple[str, str, bool]]] = [[]]
    for line in lines:
        parts = labelled(line)
        if parts is None:
            runs.append([])
        else:
            runs[-1].append((line, parts[0].casefold(), is_teaser(line, parts[1])))
    return [run for run in runs if run]


def is_label_table(run: list[tuple[str, str, bool]]) -> bool:
    """A run of labelled lines under two labels or more, one of which opens a value: the rows
    of a table ('Color: White', 'Material: Organic cotton jersey'), not teasers in a row."""
    labels = {label for _, label, _ in run}
    return len(labels) >= TABLE_MIN_LABELS and not all(teaser for *_, teaser in run)


def teaser_rules(corpus: Corpus) -> list[DraftRule]:
    """One pattern per label that opens two or more different teasers on enough pages, and
    nothing else on any page: "By The Numbers: <headline>", "Trending: <headline>". A
    specification label ('Color: White') opens values, which no such rule takes."""
    teasers: dict[str, dict[str, str]] = {}
    pages: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for lines in corpus.pages:
        labels = set()
        for line in lines:
            parts = labelled(line)
            if parts and not corpus.is_template(line):
                label = parts[0].casefold()
                spelled.setdefault(label, parts[0])
                teasers.setdefault(label, {}).setdefault(normalize(parts[1]), line)
                labels.add(label)
        pages.update(labels)
    # a label that opens a value or a sentence on some page is no teaser's label ('Color: White',
    # 'Q: Why did ...?')
    values = {label for lines in corpus.pages for run in labelled_runs(lines)
              for _, label, teaser in run if not teaser}  # fmt: skip
    rules = []
    for label, found in teasers.items():
        if label in values or len(found) < MIN_SPELLINGS or pages[label] < corpus.needed(False):
            continue
        lead = regex.escape(spelled[label], special_only=True, literal_spaces=True)
        text = f"Lines '{spelled[label]}: <teaser>': the label recurs, the headline varies."
        rule = DraftRule(slug(f"{label} teaser"), "drop", "any", text, pattern=f"^{lead}: ")
        rule.junk = list(found.values())[:MAX_EXAMPLES]
        rule.takes_kept = True
        rules.append(rule)
    return rules


def finish_rules(rules: list[DraftRule], corpus: Corpus) -> list[DraftRule]:
    """Leave out what matches a story line; add keep examples, page counts and unique ids."""
    stories = corpus.story_lines()
    main = [
        line
        for page, lines in enumerate(corpus.pages)
        for line in lines
        if corpus.is_main_story(page, line)
    ]
    known = set(stories)
    stories += [line for line in main if line not in known]
    # the rows of a specification table and the pieces of a sentence are the page's text even
    # where they recur
    rows = corpus.spec_rows() | corpus.sentence_pieces()
    row_lines = [corpus.spellings[key] for key in sorted(rows) if key in corpus.spellings]
    # a teaser's headline is a line of its page only that the generic pass may keep, so a
    # teaser rule is checked against prose and table rows, not against what that pass keeps
    prose = [*corpus.story_lines(), *row_lines]
    stories += row_lines
    finished, ids = [], Counter()
    for rule in rules:
        against = prose if rule.takes_kept else stories
        if rule.pattern is not None and any(rule.matches(s) for s in against):
            continue
        if rule.pattern is not None and takes_shared_story(rule, corpus):
            continue
        rule.match = [x for x in rule.match if not corpus.is_story(x) and normalize(x) not in rows
                      and not is_shared_story(x, corpus)]  # fmt: skip
        if rule.kind == "cut-after":
            rule.match = [x for x in rule.match if not opens_rows(corpus, x, rows)]
        # a literal rule's examples are its lines left: with its first lines taken out as
        # table rows or sentence pieces (forbes's tickers), the lines after them still count
        junk = rule.junk if rule.pattern is not None else rule.match[:MAX_EXAMPLES]
        rule.junk = [x for x in junk if rule.matches(x)]
        if not rule.junk:
            continue
        rule.keep = next((s for s in main + stories if not rule.matches(s)), "")
        rule.pages = sum(any(rule.matches(line) for line in lines) for lines in corpus.pages)
        ids[rule.id] += 1
        if ids[rule.id] > 1:
            rule.id = f"{rule.id}-{ids[rule.id]}"
        finished.append(rule)
    return finished


def is_shared_story(line: str, corpus: Corpus) -> bool:
    """A line the generic pass keeps that stands on too few pages to be template
    (``KEPT_MIN_PAGES``)."""
    return corpus.kept_by_generic(line) and corpus.line_pages[normalize(line)] < KEPT_MIN_PAGES


def takes_shared_story(rule: DraftRule, corpus: Corpus) -> bool:
    """Whether a pattern rule takes lines the generic pass keeps on fewer than
    ``KEPT_MIN_PAGES`` pages."""
    pages = sum(
        any(rule.matches(x) and corpus.kept_by_generic(x) for x in lines) for lines in corpus.pages
    )
    return 0 < pages < KEPT_MIN_PAGES


def opens_rows(corpus: Corpus, marker: str, rows: set[str]) -> bool:
    """Whether label:value rows follow the line on some page: a cut there takes the table."""
    key = normalize(marker)
    for lines in corpus.pages:
        keys = [normalize(line) for line in lines]
        if key in keys and rows.intersection(keys[keys.index(key) + 1 :]):
            return True
    return False


# --- TOML ----------------------------------------------------------------------------------


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def rule_block(rule: DraftRule, total: int) -> str:
    lines = [
        f"# touches {rule.pages} of {total} pages",
        "[[rules]]",
        f"id = {toml_string(rule.id)}",
        f"kind = {toml_string(rule.kind)}",
        f"zone = {toml_string(rule.zone)}",
        f"description = {toml_string(rule.description)}",
    ]
    if rule.pattern is not None:
        lines.append(f"pattern = {toml_string(rule.pattern)}")
        if rule.case_sensitive:
            lines.append("case_sensitive = true")
    else:
        lines.append(f"match = {toml_list(rule.match)}")
    lines.append(f"examples.junk = {toml_list(rule.junk)}")
    if rule.keep:
        lines.append(f"examples.keep = {toml_list([rule.keep])}")
    return "\n".join(lines) + "\n"


@dataclass
class Draft:
    """A drafted rule file: its TOML text and, per rule, how many pages it touches."""

    toml: str
    touched: list[tuple[str, int]]
    pages: int
    guard: Any = None
    """The guard's report (``cleaner.authoring.guard.GuardReport``), when it ran."""


DEFAULT_SCHEMA = "../schema.json"
"""Where a file in rules/sites/ finds the rule-file schema (taplo / Even Better TOML)."""


def schema_reference(rule_path: Path | None) -> str:
    """How a draft written to ``rule_path`` names the schema: ``../schema.json`` when a
    rules folder holds one (or the draft goes to stdout), else the one installed here."""
    from cleaner.rulebook.load import SCHEMA_FILE, bundled_rules_dir

    if rule_path is None or (rule_path.parent.parent / SCHEMA_FILE).is_file():
        return DEFAULT_SCHEMA
    return (bundled_rules_dir() / SCHEMA_FILE).resolve().as_uri()


def file_header(domain: str, pages: int, kind: str, schema: str) -> list[str]:
    """The draft's top lines; its ``name`` (the prefix of every rule id) is the full domain,
    so that drafts for tv.msnbc.com and tv.example.org never share rule ids."""
    return [
        f"#:schema {schema}",
        f"# Draft made by `cleaner suggest` from {pages} {kind} pages: review every rule.",
        f"name = {toml_string(domain)}",
        f"description = {toml_string(f'{domain} article pages (drafted from {pages} pages)')}",
        f"domains = {toml_list([domain])}",
        "",
    ]


def render_draft(
    domain: str,
    corpus: Corpus,
    rules: list[DraftRule],
    kind: str,
    html: str = "",
    pages: int | None = None,
    schema: str = DEFAULT_SCHEMA,
    notes: tuple[str, ...] = (),
) -> Draft:
    pages = len(corpus.pages) if pages is None else pages
    header = file_header(domain, pages, kind, schema)
    if not rules and not html:
        header.insert(2, "# Nothing repeats on enough pages to be template.")
    header[2:2] = [f"# {note}" for note in notes]
    blocks = [rule_block(rule, pages) for rule in rules]
    toml = "\n".join(header) + "\n" + html + "\n".join(blocks)
    touched = [(rule.id, rule.pages) for rule in rules]
    return Draft(toml.rstrip("\n") + "\n", touched, pages)


@dataclass
class DraftParts:
    """A draft before it is written: its line rules and, from HTML pages, its ``[html]``
    selectors (``cleaner.authoring.suggest_html.HtmlDraft``). Each part has a key (``rules.ID``,
    ``html.strip SELECTOR``), so that the guard can leave out what lowers a page."""

    kind: str
    """``HTML`` or ``text``: what the pages were."""
    corpus: Corpus
    rules: list[DraftRule]
    pages: int
    html: Any = None

    def part_keys(self) -> list[str]:
        html = self.html.part_keys() if self.html else []
        return [*html, *(f"rules.{r.id}" for r in self.rules)]

    def without(self, banned: set[str]) -> DraftParts:
        rules = [r for r in self.rules if f"rules.{r.id}" not in banned]
        html = self.html.without(banned) if self.html else None
        return DraftParts(self.kind, self.corpus, rules, self.pages, html)

    def render(
        self, domain: str, schema: str = DEFAULT_SCHEMA, notes: tuple[str, ...] = ()
    ) -> Draft:
        block, touched = self.html.render() if self.html else ("", [])
        draft = render_draft(domain, self.corpus, self.rules, self.kind, block, self.pages,
                             schema, notes)  # fmt: skip
        draft.touched = touched + draft.touched
        return draft


def generic_kept(text: str) -> tuple[str, set[str]]:
    """The title and the normalised lines the generic pass (no site rules) keeps of a dump."""
    from cleaner.pipeline import clean, default_rulebook
    from cleaner.rulebook.load import Rulebook

    generic = Rulebook(list(default_rulebook().generic))
    doc = clean(text, kind="text", rulebook=generic, validate=False)
    return doc.title or "", {normalize(line) for line in doc.text.split("\n\n")}


def text_corpus(texts: list[str]) -> Corpus:
    """Pages as lines, with what the generic pass keeps of each as its story."""
    kept = [generic_kept(text) for text in texts]
    return Corpus([nonblank_lines(t) for t in texts], [k for _, k in kept], [t for t, _ in kept])


def text_parts(texts: list[str], domain: str) -> DraftParts:
    """The line rules of a draft from text dumps of the site's pages."""
    corpus = text_corpus(texts)
    rules = [r for r in line_rules(corpus) if not loses_a_title(texts, corpus, r, domain)]
    return DraftParts("text", corpus, rules, len(texts))


# --- self-check ----------------------------------------------------------------------------


def loses_a_title(texts: list[str], corpus: Corpus, rule: DraftRule, domain: str) -> bool:
    """Whether the rule, applied alone, leaves a draft page without the title the generic
    pass finds there: it removed a line the title finder uses as a landmark."""
    from cleaner.pipeline import clean

    rulebook = draft_rulebook(corpus, [rule], domain)
    for text, title in zip(texts, corpus.titles or [], strict=False):
        if title:
            doc = clean(text, f"https://{domain}/", kind="text", rulebook=rulebook, validate=False)
            if not doc.title:
                return True
    return False


def draft_rulebook(corpus: Corpus, rules: list[DraftRule], domain: str) -> Rulebook:
    """The bundled generic rules and a site file holding these drafted rules."""
    import tempfile

    from cleaner.pipeline import default_rulebook
    from cleaner.rulebook.load import Rulebook, load_rule_file

    toml = render_draft(domain, corpus, rules, "text").toml
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{domain}.toml"
        path.write_text(toml, "utf-8")
        site = load_rule_file(path)
    return Rulebook([site, *default_rulebook().generic])


def even_sample(pages: list, limit: int = MAX_PAGES) -> list:
    """At most ``limit`` pages, spread evenly over the input (deterministic)."""
    if len(pages) <= limit:
        return pages
    return [pages[i * len(pages) // limit] for i in range(limit)]


def draft_rule_file(
    pages: list[str],
    domain: str,
    schema: str = DEFAULT_SCHEMA,
    kinds: list[str] | None = None,
    guard: bool = True,
) -> Draft:
    """A draft from pages of one site: HTML pages through their markup, text dumps by lines.

    ``kinds`` gives each page's kind (by its file name or ``--kind``); without it each page's
    start decides (``cleaner.io.kind``). The draft follows the kind most pages have.
    ``guard=False`` (``--no-guard``) skips the check on left-out pages (``guarded_draft``).
    """
    from cleaner.io.kind import page_kind

    kinds = kinds or [page_kind(page) for page in pages]
    sample = even_sample(list(zip(pages, kinds, strict=True)))
    html = [page for page, kind in sample if kind == "html"]
    if html and len(html) >= len(sample) - len(html):
        from cleaner.authoring.suggest_html import html_parts

        return guarded_draft(html, "html", domain, schema, html_parts, guard)
    texts = [page for page, kind in sample if kind != "html"]
    make = partial(text_parts, domain=domain)
    return guarded_draft(texts, "text", domain, schema, make, guard)


def guarded_draft(
    pages: list[str], kind: str, domain: str, schema: str, make: Callable, guard: bool = True
) -> Draft:
    """The draft less what lowered a page left out of its making (``cleaner.authoring.guard``)."""
    from cleaner.authoring.guard import guarded_parts

    if not guard:
        return make(pages).render(domain, schema)
    parts, report = guarded_parts(pages, kind, domain, make)
    draft = parts.render(domain, schema, report.notes())
    draft.guard = report
    return draft


BY_HAND = ": write the rules those pages need by hand (`cleaner explain PAGE` shows each " \
    "removed line and why)"  # fmt: skip
"""What a site is told when the generic path fails some of its pages and no draft is proposed."""


def render_touched(draft: Draft) -> str:
    """How many of the pages each drafted rule or selector touches, one line each, and what
    the guard found."""
    lines = [f"{name}: {pages} of {draft.pages} pages" for name, pages in draft.touched]
    report = draft.guard
    if not lines and report is not None and report.own_lowered:
        lines.append("no rule drafted: the draft lowered a page it was made from (below)")
    elif not lines and report is not None and report.narrow_gain():
        lines.append(
            "no rule drafted: the drafts raised too few of the pages left out of their making "
            f"({report.generic_reading()})" + (BY_HAND if report.failing else "")
        )
    elif not lines and report is not None and report.pages and not report.failing:
        lines.append(
            f"no rule drafted: the generic path already keeps these pages well "
            f"({report.generic_reading()})"
        )
    elif not lines and report is not None and report.pages:  # the generic path fails some
        lines.append(
            "no rule drafted: no draft did better than the generic path on the pages left out "
            f"of its making ({report.generic_reading()})" + BY_HAND
        )
    elif not lines:
        lines.append("no rule drafted: nothing repeats on enough pages")
    if report is not None:
        lines += [note for note in report.notes() if lines[-1] != note]
    return "\n".join(lines) + "\n"
