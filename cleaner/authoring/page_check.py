"""Does a site file make its pages read worse? Each page cleaned with and without the file.

``cleaner test-rules --pages`` and the guard of ``cleaner suggest`` ask the same question of a
rule file and a page: clean the page with the file and without it (the generic path, or the
other files that claim the page), judge both bodies with the validator of the rulebook
*without* the file (a file cannot vouch for itself), and compare

- the verdict's ``quality`` estimate (its predicted word F1), and
- agreement with the generic path where the story is sure: the long prose lines the path
  without the file keeps. A site file removes menus, teasers and boxes the generic path
  keeps, but a file that takes long sentences of the story is wrong.

A file *lowers* a page when its quality falls by more than ``QUALITY_TOLERANCE`` as it keeps
more junk or takes sure story, or when it takes more than ``SURE_LOST_MAX`` of the sure story's
words and the estimate does not rise. A line the generic path keeps on two or more of the pages
is template, never sure story; and the estimate counts a removed prose line as lost story, which
a removed template line is not, so a fall with neither more junk nor sure story lost is
not held against the file. On
big9's tune pages the hand-written files take long generic-path lines (a repeated deck, an
author's bio, comments) on seven pages of fifty, and each time the estimate rises with them.
The rules to blame are found by taking them out one at a time.

The guard of ``cleaner suggest`` has the pages of one site, and lets them judge each other
without any rule (``judge_by_site``): a line on a fifth of them (two at least) is template;
the line model, reading each page as a dump, names sure junk (and junk among the lines the
generic path leaves out) and must take a sure story line for body; a long prose paragraph
between sure story lines that the generic path missed joins the sure story (a file that misses
it too loses nothing: only story the path without the file keeps can be lost); a small run of
sure story well below the story's largest run (a reader comment the generic path keeps) leaves
it; and lines below the story that the generic path leaves out (comments, a bio, teasers) are
junk. A body's
*agreement* is the F1 of that evidence (recall: the sure story's words it keeps; precision:
the share of its words that are none of that junk), and a file also lowers a page when its
agreement falls by more than ``AGREEMENT_TOLERANCE``, or when its body lacks more than
``OWN_LOST_MAX`` of the words the body without it keeps outside that junk (a shop's listing is
no sure story, and a body that keeps only a box of it raises the estimate). The verdict's
estimate alone let drafts through that lost up to three points of F1 on a site's other pages
while the estimate rose.
``test-rules --pages`` (pages of any sites) keeps the first two judges.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from dataclasses import dataclass

from cleaner.document import Document
from cleaner.html.directives import HtmlDirectives
from cleaner.rulebook.load import Rulebook
from cleaner.rulebook.rules import RuleFile
from cleaner.text import is_prose, normalize, word_count, words
from cleaner.validate.calibration import calibrated_quality

QUALITY_TOLERANCE = 0.02
"""A quality estimate this much lower is a real loss, not estimate noise: the estimate moves by
up to about a point when a file only reorders which boxes a body is read from (big9's
hand-written files against the generic path on their tune pages)."""
SURE_STORY_MIN_WORDS = 15
"""A prose line this long that the generic path keeps is story almost surely: teasers, captions
and bylines are shorter."""
TEMPLATE_MIN_PAGES = 2
"""A line kept on this many of the pages is never sure story: one story does not stand on two
pages."""
TEMPLATE_MIN_SHARE = 0.2
"""A line on this share of the pages (and on two at least) is template that counts against a
body keeping it, as in ``cleaner suggest`` (``MIN_SHARE``). On two pages of twenty a line is as
often one story's deck shown as a teaser on another page (nymag's hand-written body keeps
such a deck, rightly)."""
AGREEMENT_TOLERANCE = 0.005
"""A body that keeps half a percent more template words, or loses as much sure story, than the
path without the file is worse on that page: on big9's tune pages the drafts that lowered true
F1 on a page moved its agreement by more than this, the ones that only re-segmented lines less."""
STORY_JUNK_MAX = 0.5
"""Sure story is also a line the line model, reading the whole page as a dump, takes for body
(its probability of junk below one half, its decision boundary): a teaser's summary or an
archive note kept by the generic path is long prose on one page too, and on big9's tune
pages the model puts those at 0.77 and above, the story's paragraphs below 0.2."""
SURE_JUNK_MIN = 0.9
"""A line the line model gives this probability of junk or more (a 'Sign up now' line, a
list of other headlines, a copyright) counts against a body that keeps it."""
LEFT_OUT_JUNK_MIN = 0.7
"""...and a line the generic path leaves out counts against a body that brings it back from
this probability on: a lede the generic path missed can score 0.56 (forbes, 2005), teaser
headlines and summaries score 0.4 to 0.8."""
SOFT_HYPHEN = "\u00ad"
"""Kept in a page's markup and in what a body selector reads, dropped from the text the
generic path writes: lines are compared without it."""
STORY_GAP_MAX = 5
"""Lines between two sure story lines of one story: a photo with its caption and credit, an
advertisement label, a pull quote (on big9's tune pages up to four); the comments below a
story stand after a heading, a user name, a 'jump to post' and a quoted name or two."""
STRAGGLER_MAX_SHARE = 0.2
"""A run of sure story after the story's largest run, and this much smaller, is not story."""
ADDED_JUNK_MAX = 0.02
"""A file that brings back junk lines the path without it leaves out, two words in a hundred
of the body or more (a teaser headline and its summary), lowers the page even when the
agreement moves less: drop rules that only remove lines let the story's region take in the
teasers beside it on some pages (nymag's 2017 dumps, by a fifth of the body), and on the
pages the guard sees that shows only as a few lines."""
OWN_LOST_MAX = 0.2
"""A file whose body lacks more than this share of the words the body without it keeps in
lines of this page only (no template, nothing below the story, no sure junk) lowers the page,
whatever the estimate says: the estimate rises as a body keeps less. A body drafted from one
shop page kept a small text box of another (wcxb-dev's thomann.de, tune): 26% of those words
lost, the estimate up 0.949 -> 0.968, true F1 down 0.987 -> 0.826. big9's hand-written files on
their tune sites' draft pages lose at most 12% of them (latimes 2017, 2009; nymag 2005), and
raise F1 each time."""
SURE_LOST_MAX = 0.1
"""A file may take a tenth of those words (a long pull quote or a deck repeated in a box)
unasked; more only when the quality estimate rises with it. A drop rule that matches story
lines takes far more."""


@dataclass(slots=True)
class PageEffect:
    """What one site file does to one page."""

    page: str
    file: str
    quality_with: float
    quality_without: float
    sure_lost: float
    """Share of the sure story's words (see module doc) the file's body lacks and the body
    without the file keeps: a paragraph the generic path misses too (the site's pages name it
    sure story, ``missed_story``) is not lost by the file."""
    junk_with: float = 0.0
    junk_without: float = 0.0
    """The verdicts' junk share estimates."""
    blamed: list[str] = dataclasses.field(default_factory=list)
    """The file's rules (ids) or ``html`` directives that lower the page on their own."""
    agreement_with: float = 1.0
    agreement_without: float = 1.0
    """Agreement with what the site's pages say (see module doc); 1.0 with no other pages."""

    junk_added: float = 0.0
    """Share of the body's words in junk lines (see module doc) the body without the file
    leaves out: what the file brought back or let a story's region take in."""
    own_lost: float = 0.0
    """Share of the words the body without the file keeps outside junk lines (see module doc)
    that the file's body lacks (``own_text_lost``)."""

    @property
    def lowers(self) -> bool:
        disagrees = self.agreement_with < self.agreement_without - AGREEMENT_TOLERANCE
        return disagrees or self.lowers_its_own_page

    @property
    def lowers_its_own_page(self) -> bool:
        """``lowers``, less the agreement's fall: the judge of a page a draft was made from
        (``cleaner.authoring.guard.own_pages_check``). There a body drafted from the page
        was chosen against what the generic path keeps, and a fall in agreement says it
        found long lines of the generic path not to be story: latimes 2017-obamacare-1 (big9,
        tune), agreement 0.999 -> 0.964 with the body its two 2017 pages name, true F1 0.931
        -> 0.994."""
        if self.junk_added > ADDED_JUNK_MAX or self.own_lost > OWN_LOST_MAX:
            return True
        change = self.quality_with - self.quality_without
        junkier = self.junk_with - self.junk_without > QUALITY_TOLERANCE
        if change < -QUALITY_TOLERANCE and (self.sure_lost > 0 or junkier):
            return True
        return self.sure_lost > SURE_LOST_MAX and change <= 0

    def describe(self) -> str:
        return (
            f"lowers page {self.page}: quality {self.quality_without:.3f} -> "
            f"{self.quality_with:.3f}, sure story lost {self.sure_lost:.0%}, agreement with "
            f"the other pages {self.agreement_without:.3f} -> {self.agreement_with:.3f}"
            + (f", its own text lost {self.own_lost:.0%}" if self.own_lost > OWN_LOST_MAX else "")
        )


def fresh(page: Document) -> Document:
    from cleaner.pipeline import make_document

    return make_document(page.raw, page.url, page.kind, page.id)


def cleaned(page: Document, rulebook: Rulebook, judge: Rulebook) -> Document:
    """The page cleaned with ``rulebook`` and judged by the validator of ``judge``."""
    from cleaner.pipeline import attach_verdict, clean_document

    doc = clean_document(fresh(page), rulebook, validate=False)
    attach_verdict(doc, judge)
    return doc


def quality_of(doc: Document) -> float:
    """The verdict's quality read with the page type's calibration on both sides: a body made
    by the site file is otherwise read with the site-rules calibration and the generic one with
    the page type's, and the two maps differ by more than the change a file makes."""
    if doc.verdict is None:
        return 0.0
    return calibrated_quality(doc.verdict.raw_quality, doc.verdict.page_type)


def junk_share_of(doc: Document) -> float:
    return doc.verdict.junk_share if doc.verdict is not None else 0.0


def sure_story(doc: Document) -> list[str]:
    return [
        plain(line.text)
        for line in doc.lines
        if word_count(line.text) >= SURE_STORY_MIN_WORDS and is_prose(line.text)
    ]


def sure_story_lost(story: list[str], doc: Document) -> float:
    """The share of the sure story's words the body lacks, counted as words (a multiset), not
    lines: a site body cuts a paragraph at its inline links ('Intel', '(nasdaq:', 'INTC -')
    where the generic path keeps it whole, and may strip a link inside it."""
    wanted = Counter(w for line in story for w in words(line))
    total = sum(wanted.values())
    if not total:
        return 0.0
    return sum((wanted - body_words(doc)).values()) / total


def lost_by_file(doc: Document, base: Baseline) -> float:
    """The share of the sure story's words that the body without the file keeps and ``doc``
    lacks. The site's pages name as sure story paragraphs the generic path misses
    (``missed_story``): a file that misses them too has lost nothing (with a guard that
    counted them, every draft that left such a page as it was 'lowered' it, and nothing was
    proposed for the site: nymag and arstechnica HTML)."""
    wanted = Counter(w for line in base.story for w in words(line))
    total = sum(wanted.values())
    if not total:
        return 0.0
    kept = wanted & body_words(base.doc)
    return sum((kept - body_words(doc)).values()) / total


def body_words(doc: Document) -> Counter[str]:
    return Counter(w for line in doc.lines for w in words(plain(line.text)))


def without(rulebook: Rulebook, site: RuleFile, replacement: RuleFile | None = None) -> Rulebook:
    """The rulebook with ``site`` left out, or swapped for ``replacement``."""
    files = [replacement if f is site else f for f in rulebook.files]
    return Rulebook([f for f in files if f is not None])


@dataclass(slots=True)
class Baseline:
    """A page cleaned without the file under test, and the judge of every body of it."""

    judge: Rulebook
    doc: Document
    story: list[str]
    rules: Rulebook
    """What the page is cleaned with when the file is left out."""
    template: frozenset[str] = frozenset()
    """The page's lines (normalised) that stand on another of the given pages too."""
    agreement: float = 1.0
    """The agreement (see module doc) of ``doc``, the body without the file."""
    by_site: bool = False
    """Whether the site's pages judged this one (``judge_by_site``): only then is a body's
    agreement measured."""
    junk: frozenset[str] = frozenset()
    """Lines of the page the line model is sure are junk (``SURE_JUNK_MIN``), and lines the
    body without the file leaves out that the model takes for junk rather than body: a file
    may bring back a deck or a missed paragraph, not a teaser (drop rules that remove lines
    around a story's region let the region finder take in the teasers beside it)."""
    after: frozenset[str] = frozenset()
    """Lines below the page's last sure story line that ``doc`` leaves out: comments, an
    author's bio, teasers, which a file must not bring back."""


def baseline(page: Document, judge: Rulebook, rules: Rulebook | None = None) -> Baseline:
    """The page cleaned with ``rules`` (default: the judge's), judged by ``judge``."""
    rules = rules or judge
    doc = cleaned(page, rules, judge)
    return Baseline(judge, doc, sure_story(doc), rules)


def without_template(bases: list[Baseline]) -> None:
    """Leave out of each page's sure story the lines the generic path keeps on another page
    too: template (a sign-off, a newsletter appeal), which a site file rightly removes."""
    kept = {id(base.doc.raw): {plain(x.text) for x in base.doc.lines} for base in bases}
    pages = Counter(line for lines in kept.values() for line in lines)  # a page counts once
    for base in bases:
        base.story = [line for line in base.story if pages[line] < TEMPLATE_MIN_PAGES]


def judge_by_site(bases: list[Baseline]) -> None:
    """Let the pages of one site judge each other (the guard of ``cleaner suggest``): a line
    that stands on enough of them is template, a line on two is never sure story, the line
    model names sure junk and confirms sure story, paragraphs the generic path missed between
    sure story lines join it, and lines below the story it leaves out are junk; then each
    baseline's agreement."""
    lines = {id(base.doc.raw): all_lines(base.doc) for base in bases}
    pages = Counter(line for found in lines.values() for line in found)  # a page counts once
    needed = max(TEMPLATE_MIN_PAGES, math.ceil(TEMPLATE_MIN_SHARE * len(bases)))
    for base in bases:
        found = lines[id(base.doc.raw)]
        junk = line_junk(base.doc)
        base.template = frozenset(x for x in found if pages[x] >= needed)
        kept = plain(" ".join(x.text for x in base.doc.lines))
        base.junk = frozenset(
            x
            for x, p in junk.items()
            if p >= SURE_JUNK_MIN or (p >= LEFT_OUT_JUNK_MIN and x not in kept)
        )
        base.story = [
            x
            for x in base.story
            if pages[x] < TEMPLATE_MIN_PAGES and junk.get(x, 0) < STORY_JUNK_MAX
        ]
        base.story += [x for x in missed_story(base, pages) if junk.get(x, 1) < STORY_JUNK_MAX]
        base.story = without_stragglers(base)
        base.after = left_below(base)
        base.agreement = agreement(base.doc, base)
        base.by_site = True


def line_junk(doc: Document) -> dict[str, float]:
    """Each line of the page (``plain``) with the line model's probability that it is junk,
    the page read as a dump (all its text, one block a line)."""
    from cleaner.linemodel import junk_probabilities

    found = doc.page_lines if doc.page_lines is not None else [x.text for x in doc.original]
    texts = [x for x in found if x.strip()]
    return dict(zip((plain(x) for x in texts), junk_probabilities(texts, "dump"), strict=True))


def in_order(doc: Document) -> list[str]:
    """The page's lines in page order: its blocks (HTML) or its lines (a dump)."""
    found = doc.page_lines if doc.page_lines is not None else [x.text for x in doc.original]
    return [plain(x) for x in found]


def all_lines(doc: Document) -> set[str]:
    """Every line of the page, normalised, with a body's lines as its rules cut them."""
    found = [*in_order(doc), *(plain(x.text) for x in doc.lines)]
    return {key for key in found if key}


def missed_story(base: Baseline, pages: Counter[str]) -> list[str]:
    """Long prose lines of this page only that stand between its sure story lines but that
    the generic path left out: a paragraph it missed (some templates break a story in two
    boxes), which a body selector that brings it back must be credited for. Comments and
    author bios stand after the story, teasers and captions are shorter."""
    order = in_order(base.doc)
    story = set(base.story)
    spots = [i for i, line in enumerate(order) if line in story]
    if not spots:
        return []
    between = order[spots[0] : spots[-1]]
    return [
        line
        for line in dict.fromkeys(between)
        if line not in story
        and pages[line] < TEMPLATE_MIN_PAGES
        and word_count(line) >= SURE_STORY_MIN_WORDS
        and is_prose(line)
    ]


def without_stragglers(base: Baseline) -> list[str]:
    """The sure story less the lines that stand after the story, apart from it: a reader
    comment the generic path keeps ('Promoted Comments' on arstechnica) is long prose on one
    page, and a body that leaves it out has lost no story. The story runs from sure story line
    to sure story line with at most ``STORY_GAP_MAX`` other lines between; a later run with
    less than ``STRAGGLER_MAX_SHARE`` of the words of the largest run is left out."""
    order = in_order(base.doc)
    story = set(base.story)
    runs: list[list[str]] = []
    last = None
    for spot, line in enumerate(order):
        if line not in story:
            continue
        if last is None or spot - last > STORY_GAP_MAX:
            runs.append([])
        runs[-1].append(line)
        last = spot
    if len(runs) <= 1:
        return base.story
    sizes = [sum(word_count(x) for x in run) for run in runs]
    main = sizes.index(max(sizes))
    stragglers = {
        line
        for run, size in zip(runs[main + 1 :], sizes[main + 1 :], strict=True)
        if size < STRAGGLER_MAX_SHARE * sizes[main]
        for line in run
    }
    return [x for x in base.story if x not in stragglers]


def left_below(base: Baseline) -> frozenset[str]:
    """The lines below the last sure story line of the page that the body without the file
    leaves out (see ``Baseline.after``)."""
    order = in_order(base.doc)
    story = set(base.story)
    spots = [i for i, line in enumerate(order) if line in story]
    if not spots:
        return frozenset()
    kept = plain(" ".join(x.text for x in base.doc.lines))
    return frozenset(
        line for line in order[spots[-1] + 1 :] if line not in story and line not in kept
    )


def plain(line: str) -> str:
    """A page line normalised as the generic path writes it (without soft hyphens)."""
    return normalize(line.replace(SOFT_HYPHEN, ""))


def junk_added(doc: Document, base: Baseline) -> float:
    """The share of the body's words in junk lines (see ``agreement``) that the body without
    the file leaves out."""
    junk = base.template | base.after | base.junk
    before = plain(" ".join(x.text for x in base.doc.lines))  # cut where it may be, it is in
    counts = [(word_count(x.text), plain(x.text)) for x in doc.lines]
    total = sum(n for n, _ in counts)
    added = sum(n for n, line in counts if line in junk and line not in before)
    return added / total if total else 0.0


def own_text_lost(doc: Document, base: Baseline) -> float:
    """The share of the words the body without the file keeps in lines that are no junk
    (template, below the story, sure junk: ``agreement``) that ``doc`` lacks, as a multiset."""
    junk = base.template | base.after | base.junk
    own = Counter(w for x in base.doc.lines if plain(x.text) not in junk
                  for w in words(plain(x.text)))  # fmt: skip
    total = sum(own.values())
    return sum((own - body_words(doc)).values()) / total if total else 0.0


def agreement(doc: Document, base: Baseline) -> float:
    """F1 of a body against the site's evidence: the sure story's words it keeps (recall) and
    the share of its words not in lines other pages have too (precision)."""
    junk = base.template | base.after | base.junk
    counts = [(word_count(x.text), plain(x.text) in junk) for x in doc.lines]
    total = sum(n for n, _ in counts)
    precision = 1 - sum(n for n, junk in counts if junk) / total if total else 0.0
    story = sum(len(line.split()) for line in base.story)
    recall = 1 - sure_story_lost(base.story, doc) if story else 1.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def page_effect(
    page: Document, site: RuleFile, rulebook: Rulebook, base: Baseline | None = None
) -> PageEffect:
    """What ``site`` (a file of ``rulebook``) does to ``page``; culprits named when it lowers.
    ``base``: the page cleaned without the file, when made already."""
    base = base or baseline(page, without(rulebook, site))
    effect = file_effect(page, site, rulebook, base)
    if effect.lowers:
        effect.blamed = blame(page, site, rulebook, base)
    return effect


def file_effect(page: Document, site: RuleFile, rulebook: Rulebook, base: Baseline) -> PageEffect:
    """The effect of ``site`` in ``rulebook`` on ``page`` against the baseline."""
    doc = cleaned(page, rulebook, base.judge)
    name = page.id or page.url or "page"
    lost = lost_by_file(doc, base)
    return PageEffect(
        name,
        site.name,
        quality_of(doc),
        quality_of(base.doc),
        lost,
        junk_share_of(doc),
        junk_share_of(base.doc),
        agreement_with=agreement(doc, base) if base.by_site else 1.0,
        junk_added=junk_added(doc, base) if base.by_site else 0.0,
        own_lost=own_text_lost(doc, base) if base.by_site else 0.0,
        agreement_without=base.agreement,
    )


def blame(page: Document, site: RuleFile, rulebook: Rulebook, base: Baseline) -> list[str]:
    """The parts of ``site`` whose removal alone stops it lowering the page (all of them
    when no single one does)."""
    parts: list[tuple[str, RuleFile]] = [
        (rule.id, dataclasses.replace(site, rules=[r for r in site.rules if r is not rule]))
        for rule in site.rules
    ]
    if page.kind == "html" and site.html.has_selectors():
        parts.append((f"{site.name}.html", dataclasses.replace(site, html=HtmlDirectives())))
    found = []
    for label, variant in parts:
        variant.index = None
        if not file_effect(page, variant, without(rulebook, site, variant), base).lowers:
            found.append(label)
    return found or [label for label, _ in parts]
