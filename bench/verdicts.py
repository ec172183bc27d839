"""Measure the validator's verdict against real quality: does ``fail`` mean a bad page?

Every page with gold of the development data (bench/README.md: big9, trafilatura-eval, wcxb-dev) is
cleaned twice, as raw HTML with its URL and as a crude text dump without one (the dump of
bench/generic_dumps.py), through the pipeline with its repair stage; each output gets its true
quality and the validator's verdict:

- big9: bag-of-words word F1 of title + body against the gold text (which holds the headline);
- wcxb-dev: the same for the body against ``main_content`` (which holds no headline);
- trafilatura-eval has only snippets: a page's precision is the share of the snippets found
  in the body that are ``with`` snippets, its recall the share of ``with`` snippets found, and
  its F1 theirs (coarse: a page has a handful of snippets, so any miss makes it "bad").

A page is bad when its true F1 < 0.9 and good when >= 0.95. Per corpus, input kind and split
part (bench/splits.py: tuned sites against sites held apart), the table gives the share of bad
pages that fail, the share of good pages that fail, and the calibration of the estimated junk
share of kept words against the true one (1 - precision).

    python bench/verdicts.py                        # everything (slow: about 5,000 cleanings)
    python bench/verdicts.py --limit 100 --workers 2
    python bench/verdicts.py --dataset big9 --kind dump --misses 10

Pages are judged as a batch run judges them: a counting pass over each corpus and input kind
learns every site's template lines first (``cleaner.batch.templates``; a site's pages are those
of its split name, as a batch keys them by their URL's domain). ``--site-templates remove``,
the batch's default, removes them before the verdict (the pages it removes from are cleaned
afresh, not cached); ``flag`` keeps them and the verdict flags them; ``off`` judges each page
alone. Only sites
with TEMPLATE_MIN_PAGES pages or more are read twice: a site with fewer has no template lines.

Cleaned documents (before the verdict) are cached in $CLEANER_BENCH_CACHE (default
~/.cache/cleaner-bench), keyed by the cleaning code and rules, so iterating on the validator
only re-runs the validator. ``--no-cache`` cleans afresh.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from multiprocessing import Pool
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generic_dumps import bag_prf, prf, snippet_counts, tokens, wcxb_tokens  # noqa: E402
from pages import CORPORA, DATA, LOADERS, Page  # noqa: E402
from quality import SITE_URLS  # noqa: E402

from cleaner.batch.run import page_text_lines  # noqa: E402
from cleaner.batch.templates import TEMPLATE_MIN_PAGES, TemplateMemory, TemplateTest  # noqa: E402
from cleaner.document import Document, Line, Removal  # noqa: E402
from cleaner.pipeline import (  # noqa: E402
    clean_path,
    default_rulebook,
    generic_path_of,
    repair,
    settle_body,
)
from cleaner.validate.context import SITE_TEMPLATE, Context  # noqa: E402
from cleaner.validate.estimates import estimated_junk_share, estimates_of  # noqa: E402
from cleaner.validate.readings import reading_agreements  # noqa: E402
from cleaner.validate.verdict import (  # noqa: E402
    BODY_FAILURE_CODES,
    validate_context,
)

BAD_F1 = 0.9
GOOD_F1 = 0.95
VERY_BAD_F1 = 0.7
"""The issue's lines: a page under 0.9 is materially wrong, under 0.7 very bad, one at 0.95
or more is clean."""
F1_BANDS = (0.0, 0.5, 0.8, 0.9, 0.95, 1.01)
"""The true-F1 bands the issue asks the verdict to be reported in."""
QUALITY_BINS = (0.0, 0.5, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01)
"""Bins of the predicted quality for its calibration table."""
CALIBRATION_BINS = (0.0, 0.02, 0.05, 0.1, 0.2, 0.4, 1.01)
NOT_CLEANING = frozenset(
    ("validate", "cli", "batch", "authoring", "io", "integrations", "cache.py", "examples.py",
     "document.py", "pipeline.py", "page_type.py")
)  # fmt: skip
"""Packages and modules that do not change a cleaned document before the verdict and the
repair stage (the validator, input and output, commands, authoring tools, the rulebook's pickle
cache and example runners; the page-type reader, whose answer is not cached but read afresh),
left out of the cache key; a name matches a folder or a file."""
CLEANING_FUNCTIONS = ("load_lines", "clean_text_stage", "clean_path", "generic_path_of")
"""The pipeline's functions that do shape it."""
KINDS = ("html", "dump")


@dataclass(slots=True)
class Outcome:
    """One cleaned page: its true quality and what the validator said."""

    dataset: str
    kind: str
    name: str
    site: str
    part: str
    page_type: str
    precision: float
    recall: float
    f1: float
    status: str
    reason: str
    junk_share: float
    lost_share: float | None
    quality: float
    words: int
    path: str
    codes: list[str]
    junk_high: float = 0.0
    """Share of kept words on lines with a high junk finding (for fitting the weights)."""
    junk_medium: float = 0.0
    junk_model: float = 0.0
    lost_prose: float | None = None
    lost_model: float | None = None
    predicted_type: str = ""
    """The page type the verdict saw (``page_type`` is the corpus's gold type)."""
    raw_quality: float = 0.0
    """The uncalibrated predicted F1 (what bench/fit_verdicts.py calibrates)."""
    findings: int = 0
    """Findings of the verdict that name a line (evidence), for a fail to be shown."""
    reference: str | None = None
    reference_precision: float | None = None
    reference_recall: float | None = None
    """The body against the page's own text of its story (JSON-LD articleBody, <article>)."""
    templated: int = 0
    """Kept lines the run's site templates flagged (``site-template`` findings)."""
    page_lost: float | None = None
    """A text input's share of prose left out anywhere on it."""
    headline_missing: float | None = None
    """A page's share of headline content words missing from the body."""
    block_junk: float | None = None
    link_text: float | None = None
    """An HTML page's kept words as its markup reads them (``validate.markup``)."""
    features: list[float] = field(default_factory=list)
    """What the verdict's quality model read (``quality_model.FEATURES``): what
    bench/fit_verdicts.py trains it on."""
    extra: dict[str, float] = field(default_factory=dict)
    """Candidate evidence not (yet) read by the verdict (``extra_evidence``), for trying it."""


# --- cleaning, cached -------------------------------------------------------------------------


def cache_root() -> Path:
    return Path(os.environ.get("CLEANER_BENCH_CACHE", Path.home() / ".cache" / "cleaner-bench"))


def code_fingerprint() -> str:
    """A hash of everything that shapes a cleaned document before the repair stage: the
    cleaner's code (less NOT_CLEANING and, of the pipeline, only its cleaning functions) and
    the bundled rules."""
    import inspect

    from cleaner import pipeline

    digest = hashlib.sha256()
    files = sorted((ROOT / "cleaner").rglob("*.py")) + sorted((ROOT / "rules").rglob("*"))
    for path in files:
        parts = path.relative_to(ROOT).parts
        if path.is_file() and not {path.name, *parts} & NOT_CLEANING:
            digest.update("/".join(parts).encode())
            digest.update(path.read_bytes())
    for function in CLEANING_FUNCTIONS:
        digest.update(inspect.getsource(getattr(pipeline, function)).encode())
    return digest.hexdigest()[:16]


def document_state(doc: Document) -> dict:
    return {
        "sites": doc.sites,
        "title": doc.title,
        "lines": [(line.number, line.text) for line in doc.lines],
        "removed": [(r.line, r.text, r.rule, r.reason) for r in doc.removed],
        "warnings": doc.warnings,
        "path": doc.path,
        "page_type": doc.page_type,
        "route": doc.route,
        "readings": doc.readings,
    }


def document_from(state: dict, raw: str, url: str | None, kind: str) -> Document:
    """The cleaned document back from its cached state; every non-blank input line is kept or
    removed, so the two give ``original`` (enough for the validator and the repair stage)."""
    doc = Document(raw=raw, url=url, kind=kind, sites=state["sites"], title=state["title"])
    doc.lines = [Line(n, t) for n, t in state["lines"]]
    doc.removed = [Removal(*r) for r in state["removed"]]
    doc.warnings, doc.path = state["warnings"], state["path"]
    doc.page_type = state.get("page_type", "")
    doc.route, doc.readings = state.get("route", ""), state.get("readings")
    doc.original = sorted([*doc.lines, *(Line(r.line, r.text) for r in doc.removed)],
                          key=lambda line: line.number) or [Line(1, "")]  # fmt: skip
    return doc


def cached(key: str, make, raw: str, url: str | None, kind: str, use_cache: bool) -> Document:
    name = f"{hashlib.sha1(key.encode()).hexdigest()}.json.gz"
    path = cache_root() / "verdicts" / FINGERPRINT / name
    if use_cache and path.exists():
        return document_from(json.loads(gzip.decompress(path.read_bytes())), raw, url, kind)
    doc = make()
    if use_cache:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(json.dumps(document_state(doc)).encode()))
    return doc


FINGERPRINT = code_fingerprint()


def page_input(page: Page, kind: str) -> tuple[str, str | None]:
    """(raw input, URL) for one input kind: the page with its own URL as a crawl has it (big9,
    which has none: a URL of its site, so site rules are found by domain), or its crude dump
    without one."""
    if kind == "dump":
        return page.dump, None
    if page.corpus == "big9":
        return page.html, SITE_URLS.get(page.site)
    if page.url:
        return page.html, page.url
    return page.html, None if page.site.startswith("no-url:") else f"https://{page.site}/"


def clean_page(
    page: Page,
    kind: str,
    use_cache: bool,
    is_template: TemplateTest | None = None,
    remove_template: bool = False,
) -> Document:
    """The pipeline's result for one page: the site path, repaired when the stage says so, and
    judged as ``pipeline.clean_document`` judges it in a batch run with ``is_template`` (and
    ``remove_template``, the batch's default, which removes those lines before the verdict):
    both end in ``pipeline.settle_body``."""
    from cleaner.html.parse import PageError

    rulebook = default_rulebook()
    raw, url = page_input(page, kind)
    doc_kind = "html" if kind == "html" else "text"
    key = f"{page.corpus}/{page.name}/{kind}"

    # a page cleaned with its site's template lines depends on the whole run: never cached
    removing = remove_template and is_template is not None
    use_cache = use_cache and not removing

    def site_path() -> Document:
        fresh = Document(raw=raw, url=url, kind=doc_kind)
        if removing:
            fresh.site_template = is_template  # the region finder reads them as template too
        try:
            return clean_path(fresh, rulebook)
        except PageError:
            return Document(raw=raw, url=url, kind=doc_kind)

    def generic_path() -> Document:
        return cached(key + "/generic", lambda: generic_path_of(doc, rulebook), raw, url,
                      doc_kind, use_cache)  # fmt: skip

    doc = cached(key, site_path, raw, url, doc_kind, use_cache)
    # big9's URL is its site's front page, not the page's: the type is read without it
    doc.page_type = read_page_type(raw, page.url if page.corpus == "big9" else url, doc_kind)
    repair(doc, rulebook, generic_path)
    settle_body(doc, rulebook, is_template, removing)
    return doc


def read_page_type(raw: str, url: str | None, kind: str) -> str:
    """The page's type as extraction reads it (not cached, so the reader can be tuned)."""
    from cleaner.html.page_type import page_type, url_page_type
    from cleaner.html.parse import PageError, parse_html

    if kind != "html":
        return url_page_type(url)
    try:
        return page_type(parse_html(raw), url)
    except PageError:
        return url_page_type(url)


# --- scoring ----------------------------------------------------------------------------------


def true_scores(page: Page, doc: Document) -> tuple[float, float, float]:
    """(precision, recall, F1) of the cleaned page against its corpus's gold."""
    if page.corpus == "trafilatura-eval":
        return prf(*snippet_counts(doc.text, page))
    if page.corpus == "big9":
        found = f"{doc.title}\n{doc.text}" if doc.title else doc.text
        return bag_prf(tokens(found), tokens(f"{page.headline}\n{page.gold}"))
    return bag_prf(wcxb_tokens(doc.text), wcxb_tokens(page.gold or ""))


Task = tuple[Page, str, bool, TemplateTest | None, bool]
"""(page, input kind, use the cache, its site's template lines in the run, remove them)."""


def measure(task: Task) -> Outcome:
    page, kind, use_cache, is_template, remove_template = task
    doc = clean_page(page, kind, use_cache, is_template, remove_template)
    precision, recall, f1 = true_scores(page, doc)
    v = doc.verdict
    ctx = validate_context(doc, default_rulebook())  # read once: an HTML page parses again
    codes = sorted({f.code for f in v.findings if f.severity == "high"})
    evidence = sum(1 for f in v.findings if f.text and f.kind != "body")
    return Outcome(page.corpus, kind, page.name, page.site, page.part, page.page_type,
                   precision, recall, f1, v.status, v.reason, v.junk_share, v.lost_share,
                   v.quality, v.words, doc.path, codes, *components(doc, ctx), v.page_type,
                   v.raw_quality, evidence, v.basis.reference, v.basis.reference_precision,
                   v.basis.reference_recall,
                   sum(f.code == SITE_TEMPLATE for f in v.findings), v.basis.page_lost,
                   v.basis.headline_missing, v.basis.block_junk, v.basis.link_text,
                   v.features, extra_evidence(doc, ctx))  # fmt: skip


def extra_evidence(doc: Document, ctx: Context) -> dict[str, float]:
    """What a fitted model could read beyond the verdict's features: the findings by severity
    and side, the body's paragraph shape, its size against the page's own story text."""
    from statistics import mean, pstdev

    from cleaner.text import word_count
    from cleaner.validate.doubt import headline_reach

    v = doc.verdict
    counts = Counter((f.kind, f.severity) for f in v.findings)
    extra = {f"n_{kind}_{severity}": float(n) for (kind, severity), n in counts.items()}
    sizes = [word_count(line.text) for line in doc.lines if line.text.strip()] or [0]
    firsts = Counter(line.text.split()[0].lower() for line in doc.lines if line.text.split())
    extra.update(
        lines=float(len(sizes)),
        mean_line=mean(sizes),
        cv_line=pstdev(sizes) / mean(sizes) if mean(sizes) else 0.0,
        short_lines=sum(n < 8 for n in sizes) / len(sizes),
        long_lines=sum(n >= 40 for n in sizes) / len(sizes),
        repeated_openers=sum(n for n in firsts.values() if n >= 3) / len(sizes),
    )
    if ctx.reference is not None:
        extra["reference_words"] = float(sum(ctx.reference.tokens.values()))
    if doc.route:
        extra[f"route_{doc.route}"] = 1.0
    for name, found in reading_agreements(doc.text, doc.readings).items():
        extra[f"agree_{name}_held"] = found.held
        extra[f"agree_{name}_covered"] = found.covered
        extra[f"agree_{name}_words"] = float(found.words)
    reach = headline_reach(ctx) if v.basis.headline_missing is not None else None
    if reach is not None:
        extra["headline_reach"] = reach
    if v.basis.kept_run is not None:
        extra["kept_run"] = float(v.basis.kept_run)
    if ctx.input_lines:
        extra["input_words"] = float(sum(word_count(t) for t, _ in ctx.input_lines))
        extra["input_lines"] = float(len(ctx.input_lines))
    if doc.kind == "html":
        extra.update(record_evidence(doc, ctx))
    return extra


RECORD_MIN = 3
"""Sibling elements of one tag and class, this many or more, are a list of records."""
RECORD_DEPTH = 4
"""How many ancestors above a kept block are read for a list of records."""
ROW_TAGS = frozenset(("li", "article", "tr", "dd", "dt"))


def record_evidence(doc: Document, ctx: Context) -> dict[str, float]:
    """Candidate markup evidence of over-keeping: the share of kept words in repeated
    records (siblings of one tag and class: product grids, review and comment lists), in
    records of two blocks or more, and next to mostly-link blocks."""
    from cleaner.html.blocks import document_blocks
    from cleaner.text import word_count
    from cleaner.validate.markup import LINK_BLOCK_SHARE, kept_blocks

    blocks = document_blocks(doc)
    if not blocks or not ctx.lines:
        return {}
    kept = kept_blocks([b.text for b in blocks], ctx)
    if not kept:
        return {}
    owner = {}  # element -> index of the block it opens
    for i, b in enumerate(blocks):
        owner[b.element] = i
    linky = [b.link_chars > LINK_BLOCK_SHARE * max(len(b.text), 1) for b in blocks]
    counts = {i: word_count(blocks[i].text) for i in kept}
    words = sum(counts.values()) or 1
    groups: dict = {}

    def signature(element) -> tuple:
        return (element.tag, element.get("class") or "")

    def record_of(element):
        node = element
        for depth in range(RECORD_DEPTH + 1):
            parent = node.getparent()
            if parent is None:
                return None
            if depth > 0 or node.tag in ROW_TAGS:
                key = (id(parent), signature(node))
                if key not in groups:
                    groups[key] = sum(
                        1 for c in parent if isinstance(c.tag, str) and signature(c) == key[1]
                    )
                if groups[key] >= RECORD_MIN and node.tag not in ("p", "br", "span"):
                    return key, node
            node = parent
        return None

    in_record = 0.0
    multi = 0.0
    records: dict = defaultdict(list)
    lists: dict = defaultdict(set)
    for i in kept:
        found = record_of(blocks[i].element)
        if found is not None:
            records[id(found[1])].append(i)
            lists[found[0]].add(id(found[1]))
    for members in records.values():
        share = sum(counts[i] for i in members)
        in_record += share
        if len(members) >= 2:
            multi += share
    long_lists = {r for members in lists.values() if len(members) >= 5 for r in members}
    listed = sum(counts[i] for r in long_lists for i in records[r])
    small = sum(
        counts[i] for r in long_lists for i in records[r] if sum(counts[j] for j in records[r]) < 80
    )
    near = sum(
        counts[i]
        for i in kept
        if (i > 0 and linky[i - 1] and blocks[i - 1].text) or (i + 1 < len(blocks) and linky[i + 1])
    )
    headings = sum(1 for i in kept if blocks[i].element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"))
    page_words = sum(word_count(b.text) for b in blocks) or 1
    return {
        "rec_share": in_record / words,
        "rec_multi": multi / words,
        "rec_count": float(len(records)),
        "rec_lists": listed / words,
        "rec_small": small / words,
        "link_near": near / words,
        "kept_headings": float(headings),
        "page_words": float(page_words),
        "kept_blocks": float(len(kept)),
    }


def components(doc: Document, ctx: Context) -> tuple:
    """The verdict's estimates taken apart (what the validator's constants are fitted from):
    junk shares by severity of the findings, and the line model's and prose's estimates."""
    v = doc.verdict
    only = {"high": 0.0, "medium": 0.0, "low": 0.0}
    high = estimated_junk_share(ctx, v.findings, v.words, {**only, "high": 1.0})
    medium = estimated_junk_share(ctx, v.findings, v.words, {**only, "medium": 1.0})
    found = estimates_of(ctx, v.findings, v.words)
    return high, medium, found.junk_model, found.lost_prose, found.lost_model


# --- report -----------------------------------------------------------------------------------


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def verdict_table(outcomes: list[Outcome]) -> list[str]:
    rows = [
        "| corpus | input | part | pages | bad | bad that fail | good | good that fail "
        "| ok | warn | fail |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    groups: dict[tuple[str, str, str], list[Outcome]] = defaultdict(list)
    for o in outcomes:
        for group in summary_groups(o):
            groups[(*group, o.part)].append(o)
    for (dataset, kind, part), group in sorted(groups.items(), key=group_order):
        bad = [o for o in group if o.f1 < BAD_F1]
        good = [o for o in group if o.f1 >= GOOD_F1]
        status = Counter(o.status for o in group)
        rows.append(
            f"| {dataset} | {kind} | {part} | {len(group)} | {len(bad)} | "
            f"{pct(sum(o.status == 'fail' for o in bad), len(bad))} | {len(good)} | "
            f"{pct(sum(o.status == 'fail' for o in good), len(good))} | "
            f"{status['ok']} | {status['warn']} | {status['fail']} |"
        )
    return rows


FULL_GOLD = "big9 + wcxb-dev"
"""The corpora with full gold text, on which the validator's constants were fitted."""


def summary_groups(o: Outcome) -> list[tuple[str, str]]:
    """The (corpus, input) rows a page counts in: its own, its corpus's, and the summaries."""
    groups = [(o.dataset, o.kind), (o.dataset, "all"), ("all", "all")]
    if o.dataset != "trafilatura-eval":
        groups.append((FULL_GOLD, "all"))
    if o.dataset == "wcxb-dev" and o.page_type == "article":
        groups.append(("wcxb-dev articles", "all"))
    return groups


def group_order(item: tuple[tuple[str, str, str], list]) -> tuple:
    dataset, kind, part = item[0]
    summary = dataset in ("all", FULL_GOLD, "wcxb-dev articles")
    return (summary, dataset == FULL_GOLD, dataset, kind == "all", kind, part != "tune")


def calibration_table(outcomes: list[Outcome], part: str) -> list[str]:
    rows = [
        f"calibration ({part}, {FULL_GOLD}): estimated junk share of kept words against "
        "the true share (1 - precision), mean per bin",
        "| estimated | pages | mean estimated | mean true | true > 0.1 |",
        "|---|---:|---:|---:|---:|",
    ]
    chosen = [o for o in outcomes if o.part == part and o.words and "trafilatura" not in o.dataset]
    for low, high in pairwise(CALIBRATION_BINS):
        inside = [o for o in chosen if low <= o.junk_share < high]
        if not inside:
            continue
        true = [1 - o.precision for o in inside]
        estimated = sum(o.junk_share for o in inside) / len(inside)
        rows.append(
            f"| {low:.2f}-{min(high, 1):.2f} | {len(inside)} | {estimated:.3f} | "
            f"{sum(true) / len(true):.3f} | {pct(sum(t > 0.1 for t in true), len(true))} |"
        )
    return rows


def full_gold(outcomes: list[Outcome], part: str) -> list[Outcome]:
    return [o for o in outcomes if o.part == part and o.dataset != "trafilatura-eval"]


def rate(chosen: list[Outcome], status: str = "fail") -> str:
    return pct(sum(o.status == status for o in chosen), len(chosen))


def mae(chosen: list[Outcome]) -> str:
    if not chosen:
        return "-"
    return f"{sum(abs(o.quality - o.f1) for o in chosen) / len(chosen):.3f}"


def body_failure(o: Outcome) -> bool:
    """A fail for an empty or stub body: the body itself is the evidence."""
    return o.words == 0 or any(code in BODY_FAILURE_CODES for code in o.codes)


def type_table(outcomes: list[Outcome], part: str, gold: bool = False) -> list[str]:
    """Per page type (the verdict's own, or wcxb-dev's gold type): the aims' rates and the
    mean absolute error of the predicted quality."""
    label = "gold page type (wcxb-dev)" if gold else "page type the verdict saw"
    rows = [
        f"per {label} ({part}, {FULL_GOLD}, HTML and dumps)",
        "| type | pages | good | good that fail | very bad (<0.7) | that fail | bad (<0.9) "
        "| that fail | MAE of quality | fails with no line shown |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    chosen = full_gold(outcomes, part)
    if gold:
        chosen = [o for o in chosen if o.dataset == "wcxb-dev"]
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in chosen:
        groups[o.page_type if gold else o.predicted_type or "unknown"].append(o)
        groups["all"].append(o)
    for name in sorted(groups, key=lambda n: (n == "all", n)):
        group = groups[name]
        good = [o for o in group if o.f1 >= GOOD_F1]
        very = [o for o in group if o.f1 < VERY_BAD_F1]
        bad = [o for o in group if o.f1 < BAD_F1]
        bare = sum(o.status == "fail" and not o.findings and not body_failure(o) for o in group)
        rows.append(
            f"| {name} | {len(group)} | {len(good)} | {rate(good)} | {len(very)} | {rate(very)} "
            f"| {len(bad)} | {rate(bad)} | {mae(group)} | {bare} |"
        )
    return rows


def binned(outcomes: list[Outcome], edges: tuple[float, ...], key: Callable[[Outcome], float]):
    """Each non-empty bin between consecutive ``edges``: (low, high, the outcomes whose
    ``key`` falls in [low, high))."""
    for low, high in pairwise(edges):
        inside = [o for o in outcomes if low <= key(o) < high]
        if inside:
            yield low, high, inside


def band_table(outcomes: list[Outcome], part: str) -> list[str]:
    """Per true-F1 band: how the verdict spreads, and the error of the predicted quality."""
    rows = [
        f"per true-F1 band ({part}, {FULL_GOLD})",
        "| true F1 | pages | ok | warn | fail | mean quality | mean true F1 | MAE |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    chosen = full_gold(outcomes, part)
    for low, high, band in binned(chosen, F1_BANDS, lambda o: o.f1):
        mean_q = sum(o.quality for o in band) / len(band)
        mean_f1 = sum(o.f1 for o in band) / len(band)
        rows.append(
            f"| {low:.2f}-{min(high, 1):.2f} | {len(band)} | {rate(band, 'ok')} | "
            f"{rate(band, 'warn')} | {rate(band)} | {mean_q:.3f} | {mean_f1:.3f} | {mae(band)} |"
        )
    return rows


def quality_calibration_table(outcomes: list[Outcome], part: str) -> list[str]:
    """Predicted quality against the true F1, per bin of the prediction."""
    rows = [
        f"calibration of quality ({part}, {FULL_GOLD}): predicted against true word F1",
        "| predicted | pages | mean predicted | mean true F1 | true < 0.9 |",
        "|---|---:|---:|---:|---:|",
    ]
    chosen = full_gold(outcomes, part)
    for low, high, inside in binned(chosen, QUALITY_BINS, lambda o: o.quality):
        rows.append(
            f"| {low:.2f}-{min(high, 1):.2f} | {len(inside)} | "
            f"{sum(o.quality for o in inside) / len(inside):.3f} | "
            f"{sum(o.f1 for o in inside) / len(inside):.3f} | "
            f"{pct(sum(o.f1 < BAD_F1 for o in inside), len(inside))} |"
        )
    return rows


def misses(outcomes: list[Outcome], count: int) -> list[str]:
    """The worst bad pages that pass and the good pages that fail, for looking at."""
    bad = sorted((o for o in outcomes if o.f1 < BAD_F1 and o.status != "fail"), key=lambda o: o.f1)
    good = [o for o in outcomes if o.f1 >= GOOD_F1 and o.status == "fail"]
    out = [f"bad pages not failed ({len(bad)}):"]
    out += [miss_line(o) for o in bad[:count]]
    out.append(f"good pages failed ({len(good)}):")
    out += [miss_line(o) for o in good[:count]]
    reasons = Counter(o.reason.split(":")[0][:40] for o in good)
    out.append(f"why good pages fail: {dict(reasons.most_common(8))}")
    return out


def miss_line(o: Outcome) -> str:
    lost = "-" if o.lost_share is None else f"{o.lost_share:.2f}"
    return (
        f"  {o.dataset}/{o.kind} {o.name} [{o.part}] F1 {o.f1:.2f} (P {o.precision:.2f} "
        f"R {o.recall:.2f}) {o.status} junk {o.junk_share:.2f} lost {lost} {o.words}w "
        f"{o.path} {o.reason[:60]!r} {o.codes}"
    )


# --- the run ----------------------------------------------------------------------------------


def tasks(args: argparse.Namespace) -> Iterator[Task]:
    """A task for every page asked for, streamed, after the corpus's counting pass."""
    for corpus in args.dataset or CORPORA:
        if not (DATA / corpus).is_dir():
            print(f"skipped {corpus}: not in {DATA}")
            continue
        kinds = args.kind or KINDS
        learned = {} if args.site_templates == "off" else site_templates(corpus, args.limit, kinds)
        for page in LOADERS[corpus](args.limit, keep_html=True):
            if args.part and page.part != args.part:
                continue
            for kind in kinds:
                test = learned.get(kind, {}).get(page.site)
                yield page, kind, not args.no_cache, test, args.site_templates == "remove"


def site_templates(
    corpus: str, limit: int | None, kinds: list[str] | tuple[str, ...]
) -> dict[str, dict[str, TemplateTest]]:
    """Per input kind, the template lines of each site of ``corpus`` as a batch run's counting
    pass learns them from all of the corpus's pages of the site (both parts: a batch sees what
    it is given), in corpus order. Sites with fewer than TEMPLATE_MIN_PAGES pages are skipped:
    no line can be template there."""
    sizes = Counter(page.site for page in LOADERS[corpus](limit))
    memory = {kind: TemplateMemory() for kind in kinds}
    for page in LOADERS[corpus](limit, keep_html=True):
        if sizes[page.site] < TEMPLATE_MIN_PAGES:
            continue
        for kind in kinds:
            raw, _ = page_input(page, kind)
            doc = Document(raw=raw, kind="html" if kind == "html" else "text")
            memory[kind].observe(page.site, page_text_lines(doc))
    learned = {}
    for kind, counted in memory.items():
        frozen = counted.frozen()
        learned[kind] = {site: test for site in frozen.lines if (test := frozen.for_site(site))}
    return learned


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="first N pages of each corpus")
    parser.add_argument("--dataset", choices=CORPORA, action="append")
    parser.add_argument("--kind", choices=KINDS, action="append")
    parser.add_argument("--part", choices=("tune", "held"))
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--misses", type=int, default=0, help="list N misses of each kind")
    parser.add_argument("--no-cache", action="store_true")
    parser.add_argument("--save", type=Path, help="write every page's outcome as JSONL")
    parser.add_argument("--site-templates", choices=("remove", "flag", "off"),
                        default="remove",
                        help="remove the site's template lines before judging, as a batch run "
                        "does (default); keep and flag them; or judge each page alone")  # fmt: skip
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: no development data at {DATA}")
        return 0
    if args.workers > 1:
        with Pool(args.workers) as pool:
            outcomes = list(pool.imap(measure, tasks(args), chunksize=4))
    else:
        outcomes = [measure(task) for task in tasks(args)]
    if args.save:
        args.save.write_text("".join(json.dumps(asdict(o)) + "\n" for o in outcomes))
    print("\n".join(verdict_table(outcomes)))
    for part in ("tune", "held"):
        for table in (type_table(outcomes, part), type_table(outcomes, part, gold=True),
                      band_table(outcomes, part), quality_calibration_table(outcomes, part),
                      calibration_table(outcomes, part)):  # fmt: skip
            print()
            print("\n".join(table))
    repaired = Counter(o.path for o in outcomes)
    print(f"\npaths: {dict(repaired)}")
    if args.misses:
        print("\n".join(misses(outcomes, args.misses)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
