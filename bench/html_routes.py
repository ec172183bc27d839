"""How often trafilatura's fast mode reads a page as its full mode does, per page type, and what
routing pages between the two would save: the study behind the HTML extraction's modes
(``cleaner.html.extract.choice_reading``: both readings in full mode, but on the page types
whose readings are made in fast mode, ``FAST_TYPES``).

    python bench/html_routes.py [--limit N] [--rows FILE] [--read FILE]

wcxb-dev pages (every n-th to about ``--limit``) are extracted three times by the cleaner's
extraction (before the text stage, no site rules), each timed in CPU seconds: with both of the
reading choice's trafilatura readings in fast mode, as the cleaner reads them, and both in
full mode (``MODES``). Per part of the split (``bench/splits.py``) and page type (the
cleaner's own ``page_type``): how many pages read the same both ways (the same text, F1
within ``SAME_F1``), each mode's mean F1 and CPU time, and the cleaner's routes. Then a
cascade: fast mode first, forum threads and pages whose fast reading kept under a share of the
page's words read again as the cleaner reads them (charged both), for a range of shares.
``--rows`` writes one JSON line per page (id, part, types, words, each mode's F1, time and
route; no page text); ``--read`` reports on them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quality import bag_prf, wcxb_pages

MODES = ("fast", "cleaner", "full")
"""trafilatura's mode for the reading choice's two readings (default, recall-favouring): fast
and fast, the cleaner's, full and full. The cleaner reads both in full mode but on its
``FAST_TYPES``, so there the cleaner's column is the fast one and elsewhere the full one (up
to the timing's noise); a change to ``choice_reading`` shows against both."""
SHARES = (0.05, 0.1, 0.15, 0.2, 0.3)
"""Shares of the page's words under which the cascade reads a page again in full mode."""
SAME_F1 = 0.01
"""Two readings whose F1 differ by at most this are the same for the study."""


def mode_reading(
    mode: str,
    shipped: Callable,
    tree: object,
    url: str | None,
    favor_recall: bool,
    fast: bool = False,
) -> str:
    """The reading choice's trafilatura reading in ``mode`` (``MODES``; ``fast`` is the
    cleaner's own mode for the page, which only the ``cleaner`` mode follows)."""
    from cleaner.html.extract import trafilatura_text

    if mode == "cleaner":
        return shipped(tree, url, favor_recall, fast)
    return trafilatura_text(tree, url, favor_recall, fast=mode == "fast")


def page_row(page, rulebook) -> dict:
    """Each mode's extraction of one page: F1, CPU seconds, route; the page's signals."""
    import cleaner.html.extract as extraction
    from cleaner.html.choice import container_lines, main_container, page_signals, word_total
    from cleaner.html.decode import decode_html
    from cleaner.html.parse import PageError, parse_html
    from cleaner.pipeline import make_document

    html = decode_html(page.data)
    row: dict = {"id": page.name, "part": page.part, "gold_type": page.page_type}
    shipped = extraction.choice_reading
    for mode in MODES:
        doc = make_document(html, None, "html")
        extraction.choice_reading = partial(mode_reading, mode, shipped)
        start = time.process_time()
        try:
            text = extraction.extract(doc, rulebook)
        except PageError:
            text = ""
        finally:
            extraction.choice_reading = shipped
        row[f"{mode}_cpu"] = time.process_time() - start
        row[f"{mode}_route"] = doc.route
        row[f"{mode}_f1"] = bag_prf(text, page.gold)[2]
        row[f"{mode}_words"] = len(text.split())
        row[f"{mode}_text_hash"] = hash(text)
    row["type"] = doc.page_type
    row["page_words"] = sum(len(line.split()) for line in doc.page_lines or [])
    try:
        tree = parse_html(html)
    except PageError:
        return row
    signals = page_signals(tree)
    container = main_container(tree)
    row["container_words"] = None if container is None else word_total(container_lines(container))
    row["signals"] = sorted(signals.types)
    row["article"], row["product"] = signals.is_article, signals.is_product
    row["discussion"] = signals.is_discussion
    return row


def report(rows: list[dict]) -> None:
    """Per part and page type: pages, fast reading the same as full (text, F1 within
    ``SAME_F1``), each mode's mean F1 and CPU, the cleaner's routes; then the cascade."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        for kind in (row.get("type", "?"), "all"):
            groups[(row["part"], kind)].append(row)
    print("part  type            pages  same  ~same  F1 fast  F1 clnr  F1 full  "
          "cpu fast  cpu clnr  cpu full")  # fmt: skip
    for (part, kind), group in sorted(groups.items()):
        n = len(group)
        same = sum(r["fast_text_hash"] == r["full_text_hash"] for r in group)
        near = sum(abs(r["fast_f1"] - r["full_f1"]) <= SAME_F1 for r in group)
        f1 = "".join(f"{sum(r[f'{m}_f1'] for r in group) / n:9.3f}" for m in MODES)
        cpu = "".join(f"{sum(r[f'{m}_cpu'] for r in group) / n * 1000:8.0f}ms" for m in MODES)
        print(f"{part:5} {kind:14} {n:6} {same / n:5.0%} {near / n:6.0%}{f1}{cpu}")
    print("\nthe cleaner's routes, share of pages")
    names = ("site", "trafilatura", "recall", "container", "blocks")
    print("part  type           " + "".join(f"{name:>12}" for name in names))
    for (part, kind), group in sorted(groups.items()):
        taken = Counter(r.get("cleaner_route") for r in group)
        shares = "".join(f"{taken[name] / len(group):12.0%}" for name in names)
        print(f"{part:5} {kind:14} {shares}")
    print("\ncascade: every reading fast first; forums and pages whose fast reading kept under a")
    print("share of the page's words read again as the cleaner reads them (charged both)")
    print("part  share  F1 cascade  F1 cleaner  cpu cascade  cpu cleaner  read again")
    for part in sorted({r["part"] for r in rows}):
        group = [r for r in rows if r["part"] == part]
        n = len(group)
        f1_now = sum(r["cleaner_f1"] for r in group) / n
        cpu_now = sum(r["cleaner_cpu"] for r in group) / n * 1000
        for share in SHARES:
            f1, cpu, again = cascade(group, share)
            print(f"{part:5} {share:5.2f} {f1:11.3f} {f1_now:11.3f} {cpu:10.0f}ms "
                  f"{cpu_now:10.0f}ms {again:10.0%}")  # fmt: skip


def cascade(rows: list[dict], share: float) -> tuple[float, float, float]:
    """Mean F1, mean CPU ms and the share of pages read again, for the cascade at ``share``."""
    f1 = cpu = again = 0.0
    for row in rows:
        if row.get("type") == "forum":
            f1, cpu, again = f1 + row["cleaner_f1"], cpu + row["cleaner_cpu"], again + 1
        elif row["fast_words"] < share * row["page_words"]:
            f1, again = f1 + row["cleaner_f1"], again + 1
            cpu += row["fast_cpu"] + row["cleaner_cpu"]
        else:
            f1, cpu = f1 + row["fast_f1"], cpu + row["fast_cpu"]
    n = len(rows)
    return f1 / n, cpu / n * 1000, again / n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="every n-th page to reach about N pages")
    parser.add_argument("--rows", type=Path, help="write one JSON line per page here")
    parser.add_argument("--read", type=Path, help="report on rows written before")
    args = parser.parse_args(argv)
    if args.read:
        report([json.loads(line) for line in args.read.read_text("utf-8").splitlines()])
        return 0
    from cleaner.pipeline import default_rulebook
    from cleaner.rulebook.load import Rulebook

    rulebook = Rulebook(list(default_rulebook().generic))
    pages = wcxb_pages()
    if args.limit:
        pages = pages[:: max(1, len(pages) // args.limit)]
    rows = []
    out = args.rows.open("w", encoding="utf-8") if args.rows else None
    for page in pages:
        row = page_row(page, rulebook)
        rows.append(row)
        if out:
            out.write(json.dumps(row) + "\n")
            out.flush()
    report(rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
