"""Quality and speed of the HTML path against trafilatura alone, on the shared evaluation data.

    python bench/quality.py [--only big9|eval] [--workers N] [--sites bbc,cnn] [--details]

big9: per site, the cleaner with site rules, the cleaner with generic rules only, and
trafilatura alone; each output is title + body, scored against the gold (which holds the
headline) by token-level bag-of-words precision, recall and F1 per page, averaged over pages.
trafilatura-eval: the cleaner (no site rule applies there) and trafilatura alone, scored as
trafilatura's own evaluation does (``with`` snippets found are true positives, missing ones
false negatives, ``without`` snippets found false positives; micro-averaged).

Every tool runs over the same process pool, one tool after the other, so pages/s compare.
Data is read from ``../shared/data`` beside the repository; missing data is skipped.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import sys
import time
from collections import Counter
from multiprocessing import Pool
from pathlib import Path

import regex

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

_RULEBOOKS: dict = {}


def init_worker() -> None:
    """Load both rulebooks once per worker, before any page is timed."""
    from cleaner.pipeline import default_rulebook
    from cleaner.rulebook import Rulebook

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


def run_cleaner(rules: str, data: bytes, url: str | None, big9: bool) -> tuple[str, str]:
    """The cleaner's (title, body) for one page."""
    from cleaner.html import PageError, decode_html
    from cleaner.pipeline import clean

    html = decode_big9(data) if big9 else decode_html(data)
    try:
        doc = clean(html, url=url, kind="html", rulebook=_RULEBOOKS[rules])
    except PageError:
        return "", ""
    return doc.title or "", doc.text


def run_trafilatura(data: bytes, url: str | None, big9: bool) -> tuple[str, str]:
    """trafilatura's (title, body): its metadata title only where the gold holds one."""
    import trafilatura

    if not big9:
        return "", trafilatura.extract(data, url=url, include_comments=False) or ""
    result = trafilatura.bare_extraction(
        decode_big9(data), url=url, include_comments=False, with_metadata=True
    )
    if result is None:
        return "", ""
    return result.title or "", result.text or ""


def run_task(task: tuple) -> tuple[str, str]:
    tool, data, url, big9 = task
    if tool == "trafilatura":
        return run_trafilatura(data, url, big9)
    return run_cleaner(tool, data, url if tool == "site" else None, big9)


def joined(output: tuple[str, str]) -> str:
    return "\n".join(part for part in output if part)


def run_timed(task: tuple) -> tuple[tuple[str, str], float]:
    """A task's output and the CPU seconds its worker spent on it."""
    start = time.process_time()
    output = run_task(task)
    return output, time.process_time() - start


def timed_map(pool, tasks: list[tuple]) -> tuple[list[tuple[str, str]], float, float]:
    """Outputs, wall-clock seconds and summed worker CPU seconds of one tool's run."""
    start = time.perf_counter()
    results = pool.map(run_timed, tasks, chunksize=4)
    wall = time.perf_counter() - start
    return [r[0] for r in results], wall, sum(r[1] for r in results)


def bag_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-words precision, recall and F1 of one page (lower-cased word tokens)."""
    pred = Counter(TOKEN.findall(predicted.lower()))
    want = Counter(TOKEN.findall(gold.lower()))
    overlap = sum((pred & want).values())
    p = overlap / sum(pred.values()) if pred else 0.0
    r = overlap / sum(want.values()) if want else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def big9_pages(sites: list[str] | None) -> dict[str, list[tuple[str, bytes, str]]]:
    root = DATA / "big9"
    pages: dict[str, list[tuple[str, bytes, str]]] = {}
    for site_dir in sorted(p for p in root.iterdir() if p.is_dir()):
        if sites and site_dir.name not in sites:
            continue
        for html in sorted(site_dir.glob("*.html.gz")):
            gold = html.with_name(html.name.replace(".html.gz", ".gold.txt"))
            if gold.exists():
                entry = (
                    html.name,
                    gzip.decompress(html.read_bytes()),
                    decode_big9(gold.read_bytes()),
                )
                pages.setdefault(site_dir.name, []).append(entry)
    return pages


def bench_big9(pool, args) -> None:
    if not (DATA / "big9").is_dir():
        print(f"big9: skipped ({DATA / 'big9'} not found)")
        return
    pages = big9_pages(args.sites.split(",") if args.sites else None)
    print("big9: title + body vs gold, token bag-of-words P/R/F1 per page, mean over pages")
    print(f"{'site':<12} {'tool':<18} {'pages':>5} {'P':>6} {'R':>6} {'F1':>6} {'min F1':>7}")
    totals: dict[str, list] = {}
    for site, entries in pages.items():
        for tool in ("site", "generic", "trafilatura"):
            tasks = [(tool, data, SITE_URLS.get(site), True) for _, data, _ in entries]
            outputs, seconds, cpu = timed_map(pool, tasks)
            scores = [
                bag_prf(joined(out), gold)
                for out, (_, _, gold) in zip(outputs, entries, strict=True)
            ]
            row = [mean([s[k] for s in scores]) for k in range(3)]
            totals.setdefault(tool, []).append((scores, seconds, cpu))
            low = min(s[2] for s in scores)
            name = TOOL_NAMES[tool]
            print(f"{site:<12} {name:<18} {len(entries):>5} {row[0]:6.3f} {row[1]:6.3f} "
                  f"{row[2]:6.3f} {low:7.3f}")  # fmt: skip
            if args.details:
                print_worst(entries, outputs, scores)
    print_big9_totals(totals)


TOOL_NAMES = {
    "site": "cleaner+site rules",
    "generic": "cleaner, no site",
    "trafilatura": "trafilatura alone",
}


def print_worst(entries, outputs, scores, count: int = 3) -> None:
    ranked = sorted(range(len(scores)), key=lambda i: scores[i][2])[:count]
    for i in ranked:
        p, r, f = scores[i]
        print(f"    {entries[i][0]}: P={p:.3f} R={r:.3f} F1={f:.3f}")


def print_big9_totals(totals: dict[str, list]) -> None:
    print("big9 overall (mean over all pages; pages/s wall clock, and per CPU-second of one core):")
    for tool, runs in totals.items():
        scores = [s for run, _, _ in runs for s in run]
        wall = sum(sec for _, sec, _ in runs)
        cpu = sum(c for _, _, c in runs)
        row = [mean([s[k] for s in scores]) for k in range(3)]
        print(f"  {TOOL_NAMES[tool]:<18} {len(scores):>5} {row[0]:6.3f} {row[1]:6.3f} "
              f"{row[2]:6.3f}  {len(scores) / wall:6.1f} pages/s  "
              f"{len(scores) / cpu:6.1f} pages/CPU-s")  # fmt: skip


def eval_pages() -> list[tuple[str, bytes, dict]]:
    root = DATA / "trafilatura-eval"
    index = json.loads((root / "evaldata.json").read_text("utf-8"))
    pages = []
    for url, item in index.items():
        for folder in ("eval", "cache"):
            path = root / folder / f"{item['file']}.gz"
            if path.exists():
                pages.append((url, gzip.decompress(path.read_bytes()), item))
                break
    return pages


def snippet_counts(text: str, item: dict) -> tuple[int, int, int]:
    tp = sum(1 for s in item["with"] if s in text)
    fn = len(item["with"]) - tp
    fp = sum(1 for s in item["without"] if s in text)
    return tp, fn, fp


def bench_eval(pool, args) -> None:
    if not (DATA / "trafilatura-eval" / "evaldata.json").is_file():
        print("trafilatura-eval: skipped (data not found)")
        return
    pages = eval_pages()
    print(f"trafilatura-eval: {len(pages)} pages, body vs with/without snippets, micro-averaged")
    print(f"{'tool':<20} {'P':>6} {'R':>6} {'F1':>6} {'pages/s':>8} {'pages/CPU-s':>10}")
    for tool in ("generic", "trafilatura"):
        tasks = [(tool, data, url, False) for url, data, _ in pages]
        outputs, seconds, cpu = timed_map(pool, tasks)
        rows = [("cleaner", [out[1] for out in outputs])]
        if tool == "generic":
            rows.append(("cleaner, title+body", [joined(out) for out in outputs]))
        else:
            rows = [(TOOL_NAMES[tool], [out[1] for out in outputs])]
        for name, texts in rows:
            print_snippet_row(name, texts, pages, len(pages) / seconds, len(pages) / cpu)


def print_snippet_row(
    name: str, texts: list[str], pages: list, rate: float, cpu_rate: float
) -> None:
    counts = [snippet_counts(t, page[2]) for t, page in zip(texts, pages, strict=True)]
    tp, fn, fp = (sum(c[k] for c in counts) for k in range(3))
    p, r = tp / (tp + fp), tp / (tp + fn)
    print(f"{name:<20} {p:6.3f} {r:6.3f} {2 * p * r / (p + r):6.3f} {rate:8.1f} {cpu_rate:10.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("big9", "eval"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sites", help="comma-separated big9 sites (default: all)")
    parser.add_argument("--details", action="store_true", help="show each site's worst pages")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"no data at {DATA}: nothing to measure")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    print(f"{args.workers} worker processes, every tool over the same pool in turn")
    with Pool(args.workers, initializer=init_worker) as pool:
        if args.only != "eval":
            bench_big9(pool, args)
        if args.only != "big9":
            bench_eval(pool, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
