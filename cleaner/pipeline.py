"""The whole cleaning pipeline as one short function of named stages.

read -> identify sites -> (HTML: prune + extract) -> site rules -> generic rules -> generic
steps, repeated until nothing changes (so cleaning twice changes nothing) -> repair -> validate.

Repair: when the site rules leave an empty, implausibly short or navigation-shaped body, or a
site cut rule removed more prose than was kept, the page is cleaned again on the generic path
(no site selectors or rules; for HTML, trafilatura on the whole page) and the validator keeps
the better of the two. ``Document.path`` says which won and ``path_reason`` why. A text
dump's adopted generic body is cleaned again until that changes nothing (``settle``): the
site rules it left out run on it, as they would when the output is cleaned a second time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache

from cleaner.document import Document, Line, Removal
from cleaner.generic.region import is_template_scored
from cleaner.generic.steps import generic_steps
from cleaner.io.kind import HTML_SNIFF_BYTES, looks_like_html, page_kind
from cleaner.rulebook.engine import apply_rule_files, scanner_of
from cleaner.rulebook.kinds import REGISTRY, RuleKind, kind_of
from cleaner.rulebook.load import Rulebook
from cleaner.rulebook.rules import RegexTimeout
from cleaner.text import LINE_CACHE_SIZE, is_prose, split_lines, word_count
from cleaner.validate import verdict as validator
from cleaner.validate.context import SITE_TEMPLATE_RULE
from cleaner.validate.integrity import TOO_SHORT_WARN_WORDS
from cleaner.validate.residual import SITE_TEMPLATE_MESSAGE, marker_hits
from cleaner.validate.verdict import Verdict

MAX_PASSES = 10
"""Passes until the body stops changing; lines only ever shrink, so this is a safety net."""
REPAIR_MIN_WORDS = TOO_SHORT_WARN_WORDS
"""A site-rule body shorter than the validator's short-story warning is implausible: the
generic path is tried (the forbes 2009 pages whose body selector catches an empty box)."""
NAV_SHAPED_MAX_PROSE_SHARE = 0.5
"""A site-rule body with less than half of its words in prose lines is navigation-shaped (the
web-archive toolbar a 2005 page's selector caught is all short labels)."""
CUT_KEPT_RATIO = 1.0
"""A site cut rule that removed more words of prose than the body kept removed most of the
story (a cut marker that also occurs in the story's text)."""
CUT_KINDS = tuple(kind for kind in REGISTRY.values() if kind.cut_side)
"""The kinds that condemn everything on one side of a marker (cut-after, cut-before)."""
PREFETCH_MAX_CHARS = 50_000
"""A text longer than this is left out of ``prefetch_line_scores`` and scored when its verdict
asks: with some 500 lines or more its own rows dwarf the model's fixed cost of a run (about
0.4 ms), so it gains nothing from company, and it is scored inside its record's time limit."""
REPAIR_MARGIN = 0.1
"""The generic path replaces the site rules' body only when judged better by this much in
predicted F1: the site's rules were written for the site, and a longer body gains in the
recall estimate by being longer."""


@lru_cache(maxsize=1)
def default_rulebook() -> Rulebook:
    """The bundled rules, loaded once per process."""
    return Rulebook.load()


def make_document(
    raw: str, url: str | None = None, kind: str | None = None, doc_id: str | None = None
) -> Document:
    kind = page_kind(raw, given=kind)
    return Document(raw=raw, id=doc_id, url=url, kind=kind)


def prefetch_line_scores(docs: Iterable[Document]) -> None:
    """Score the input lines of many text documents, before they are cleaned, in one run of the
    line model (``cleaner.linemodel.prefetch``), and leave the scores on each document.

    The verdict's estimates ask the model's "dump" head about every non-blank input line of a
    text document (``validate_context``: the lines ``load_lines`` reads from its raw text),
    whatever the cleaning did, so that list is known before cleaning; the region finder's
    first pass asks the same on a page no rule touched. Asked later, each document finds its
    scores in ``Document.line_scores``: the same key, the same floats, one run of the trees
    for a whole batch instead of one a document. Worth it only when the document will be
    judged (a batch with the validator on); HTML pages read their lines at extraction, so
    only text documents of up to PREFETCH_MAX_CHARS are scored here."""
    from cleaner.linemodel import prefetch

    texts = [doc for doc in docs if doc.kind == "text" and len(doc.raw) <= PREFETCH_MAX_CHARS]
    prefetch([(doc.line_scores, split_lines(doc.raw)) for doc in texts], "dump")


def load_lines(doc: Document, text: str) -> None:
    doc.original = [Line(n, t) for n, t in enumerate(split_lines(text), 1)]
    doc.lines = [line for line in doc.original if line.text.strip()]


def clean_text_stage(
    doc: Document, rulebook: Rulebook, region: bool = True, site_rules: bool = True
) -> None:
    """Site rules, generic rules and generic steps, until a pass removes nothing.

    ``region=False`` skips the body-region finder: extracted HTML text is already the
    article region, and the finder would cut short end lines (sources, DOIs, sign-offs).
    ``site_rules=False`` leaves the matched sites' rules out (the generic path).
    """
    site_files = rulebook.sites_named(doc.sites) if site_rules else []
    steps = generic_steps(doc, region)
    doc.story_end = story_end_marker(rulebook) if region else None
    doc.region_kept = None  # what the finder kept is kept under this stage's markers only
    files = [*site_files, *rulebook.generic]
    scanner = scanner_of(files) if files else None  # one scan of a line for both sets
    before = doc.state()
    for _ in range(MAX_PASSES):
        apply_rule_files(doc, site_files, scanner)
        apply_rule_files(doc, rulebook.generic, scanner)
        for step in steps:
            step(doc)
        after = doc.state()
        if after == before:
            return
        before = after
    doc.warnings.append(f"body still changing after {MAX_PASSES} passes")


@lru_cache(maxsize=8)
def story_end_marker(rulebook: Rulebook) -> Callable[[str], bool] | None:
    """Whether a line ends a story wherever the body-region finder keeps it (``Document.
    story_end``): a marker of the generic files' cut-after rules for the second half (a
    related-articles heading, a 'Republish this story' box). Their zone is the dump's second
    half, which a long teaser list below a short story pushes the heading above; the finder
    tests them against the story it found. None when the rulebook has no such rule. Read once
    a rulebook, not once a document; a marker that times out on a line is no marker
    (``marker_hits``). The answer is remembered per line text, within ``LINE_CACHE_SIZE``
    (not when a marker timed out): the finder asks about every line below the story's first
    words on every pass, and the searches were a fifteenth of a repeated page's cost."""
    rules = tuple(
        rule
        for file in rulebook.generic
        for rule in file.rules
        if rule.kind == "cut-after" and rule.zone == "second-half"
    )
    if not rules:
        return None
    known: dict[str, bool] = {}

    def ends_story(text: str) -> bool:
        found = known.get(text)
        if found is None:
            try:
                found = any(rule.acts_on(text) for rule in rules)
            except RegexTimeout:  # this run's luck, not the line's: asked again next time
                return any(marker_hits(rule, text) for rule in rules)
            if len(known) >= LINE_CACHE_SIZE:
                known.clear()
            known[text] = found
        return found

    return ends_story


def clean_path(doc: Document, rulebook: Rulebook, site_rules: bool = True) -> Document:
    """Extract (HTML) or read (text) and clean ``doc`` in place; no repair, no verdict.

    With ``site_rules=False`` the sites are still named but neither their HTML selectors nor
    their text rules are used: the generic path.
    """
    if doc.kind == "html":
        from cleaner.html.extract import extract

        text = extract(doc, rulebook, site_rules=site_rules)
    else:
        from cleaner.html.page_type import url_page_type

        text = doc.raw
        doc.sites = [f.name for f in rulebook.find_sites(doc.url, text)]
        doc.page_type = url_page_type(doc.url)
    load_lines(doc, text)
    doc.input_words = input_words(doc)
    clean_text_stage(doc, rulebook, region=doc.kind != "html", site_rules=site_rules)
    doc.path = "site" if doc.sites and site_rules else "generic"
    return doc


def input_words(doc: Document) -> int | None:
    """Whitespace-separated words of ``doc``'s whole input text: for HTML the page text
    extraction remembered (no second parse), for text its lines as read. A split, not the
    word pattern: a count for a share, at 0.4 ms a page where cleaning takes some 200 ms.
    A text's lines are its raw text split at line breaks, and every line break is whitespace
    to ``str.split``: the raw text split at once counts the same words, in one C-level call
    where a split a line was a fiftieth of a page's cost."""
    if doc.kind != "html":
        return len(doc.raw.split())
    lines = doc.page_lines
    return None if lines is None else sum(len(line.split()) for line in lines)


def generic_path_of(doc: Document, rulebook: Rulebook) -> Document:
    """A fresh copy of ``doc``'s page cleaned on the generic path."""
    fresh = Document(
        raw=doc.raw, id=doc.id, url=doc.url, kind=doc.kind, site_template=doc.site_template
    )
    fresh.line_scores = doc.line_scores  # the same input: its page is scored once
    fresh.tree, fresh.blocks = doc.tree, doc.blocks  # and parsed once (extraction copies it)
    return clean_path(fresh, rulebook, site_rules=False)


def repair_reason(doc: Document, rulebook: Rulebook) -> str | None:
    """Why the site rules' body is suspect, or None when it is not (or no site rules ran)."""
    if doc.path != "site":
        return None
    kinds = site_rule_kinds(rulebook, doc.removed)
    cut = sum(story_run_words(doc.removed, kinds, kind) for kind in CUT_KINDS)
    if doc.kind == "text" and not cut and not site_dropped_prose(doc.removed, kinds):
        return None  # the site's line rules took no story-like prose: not their doing
    words = sum(word_count(line.text) for line in doc.lines)
    if not words:
        return "the site rules left an empty body"
    if cut > CUT_KEPT_RATIO * words:
        return f"site cut rules removed {cut} words of prose, more than the {words} kept"
    if words < REPAIR_MIN_WORDS:
        return f"the site rules left only {words} words"
    prose = sum(word_count(line.text) for line in doc.lines if is_prose(line.text))
    if prose < NAV_SHAPED_MAX_PROSE_SHARE * words:
        return f"the site rules left a navigation-shaped body ({prose} of {words} words in prose)"
    return None


def site_rule_kind(rulebook: Rulebook, rule_id: str) -> RuleKind | None:
    """The kind of a site file's rule, or None for a generic or unknown rule."""
    rule = rulebook.rule(rule_id)
    return None if rule is None or rule_id.startswith("generic.") else kind_of(rule)


def site_rule_kinds(rulebook: Rulebook, removed: list[Removal]) -> dict[str, RuleKind | None]:
    """``site_rule_kind`` of each rule that removed a line, each looked up once (a page's
    removals come from a few rules)."""
    return {rule_id: site_rule_kind(rulebook, rule_id) for rule_id in {r.rule for r in removed}}


def site_dropped_prose(removed: list[Removal], kinds: dict[str, RuleKind | None]) -> bool:
    """Whether a site rule other than a cut removed a line of prose (``kinds``: the rules'
    ``site_rule_kinds``)."""
    return any(
        kinds[r.rule] is not None and not kinds[r.rule].cut_side and is_prose(r.text)
        for r in removed
    )


def story_run_words(
    removed: list[Removal], kinds: dict[str, RuleKind | None], kind: RuleKind
) -> int:
    """Words of the prose that runs on from a site cut marker, away from the kept body.

    A misplaced marker inside the story is followed (``cut-after``) or preceded (``cut-before``)
    directly by story paragraphs; a well-placed one by template first (widgets, a comment
    header, user names), so the prose further on (reader comments) is not counted as story.
    ``kinds``: the removing rules' ``site_rule_kinds``.
    """
    lines = sorted((r for r in removed if kinds[r.rule] is kind), key=lambda r: r.line)
    if kind.cut_side < 0:  # a cut-before: the story runs on upwards from its marker
        lines.reverse()
    words = 0
    for position, removal in enumerate(lines):
        if is_prose(removal.text):
            words += word_count(removal.text)
        elif position > 0:  # the marker itself may be short; past it, template ends the run
            break
    return words


def repair(
    doc: Document,
    rulebook: Rulebook,
    fallback: Callable[[], Document] | None = None,
    settle_body: bool = True,
) -> Document:
    """The repair stage: when the site path's body is suspect, clean the page on the generic
    path too and keep what the validator judges better. ``fallback`` makes the generic-path
    document (default: ``generic_path_of``); the bench passes a cached one. ``settle_body``
    settles an adopted generic body (``settle``, which itself repairs without it)."""
    reason = repair_reason(doc, rulebook)
    if reason is None:
        return doc
    other = fallback() if fallback else generic_path_of(doc, rulebook)
    judge = without_sites(rulebook, tuple(doc.sites))
    site_verdict, other_verdict = validator.validate(doc, judge), validator.validate(other, judge)
    site_score, other_score = compared_quality(site_verdict, other_verdict)
    if other_score > site_score + REPAIR_MARGIN:
        adopt(doc, other)
        doc.path = "fallback"
        doc.verdict = other_verdict
        kept = "the generic path was judged better"
        settled = settle(doc, rulebook) if settle_body else 0
        if settled:
            doc.verdict = validator.validate(doc, judge)
            kept += f", then cleaning its body again: {settled} more removed"
    else:
        doc.verdict = site_verdict
        kept = "the generic path was tried and judged no better"
    doc.path_reason = f"{reason}; {kept} (quality {other_score:.2f} against {site_score:.2f})"
    return doc


@lru_cache(maxsize=32)
def without_sites(rulebook: Rulebook, sites: tuple[str, ...]) -> Rulebook:
    """The rulebook less the suspect sites' files: the rules under review do not judge."""
    return Rulebook([f for f in rulebook.files if f.name not in sites])


def compared_quality(site: Verdict, other: Verdict) -> tuple[float, float]:
    """Each candidate's predicted word F1, its recall measured against the larger of the two
    estimated story sizes (words not judged junk): a body much shorter than the other missed
    story, whatever its own findings say."""
    story = [v.words * (1.0 - v.junk_share) * (1.0 - (v.lost_share or 0.0)) for v in (site, other)]
    reference = max(story)
    if not reference:
        return 0.0, 0.0
    scores = []
    for verdict, size in zip((site, other), story, strict=True):
        precision, recall = 1.0 - verdict.junk_share, size / reference
        scores.append(2 * precision * recall / (precision + recall) if size else 0.0)
    return scores[0], scores[1]


def adopt(doc: Document, other: Document) -> None:
    """Take ``other``'s cleaning result into ``doc`` (callers hold ``doc``); sites stay named."""
    doc.original, doc.lines, doc.removed = other.original, other.lines, other.removed
    doc.title, doc.metadata, doc.route = other.title, other.metadata, other.route
    doc.readings = other.readings
    doc.warnings = doc.warnings + [w for w in other.warnings if w not in doc.warnings]
    doc.timed_out |= other.timed_out


def settle(doc: Document, rulebook: Rulebook) -> int:
    """Clean an adopted generic body of a text dump again, as a later cleaning of the output
    would, until that changes nothing; returns the number of removals that made.

    The generic path left the site's rules out; a second cleaning of its body runs them, and
    there they may remove lines (or the lot) without the site path's result being suspect,
    or the validator may weigh the two paths differently: without this, cleaning twice would
    change the output. A body that cleaning without this step leaves unchanged, the whole
    cleaning leaves unchanged too. Each cleaning only removes, so this ends. HTML is left
    alone: its output cleaned again is a text dump, not the page the paths were weighed on.
    """
    if doc.kind != "text":
        return 0
    settled = 0
    for _ in range(MAX_PASSES):
        again = make_document(doc.text, doc.url, "text")
        again.line_scores = doc.line_scores  # the body the finder last scored is its input
        again = clean_path(again, rulebook)
        repair(again, rulebook, settle_body=False)  # this loop settles what the repair adopts
        if again.text == doc.text:
            return settled
        settled += take_back(doc, again)
    doc.warnings.append(f"fallback body still changing after {MAX_PASSES} cleanings")
    return settled


def take_back(doc: Document, again: Document) -> int:
    """Take the result of cleaning ``doc.text`` again into ``doc``, each line and removal
    under its input line number (``doc.text``'s line ``2k + 1`` is ``doc.lines[k]``); returns
    the number of its removals."""
    source = {2 * k + 1: line for k, line in enumerate(doc.lines)}
    doc.removed = doc.removed + [
        Removal(source[r.line].number, source[r.line].text, r.rule, r.reason) for r in again.removed
    ]
    lines = [source[line.number] for line in again.lines]
    doc.lines = [
        old if old.text.strip() == new.text else Line(old.number, new.text)  # a trim rule's cut
        for old, new in zip(lines, again.lines, strict=True)
    ]
    doc.title = doc.title or again.title
    doc.metadata = again.metadata | doc.metadata
    doc.warnings = doc.warnings + [w for w in again.warnings if w not in doc.warnings]
    doc.timed_out |= again.timed_out
    return len(again.removed)


def clean_document(
    doc: Document,
    rulebook: Rulebook | None = None,
    validate: bool = True,
    is_template: Callable[[str], bool] | None = None,
    remove_template: bool = False,
) -> Document:
    """Clean ``doc`` in place and return it; ``validate=False`` leaves ``verdict`` None (the
    repair stage still judges its two candidates when it runs).

    In a batch run ``is_template`` says which lines are the site's template (learned from the
    run's other pages of the site): kept ones are the verdict's evidence of kept junk, and
    with ``remove_template`` they are removed unless the line model is sure they are story,
    and the body-region finder reads them as template (``Document.site_template``).
    """
    rulebook = rulebook or default_rulebook()
    if remove_template:
        doc.site_template = is_template  # the region finder reads them as template too
    clean_path(doc, rulebook)
    repair(doc, rulebook)
    settle_body(doc, rulebook, is_template, remove_template, validate)
    doc.tree = doc.blocks = doc.readings = None  # judged: a long run's documents keep no page
    return doc


def settle_body(
    doc: Document,
    rulebook: Rulebook,
    is_template: Callable[[str], bool] | None = None,
    remove_template: bool = False,
    validate: bool = True,
) -> None:
    """What follows the repair stage: the site's template lines the body kept are removed
    (with ``remove_template``), and the body is judged where the repair stage made no verdict
    or template lines were kept; ``validate=False`` leaves no verdict."""
    templated = is_template is not None and any(is_template(line.text) for line in doc.lines)
    if templated and remove_template and doc.site_template is not None:
        remove_site_template(doc, is_template)
    if validate and (doc.verdict is None or templated):
        # a verdict the repair stage made was judged without the suspect site's rules
        judge = rulebook if doc.verdict is None else without_sites(rulebook, tuple(doc.sites))
        attach_verdict(doc, judge, is_template)
    elif not validate:
        doc.verdict = None


def attach_verdict(
    doc: Document, rulebook: Rulebook, is_template: Callable[[str], bool] | None = None
) -> None:
    """Judge the cleaned body independently of the rules that produced it."""
    doc.verdict = validator.validate(doc, rulebook, is_template)


def remove_site_template(doc: Document, is_template: Callable[[str], bool]) -> None:
    """Remove the kept lines ``is_template`` marks, but those the line model is sure are
    story (a site's standard sign-off sentence can be part of every story) and those too short
    to count as template (``is_template_scored``, the rule the region finder reads too)."""
    from cleaner.linemodel import SURE_STORY_JUNK_MAX, junk_probabilities

    texts = [line.text for line in doc.lines]
    junk = junk_probabilities(texts, "cleaned", memo=doc.line_scores)
    doomed = [
        line
        for line, probability in zip(doc.lines, junk, strict=True)
        if is_template_scored(line.text, is_template) and probability >= SURE_STORY_JUNK_MAX
    ]
    doc.remove(doomed, SITE_TEMPLATE_RULE, SITE_TEMPLATE_MESSAGE)


def decode_page_bytes(
    data: bytes, kind: str | None = None, warnings: list[str] | None = None
) -> str | None:
    """Page bytes as text: HTML as a browser decodes it (BOM, declared charset, detection),
    other text as UTF-8, else the detected charset; None when no character encoding fits.
    What the reading had to repair (bytes that are not UTF-8) is appended to ``warnings``."""
    if kind == "html" or (
        kind is None and looks_like_html(data[:HTML_SNIFF_BYTES].decode("latin-1"))
    ):
        from cleaner.html.decode import decode_html

        return decode_html(data, warnings)
    from cleaner.io.charset import decode_undeclared

    return decode_undeclared(data, warnings)


def clean(
    text_or_html: str | bytes,
    url: str | None = None,
    *,
    kind: str | None = None,
    rulebook: Rulebook | None = None,
    doc_id: str | None = None,
    validate: bool = True,
) -> Document:
    """Clean one page (text dump or raw HTML) and return the Document with body and removals.

    ``bytes`` are decoded first: HTML by its BOM or declared charset, text as UTF-8 or the
    detected charset; ValueError when no character encoding fits them (binary data).
    """
    return clean_document(page_document(text_or_html, url, kind, doc_id), rulebook, validate)


def page_document(
    text_or_html: str | bytes,
    url: str | None = None,
    kind: str | None = None,
    doc_id: str | None = None,
) -> Document:
    """The Document ``clean`` cleans: ``bytes`` decoded first (ValueError when no character
    encoding fits them), what the reading repaired among its warnings."""
    warnings: list[str] = []
    if isinstance(text_or_html, bytes):
        decoded = decode_page_bytes(text_or_html, kind, warnings)
        if decoded is None:
            raise ValueError("not text: no character encoding fits the bytes")
        text_or_html = decoded
    doc = make_document(text_or_html, url, kind, doc_id)
    doc.warnings += warnings
    return doc
