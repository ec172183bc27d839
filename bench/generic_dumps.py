"""Bench the generic pass on crude text dumps of pages from sites nobody wrote rules for.

Each development page (``bench/pages.py``) is turned into "all page text, as a crude crawler
writes it": one line per block element, no extractor. The same dumps are then cleaned by the
cleaner's text path (no URL, so site rules match only by signature), by the cleaner with the
generic rule files only (the main figure), by a C4-style line filter, and left as they are;
trafilatura on the page's HTML runs in the same run as a reference (it sees the markup the
dumps have lost). Every corpus is reported split by site (``bench/splits.py``) into the sites
the line model and the thresholds were tuned on and the sites held apart.

The "site batch" row cleans the same dumps as one batch per corpus that removes site templates
(``--site-templates remove``): a counting pass over every page first, each page's site its
split site, so lines recurring on many pages of a site are template to the region finder. The
"F1 before" column is the main row's F1 as ``--record-before`` last recorded it
(``generic_dumps_before.json``), to show a change's effect beside the figures it changed.

    python bench/generic_dumps.py                      # every corpus, both parts
    python bench/generic_dumps.py --limit 50           # first 50 pages of each corpus
    python bench/generic_dumps.py --part held --corpus wcxb-dev --types
    python bench/generic_dumps.py --worst 10           # also list the 10 worst pages (cleaner)
                                                       # with what each lost: P and R, or
                                                       # trafilatura-eval's snippets missed/kept
    python bench/generic_dumps.py --no-trafilatura     # skip the reference row
    python bench/generic_dumps.py --no-site-batch      # skip the per-site batch row
    python bench/generic_dumps.py --record-before "before the change X"   # keep F1 as "before"
    python bench/generic_dumps.py --part tune --tune-half 1 --weights half0.json
                                                       # cross-fitted choice of settings

Scoring: big9 by bag-of-words precision/recall/F1 against the gold text (headline included:
the cleaner's title + body), averaged over pages; wcxb-dev as its README says, word-level F1
per page (lower-cased ``\\w+`` tokens, multiset overlap) of the body against ``main_content``,
averaged over pages, articles and all page types separately (WCXB: Murrough Foley, 2026,
CC-BY-4.0); trafilatura-eval by its snippets (a ``with`` snippet found is a true positive,
missing a false negative; a ``without`` snippet found a false positive), pooled over pages as
trafilatura's own evaluation does. Set ``CLEANER_BENCH_CACHE`` to a folder to keep the dumps
and trafilatura's outputs between runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import regex

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pages import CORPORA, DATA, Page, corpus_pages  # noqa: E402
from pages import crude_dump as crude_dump  # noqa: E402  (bench/mutations.py imports it here)
from splits import tune_half  # noqa: E402

import cleaner  # noqa: E402
from cleaner.batch.templates import TemplateMemory  # noqa: E402
from cleaner.pipeline import clean_document, make_document  # noqa: E402
from cleaner.rulebook.load import Rulebook  # noqa: E402

TOKEN = regex.compile(r"[\p{L}\p{N}]+")
APOSTROPHES = regex.compile(r"['’‘`´]")
WCXB_TOKEN = regex.compile(r"\w+")
C4_MIN_WORDS = 5
C4_TERMINAL = regex.compile(r"[.!?][\"'”’)\]]*$")
MAIN_METHOD = "cleaner (generic rules)"
BATCH_METHOD = "cleaner (generic rules, site batch)"
EXTRACTOR_ROW = "(reference) trafilatura on the HTML"
BEFORE_FILE = ROOT / "bench" / "generic_dumps_before.json"
"""The main row's F1 before the latest change to the generic pass (``--record-before``), shown
beside the current figures."""


# --- what is scored --------------------------------------------------------------------------


@dataclass(slots=True)
class Output:
    text: str
    """What snippet and WCXB scoring see: the body."""
    with_title: str
    """What big9 scoring sees: the headline (where the method finds one) and the body."""


def cleaner_method(rulebook: Rulebook) -> Callable[[Page], Output]:
    def run(page: Page) -> Output:
        doc = cleaner.clean(page.dump, kind="text", rulebook=rulebook, validate=False)
        head = f"{doc.title}\n" if doc.title else ""
        return Output(doc.text, head + doc.text)

    return run


def site_batch_method(rulebook: Rulebook, pages: list[Page]) -> Callable[[Page], Output]:
    """The generic rules in a batch of the corpus's pages that removes site templates
    (``--site-templates remove``): the batch's counting pass (``cleaner.batch.templates``)
    over every page in order, each page's site its split site (big9: its folder), then each
    page cleaned with its site's template lines."""
    memory = TemplateMemory()
    for page in pages:
        memory.observe(page.site, page.dump.splitlines())
    templates = memory.frozen()

    def run(page: Page) -> Output:
        doc = make_document(page.dump, kind="text")
        test = templates.for_site(page.site)
        doc = clean_document(doc, rulebook, False, test, remove_template=test is not None)
        head = f"{doc.title}\n" if doc.title else ""
        return Output(doc.text, head + doc.text)

    return run


def c4_filter(page: Page) -> Output:
    """C4's line rule: keep lines that end in terminal punctuation and have 5+ words."""
    kept = [
        line
        for line in page.dump.splitlines()
        if len(line.split()) >= C4_MIN_WORDS and C4_TERMINAL.search(line.rstrip())
    ]
    text = "\n".join(kept)
    return Output(text, text)


def baseline(page: Page) -> Output:
    return Output(page.dump, page.dump)


def trafilatura_on_html(page: Page) -> Output:
    """What an extractor that sees the markup reaches: context for the dump methods' figures.
    Cached (body, then the title on the last line) when ``CLEANER_BENCH_CACHE`` is set."""
    cache = os.environ.get("CLEANER_BENCH_CACHE")
    key = hashlib.sha256(f"{page.corpus}:{page.name}:{len(page.html)}".encode()).hexdigest()
    cached = Path(cache) / "trafilatura" / f"{key[:32]}.txt" if cache else None
    if cached is not None and cached.exists():
        text, _, title = cached.read_text(encoding="utf-8").rpartition("\n")
    else:
        import trafilatura

        text = trafilatura.extract(page.html, output_format="txt", include_comments=False) or ""
        metadata = trafilatura.extract_metadata(page.html) if text else None
        title = (metadata.title or "") if metadata is not None else ""
        title = " ".join(title.split())
        if cached is not None:
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(f"{text}\n{title}", encoding="utf-8")
    return Output(text, f"{title}\n{text}" if title else text)


def generic_rulebook() -> Rulebook:
    """The bundled rule files that are not about one site."""
    return Rulebook([f for f in cleaner.default_rulebook().files if f.generic])


def methods(with_extractor: bool) -> dict[str, Callable[[Page], Output]]:
    full = cleaner.default_rulebook()
    runners = {
        MAIN_METHOD: cleaner_method(generic_rulebook()),
        "cleaner (all rules, no url)": cleaner_method(full),
        "C4 line filter": c4_filter,
        "dump unfiltered": baseline,
    }
    if with_extractor:
        runners[EXTRACTOR_ROW] = trafilatura_on_html
    return runners


# --- scoring ---------------------------------------------------------------------------------


def tokens(text: str) -> Counter[str]:
    """Word tokens, casefolded; apostrophes dropped, as the big9 gold text drops them."""
    return Counter(t.casefold() for t in TOKEN.findall(APOSTROPHES.sub("", text)))


def wcxb_tokens(text: str) -> Counter[str]:
    """Word tokens as the WCXB scorer counts them: lower-cased ``\\w+``."""
    return Counter(WCXB_TOKEN.findall(text.lower()))


def bag_prf(got: Counter[str], want: Counter[str]) -> tuple[float, float, float]:
    overlap = sum((got & want).values())
    precision = overlap / sum(got.values()) if got else 0.0
    recall = overlap / sum(want.values()) if want else 0.0
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1


def squash(text: str) -> str:
    return " ".join(text.split())


def snippet_counts(found: str, page: Page) -> tuple[int, int, int]:
    """(true positives, false negatives, false positives), whitespace-insensitive."""
    text = squash(found)
    tp = sum(1 for s in page.with_snippets if squash(s) in text)
    fp = sum(1 for s in page.without_snippets if squash(s) in text)
    return tp, len(page.with_snippets) - tp, fp


def snippet_losses(found: str, page: Page) -> str:
    """The snippets of ``page`` the output ``found`` misses and the unwanted ones it keeps."""
    text = squash(found)
    missed = [s for s in page.with_snippets if squash(s) not in text]
    unwanted = [s for s in page.without_snippets if squash(s) in text]
    return "; ".join(
        [*(f"missed {s[:60]!r}" for s in missed), *(f"kept {s[:60]!r}" for s in unwanted)]
    )


def prf(tp: int, fn: int, fp: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Tally:
    pooled: bool
    seconds: float = 0.0
    pages: int = 0
    sums: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])
    per_page: list[tuple[float, str]] = field(default_factory=list)
    losses: dict[str, str] = field(default_factory=dict)
    """What each page lost, for ``--worst``: precision and recall, or the snippets missed
    and the unwanted ones kept."""

    def add(self, page: Page, out: Output, seconds: float) -> None:
        self.seconds += seconds
        self.pages += 1
        if self.pooled:
            counts = snippet_counts(out.text, page)
            self.counts = [a + b for a, b in zip(self.counts, counts, strict=True)]
            self.per_page.append((prf(*counts)[2], page.name))
            self.losses[page.name] = snippet_losses(out.text, page)
            return
        if page.corpus == "big9":
            scores = bag_prf(tokens(out.with_title), tokens(f"{page.headline}\n{page.gold}"))
        else:
            scores = bag_prf(wcxb_tokens(out.text), wcxb_tokens(page.gold or ""))
        self.sums = [a + b for a, b in zip(self.sums, scores, strict=True)]
        self.per_page.append((scores[2], page.name))
        self.losses[page.name] = f"P {scores[0]:.3f} R {scores[1]:.3f}"

    def scores(self) -> tuple[float, float, float]:
        if self.pooled:
            return prf(*self.counts)
        return tuple(s / self.pages for s in self.sums) if self.pages else (0.0, 0.0, 0.0)


def groups_of(page: Page, types: bool) -> list[str]:
    """The table rows a page counts in: its corpus (wcxb-dev: all types, articles, its type)."""
    if page.corpus != "wcxb-dev":
        return [page.corpus]
    names = ["wcxb-dev all types"]
    if page.page_type == "article":
        names.append("wcxb-dev articles")
    elif types:
        names.append(f"wcxb-dev {page.page_type}")
    return names


def run_corpus(
    pages: list[Page], runners: dict[str, Callable[[Page], Output]], types: bool
) -> dict[tuple[str, str, str], Tally]:
    """Tallies keyed by (row group, part, method)."""
    tallies: dict[tuple[str, str, str], Tally] = {}
    for page in pages:
        for name, run in runners.items():
            started = time.perf_counter()
            out = run(page)
            seconds = time.perf_counter() - started
            for group in groups_of(page, types):
                key = (group, page.part, name)
                if key not in tallies:
                    tallies[key] = Tally(pooled=page.corpus == "trafilatura-eval")
                tallies[key].add(page, out, seconds)
    return tallies


def table(
    tallies: dict[tuple[str, str, str], Tally], order: list[str], before: dict[str, float]
) -> str:
    """The results, with the main row's F1 as recorded before (``BEFORE_FILE``) beside it."""
    lines = [
        "| corpus | part | method | pages | precision | recall | F1 | F1 before | pages/s |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    groups = list(dict.fromkeys(g for g, _, _ in tallies))
    for group in groups:
        for part in ("tune", "held"):
            for name in order:
                tally = tallies.get((group, part, name))
                if tally is None:
                    continue
                p, r, f = tally.scores()
                speed = tally.pages / tally.seconds if tally.seconds else float("inf")
                earlier = before.get(f"{group} | {part}") if name == MAIN_METHOD else None
                was = f"{earlier:.3f}" if earlier is not None else ""
                lines.append(
                    f"| {group} | {part} | {name} | {tally.pages} | {p:.3f} | {r:.3f} | {f:.3f} "
                    f"| {was} | {speed:,.0f} |"
                )
    return "\n".join(lines)


def recorded_before() -> dict[str, float]:
    """The main row's F1 per row group and part as ``--record-before`` last wrote it."""
    if not BEFORE_FILE.exists():
        return {}
    return json.loads(BEFORE_FILE.read_text(encoding="utf-8"))["f1"]


def record_before(tallies: dict[tuple[str, str, str], Tally], note: str) -> None:
    f1 = {
        f"{group} | {part}": round(tally.scores()[2], 4)
        for (group, part, name), tally in sorted(tallies.items())
        if name == MAIN_METHOD
    }
    text = json.dumps({"note": note, "f1": f1}, indent=1, sort_keys=True) + "\n"
    BEFORE_FILE.write_text(text, encoding="utf-8")


def use_weights(path: Path) -> None:
    """Clean with the line model weights in ``path`` instead of the shipped ones."""
    from cleaner import linemodel
    from cleaner.linemodel import Forest

    spec = json.loads(path.read_text(encoding="utf-8"))
    heads = {name: Forest(head) for name, head in spec["heads"].items()}
    linemodel.load_model.cache_clear()
    linemodel.load_model = lambda: (heads, spec["version"])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="pages per corpus (default: all)")
    parser.add_argument("--corpus", choices=CORPORA, action="append", help="default: all")
    parser.add_argument("--part", choices=("tune", "held"), help="only this side of the split")
    parser.add_argument("--types", action="store_true", help="a wcxb-dev row per page type")
    parser.add_argument(
        "--worst", type=int, default=0, help="list the N worst pages (cleaner) and their losses"
    )
    parser.add_argument(
        "--no-trafilatura", action="store_true", help="skip trafilatura on the HTML (reference)"
    )
    parser.add_argument(
        "--tune-half", type=int, choices=(0, 1), help="only this half of the tune sites"
    )
    parser.add_argument("--weights", type=Path, help="line model weights to use (a JSON file)")
    parser.add_argument(
        "--no-site-batch", action="store_true", help="skip the row of pages cleaned per site batch"
    )
    parser.add_argument(
        "--record-before",
        metavar="NOTE",
        help="write this run's main-row F1 as the 'before' figures (say which version in NOTE)",
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: no development data at {DATA}")
        return 0
    if args.weights:
        use_weights(args.weights)
    runners = methods(with_extractor=not args.no_trafilatura)
    tallies: dict[tuple[str, str, str], Tally] = {}
    for corpus in args.corpus or CORPORA:
        pages = corpus_pages(corpus, args.limit, keep_html=not args.no_trafilatura)
        if not pages:
            print(f"skipped {corpus}: not in {DATA}")
            continue
        pages = [p for p in pages if args.part is None or p.part == args.part]
        if args.tune_half is not None:
            pages = [p for p in pages if p.part == "tune" and tune_half(p.site) == args.tune_half]
        corpus_runners = runners
        if not args.no_site_batch:
            rows = list(runners.items())
            rows.insert(1, (BATCH_METHOD, site_batch_method(generic_rulebook(), pages)))
            corpus_runners = dict(rows)
        tallies.update(run_corpus(pages, corpus_runners, args.types))
    if args.worst:
        for (group, part, name), tally in tallies.items():
            if name == MAIN_METHOD and tally.per_page and group != "wcxb-dev articles":
                worst = sorted(tally.per_page)[: args.worst]
                print(f"worst {group} ({part}):")
                print("\n".join(f"  {f1:.3f} {page}: {tally.losses[page]}" for f1, page in worst))
    order = [MAIN_METHOD, BATCH_METHOD, *list(runners)[1:]]
    print(table(tallies, order, recorded_before()))
    if args.record_before:
        record_before(tallies, args.record_before)
    return 0


if __name__ == "__main__":
    sys.exit(main())
