"""The guard of ``cleaner suggest``: each page judges a draft made without it.

A draft drafted from pages and checked on the same pages flatters itself: a selector or a line
learned from a page fits that page. So the guard leaves one page out at a time, drafts from the
others, and cleans the left-out page with that draft and with no site rules
(``cleaner.authoring.page_check``: the verdict's quality estimate, the sure story the generic
path keeps, and the body's agreement with what the site's pages say without any rule). Both
bodies are judged by a validator that knows the rules drafted without the page: what they
remove counts as junk removed, not as story lost (a rule that takes story still loses sure
story). When the draft lowers the page, the parts to blame are found by leaving them out one at
a time, most harmful first, until the page no longer loses; the final draft, made from every
page, leaves those parts out. It reports the mean estimate and agreement on the left-out pages
with the drafts (less what was dropped) and with no site rules, and proposes nothing when the
drafts still lower a page or lower either mean, or do not raise the estimate on most of the
left-out pages (or the mean clearly): a draft that leaves its left-out pages as the generic
path does has shown no gain (the agreement, which
counts every line another page repeats as junk, rises with any rule that drops such lines).

With fewer than ``GUARD_MIN_PAGES`` pages, the draft is run on those pages themselves
(``own_pages_check``): the union of per-page parts can do what no draft made without a page
did (a body selector drafted from one page matches a box of another page, which the draft made
without that page never held). A part that lowers a page it was made from (by the judges less
the agreement: ``PageEffect.lowers_its_own_page``) is left out, and if the draft still lowers
one, nothing is proposed and the note names the page and the figures. With more pages the
pages left out judge instead: run on its own pages too, the draft lost nymag's 2005 body
(big9 tune, 0.980 -> 0.978) and gained nothing on the tune sites (thomann.de's body is caught
left out, by the text it loses: ``OWN_LOST_MAX``).
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cleaner.authoring.page_check import (
    Baseline,
    PageEffect,
    baseline,
    file_effect,
    judge_by_site,
    quality_of,
)
from cleaner.authoring.suggest import DraftParts
from cleaner.document import Document
from cleaner.rulebook.load import Rulebook, load_rule_file
from cleaner.rulebook.rules import RuleFile

GUARD_MIN_PAGES = 3
"""With two pages, a page left out leaves one to draft from: nothing repeats on one page."""
GUARD_MIN_GAIN = -0.002
"""The drafts made without each page must not lower the mean estimate on the left-out pages
by more than the estimate's noise (a fifth of a point); if they do, nothing is proposed. On
big9's tune sites the text-dump drafts move the mean estimate by at most 0.001 either way while
they gain up to three points of F1 (latimes, arstechnica) or lose 2.6 (nymag) on the sites'
other pages: a floor at or above zero rejected the good drafts with the bad."""

GUARD_MIN_AGREEMENT_GAIN = -0.001
"""...nor lower the mean agreement by more than a tenth of a point (a body that cuts a story
line where the generic path does not moves a page's agreement by about that much: on
arstechnica's tune pages by 0.0003 on the mean while the estimate rose four points), nor still
lower any left-out page once the parts to blame are dropped: when in doubt the guard proposes
nothing (the aim is a draft never worse than no site rules)."""

GUARD_MIN_SHOWN_GAIN = 0.0005
"""...and must raise the mean estimate by at least this much (the notes' rounding): a draft
that leaves the pages it was not made from as the generic path does has shown nothing, and can
only risk pages no one checked. nymag's text-dump draft (menus dropped above a region the
generic path finds anyway) moved neither mean on its left-out pages and cost 2.2 points of F1
on the site's other pages, where the dropped lines had kept the story's region from taking in
the teasers below it. The agreement is a veto, not evidence of gain: it counts a line that
stands on another page as junk kept, so a rule that drops repeated lines raises it whatever
they are. On wcxb-dev's tune-side shops (ebay.com, ifixit.com: product pages whose
specification rows and tool names recur from page to page, and are main text) drafts that
left the estimate as it was (0.610 and 0.610) or lowered it within its noise raised the
agreement by a point and cost 0.1 and 1.3 points of F1 on the sites' other pages; the big9
HTML drafts that gain raise the estimate by 0.006 to 0.030. Twice as much (0.002) would
also have left out wcxb-dev's ikea.com text-dump draft (+0.0012; under 0.0005 of F1 lost
on the site's other pages) and the worked example's Newsmax draft (+0.001, on 3 of 6 pages)."""

GUARD_MOST_PAGES = 2
"""...on half of the left-out pages or more (raised * 2 >= pages): a mean can rise with one
page while the rule that raised it takes text the other pages need. wcxb-dev's amazon.com
text-dump draft raised the mean estimate by 0.003 on one product page of four and dropped the
labels of the others' specification tables ("Color", "Battery Life"), which the gold keeps:
0.463 against 0.466 with no site rules on the site's other pages..."""

GUARD_FEW_PAGES_GAIN = 0.005
"""...unless the mean estimate rises by this much: a draft of one template era raises the
pages of that era only. arstechnica's HTML draft raised 3 of its 10 left-out pages (the
others at the estimate's ceiling already), the mean by 0.010, and gained three points of F1
on the site's other pages; the big9 HTML drafts that gain raise the mean by 0.006 to 0.030."""


@dataclass
class GuardReport:
    """What the guard found: the estimate on left-out pages, and the parts it dropped."""

    pages: int = 0
    with_draft: float = 0.0
    without_draft: float = 0.0
    agreement_with: float = 0.0
    agreement_without: float = 0.0
    """The mean agreement with what the site's pages say (``cleaner.authoring.page_check``)."""
    lowered: int = 0
    """Left-out pages the drafts still lower, less what was dropped."""
    raised: int = 0
    """Left-out pages whose estimate the drafts raise by ``GUARD_MIN_SHOWN_GAIN`` or more."""
    dropped: list[str] = field(default_factory=list)
    no_gain: bool = False
    """The drafts lowered a page or a mean, or did not raise the estimate: nothing is
    proposed."""
    read: int = 0
    """Pages the generic path's estimate (``without_draft``) was read on: the left-out pages,
    or with fewer than ``GUARD_MIN_PAGES`` every page given (nothing is checked then)."""
    failing: int = 0
    """Of those, the pages whose verdict with no site rules is ``fail``: where the generic path
    does not keep a page well, a site with no draft needs rules written by hand."""
    own_dropped: list[str] = field(default_factory=list)
    """Parts left out because the draft made from every page lowered a page it was made from
    (``own_pages_check``)."""
    own_lowered: list[str] = field(default_factory=list)
    """The pages the draft made from every page still lowers, described: nothing is proposed."""

    def is_loss(self) -> bool:
        """Whether the drafts lower a left-out page, or either mean past its floor."""
        estimate = self.with_draft - self.without_draft
        agreement = self.agreement_with - self.agreement_without
        if self.own_lowered:
            return True
        if not self.pages:  # too few pages to leave one out: only the own pages' check
            return False
        return bool(
            estimate < GUARD_MIN_GAIN or agreement < GUARD_MIN_AGREEMENT_GAIN or self.lowered
        )

    def shows_gain(self) -> bool:
        """Whether the drafts lose nothing and raise the estimate, on the mean and on most of
        the left-out pages."""
        estimate = self.with_draft - self.without_draft
        most = self.raised * GUARD_MOST_PAGES >= self.pages or estimate >= GUARD_FEW_PAGES_GAIN
        return not self.is_loss() and estimate >= GUARD_MIN_SHOWN_GAIN and most

    def narrow_gain(self) -> bool:
        """Whether nothing is proposed only for want of raised pages: the drafts lose
        nothing and raise the mean estimate, on too few pages and by too little."""
        estimate = self.with_draft - self.without_draft
        raised = self.raised and estimate >= GUARD_MIN_SHOWN_GAIN
        return bool(self.no_gain and raised and not self.is_loss())

    def generic_reading(self) -> str:
        """The generic path's estimate on the pages, and how many it fails."""
        fails = f"{self.failing} under the fail line" if self.failing else "none fails"
        return (
            f"estimated quality {self.without_draft:.3f} with no site rules on {self.read} "
            f"pages, {fails}"
        )

    def notes(self) -> tuple[str, ...]:
        if not self.pages:
            checked = f"Not checked leaving a page out: that needs {GUARD_MIN_PAGES} or more pages"
            notes = [f"{checked} ({self.generic_reading()})." if self.read else f"{checked}."]
            return (*notes, *self.own_notes())
        notes = [
            f"Checked leaving one page out at a time: estimated quality {self.with_draft:.3f} "
            f"with a draft made without the page, {self.without_draft:.3f} with no site rules "
            f"({self.pages} pages); agreement with what the pages say "
            f"{self.agreement_with:.3f} and {self.agreement_without:.3f}; the estimate "
            f"rose on {self.raised} of {self.pages} pages."
        ]
        if self.own_lowered:
            pass  # said by own_notes, with the page and the figures
        elif self.no_gain and self.is_loss():
            notes.append("That is a loss: nothing is proposed; the generic path keeps "
                         "these pages better.")  # fmt: skip
        elif self.narrow_gain():
            notes.append(
                f"That gain is too narrow to show: it needs the estimate raised on half of the "
                f"pages, or by {GUARD_FEW_PAGES_GAIN} on the mean; nothing is proposed."
            )
        elif self.no_gain:
            notes.append("That is no gain: nothing is proposed; the generic path keeps "
                         "these pages as well.")  # fmt: skip
        elif self.dropped:
            notes.append("Left out, as they lowered a page: " + ", ".join(self.dropped) + ".")
        return (*notes, *self.own_notes())

    def own_notes(self) -> list[str]:
        """What the check of the draft on the pages it was made from found."""
        if self.own_lowered:
            return [
                "The draft made from every page lowers a page it was made from: "
                + "; ".join(self.own_lowered)
                + ": nothing is proposed; the generic path keeps these pages better."
            ]
        if self.own_dropped:
            return ["Left out, as they lowered a page the draft was made from: "
                    + ", ".join(self.own_dropped) + "."]  # fmt: skip
        return []


def draft_site_file(parts: DraftParts, domain: str) -> RuleFile:
    """The drafted parts as a loaded site file."""
    toml = parts.render(domain).toml
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{domain}.toml"
        path.write_text(toml, "utf-8")
        return load_rule_file(path)


def effect_of(parts: DraftParts, page: Document, domain: str, base: Baseline) -> PageEffect:
    site = draft_site_file(parts, domain)
    return file_effect(page, site, Rulebook([site, *base.rules.files]), base)


def harmful_parts(
    parts: DraftParts, page: Document, domain: str, base: Baseline, own: bool = False
) -> list[str]:
    """The parts to leave out so that the draft no longer lowers the page ([] if it does not):
    each part's gain when left out alone, then the best first until the page stops losing.
    ``own``: the page is one the draft was made from (``PageEffect.lowers_its_own_page``)."""

    def lowers(effect: PageEffect) -> bool:
        return effect.lowers_its_own_page if own else effect.lowers

    effect = effect_of(parts, page, domain, base)
    if not lowers(effect):
        return []
    gains = []
    for key in parts.part_keys():
        trial = effect_of(parts.without({key}), page, domain, base)
        gain = trial.quality_with - effect.quality_with + effect.sure_lost - trial.sure_lost
        gain += trial.agreement_with - effect.agreement_with
        if gain > 0:
            gains.append((gain, key))
    dropped: list[str] = []
    for _, key in sorted(gains, reverse=True):
        dropped.append(key)
        if not lowers(effect_of(parts.without(set(dropped)), page, domain, base)):
            break
    return dropped


def guarded_parts(
    pages: list[str], kind: str, domain: str, make: Callable[[list[str]], DraftParts]
) -> tuple[DraftParts, GuardReport]:
    """The draft from every page less what lowered a left-out page, and the guard's report.

    ``make(pages)`` drafts parts from pages (HTML or text dumps, as ``kind`` says).
    """
    from cleaner.pipeline import default_rulebook, make_document

    parts = make(pages)
    generic = Rulebook(list(default_rulebook().generic))
    docs = [make_document(raw, f"https://{domain}/", kind, f"page {n}")
            for n, raw in enumerate(pages, 1)]  # fmt: skip
    if len(pages) < GUARD_MIN_PAGES:
        bases = [baseline(doc, generic) for doc in docs]
        judge_by_site(bases)
        report = generic_report(bases)
        return own_pages_check(parts, docs, domain, bases, set(), report), report
    held = [make(pages[:i] + pages[i + 1 :]) for i in range(len(pages))]
    # the judge of a page knows the rules drafted without it: the validator then takes their
    # removals for junk, not lost story, on both sides (a drop rule that takes story is still
    # caught by the sure story it loses)
    judges = [Rulebook([draft_site_file(trial, domain), *generic.files]) for trial in held]
    bases = [baseline(doc, judge, generic) for doc, judge in zip(docs, judges, strict=True)]
    judge_by_site(bases)
    banned: set[str] = set()
    for trial, doc, base in zip(held, docs, bases, strict=True):
        banned.update(harmful_parts(trial, doc, domain, base))
    report = generic_report(bases, GuardReport(len(pages), dropped=sorted(banned)))
    for trial, doc, base in zip(held, docs, bases, strict=True):
        effect = effect_of(trial.without(banned), doc, domain, base)
        report.with_draft += effect.quality_with / len(pages)
        report.agreement_with += effect.agreement_with / len(pages)
        report.agreement_without += effect.agreement_without / len(pages)
        report.lowered += effect.lowers
        report.raised += effect.quality_with - effect.quality_without >= GUARD_MIN_SHOWN_GAIN
    if not report.shows_gain():
        report.no_gain = True
        banned = set(parts.part_keys())
    return parts.without(banned), report


def own_pages_check(
    parts: DraftParts,
    docs: list[Document],
    domain: str,
    bases: list[Baseline],
    banned: set[str],
    report: GuardReport,
) -> DraftParts:
    """The draft less ``banned`` and less what lowers a page it was made from; nothing when a
    page is still lowered once the parts to blame are out (``report`` says which and why).

    Each round leaves out the parts to blame on each page (``harmful_parts``); a part left
    out can let another selector match, so the pages are checked again, a round per page at
    most."""
    kept = set(parts.part_keys()) - banned
    if not kept:
        return parts.without(banned)
    own: set[str] = set()
    for _ in docs:
        found = set()
        for doc, base in zip(docs, bases, strict=True):
            found.update(harmful_parts(parts.without(banned | own), doc, domain, base, True))
        if not found:
            break
        own |= found
    final = parts.without(banned | own)
    effects = [effect_of(final, doc, domain, base) for doc, base in zip(docs, bases, strict=True)]
    report.own_dropped = sorted(own)
    report.own_lowered = [effect.describe().removeprefix("lowers page ") for effect in effects
                          if effect.lowers_its_own_page]  # fmt: skip
    if report.own_lowered:
        report.no_gain = True
        return parts.without(set(parts.part_keys()))
    return final


def generic_report(bases: list[Baseline], report: GuardReport | None = None) -> GuardReport:
    """The report with the generic path's reading of the pages (``baseline``): its mean
    estimate and the pages whose verdict fails."""
    report = report or GuardReport()
    report.read = len(bases)
    report.without_draft = sum(quality_of(base.doc) for base in bases) / max(len(bases), 1)
    report.failing = sum(bool(base.doc.verdict and base.doc.verdict.failed) for base in bases)
    return report
