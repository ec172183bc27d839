"""Throughput: the text path (validator on and off) at 1 and 2 jobs, memory as the dump grows,
one big text file, the HTML path against trafilatura alone on the same pages, the rulebook at
10,000 site files (load time, cached load, per-document cost), and a C4-style line filter as a
peer row on the same documents.

Dumps are built in a temporary folder: text from the seed fixtures (each copy made unique, so
line caches see a realistic mix of repeated chrome and new prose), HTML from the pages of the
development data's trafilatura-eval set (bench/README.md; skipped when absent). Batch runs go
through the real CLI in a subprocess; RSS is sampled over the whole process tree (parent and
workers summed). The in-process rows time ``cleaner.clean`` and the C4 filter on the same unique
documents in this process, per CPU second (no startup, no JSONL), and ``cleaner.clean`` on the
HTML pages beside trafilatura alone.

    python bench/throughput.py [--docs 1000] [--jobs 1,2] [--file-mb 10] [--pages 100]
                               [--sites 10000]
    python bench/throughput.py --stages [--docs 1000]    # where the text path's time goes
    python bench/throughput.py --html-stages [--html-pages eval]   # and the HTML path's
    python bench/throughput.py --compare ../base [--docs 200] [--rounds 8] [--no-validate]
        # this checkout against another (say ``git worktree add ../base main``), in one process

The issue's figures are for ``--file-mb 50`` (a few minutes more).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import median
from types import ModuleType
from typing import IO

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIXTURES = ROOT / "fixtures"
SEEDS = ROOT.parent / "shared" / "seeds"
EVAL = ROOT.parent / "shared" / "data" / "trafilatura-eval"
SAMPLE_SECONDS = 0.05
MB = 1024 * 1024
SCALE_DOCS = 20
"""Documents timed against the 10-file and the big rulebook."""
DUMP_GROWTH = 3
"""The grown dump is this many times the first: enough for a leak to show in peak RSS."""
FILE_SMALL_SHARE = 0.25
"""The single text file is also cleaned at this share of its size, to show how time and
memory grow with it."""


@dataclass
class Run:
    """One batch run through the CLI."""

    label: str
    jobs: int
    docs: int
    megabytes: float
    seconds: float
    peak_rss: float
    cpu: float

    def docs_per_second(self, startup: Startup) -> float:
        return self.docs / max(self.seconds - startup.seconds, 1e-9)

    def docs_per_cpu_second(self, startup: Startup) -> float:
        return self.docs / max(self.cpu - startup.cpu, 1e-9)


@dataclass
class Startup:
    """Wall and CPU seconds of a one-record run: interpreter, imports, rulebook, pool."""

    seconds: float
    cpu: float


# --- dumps ------------------------------------------------------------------------------------


def seed_texts() -> list[str]:
    cases = sorted(p for p in FIXTURES.glob("*/*.txt") if ".expected" not in p.name)
    cases = cases or sorted(SEEDS.glob("*.txt"))
    return [p.read_text("utf-8") for p in cases]


def unique_copy(text: str, number: int) -> str:
    """The text with ``number`` inserted into every long line, so each copy's prose is new."""
    lines = []
    for line in text.splitlines():
        words = line.split(" ")
        if len(words) >= 8:
            at = 1 + number % (len(words) - 2)
            words.insert(at, str(number))
        lines.append(" ".join(words))
    return "\n".join(lines)


def write_text_dump(path: Path, texts: list[str], count: int, first: int = 0) -> float:
    """A JSONL dump of ``count`` unique seed copies (numbered from ``first``); returns the
    megabytes of text in it."""
    size = 0
    with open(path, "w", encoding="utf-8") as handle:
        for number in range(first, first + count):
            text = unique_copy(texts[number % len(texts)], number)
            size += len(text.encode("utf-8"))
            handle.write(json.dumps({"id": f"t{number}", "text": text}) + "\n")
    return size / MB


def eval_pages(limit: int) -> list[tuple[str, str]]:
    """Up to ``limit`` (url, html) pages of the trafilatura evaluation set, in its order."""
    index = json.loads((EVAL / "evaldata.json").read_text("utf-8"))
    pages = []
    for url, entry in index.items():
        for folder in ("eval", "cache"):
            path = EVAL / folder / (entry["file"] + ".gz")
            if path.exists():
                pages.append((url, decode(gzip.decompress(path.read_bytes()))))
                break
        if len(pages) >= limit:
            break
    return pages


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def write_html_dump(path: Path, pages: list[tuple[str, str]]) -> float:
    with open(path, "w", encoding="utf-8") as handle:
        for number, (url, html) in enumerate(pages):
            handle.write(json.dumps({"id": f"h{number}", "url": url, "html": html}) + "\n")
    return sum(len(html.encode("utf-8")) for _, html in pages) / MB


# --- runs -------------------------------------------------------------------------------------


def tree_rss(process: psutil.Process) -> int:
    total = 0
    for member in [process, *process.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += member.memory_info().rss
    return total


def children_cpu() -> float:
    """User + system seconds of every finished child process and its own children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_cli(dump: Path, jobs: int, *extra: str) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB, process tree) and CPU seconds of one batch run; an error
    record in its output fails the benchmark (a skipped record must not pass for a fast one)."""
    out = dump.with_name(dump.stem + f".out{jobs}.jsonl")
    argv = [sys.executable, "-m", "cleaner", "clean", str(dump), "-o", str(out)]
    measured = run_watched([*argv, "--jobs", str(jobs), "--quiet", *extra], None)
    with open(out, encoding="utf-8") as handle:
        errors = [record for record in map(json.loads, handle) if "error" in record]
    if errors:
        raise SystemExit(f"cleaner made {len(errors)} error records of {dump}: {errors[0]}")
    return measured


def run_page(path: Path) -> tuple[float, float, float]:
    """``run_cli`` for one page on its own (not batch mode), its size limit raised to the
    page's size: the row measures how cost grows past the default limit."""
    argv = [sys.executable, "-m", "cleaner", "clean", str(path)]
    argv += ["--max-bytes", str(path.stat().st_size)]
    with open(path.with_suffix(".out.txt"), "w", encoding="utf-8") as out:
        return run_watched(argv, out)


def run_watched(argv: list[str], stdout: IO[str] | None) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB, process tree) and CPU seconds of one cleaner process."""
    cpu_before, start = children_cpu(), time.perf_counter()
    child = subprocess.Popen(argv, cwd=ROOT, stdout=stdout)
    watched, peak = psutil.Process(child.pid), 0
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):
            peak = max(peak, tree_rss(watched))
        time.sleep(SAMPLE_SECONDS)
    seconds = time.perf_counter() - start
    if child.returncode != 0:
        raise SystemExit(f"cleaner failed: {' '.join(argv[3:])} (exit {child.returncode})")
    return seconds, peak / MB, children_cpu() - cpu_before


def measure(label: str, dump: Path, docs: int, megabytes: float, jobs: int, *extra: str) -> Run:
    return Run(label, jobs, docs, megabytes, *run_cli(dump, jobs, *extra))


def measure_startup(folder: Path) -> Startup:
    """The cheaper of two runs over a one-record dump (the first also fills the cache)."""
    dump = folder / "one.jsonl"
    dump.write_text(json.dumps({"id": "x", "text": "One line of text."}) + "\n", "utf-8")
    runs = [run_cli(dump, 1) for _ in range(2)]
    seconds, _, cpu = min(runs)
    return Startup(seconds, cpu)


def burn(count: int) -> int:
    total = 0
    for number in range(count):
        total += number
    return total


def parallel_ceiling(count: int = 10_000_000) -> float:
    """Speedup of two pure-Python CPU burns in two processes over one: what the machine allows
    a 2-job run right now (below 2x when other work shares the cores)."""
    from concurrent.futures import ProcessPoolExecutor

    start = time.perf_counter()
    burn(count)
    one = time.perf_counter() - start
    with ProcessPoolExecutor(2) as pool:
        start = time.perf_counter()
        list(pool.map(burn, [count, count]))
        two = time.perf_counter() - start
    return 2 * one / two


def trafilatura_alone(pages: list[tuple[str, str]]) -> tuple[float, float]:
    """Pages per wall second and per CPU second of ``trafilatura.extract`` (this process)."""
    import trafilatura

    wall, cpu = time.perf_counter(), time.process_time()
    for url, html in pages:
        trafilatura.extract(html, url=url)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return len(pages) / wall, len(pages) / cpu


# --- in process: cleaner and a C4-style line filter on the same documents ---------------------

C4_TERMINAL = (".", "!", "?", '"', "'", "”", "’")
"""C4 keeps only lines ending in terminal punctuation (a closing quote counts)."""
C4_MIN_WORDS = 3
"""C4 keeps only lines of at least this many words."""
C4_MIN_SENTENCES = 5
"""C4 drops a page with fewer sentences than this (lines kept, counted as datatrove does)."""
C4_SENTENCE = re.compile(r"[.!?]+(?:\s|$)")
C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies")


def c4_filter(text: str) -> str:
    """The C4 heuristics (Raffel et al. 2020, as datatrove's C4QualityFilter applies them, less
    the bad-words list): a page with "lorem ipsum" or a curly brace is dropped; a line goes when
    it lacks terminal punctuation, has fewer than three words, or mentions javascript or a
    cookie/privacy policy; a page left with fewer than five sentences is dropped."""
    lowered = text.lower()
    if "lorem ipsum" in lowered or "{" in text:
        return ""
    kept = []
    for line in text.splitlines():
        line = line.strip()
        if not line.endswith(C4_TERMINAL) or len(line.split()) < C4_MIN_WORDS:
            continue
        folded = line.lower()
        if "javascript" in folded or any(p in folded for p in C4_POLICY):
            continue
        kept.append(line)
    body = "\n".join(kept)
    return body if len(C4_SENTENCE.findall(body)) >= C4_MIN_SENTENCES else ""


def in_process_rows(texts: list[str], count: int) -> list[str]:
    """Documents per CPU second of ``cleaner.clean`` (validator on, off) and of the C4 filter on
    ``count`` unique documents. Each cleaner row gets its own unique copies (a second pass
    over the same copies would find its line caches full); C4, which has no caches, reads the
    second row's."""
    import cleaner

    cleaner.clean(unique_copy(texts[0], -1))  # rulebook, line model and imports loaded
    candidates = {
        "cleaner, validator on": lambda d: cleaner.clean(d),
        "cleaner, no validator": lambda d: cleaner.clean(d, validate=False),
        "C4-style line filter (peer)": c4_filter,
    }
    rows = [
        f"| in process, {count} unique documents each | docs/CPU-s | MB/CPU-s |",
        "|---|---|---|",
    ]
    for round_number, (label, function) in enumerate(candidates.items()):
        first = min(round_number, 1) * count  # the C4 row reads the no-validator row's copies
        docs = [unique_copy(texts[n % len(texts)], first + n) for n in range(count)]
        megabytes = sum(len(d.encode("utf-8")) for d in docs) / MB
        rows.append(timed_row(label, function, docs, megabytes))
        if round_number == 0:
            rows.append(timed_row(SEEN_LABEL, function, docs, megabytes))
    return rows


SEEN_LABEL = "cleaner, validator on, the same documents again (every line seen before)"
"""The row of the first row's documents cleaned a second time: every line is in the line
caches (what a site's template lines cost when they repeat), only each document's own passes
are left. No document-level answer is remembered, so this is the most line caches can give."""


def timed_row(label: str, function: Callable, docs: list[str], megabytes: float) -> str:
    start = time.process_time()
    for text in docs:
        function(text)
    cpu = max(time.process_time() - start, 1e-9)
    return f"| {label} | {len(docs) / cpu:.0f} | {megabytes / cpu:.2f} |"


# --- where the text path's time goes ----------------------------------------------------------

STAGES = (
    ("sites found", "cleaner.rulebook.load", "Rulebook.find_sites"),
    ("text stage (rules and steps)", "cleaner.pipeline", "clean_text_stage"),
    ("  rule engine", "cleaner.rulebook.engine", "apply_rule_files"),
    ("  region finder", "cleaner.generic.region", "keep_best_region"),
    ("repair stage", "cleaner.pipeline", "repair"),
    ("verdict", "cleaner.validate.verdict", "validate"),
    ("  estimates", "cleaner.validate.estimates", "estimates_of"),
    ("line model, every call", "cleaner.linemodel", "junk_probabilities"),
    ("  document features", "cleaner.linemodel.features", "document_features"),
    ("  a new line's own features", "cleaner.linemodel.features", "features_of"),
    ("  trees", "cleaner.linemodel.forest", "Forest.raw_scores"),
)
"""(label, module, function) of each stage timed by ``--stages``; an indented stage runs
inside the one above it."""
LINE_MODEL_STAGE = "line model, every call"


def timed_stages(texts: list[str], count: int) -> list[str]:
    """CPU seconds of each of ``STAGES`` (and of each verdict detector) over ``count`` unique
    documents in this process, validator on: process-time timers around the stage functions,
    no profiler (whose cost per call would weigh the many small functions). The line model's
    time is also split by the stage that called it."""
    import importlib

    import cleaner
    from cleaner.validate import verdict

    spent: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    inside: list[str] = []

    def timer(label: str, function: Callable) -> Callable:
        def timed(*args: object, **kwargs: object) -> object:
            inside.append(label)
            start = time.process_time()
            try:
                result = function(*args, **kwargs)
                return list(result) if label.startswith("detector") else result
            finally:
                took = time.process_time() - start
                spent[label] += took
                calls[label] += 1
                inside.pop()
                if label == LINE_MODEL_STAGE and inside:
                    spent[f"  line model in: {inside[-1].strip()}"] += took

        return timed

    for label, module_name, name in STAGES:
        module = importlib.import_module(module_name)
        if "." in name:  # a method: patched on its class
            owner, method = name.split(".")
            cls = getattr(module, owner)
            setattr(cls, method, timer(label, getattr(cls, method)))
            continue
        function = getattr(module, name)
        for loaded in list(sys.modules.values()):  # every module that imported it by name
            if getattr(loaded, "__name__", "").startswith("cleaner") and (
                getattr(loaded, name, None) is function
            ):
                setattr(loaded, name, timer(label, function))
    verdict.DETECTORS = tuple(timer(f"detector {d.__name__}", d) for d in verdict.DETECTORS)
    cleaner.clean(unique_copy(texts[0], -1))  # rulebook, line model and imports loaded
    spent.clear()
    calls.clear()
    docs = [unique_copy(texts[n % len(texts)], n) for n in range(count)]
    start = time.process_time()
    for text in docs:
        cleaner.clean(text)
    total = time.process_time() - start
    rows = [
        f"| stage ({count} unique documents, {total:.2f} CPU s, {count / total:.0f} a CPU "
        "second with the timers) | CPU s | share | calls |",
        "|---|---|---|---|",
    ]
    order = [label for label, _, _ in STAGES]
    rest = sorted((k for k in spent if k not in order), key=lambda k: -spent[k])
    order += [k for k in rest if "line model in" in k]
    order += [k for k in rest if k.startswith("detector")]
    for label in order:
        rows.append(f"| {label} | {spent[label]:.2f} | {spent[label] / total:.1%} "
                    f"| {calls[label] or ''} |")  # fmt: skip
    return rows


# --- this checkout against another, in one process --------------------------------------------


def checkout_modules(root: Path) -> dict[str, ModuleType]:
    """The ``cleaner`` package of the checkout at ``root``, imported afresh (the CLI and what
    it imports), as its modules by name; none of them is left in ``sys.modules``."""
    import importlib

    with callers_modules():
        forget_cleaner()
        sys.path.insert(0, str(root))
        try:
            importlib.import_module("cleaner.cli.main")
        finally:
            sys.path.remove(str(root))
        loaded = {name: sys.modules[name] for name in list(sys.modules) if is_cleaner(name)}
    if not Path(loaded["cleaner"].__file__ or "").resolve().is_relative_to(root.resolve()):
        raise SystemExit(f"cleaner was imported from {loaded['cleaner'].__file__}, not {root}")
    return loaded


def is_cleaner(name: str) -> bool:
    return name == "cleaner" or name.startswith("cleaner.")


def forget_cleaner() -> None:
    for name in [name for name in sys.modules if is_cleaner(name)]:
        del sys.modules[name]


@contextlib.contextmanager
def callers_modules() -> Iterator[None]:
    """Whatever ``cleaner`` modules the block leaves in ``sys.modules``, those the caller (a
    test session) had imported are its own again after it."""
    imported = {name: module for name, module in sys.modules.items() if is_cleaner(name)}
    try:
        yield
    finally:
        forget_cleaner()
        sys.modules.update(imported)


def cli_cpu_seconds(modules: dict[str, ModuleType], root: Path, argv: list[str]) -> float:
    """CPU seconds of one ``cleaner`` command run by the checkout whose ``modules`` these are:
    they are put in ``sys.modules`` for the run, so the imports its functions make when called
    find its own modules, and its own line caches serve it."""
    forget_cleaner()
    sys.modules.update(modules)
    sys.path.insert(0, str(root))
    try:
        start = time.process_time()
        modules["cleaner.cli.main"].main(argv)
        return time.process_time() - start
    finally:
        sys.path.remove(str(root))
        forget_cleaner()


def compare_checkouts(other: Path, count: int, rounds: int, extra: list[str]) -> list[str]:
    """Documents per CPU second of the text path through the CLI (batch mode, one job) of
    this checkout and of ``other``, both loaded in this process, taking turns (who goes first
    alternates) on the same ``count`` fresh unique seed copies each round: on a shared,
    loaded machine the two see the same load, and the median of the rounds and of the
    per-round ratios is the figure to quote. Each round's two outputs must be the same bytes
    (a speed change changes no output); a difference stops the run."""
    with callers_modules():
        rates = checkout_rates({"this": ROOT, "other": other.resolve()}, count, rounds, extra)
    ratios = [a / b for a, b in zip(rates["this"], rates["other"], strict=True)]
    names = {"this": ROOT.name, "other": other.resolve().name}
    return [
        f"| text path, {count} unique documents a round, {rounds} rounds{' '.join(['', *extra])} "
        "| median docs/CPU-s | rounds |",
        "|---|---|---|",
        *(f"| {label} ({names[label]}) | {median(found):.1f} "
          f"| {' '.join(f'{r:.0f}' for r in found)} |" for label, found in rates.items()),
        f"| this / other, median of the rounds' ratios | {median(ratios):.3f} | |",
        "outputs: the same bytes in every round",
    ]  # fmt: skip


def checkout_rates(
    checkouts: dict[str, Path], count: int, rounds: int, extra: list[str]
) -> dict[str, list[float]]:
    """``compare_checkouts``'s rounds: each checkout's documents per CPU second, by round."""
    texts = seed_texts()
    modules = {label: checkout_modules(root) for label, root in checkouts.items()}
    rates: dict[str, list[float]] = {label: [] for label in checkouts}
    with tempfile.TemporaryDirectory(prefix="cleaner-compare-") as tmp:
        folder = Path(tmp)
        for round_number in range(-1, rounds):  # round -1 loads rulebooks and models
            dump = folder / "text.jsonl"
            write_text_dump(dump, texts, count, first=(round_number + 1) * count)
            order = list(checkouts) if round_number % 2 else list(reversed(checkouts))
            outputs = {}
            for label in order:
                outputs[label] = folder / f"{label}.jsonl"
                argv = ["clean", str(dump), "-o", str(outputs[label]), "--jobs", "1", "--quiet"]
                cpu = cli_cpu_seconds(modules[label], checkouts[label], argv + extra)
                if round_number >= 0:
                    rates[label].append(count / max(cpu, 1e-9))
            first, second = (path.read_bytes() for path in outputs.values())
            if first != second:
                raise SystemExit(f"round {round_number}: the two checkouts' outputs differ")
    return rates


# --- where the HTML path's time goes ----------------------------------------------------------

HTML_STAGES = (
    ("parse", "cleaner.html.parse", "parse_html"),
    ("extraction", "cleaner.html.extract", "extract"),
    ("  tree copy to prune", "cleaner.html.extract", "pruning_copy"),
    ("  thread finder", "cleaner.html.threads", "find_thread"),
    ("  page lines", "cleaner.html.lines", "tree_page_lines"),
    ("  reference text", "cleaner.html.references", "tree_reference"),
    ("  page signals", "cleaner.html.choice", "page_signals"),
    ("  page type", "cleaner.html.page_type", "page_type"),
    ("  sites", "cleaner.html.extract", "site_files"),
    ("  canonical URL", "cleaner.html.extract", "canonical_url"),
    ("  metadata: rule selectors", "cleaner.html.metadata", "read_metadata"),
    ("  metadata: the page's own", "cleaner.html.metadata", "page_metadata"),
    ("  metadata: filled in", "cleaner.html.metadata", "fill_metadata"),
    ("  prune", "cleaner.html.extract", "generic_prune"),
    ("  site body", "cleaner.html.extract", "find_body"),
    ("  a thread's posts", "cleaner.html.threads", "thread_lines"),
    ("  layout tables", "cleaner.html.extract", "unwrap_layout_tables"),
    ("  stated route", "cleaner.html.cascade", "stated_reading"),
    ("  reading choice", "cleaner.html.choice", "choose_reading"),
    ("    trafilatura", "cleaner.html.extract", "trafilatura_text"),
    ("      its main extractor", "trafilatura.main_extractor", "extract_content"),
    ("      its readability and jusText comparison", "trafilatura.external", "compare_extraction"),
    ("      its baseline rescue", "trafilatura.baseline", "baseline"),
    ("      its recall retry", "trafilatura.core", "_recall_retry"),
    ("      its jusText rescue", "trafilatura.external", "justext_rescue"),
    ("    main container's lines", "cleaner.html.choice", "container_lines"),
    ("  reviews", "cleaner.html.reviews", "without_reviews"),
    ("  block reread", "cleaner.html.blocks", "blocks_or_reading"),
    ("text stage", "cleaner.pipeline", "clean_text_stage"),
    ("repair stage", "cleaner.pipeline", "repair"),
    ("verdict", "cleaner.validate.verdict", "validate"),
    ("  markup reading", "cleaner.validate.markup", "markup_evidence"),
    ("  estimates", "cleaner.validate.estimates", "estimates_of"),
    ("line model, every call", "cleaner.linemodel", "junk_probabilities"),
    ("page blocks, every call", "cleaner.html.blocks", "page_blocks"),
    ("block features, every call", "cleaner.html.blocks", "block_features"),
)
"""(label, module, function) of each stage ``--html-stages`` times; an indented stage runs
inside the one above it, the last three wherever they are called."""
TIMED_PACKAGES = ("cleaner", "trafilatura")
"""The packages whose modules' references to a timed function are replaced by the timer."""
HTML_SAMPLE_STEP = 10
"""Every tenth wcxb-dev page (150 of its 1,497, every type) and every fourth big9 page (45,
site rules): the sample ``--html-stages`` times."""
BIG9_SAMPLE_STEP = 4
WCXB = EVAL.parent / "wcxb-dev"
BIG9 = EVAL.parent / "big9"


def html_sample() -> list[tuple[str | None, str]]:
    """(url, html) of every ``HTML_SAMPLE_STEP``-th wcxb-dev page and every
    ``BIG9_SAMPLE_STEP``-th big9 page (big9 pages carry no URL)."""
    pages: list[tuple[str | None, str]] = []
    truth = WCXB / "ground-truth.jsonl.gz"
    if truth.exists():
        with gzip.open(truth, "rt", encoding="utf-8") as lines:
            for number, line in enumerate(lines):
                record = json.loads(line)
                path = WCXB / "html" / f"{record['id']}.html.gz"
                if number % HTML_SAMPLE_STEP == 0 and path.exists():
                    html = decode(gzip.decompress(path.read_bytes()))
                    pages.append((record["url"] or None, html))
    big9 = sorted(BIG9.glob("*/*.html.gz")) if BIG9.exists() else []
    pages += [(None, decode(gzip.decompress(p.read_bytes()))) for p in big9[::BIG9_SAMPLE_STEP]]
    return pages


def timed_html_stages(pages: Sequence[tuple[str | None, str]]) -> list[str]:
    """CPU milliseconds a page of each of ``HTML_STAGES`` over ``pages`` (``cleaner.clean``,
    validator on, in process), the calls of each, and the HTML parses made (lxml's
    ``document_fromstring`` and trafilatura's own): process-time timers around the stage
    functions, no profiler. trafilatura alone on the same pages is timed last."""
    import importlib

    import cleaner

    spent: Counter[str] = Counter()
    calls: Counter[str] = Counter()

    def timer(label: str, function: Callable) -> Callable:
        def timed(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] += time.process_time() - start
                calls[label] += 1

        return timed

    stages = [*HTML_STAGES, ("lxml parses, every call", "lxml.html", "document_fromstring")]
    for label, module_name, name in stages:
        function = getattr(importlib.import_module(module_name), name)
        for loaded in list(sys.modules.values()):  # every module that imported it by name
            owner = getattr(loaded, "__name__", "") or ""
            if owner.startswith((*TIMED_PACKAGES, "lxml.html")) and (
                getattr(loaded, name, None) is function
            ):
                setattr(loaded, name, timer(label, function))
    routes: Counter[str] = Counter()
    cleaner.clean(pages[0][1], url=pages[0][0], kind="html")  # rulebook, models, imports
    spent.clear()
    calls.clear()
    start = time.process_time()
    for url, html in pages:
        routes[cleaner.clean(html, url=url, kind="html").route or "-"] += 1
    total = time.process_time() - start
    cleaner_spent, cleaner_calls = spent.copy(), calls.copy()  # trafilatura alone runs timers
    alone = trafilatura_alone([(u or "", h) for u, h in pages])[1]
    count = len(pages)
    rows = [
        f"{count} pages, {total:.2f} CPU s ({1000 * total / count:.1f} ms a page with the "
        f"timers); trafilatura alone {1000 / alone:.1f} ms a page; routes: "
        + ", ".join(f"{k} {v}" for k, v in routes.most_common()),
        "",
        "| stage | ms a page | share | calls a page |",
        "|---|---:|---:|---:|",
    ]
    for label, _, _ in stages:
        took = cleaner_spent[label]
        rows.append(f"| {label} | {1000 * took / count:.1f} | {took / total:.1%} "
                    f"| {cleaner_calls[label] / count:.2f} |")  # fmt: skip
    return rows


# --- the rulebook at scale --------------------------------------------------------------------

SITE_FILE = """name = "site{n}"
description = "Generated site {n} for the scale benchmark."
domains = ["site{n}.example", "news{n}.example"]
signatures = ["Copyright Site Number {n} Media Group"]

[[rules]]
id = "footer"
kind = "drop"
description = "The generated footer line of site {n}."
pattern = '^more from site {n}( today)?$'
examples.junk = ["More from Site {n}"]
examples.keep = ["A story about site {n} and more."]
"""


def write_site_files(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for n in range(count):
        (folder / f"site{n}.example.toml").write_text(SITE_FILE.format(n=n), "utf-8")
    return folder


def load_seconds(folder: Path) -> tuple[float, float]:
    """Seconds to load bundled rules plus ``folder``: from TOML, then as the CLI does (cache)."""
    from cleaner.rulebook.load import Rulebook

    start = time.perf_counter()
    Rulebook.load([folder])
    first = time.perf_counter() - start
    from cleaner.rulebook.cache import load_rulebook_cached

    load_rulebook_cached([str(folder)])  # fills the cache
    start = time.perf_counter()
    load_rulebook_cached([str(folder)])
    return first, time.perf_counter() - start


def per_document_ms(folder: Path, texts: list[str], rounds: int = 2) -> float:
    """Best-of-``rounds`` milliseconds per document with the rules of ``folder``."""
    from cleaner.pipeline import clean_document, make_document
    from cleaner.rulebook.load import Rulebook

    rulebook = Rulebook.load([folder])
    docs = [unique_copy(texts[n % len(texts)], n) for n in range(SCALE_DOCS)]
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        for text in docs:
            clean_document(make_document(text), rulebook)
        best = min(best, time.perf_counter() - start)
    return best / len(docs) * 1000


def rulebook_scale(folder: Path, texts: list[str], count: int) -> list[str]:
    os.environ["CLEANER_CACHE_DIR"] = str(folder / "cache")  # keep the user's cache as it is
    small = write_site_files(folder / "small", 10)
    large = write_site_files(folder / "large", count)
    first, cached = load_seconds(large)
    small_ms, large_ms = per_document_ms(small, texts), per_document_ms(large, texts)
    return [
        f"| rulebook, {count} site files: first load | {first:.2f} s |",
        f"| rulebook, {count} site files: cached load | {cached:.2f} s |",
        f"| per document, 10 site files | {small_ms:.2f} ms |",
        f"| per document, {count} site files | {large_ms:.2f} ms |",
        f"| ratio {count} / 10 files (aim <= 1.2) | {large_ms / small_ms:.2f}x |",
    ]


# --- report -----------------------------------------------------------------------------------


def run_table(runs: list[Run], startup: Startup) -> list[str]:
    rows = [
        "| path | jobs | docs | MB | wall s | CPU s | docs/s | MB/s | speedup | docs/CPU-s "
        "| peak RSS MB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    base: dict[str, float] = {}
    for run in runs:
        rate = run.docs_per_second(startup)
        base.setdefault(run.label, rate)
        mb_rate = run.megabytes * rate / run.docs
        rows.append(
            f"| {run.label} | {run.jobs} | {run.docs} | {run.megabytes:.1f} | {run.seconds:.1f} "
            f"| {run.cpu:.1f} | {rate:.1f} | {mb_rate:.3f} | {rate / base[run.label]:.2f}x "
            f"| {run.docs_per_cpu_second(startup):.1f} | {run.peak_rss:.0f} |"
        )
    return rows


def throughput_runs(folder: Path, texts: list[str], args: argparse.Namespace) -> list[Run]:
    """The text dump with the validator on and off at each job count, then the dump three
    times over (validator on, most jobs): its peak RSS should match the 1x dump's."""
    runs = []
    text_dump = folder / "text.jsonl"
    size = write_text_dump(text_dump, texts, args.docs)
    for label, extra in (("text", ()), ("text, no validator", ("--no-validate",))):
        runs += [measure(label, text_dump, args.docs, size, jobs, *extra) for jobs in args.jobs]
    big_dump = folder / "text-x3.jsonl"
    big_size = write_text_dump(big_dump, texts, DUMP_GROWTH * args.docs)
    jobs = max(args.jobs)
    runs.append(
        measure(f"text ({DUMP_GROWTH}x dump)", big_dump, DUMP_GROWTH * args.docs, big_size, jobs)
    )
    return runs


def write_text_file(path: Path, texts: list[str], megabytes: float) -> float:
    """One plain text file of unique seed copies (blank lines between) of at most
    ``megabytes``: one document to the cleaner. Returns its megabytes."""
    size, number = 0, 0
    with open(path, "w", encoding="utf-8") as handle:
        while True:
            text = unique_copy(texts[number % len(texts)], number) + "\n\n"
            if size + len(text.encode("utf-8")) > megabytes * MB:
                return size / MB
            handle.write(text)
            size += len(text.encode("utf-8"))
            number += 1


def text_file_runs(folder: Path, texts: list[str], megabytes: float) -> list[Run]:
    """A single big text file as one page (``cleaner clean file.txt``), at a quarter of its size
    and at full size: wall time and peak RSS should grow no faster than the file."""
    runs = []
    for share in (FILE_SMALL_SHARE, 1.0):
        path = folder / f"single-{share:g}.txt"
        size = write_text_file(path, texts, megabytes * share)
        runs.append(Run(f"single text file ({size:.1f} MB)", 1, 1, size, *run_page(path)))
    return runs


def html_runs(folder: Path, pages: list[tuple[str, str]], jobs: list[int]) -> list[Run]:
    dump = folder / "html.jsonl"
    size = write_html_dump(dump, pages)
    return [measure("html", dump, len(pages), size, count) for count in jobs]


def compare_trafilatura(
    pages: list[tuple[str, str]], runs: list[Run], startup: Startup
) -> list[str]:
    alone_wall, alone_cpu = trafilatura_alone(pages)
    ours = min((r for r in runs if r.label == "html"), key=lambda r: r.jobs)
    ours_wall, ours_cpu = ours.docs_per_second(startup), ours.docs_per_cpu_second(startup)
    in_process = html_in_process(pages)
    return [
        f"trafilatura alone, same {len(pages)} pages, 1 process: {alone_wall:.1f} pages/s, "
        f"{alone_cpu:.1f} pages/CPU-s",
        f"cleaner html {ours.jobs} job(s) / trafilatura alone: "
        f"{ours_wall / alone_wall:.2f}x per wall second, "
        f"{ours_cpu / alone_cpu:.2f}x per CPU second (includes CLI, JSONL and the validator)",
        f"cleaner html in process (``cleaner.clean``, validator on): {in_process:.1f} "
        f"pages/CPU-s, {in_process / alone_cpu:.2f}x trafilatura alone",
    ]


def html_in_process(pages: list[tuple[str, str]]) -> float:
    """Pages per CPU second of ``cleaner.clean`` on the pages in this process (no startup, no
    JSONL), after one page to load the rulebook and the models."""
    import cleaner

    cleaner.clean(pages[0][1], url=pages[0][0])
    start = time.process_time()
    for url, html in pages:
        cleaner.clean(html, url=url)
    return len(pages) / max(time.process_time() - start, 1e-9)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000, help="text documents (1x dump)")
    parser.add_argument(
        "--jobs",
        type=lambda v: [int(j) for j in v.split(",")],
        default=[1, 2],
        help="job counts of the text and HTML runs, comma-separated (default 1,2)",
    )
    parser.add_argument(
        "--file-mb",
        type=float,
        default=10.0,
        help="size of the single text file (MB; past the CLI's 10 MiB limit for one page, the "
        "run raises it)",
    )
    parser.add_argument("--pages", type=int, default=100, help="HTML pages from the eval set")
    parser.add_argument("--sites", type=int, default=10_000, help="generated site files")
    parser.add_argument(
        "--html-stages",
        action="store_true",
        help="only the CPU time of each stage of the HTML path, in process, on a sample of "
        "wcxb-dev and big9 pages (or --pages of trafilatura-eval's with --html-pages eval)",
    )
    parser.add_argument("--html-pages", choices=("sample", "eval"), default="sample")
    parser.add_argument(
        "--stages",
        action="store_true",
        help="only the CPU time of each stage of the text path, in process (--docs documents)",
    )
    parser.add_argument(
        "--compare",
        type=Path,
        metavar="CHECKOUT",
        help="only the text path of this checkout against the one at CHECKOUT, in one process "
        "(--docs documents a round)",
    )
    parser.add_argument("--rounds", type=int, default=8, help="rounds of --compare")
    parser.add_argument("--no-validate", action="store_true", help="--compare without validator")
    args = parser.parse_args()
    if args.compare:
        extra = ["--no-validate"] if args.no_validate else []
        print("\n".join(compare_checkouts(args.compare, args.docs, args.rounds, extra)))
        return
    if args.html_stages:
        pages = eval_pages(args.pages) if args.html_pages == "eval" else html_sample()
        print("\n".join(timed_html_stages(pages)))
        return
    if args.stages:
        print("\n".join(timed_stages(seed_texts(), args.docs)))
        return
    with tempfile.TemporaryDirectory(prefix="cleaner-bench-") as tmp:
        print("\n".join(benchmark(Path(tmp), args)))


def benchmark(folder: Path, args: argparse.Namespace) -> list[str]:
    texts = seed_texts()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    ceiling = parallel_ceiling()
    startup = measure_startup(folder)
    runs = throughput_runs(folder, texts, args)
    runs += text_file_runs(folder, texts, args.file_mb)
    pages = eval_pages(args.pages) if (EVAL / "evaldata.json").exists() else []
    runs += html_runs(folder, pages, args.jobs) if pages else []
    lines = [
        f"cpus: {psutil.cpu_count()}, load average at start: {load}; two CPU burns in two "
        f"processes run {ceiling:.2f}x one (the most a 2-job run can gain here now)",
        f"startup (1-record run): {startup.seconds:.2f} s, {startup.cpu:.2f} CPU s, "
        "subtracted before docs/s and docs/CPU-s",
        "",
        *run_table(runs, startup),
        "",
    ]
    if pages:
        lines += compare_trafilatura(pages, runs, startup)
    else:
        lines.append(f"html: skipped ({EVAL} not found)")
    lines += ["", *in_process_rows(texts, args.docs)]
    lines += ["", "| rulebook at scale | value |", "|---|---|"]
    return lines + rulebook_scale(folder / "rules", texts, args.sites)


if __name__ == "__main__":
    main()
