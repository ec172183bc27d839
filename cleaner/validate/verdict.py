"""The validator: an independent check that a cleaned document holds the story body and only it.

It looks at the cleaned text on its own (and, when it has one, at the document the text came
from), runs a tuple of small detectors over it (``DETECTORS``: residual junk, structure,
integrity) and reports their ``Finding``s with line numbers and reasons in a ``Verdict``, with
the junk and lost-story shares ``estimates`` makes of them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cleaner.document import Document, Removal
from cleaner.html.page_type import UNKNOWN, url_page_type
from cleaner.html.references import page_reference, reference_scores
from cleaner.rulebook.load import Rulebook
from cleaner.text import ends_like_sentence, normalize, split_lines, word_count
from cleaner.validate.calibration import SITE_RULES, calibrated_quality, fail_line
from cleaner.validate.context import (
    HIGH,
    KEPT_JUNK,
    MEDIUM,
    REMOVED_STORY,
    SEVERITY_RANK,
    SITE_TEMPLATE,
    SITE_TEMPLATE_RULE,
    BodyLine,
    Context,
    Finding,
)
from cleaner.validate.doubt import (
    OFF_HEADLINE_CODE,
    doubt_reason,
    headline_reach,
    in_doubt,
    kept_run,
    off_headline_evidence,
)
from cleaner.validate.estimates import (
    Estimates,
    estimated_junk_share,
    estimates_of,
    predicted_f1,
)
from cleaner.validate.integrity import (
    detect_cut_mid_sentence,
    detect_over_stripping,
    detect_size,
)
from cleaner.validate.markup import MARKUP_JUNK_CODE, markup_adjusted, markup_evidence
from cleaner.validate.quality_model import (
    QUALITY_STEP,
    BodyShape,
    quality_features,
    quality_model,
    settled_quality,
)
from cleaner.validate.residual import (
    detect_library_junk,
    detect_rulebook_junk,
    detect_site_template,
    line_rule_ids,
)
from cleaner.validate.structure import (
    detect_duplicates,
    detect_foreign_lines,
    detect_headings_of_nothing,
    detect_link_lists,
    detect_model_strays,
    detect_nav_runs,
    detect_off_story_edges,
    detect_off_topic,
    detect_stray_ends,
    detect_title,
)
from cleaner.validate.topic import detect_off_story_tail

CODE_PRIORITY = (
    "empty-body", "over-stripped", "residual-junk", SITE_TEMPLATE, "title-in-body",
    "duplicate-paragraph", "link-list", "nav-run", "stray-line", "off-topic-line",
    "foreign-line", "residual-inline", "cut-mid-sentence", "too-short", "model-junk",
    "model-lost-story", "page-prose-left", MARKUP_JUNK_CODE, OFF_HEADLINE_CODE,
)  # fmt: skip
"""When several detectors flag one line, the earlier code here is the one reported."""

BODY_FAILURE_CODES = frozenset(("empty-body", "too-short"))
"""At high severity these fail the document on their own: nothing or a stub is left."""
KEPT_MATCH_MIN_WORDS = 4
"""A page line of this many words found inside a body line is kept text (an extractor joined
it to its paragraph); a shorter one ('News', 'By AP') turns up inside any body by chance."""
REASON_TEXT_CHARS = 60
"""How much of the largest evidence line a reason quotes."""
PAGE, REMOVED = "page", "removed lines"
"""Evidence a verdict can lack: the page the body came from (its other lines, which the line
model reads to estimate lost story), and the list of removed lines."""


@dataclass(slots=True)
class Basis:
    """What the verdict read of the page beyond the body: the page's type and the line
    model's shares and evidence lines. A cleaned record carries it, so ``cleaner validate``
    recomputes the run's verdict from the record alone; ``digest`` names the body it was
    computed for (an edited body is judged afresh)."""

    page_type: str
    junk_model: float
    lost_prose: float | None
    lost_model: float | None
    evidence: list[Finding] = field(default_factory=list)
    digest: str = ""
    reference: str | None = None
    """Which text of its own main content the page holds (``references.REFERENCE_KINDS``)."""
    group: str = ""
    """The calibration the quality is read with: the page type, or SITE_RULES for a body
    the site's own rules made (empty: the page type)."""
    reference_precision: float | None = None
    reference_recall: float | None = None
    """The body's word precision and recall against that reference."""
    page_lost: float | None = None
    """A text input's share of prose left out anywhere on it (``Estimates.page_lost``)."""
    headline_missing: float | None = None
    """A page's share of headline words the body lacks (``Estimates.headline_missing``)."""
    kept_share: float | None = None
    """The share of the input's words the body kept (its page's text, or a dump's lines)."""
    block_junk: float | None = None
    link_text: float | None = None
    """An HTML page's kept words as its markup reads them (``markup.MarkupEvidence``): the
    block classifier's mean probability of not being main content, the share in link text."""
    kept_run: int | None = None
    """A text input's longest run of kept prose, in words (``doubt.kept_run``)."""

    def to_dict(self) -> dict[str, Any]:
        def share(value: float | None) -> float | None:
            return None if value is None else round(value, 6)

        record = {
            "page_type": self.page_type,
            "group": self.group or self.page_type,
            "junk_model": share(self.junk_model),
            "lost_prose": share(self.lost_prose),
            "lost_model": share(self.lost_model),
            "evidence": [f.to_dict() for f in self.evidence],
            "digest": self.digest,
        }
        if self.reference is not None:
            record["reference"] = self.reference
            record["reference_precision"] = share(self.reference_precision)
            record["reference_recall"] = share(self.reference_recall)
        if self.page_lost is not None:
            record["page_lost"] = share(self.page_lost)
        if self.headline_missing is not None:
            record["headline_missing"] = share(self.headline_missing)
        if self.kept_share is not None:
            record["kept_share"] = share(self.kept_share)
        if self.block_junk is not None:
            record["block_junk"] = share(self.block_junk)
            record["link_text"] = share(self.link_text)
        if self.kept_run is not None:
            record["kept_run"] = self.kept_run
        return record

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Basis:
        """A record's basis back (ValueError when malformed)."""
        try:
            evidence = [finding_from_dict(item) for item in raw.get("evidence") or []]
            reference = raw.get("reference")
            return cls(
                page_type=str(raw["page_type"]),
                junk_model=float(raw["junk_model"]),
                lost_prose=optional_float(raw.get("lost_prose")),
                lost_model=optional_float(raw.get("lost_model")),
                evidence=evidence,
                digest=str(raw.get("digest") or ""),
                reference=None if reference is None else str(reference),
                group=str(raw.get("group") or ""),
                reference_precision=optional_float(raw.get("reference_precision")),
                reference_recall=optional_float(raw.get("reference_recall")),
                page_lost=optional_float(raw.get("page_lost")),
                headline_missing=optional_float(raw.get("headline_missing")),
                kept_share=optional_float(raw.get("kept_share")),
                block_junk=optional_float(raw.get("block_junk")),
                link_text=optional_float(raw.get("link_text")),
                kept_run=None if raw.get("kept_run") is None else int(raw["kept_run"]),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(f"a malformed verdict basis: {exc}") from exc


def optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def finding_from_dict(raw: dict[str, Any]) -> Finding:
    return Finding(str(raw["code"]), int(raw["line"]), str(raw["text"]), str(raw["detector"]),
                   str(raw["severity"]), str(raw["message"]), raw.get("original_line"))  # fmt: skip


def body_digest(lines: list[BodyLine]) -> str:
    """A short hash of the body's lines (what a basis was computed for)."""
    joined = "\n".join(line.text for line in lines)
    # surrogatepass: a lone surrogate (bad input the writer reports) must not fail the hash
    return hashlib.sha1(joined.encode("utf-8", "surrogatepass")).hexdigest()[:16]


@dataclass(slots=True)
class Verdict:
    """The validator's answer for one document: ``ok``, ``warn`` or ``fail``, why, and how much.

    ``fail``: materially wrong: the calibrated ``quality`` under its page type's fail line
    (``calibration.json``), or an empty or stub body; ``reason`` says which and names the
    largest evidence line, and the findings hold the lines. ``warn``: a local doubt (a finding
    of medium or high severity that does not add up to a material loss of quality, or a fail
    line crossed with no line to show for it). ``ok``: nothing found. ``junk_share`` is the
    estimated share of kept words that are not story, ``lost_share`` of the story's words that
    were removed (None when the input is unknown); ``quality`` the word F1 they predict,
    calibrated for the ``page_type``. ``missing`` names evidence the verdict was made without.
    """

    status: str
    findings: list[Finding] = field(default_factory=list)
    words: int = 0
    junk_share: float = 0.0
    lost_share: float | None = None
    reason: str = ""
    page_type: str = UNKNOWN
    quality: float = 0.0
    raw_quality: float = 0.0
    """The uncalibrated predicted F1 the two shares (and the markup) give: what the
    calibration maps and the status is judged on."""
    basis: Basis | None = None
    missing: list[str] = field(default_factory=list)
    features: list[float] = field(default_factory=list)
    """What the quality model read (``quality_model.FEATURES``; what it is fitted on)."""

    @property
    def failed(self) -> bool:
        return self.status == "fail"

    def to_dict(self) -> dict[str, Any]:
        lost = None if self.lost_share is None else round(self.lost_share, 4)
        record: dict[str, Any] = {
            "status": self.status,
            "reason": self.reason,
            "page_type": self.page_type,
            "quality": round(self.quality, 4),
            "words": self.words,
            "junk_share": round(self.junk_share, 4),
            "lost_share": lost,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.missing:
            record["missing"] = list(self.missing)
        if self.basis is not None:
            record["basis"] = self.basis.to_dict()
        return record


Detector = Callable[[Context], Iterable[Finding]]
DETECTORS: tuple[Detector, ...] = (
    detect_size,
    detect_rulebook_junk,
    detect_library_junk,
    detect_site_template,
    detect_title,
    detect_duplicates,
    detect_nav_runs,
    detect_link_lists,
    detect_stray_ends,
    detect_off_topic,
    detect_headings_of_nothing,
    detect_model_strays,
    detect_off_story_edges,
    detect_off_story_tail,
    detect_foreign_lines,
    detect_cut_mid_sentence,
    detect_over_stripping,
)


def run_detectors(
    ctx: Context, page_type: str = UNKNOWN, basis: Basis | None = None, group: str = ""
) -> Verdict:
    """The detectors' findings on the body, with the page's evidence: ``basis`` when one is
    given (a record's), else what ``ctx`` holds of the page. ``group``: the calibration to
    read the quality with (default: the page type's)."""
    findings = dedupe(f for detect in DETECTORS for f in detect(ctx))
    if basis is not None:  # the run's batch evidence, which the record alone cannot give
        findings = dedupe([*findings, *batch_evidence(basis.evidence)])
    words = sum(word_count(line.text) for line in ctx.lines)
    junk_findings = estimated_junk_share(ctx, findings, words)
    if basis is None:
        found = estimates_of(ctx, findings, words)
        evidence = [*found.evidence, *batch_evidence(findings)]
        if ctx.markup is not None:
            evidence += ctx.markup.evidence
        basis = Basis(page_type, found.junk_model, found.lost_prose, found.lost_model,
                      evidence, body_digest(ctx.lines))  # fmt: skip
        basis.group = group
        basis.page_lost, basis.headline_missing = found.page_lost, found.headline_missing
        basis.kept_share = kept_share(ctx)
        if ctx.input_numbers is not None and ctx.input_lines is not None:  # a text input
            basis.kept_run = kept_run(ctx.input_lines)
        if ctx.markup is not None:
            basis.block_junk, basis.link_text = ctx.markup.block_junk, ctx.markup.link_text
        if ctx.reference is not None:
            body = "\n".join(line.text for line in ctx.lines)
            precision, recall = reference_scores(body, ctx.reference)
            basis.reference = ctx.reference.kind
            basis.reference_precision, basis.reference_recall = precision, recall
    found = Estimates(junk_findings, basis.junk_model, basis.lost_prose, basis.lost_model, [],
                      basis.reference_precision, basis.reference_recall, basis.page_lost,
                      basis.headline_missing)  # fmt: skip
    estimate = predicted_f1(found.junk_share, found.lost_share) if words else 0.0
    estimate = markup_adjusted(estimate, basis.block_junk, basis.link_text)
    group = basis.group or basis.page_type
    shown = dedupe([*findings, *basis.evidence])
    templated = sum(item.code == SITE_TEMPLATE for item in shown) / max(len(ctx.lines), 1)
    shape = BodyShape(templated, basis.kept_share, flagged_share(ctx, shown, words),
                      unpunctuated_share(ctx, words))  # fmt: skip
    features = quality_features(estimate, found, (basis.block_junk, basis.link_text), group,
                                words, shape)  # fmt: skip
    quality = calibrated_quality(estimate, group) if words else 0.0
    doubt = settled_doubt(ctx, basis, group, quality, words) if words else None
    if doubt is not None:  # evidence the estimate does not read puts it under the line
        quality = fail_line(group) - QUALITY_STEP
        shown = dedupe([*shown, *doubt[1]])
    model = quality_model()
    # The model was fitted on cleaned pages whose input was known; a body alone (no input:
    # no kept share) keeps the calibrated estimate. The status stays the estimate's either way.
    if model is not None and words and basis.kept_share is not None:
        quality = settled_quality(model.predict(features), quality, fail_line(group))
    status, reason = judge(shown, found, quality, group, basis.block_junk,
                           doubt[0] if doubt else "")  # fmt: skip
    return Verdict(status, shown, words, found.junk_share, found.lost_share, reason,
                   basis.page_type, quality, estimate, basis, features=features)  # fmt: skip


def settled_doubt(
    ctx: Context, basis: Basis, group: str, quality: float, words: int
) -> tuple[str, list[Finding]] | None:
    """(why, the lines it shows) when a body of ``words`` words whose calibrated ``quality`` is
    in doubt fails on evidence its estimate does not read (``doubt.doubt_reason``: prose off
    the headline, a text input's short run of kept prose or small share of its words kept);
    else None."""
    if not in_doubt(quality, fail_line(group)):  # most bodies: skip the headline's reach
        return None
    reach = headline_reach(ctx) if basis.headline_missing is not None else None
    found = doubt_reason(quality, fail_line(group), group, reach, basis.kept_run, words,
                         basis.kept_share)  # fmt: skip
    if found is None:
        return None
    code, why = found
    return why, list(off_headline_evidence(ctx)) if code == OFF_HEADLINE_CODE else []


def kept_share(ctx: Context) -> float | None:
    """The share of the input's words the body kept (None when the input is unknown): a
    body that keeps most of a page's text kept its teasers and menus with the story."""
    if not ctx.input_lines:
        return None
    total = sum(word_count(text) for text, _ in ctx.input_lines)
    kept = sum(word_count(text) for text, held in ctx.input_lines if held)
    return min(kept / total, 1.0) if total else None


def flagged_share(ctx: Context, findings: list[Finding], words: int) -> float:
    """The share of the body's words on lines any kept-junk finding names, notes included:
    many small doubts add up where no one of them is worth a warning."""
    numbers = {f.line for f in findings if f.kind == KEPT_JUNK}
    flagged = sum(word_count(line.text) for line in ctx.lines if line.number in numbers)
    return flagged / words if words else 0.0


def unpunctuated_share(ctx: Context, words: int) -> float:
    """The share of the body's words in lines that end on no sentence mark: headlines of
    teasers, menu entries, list items (a story's prose ends its lines on a full stop)."""
    bare = sum(word_count(line.text) for line in ctx.lines if not ends_like_sentence(line.text))
    return bare / words if words else 0.0


def batch_evidence(findings: Iterable[Finding]) -> list[Finding]:
    """The findings only a batch run can make (its site templates): the basis keeps them."""
    return [item for item in findings if item.code == SITE_TEMPLATE]


def judge(
    findings: list[Finding],
    found: Estimates,
    quality: float,
    group: str,
    block_junk: float | None = None,
    doubt: str = "",
) -> tuple[str, str]:
    """(status, reason): fail for a body that is not a story or is materially wrong (its
    calibrated quality under the page type's fail line, with a line to show for it), warn for
    a local doubt, ok when nothing of medium severity or worse was found. ``block_junk``: the
    share of kept words the page's markup reads as outside its content, named in the reason
    when it is larger than the junk share (it lowered the quality). ``doubt``: why evidence
    beyond the estimate put a doubtful quality under the line (``settled_doubt``), if it did."""
    for item in findings:
        if item.code in BODY_FAILURE_CODES and item.severity == HIGH:
            return "fail", f"{item.code}: {item.message}"
    junk, lost = found.junk_share, found.lost_share
    if quality < fail_line(group):
        lost_side = lost is not None and lost > junk
        if doubt:
            why = f"{doubt}, where the estimate is in doubt"
        elif lost_side:
            why = f"an estimated {lost:.0%} of the story's words were removed"
        else:
            why = f"an estimated {junk:.0%} of the kept words are junk"
            if block_junk is not None and block_junk > junk:
                why += f" and the page's markup reads {block_junk:.0%} as outside its content"
        sides = (REMOVED_STORY, KEPT_JUNK) if lost_side else (KEPT_JUNK, REMOVED_STORY)
        off = [f for f in findings if f.code == OFF_HEADLINE_CODE]
        largest = (largest_evidence(off, KEPT_JUNK) or largest_evidence(findings, sides[0])
                   or largest_evidence(findings, sides[1]))  # fmt: skip
        judged = f"quality {quality:.2f}, under {fail_line(group):.2f} for {group_name(group)}"
        if largest is None:
            return "warn", f"{why} ({judged}), but no line shows it"
        return "fail", f"{why} ({judged}); largest: {describe(largest)}"
    doubts = [f for f in findings if SEVERITY_RANK[f.severity] >= SEVERITY_RANK[MEDIUM]]
    if doubts:
        return "warn", f"{len(doubts)} local doubt(s), first: {doubts[0].code}"
    return "ok", ""


def group_name(group: str) -> str:
    return "bodies made by site rules" if group == SITE_RULES else f"{group} pages"


def largest_evidence(findings: list[Finding], kind: str) -> Finding | None:
    """The finding of ``kind`` on the longest line, the earliest among equals."""
    chosen = [f for f in findings if f.kind == kind and f.text]
    return max(chosen, key=lambda f: word_count(f.text), default=None)


def describe(item: Finding) -> str:
    where = f"line {item.line}" if item.line else f"input line {item.original_line}"
    text = item.text if len(item.text) <= REASON_TEXT_CHARS else item.text[:REASON_TEXT_CHARS] + "…"
    return f"{where} {text!r} ({item.code})"


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


def validate(
    doc: Document, rulebook: Rulebook, is_template: Callable[[str], bool] | None = None
) -> Verdict:
    """Judge a cleaned Document: residual junk, lost story, broken ends; in a batch run,
    ``is_template`` says which lines are its site's template (``Context.is_template``)."""
    group = SITE_RULES if doc.path == "site" else ""
    ctx = validate_context(doc, rulebook)
    ctx.is_template = is_template
    page_type = document_page_type(doc)
    if doc.kind == "html" and doc.original and ctx.page_lines is not None:
        ctx.markup = markup_evidence(ctx, doc, page_type)
    verdict = run_detectors(ctx, page_type, group=group)
    if not doc.original:
        verdict.missing = [PAGE, REMOVED]
    return verdict


def document_page_type(doc: Document) -> str:
    """The type extraction found, else what the URL says (a text dump)."""
    return doc.page_type or url_page_type(doc.url)


def validate_context(doc: Document, rulebook: Rulebook) -> Context:
    """What the detectors read of a cleaned Document (and, for HTML, of its whole page)."""
    known = bool(doc.original)
    removed = doc.removed if known else []
    ctx = Context(body_of_document(doc), rulebook, doc.title, removed, known)
    ctx.line_scores = doc.line_scores
    if known and doc.kind == "html":
        ctx.page_lines = html_page_lines(doc)
        # extraction read both from the page's one tree; a Document never extracted parses
        extracted = doc.page_lines is not None
        ctx.reference = doc.page_reference if extracted else page_reference(doc.raw)
        if ctx.page_lines is not None:
            ctx.input_lines = kept_page_lines(ctx.page_lines, ctx.lines)
    elif known:
        kept_numbers = {line.number for line in doc.lines}
        trusted = line_rule_ids(rulebook) | {SITE_TEMPLATE_RULE}
        by_rule = {r.line for r in doc.removed if r.rule in trusted}
        lines = [line for line in doc.original if line.text.strip()]
        ctx.input_lines = [(line.text, line.number in kept_numbers) for line in lines]
        ctx.input_numbers = [line.number for line in lines]
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
        # the words first: the line model counts every page line's words for the estimates
        # anyway (``word_stats`` remembers them), and a short line needs no search of the body
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
    kept: list[int] | None = None,
    basis: Basis | None = None,
    page_type: str | None = None,
) -> Verdict:
    """Judge a bare cleaned text; line numbers are the text's own lines.

    A ``cleaner clean`` record gives more: ``removed`` lets lost story be found and its share
    estimated, ``kept`` (each body line's input line) places the removals among the kept
    lines, and the verdict's ``basis`` holds what the run read of the page, so the run's
    verdict is recomputed exactly. Without a basis (or with one computed for another body)
    the verdict says in ``missing`` what it was made without.
    """
    body = [raw.strip() for raw in split_lines(text) if raw.strip()]
    numbers = [number for number, raw in enumerate(split_lines(text), 1) if raw.strip()]
    originals = kept if kept is not None and len(kept) == len(body) else [None] * len(body)
    lines = [BodyLine(n, t, o) for n, t, o in zip(numbers, body, originals, strict=True)]
    ctx = Context(lines, rulebook, title, removed or [], removed is not None)
    if basis is not None and basis.digest == body_digest(lines):
        return run_detectors(ctx, basis.page_type, basis)
    verdict = run_detectors(ctx, page_type or UNKNOWN)
    verdict.missing = [PAGE] if removed is not None else [PAGE, REMOVED]
    return verdict
