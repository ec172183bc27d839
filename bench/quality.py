"""Quality and speed of the HTML path against trafilatura alone, on the shared evaluation data.

    python bench/quality.py [--corpus big9,eval,wcxb] [--limit N] [--workers N]
                            [--cache DIR] [--sites bbc,cnn] [--stages] [--details]
                            [--part tune|held] [--types]

Every corpus is split by site (``bench/splits.py``) into the part rules and settings were tuned
on and the part held apart, and each part is reported on its own; trafilatura alone runs on the
same pages in the same run.

- big9: the cleaner with site rules, with generic rules only, and trafilatura alone; title +
  body against the gold (which holds the headline), word-level precision/recall/F1 per page.
- trafilatura-eval: the cleaner (no site rule applies) and trafilatura alone, scored as
  trafilatura's own evaluation does (``with`` snippets found are true positives, missing ones
  false negatives, ``without`` snippets found false positives; micro-averaged).
- wcxb-dev (WCXB, Murrough Foley, 2026, CC-BY-4.0): the cleaner without site rules and
  trafilatura alone; body against ``main_content``, word-level F1 per page (lower-cased ``\\w+``
  tokens, multiset overlap) averaged over pages, for articles, all pages and each page type
  (wcxb-dev's gold ``page_type``), beside rs-trafilatura's published figure for the type.
  ``--stages`` adds the cleaner's extracted text before the text stage (rules and generic
  steps), to see which stage loses what; ``--details`` gives, per part and page type, the F1
  lost a page split into junk kept (1 - P) and story lost (1 - R), where the junk stands
  (before, inside or after the story's lines) and the pages that lose most. ``--types`` gives,
  per part, how the cleaner typed each gold page type (``cleaner.html.page_type``): pages and
  mean F1 of every (gold, typed) pair, so a typing confusion's cost can be weighed.

Word-level scores: precision, recall and F1 of the multiset of lower-cased ``\\w+`` tokens.
Every tool runs over the same process pool, one after the other; pages/CPU-s is the pages one
core extracts per CPU-second. ``--cache DIR`` keeps trafilatura's outputs (and the CPU time they
took) per page, keyed by the page's hash and trafilatura's version, so reruns only time the
cleaner. Pages come from the development data (bench/README.md says what it is and where it
goes); missing data is skipped.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import hashlib
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing import Pool
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.splits import part_of, site_of

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
SITE_URLS = {
    "arstechnica": "https://arstechnica.com/",
    "bbc": "https://www.bbc.co.uk/",
    "cnn": "https://www.cnn.com/",
    "forbes": "https://www.forbes.com/",
    "foxnews": "https://www.foxnews.com/",
    "latimes": "https://www.latimes.com/",
    "nymag": "https://nymag.com/",
    "nypost": "https://nypost.com/",
    "yahoo": "https://www.yahoo.com/",
}
TOKEN = regex.compile(r"\w+")
PARTS = ("tune", "held")
TOOL_NAMES = {
    "site": "cleaner+site rules",
    "generic": "cleaner, no site",
    "extract": "cleaner extraction",
    "trafilatura": "trafilatura alone",
}

PUBLISHED_WCXB = {
    "all types": 0.859, "article": 0.932, "collection": 0.716, "documentation": 0.932,
    "forum": 0.808, "listing": 0.707, "product": 0.641, "service": 0.844,
}  # fmt: skip
"""rs-trafilatura's published word F1 on the whole wcxb-dev split, per page type (its authors'
figures, not run here: shown beside each part's rows for reference)."""

_RULEBOOKS: dict = {}


@dataclass
class Page:
    """One page of a corpus: its bytes, where it is from, and what it is scored against."""

    name: str
    data: bytes
    url: str | None
    site: str
    gold: str = ""
    snippets: dict = field(default_factory=dict)
    page_type: str = "article"

    @property
    def part(self) -> str:
        return part_of(self.site)


# --- running the tools ----------------------------------------------------------------------


def init_worker() -> None:
    """Load both rulebooks once per worker, before any page is timed."""
    from cleaner.pipeline import default_rulebook
    from cleaner.rulebook.load import Rulebook

    full = default_rulebook()
    _RULEBOOKS["site"] = full
    _RULEBOOKS["generic"] = Rulebook(list(full.generic))
    for tool in ("site", "trafilatura"):  # warm caches (regexes, date parsers) for both tools
        run_task((tool, WARM_UP_PAGE, "https://example.com/a", True))


WARM_UP_PAGE = (
    b"<html><head><title>Warm up</title></head><body><article><h1>Warm up</h1>"
    b"<p>Published on 3 March 2017 by A. Writer.</p>"
    + b"<p>This paragraph is only here so that both tools load and compile what they need.</p>" * 5
    + b"</article></body></html>"
)


def cp1252_fallback(error: UnicodeDecodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejects as cp1252 (pages mixing the two are common)."""
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace"), error.end


codecs.register_error("cp1252_fallback", cp1252_fallback)


def decode_big9(data: bytes) -> str:
    """UTF-8, falling back to cp1252 for the bytes that are not UTF-8 (as data/README says)."""
    return data.decode("utf-8", errors="cp1252_fallback")


def run_cleaner(tool: str, data: bytes, url: str | None, big9: bool) -> tuple[str, str, str]:
    """The cleaner's (title, body, page type) for one page; ``extract`` stops before the text
    stage."""
    from cleaner.html.decode import decode_html
    from cleaner.html.extract import extract
    from cleaner.html.parse import PageError
    from cleaner.pipeline import clean, make_document

    html = decode_big9(data) if big9 else decode_html(data)
    rulebook = _RULEBOOKS["site" if tool == "site" else "generic"]
    try:
        if tool == "extract":
            doc = make_document(html, url, "html")
            return "", extract(doc, rulebook), doc.page_type
        doc = clean(html, url=url, kind="html", rulebook=rulebook)
    except PageError:
        return "", "", ""
    return doc.title or "", doc.text, doc.page_type


def run_trafilatura(data: bytes, url: str | None, big9: bool) -> tuple[str, str, str]:
    """trafilatura's (title, body, no page type): its metadata title only where the gold
    holds one."""
    import trafilatura

    if not big9:
        return "", trafilatura.extract(data, url=url, include_comments=False) or "", ""
    result = trafilatura.bare_extraction(
        decode_big9(data), url=url, include_comments=False, with_metadata=True
    )
    if result is None:
        return "", "", ""
    return result.title or "", result.text or "", ""


def run_task(task: tuple) -> tuple[str, str, str]:
    tool, data, url, big9 = task
    if tool == "trafilatura":
        return run_trafilatura(data, url, big9)
    return run_cleaner(tool, data, url if tool == "site" else None, big9)


def run_timed(task: tuple) -> tuple[tuple[str, str, str], float]:
    """A task's output and the CPU seconds its worker spent on it."""
    start = time.process_time()
    output = run_task(task)
    return output, time.process_time() - start


class TrafilaturaCache:
    """trafilatura's outputs and CPU seconds per page, by page hash and trafilatura version."""

    def __init__(self, root: Path | None) -> None:
        import trafilatura

        self.root = root / f"trafilatura-{trafilatura.__version__}" if root else None

    def path(self, data: bytes, big9: bool) -> Path | None:
        if self.root is None:
            return None
        digest = hashlib.sha256(data).hexdigest()
        return self.root / f"{digest}{'-big9' if big9 else ''}.json"

    def get(self, data: bytes, big9: bool) -> tuple[tuple[str, str, str], float] | None:
        path = self.path(data, big9)
        if path is None or not path.exists():
            return None
        stored = json.loads(path.read_text("utf-8"))
        return (stored["title"], stored["text"], ""), stored["cpu"]

    def put(self, data: bytes, big9: bool, result: tuple[tuple[str, str, str], float]) -> None:
        path = self.path(data, big9)
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        (title, text, _), cpu = result
        record = {"title": title, "text": text, "cpu": cpu}
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(record), "utf-8")
        temporary.replace(path)


@dataclass
class Run:
    """One tool's outputs over a corpus, (title, body, page type) a page, with the CPU seconds
    each page took (the page type is the cleaner's; trafilatura gives none)."""

    outputs: list[tuple[str, str, str]]
    cpu: list[float]
    wall: float


def run_tool(pool, cache: TrafilaturaCache, tool: str, pages: list[Page], big9: bool) -> Run:
    """Run one tool over every page (trafilatura from the cache where it has the page)."""
    cached = [cache.get(p.data, big9) if tool == "trafilatura" else None for p in pages]
    todo = [i for i, c in enumerate(cached) if c is None]
    tasks = [(tool, pages[i].data, pages[i].url, big9) for i in todo]
    start = time.perf_counter()
    fresh = pool.map(run_timed, tasks, chunksize=4)
    wall = time.perf_counter() - start
    for i, result in zip(todo, fresh, strict=True):
        cached[i] = result
        if tool == "trafilatura":
            cache.put(pages[i].data, big9, result)
    return Run([c[0] for c in cached], [c[1] for c in cached], wall)


# --- scoring --------------------------------------------------------------------------------


def bag_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Word-level precision, recall and F1 of one page (lower-cased ``\\w+`` multisets)."""
    pred = Counter(TOKEN.findall(predicted.lower()))
    want = Counter(TOKEN.findall(gold.lower()))
    overlap = sum((pred & want).values())
    p = overlap / sum(pred.values()) if pred else 0.0
    r = overlap / sum(want.values()) if want else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def joined(output: tuple[str, str, str]) -> str:
    """Title and body (the page type is no text)."""
    return "\n".join(part for part in output[:2] if part)


def snippet_counts(text: str, snippets: dict) -> tuple[int, int, int]:
    tp = sum(1 for s in snippets["with"] if s in text)
    fn = len(snippets["with"]) - tp
    fp = sum(1 for s in snippets["without"] if s in text)
    return tp, fn, fp


def snippet_prf(texts: list[str], pages: list[Page]) -> tuple[float, float, float]:
    """Micro-averaged snippet precision, recall and F1 over pages."""
    counts = [snippet_counts(t, p.snippets) for t, p in zip(texts, pages, strict=True)]
    tp, fn, fp = (sum(c[k] for c in counts) for k in range(3))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def speed(run: Run, indices: list[int]) -> str:
    cpu = sum(run.cpu[i] for i in indices)
    return f"{len(indices) / cpu:8.1f}" if cpu else f"{'-':>8}"


HEADER = (
    f"{'part':<5} {'group':<14} {'tool':<19} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} "
    f"{'p/CPU-s':>8}"
)


def print_word_rows(
    label: str,
    groups: dict[str, list[int]],
    runs: dict[str, Run],
    pages: list[Page],
    title: bool,
    published: dict[str, float] | None = None,
) -> None:
    """Mean word-level P/R/F1 of every tool for each group of pages (by index), and the
    ``published`` F1 of a group where one is known."""
    for group, indices in groups.items():
        if not indices:
            continue
        for tool, run in runs.items():
            scores = [
                bag_prf(joined(run.outputs[i]) if title else run.outputs[i][1], pages[i].gold)
                for i in indices
            ]
            row = [mean([s[k] for s in scores]) for k in range(3)]
            print(f"{label:<5} {group:<14} {TOOL_NAMES[tool]:<19} {len(indices):>5} "
                  f"{row[0]:6.3f} {row[1]:6.3f} {row[2]:6.3f} {speed(run, indices)}")  # fmt: skip
        if published and group in published:
            print(f"{label:<5} {group:<14} {'rs-traf. published':<19} {'dev':>5} {'':>6} {'':>6} "
                  f"{published[group]:6.3f}")  # fmt: skip


def by_part(pages: list[Page]) -> dict[str, list[int]]:
    return {part: [i for i, p in enumerate(pages) if p.part == part] for part in PARTS}


STORY_LINE_SHARE = 0.6
"""An output line is story when this share of its words are words of the gold; the rest of the
output's lines are the junk kept (``junk_places``)."""


def junk_places(output: str, gold: str) -> tuple[int, int, int]:
    """Words of the output's junk lines before its first story line, between story lines and
    after its last (``STORY_LINE_SHARE``): what a page keeps beside its story, and where. An
    output with no story line (an empty gold, a wrong part of the page) is all "between"."""
    wanted = set(TOKEN.findall(gold.lower()))
    lines = [words for line in output.splitlines() if (words := TOKEN.findall(line.lower()))]
    story = [sum(w in wanted for w in words) >= STORY_LINE_SHARE * len(words) for words in lines]
    if not any(story):
        return 0, sum(map(len, lines)), 0
    first, last = story.index(True), len(story) - 1 - story[::-1].index(True)
    junk = [len(words) * (not kept) for words, kept in zip(lines, story, strict=True)]
    return sum(junk[:first]), sum(junk[first : last + 1]), sum(junk[last + 1 :])


def print_worst(pages: list[Page], run: Run, indices: list[int], count: int = 5) -> None:
    """Per page type, the F1 lost a page, split into junk kept (1 - P) and story lost
    (1 - R), where the junk stands (before, inside, after the story), and the pages that
    lose most."""
    kinds = sorted({pages[i].page_type for i in indices})
    for kind in kinds:
        group = [i for i in indices if pages[i].page_type == kind]
        scores = {i: bag_prf(run.outputs[i][1], pages[i].gold) for i in group}
        places = {i: junk_places(run.outputs[i][1], pages[i].gold) for i in group}
        total = [sum(places[i][k] for i in group) for k in range(3)]
        shares = " / ".join(f"{100 * t / (sum(total) or 1):.0f}%" for t in total)
        print(f"  {kind}: F1 lost {mean([1 - s[2] for s in scores.values()]):.3f} a page; junk "
              f"kept (1-P) {mean([1 - s[0] for s in scores.values()]):.3f}, story lost (1-R) "
              f"{mean([1 - s[1] for s in scores.values()]):.3f}; junk words before / inside / "
              f"after the story {shares}")  # fmt: skip
        for i in sorted(group, key=lambda i: scores[i][2])[:count]:
            p, r, f = scores[i]
            print(f"    {pages[i].name}: P={p:.3f} R={r:.3f} F1={f:.3f}, junk words "
                  f"{'/'.join(map(str, places[i]))}")  # fmt: skip


def print_typing(pages: list[Page], run: Run, indices: list[int]) -> None:
    """How the cleaner typed each gold page type: pages and mean F1 of every (gold, typed)
    pair, the pages typed otherwise first."""
    pairs: dict[tuple[str, str], list[float]] = {}
    for i in indices:
        pairs.setdefault((pages[i].page_type, run.outputs[i][2]), []).append(
            bag_prf(run.outputs[i][1], pages[i].gold)[2]
        )
    print(f"  {'gold type':<14} {'typed as':<14} {'pages':>5} {'F1':>6}")
    for (gold, typed), scores in sorted(
        pairs.items(), key=lambda kv: (kv[0][0] == kv[0][1], kv[0])
    ):
        print(f"  {gold:<14} {typed:<14} {len(scores):>5} {mean(scores):6.3f}")


# --- corpora --------------------------------------------------------------------------------


def limited(pages: list[Page], limit: int | None) -> list[Page]:
    """At most ``limit`` pages, taken evenly across the corpus so both parts stay present."""
    if not limit or limit >= len(pages):
        return pages
    step = len(pages) / limit
    return [pages[int(k * step)] for k in range(limit)]


def big9_pages(sites: list[str] | None) -> list[Page]:
    pages = []
    for site_dir in sorted(p for p in (DATA / "big9").iterdir() if p.is_dir()):
        if sites and site_dir.name not in sites:
            continue
        for html in sorted(site_dir.glob("*.html.gz")):
            gold = html.with_name(html.name.replace(".html.gz", ".gold.txt"))
            if gold.exists():
                data = gzip.decompress(html.read_bytes())
                text = decode_big9(gold.read_bytes())
                url = SITE_URLS.get(site_dir.name)
                pages.append(Page(f"{site_dir.name}/{html.name}", data, url, site_dir.name, text))
    return pages


def bench_big9(pool, cache: TrafilaturaCache, args) -> None:
    if not (DATA / "big9").is_dir():
        print("big9: skipped (data not found)")
        return
    pages = limited(big9_pages(args.sites.split(",") if args.sites else None), args.limit)
    print(f"\nbig9: {len(pages)} pages, title + body vs gold, word-level P/R/F1, mean over pages")
    print(HEADER)
    tools = ("site", "generic", "trafilatura")
    runs = {tool: run_tool(pool, cache, tool, pages, True) for tool in tools}
    parts = by_part(pages)
    for part, indices in parts.items():
        sites = sorted({pages[i].site for i in indices})
        groups = {site: [i for i in indices if pages[i].site == site] for site in sites}
        print_word_rows(part, groups | {"all": indices}, runs, pages, title=True)


def eval_pages() -> list[Page]:
    root = DATA / "trafilatura-eval"
    index = json.loads((root / "evaldata.json").read_text("utf-8"))
    pages = []
    for url, item in index.items():
        for folder in ("eval", "cache"):
            path = root / folder / f"{item['file']}.gz"
            if path.exists():
                data = gzip.decompress(path.read_bytes())
                pages.append(Page(url, data, url, site_of(url, url), snippets=item))
                break
    return pages


def bench_eval(pool, cache: TrafilaturaCache, args) -> None:
    if not (DATA / "trafilatura-eval" / "evaldata.json").is_file():
        print("trafilatura-eval: skipped (data not found)")
        return
    pages = limited(eval_pages(), args.limit)
    print(f"\ntrafilatura-eval: {len(pages)} pages, body vs with/without snippets, micro-averaged")
    print(f"{'part':<5} {'tool':<19} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'p/CPU-s':>8}")
    runs = {tool: run_tool(pool, cache, tool, pages, False) for tool in ("generic", "trafilatura")}
    for part, indices in (by_part(pages) | {"all": list(range(len(pages)))}).items():
        for tool, run in runs.items():
            texts = [run.outputs[i][1] for i in indices]
            p, r, f = snippet_prf(texts, [pages[i] for i in indices])
            print(f"{part:<5} {TOOL_NAMES[tool]:<19} {len(indices):>5} {p:6.3f} {r:6.3f} "
                  f"{f:6.3f} {speed(run, indices)}")  # fmt: skip


def wcxb_pages() -> list[Page]:
    root = DATA / "wcxb-dev"
    pages = []
    with gzip.open(root / "ground-truth.jsonl.gz", "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            path = root / "html" / f"{record['id']}.html.gz"
            if path.exists():
                page = Page(
                    record["id"],
                    gzip.decompress(path.read_bytes()),
                    record["url"] or None,
                    site_of(record["url"], record["id"]),
                    gold=record["main_content"],
                    page_type=record["page_type"],
                )
                pages.append(page)
    return pages


def bench_wcxb(pool, cache: TrafilaturaCache, args) -> None:
    if not (DATA / "wcxb-dev" / "ground-truth.jsonl.gz").is_file():
        print("wcxb-dev: skipped (data not found)")
        return
    pages = limited([p for p in wcxb_pages() if p.part in args.parts], args.limit)
    print(f"\nwcxb-dev (WCXB, Murrough Foley, 2026, CC-BY-4.0): {len(pages)} pages, body vs "
          "main_content, word-level P/R/F1, mean over pages")  # fmt: skip
    print(HEADER)
    tools = ("generic", "extract", "trafilatura") if args.stages else ("generic", "trafilatura")
    runs = {tool: run_tool(pool, cache, tool, pages, False) for tool in tools}
    for part, indices in by_part(pages).items():
        kinds = sorted({pages[i].page_type for i in indices})
        groups = {"all types": indices, "not article": []}
        for kind in kinds:
            groups[kind] = [i for i in indices if pages[i].page_type == kind]
        groups["not article"] = [i for i in indices if pages[i].page_type != "article"]
        print_word_rows(part, groups, runs, pages, title=False, published=PUBLISHED_WCXB)
        if args.details:
            print_worst(pages, runs["generic"], indices)
        if args.types:
            print_typing(pages, runs["generic"], indices)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default="big9,eval,wcxb", help="comma-separated corpora")
    parser.add_argument("--limit", type=int, help="at most this many pages per corpus")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cache", type=Path, help="directory for trafilatura's outputs")
    parser.add_argument("--sites", help="comma-separated big9 sites (default: all)")
    parser.add_argument("--stages", action="store_true", help="wcxb: extraction before text stage")
    parser.add_argument("--details", action="store_true", help="wcxb: losses per type")
    parser.add_argument("--types", action="store_true", help="wcxb: typing per gold type")
    parser.add_argument("--part", choices=PARTS, help="wcxb: only this part (default: both)")
    args = parser.parse_args(argv)
    args.parts = (args.part,) if args.part else PARTS
    if not DATA.is_dir():
        print(f"no data at {DATA}: nothing to measure")
        return 0
    corpora = {"big9": bench_big9, "eval": bench_eval, "wcxb": bench_wcxb}
    cache = TrafilaturaCache(args.cache)
    print(f"{args.workers} worker processes, every tool over the same pool in turn; "
          "pages/CPU-s: pages one core extracts per CPU-second")  # fmt: skip
    with Pool(args.workers, initializer=init_worker) as pool:
        for name in args.corpus.split(","):
            corpora[name](pool, cache, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
