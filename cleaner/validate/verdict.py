"""The validator: an independent check that a cleaned document holds the story body and only it.

It looks at the cleaned text on its own (and, when it has one, at the document the text came
from), runs a tuple of small detectors over it (``DETECTORS``: residual junk, structure,
integrity) and reports their ``Finding``s with line numbers and reasons in a ``Verdict``, with
the junk and lost-story shares ``estimates`` makes of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cleaner.document import Document, Removal
from cleaner.rulebook.load import Rulebook
from cleaner.text import normalize, split_lines, word_count
from cleaner.validate.context import (
    HIGH,
    MEDIUM,
    SEVERITY_RANK,
    BodyLine,
    Context,
    Finding,
)
from cleaner.validate.estimates import estimates_of, predicted_f1
from cleaner.validate.integrity import (
    detect_cut_mid_sentence,
    detect_over_stripping,
    detect_size,
)
from cleaner.validate.residual import detect_library_junk, detect_rulebook_junk, line_rule_ids
from cleaner.validate.structure import (
    detect_duplicates,
    detect_link_lists,
    detect_nav_runs,
    detect_off_topic,
    detect_stray_ends,
    detect_title,
)

CODE_PRIORITY = (
    "empty-body", "over-stripped", "residual-junk", "title-in-body", "duplicate-paragraph",
    "link-list", "nav-run", "stray-line", "off-topic-line", "residual-inline",
    "cut-mid-sentence", "too-short",
)  # fmt: skip
"""When several detectors flag one line, the earlier code here is the one reported."""

BODY_FAILURE_CODES = frozenset(("empty-body", "too-short"))
"""At high severity these fail the document on their own: nothing or a stub is left."""
KEPT_MATCH_MIN_WORDS = 4
"""A page line of this many words found inside a body line is kept text (an extractor joined
it to its paragraph); a shorter one ('News', 'By AP') turns up inside any body by chance."""
FAIL_QUALITY = 0.91
"""A body whose predicted word F1 is under this fails (alone: about 17% of its words junk,
or 17% of the story lost). Chosen on the tuning sites' pages with full gold (big9 and
wcxb-dev, HTML and crude dumps) by bench/fit_verdicts.py as the value that fails the most
pages of true F1 < 0.9 while failing at most 5% of the pages of true F1 >= 0.95."""


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
        ctx.page_lines = html_page_lines(doc)
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


def html_page_lines(doc: Document) -> list[str] | None:
    """Every block of the page's text on a line of its own, as extraction read it, else from a
    parse now (a Document made without extraction); None when the page does not parse."""
    if doc.page_lines is not None:
        return doc.page_lines
    from cleaner.html.lines import page_lines

    return page_lines(doc.raw)


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
