"""How often trafilatura's fast mode reads a page as its full mode does, per page type, and what
routing pages between the two would save: the study behind the HTML extraction's choice to
read every page in full mode (``cleaner.html.extract.trafilatura_text``).

    python bench/html_routes.py [--limit N] [--rows FILE] [--read FILE]

wcxb-dev pages (every n-th to about ``--limit``) are extracted twice by the cleaner's
extraction (before the text stage, no site rules): with trafilatura's fast mode and with its
full mode, each timed in CPU seconds. Per part of the split (``bench/splits.py``) and page type
(the cleaner's own ``page_type``): how many pages read the same both ways (the same text, F1
within ``SAME_F1``), both modes' mean F1 and CPU time. Then a cascade: fast mode first,
forum threads and pages whose fast reading kept under a share of the page's words read again
in full mode (charged both readings), for a range of shares. ``--rows`` writes one JSON line per
page (id, part, types, words, both F1s, times and routes; no page text); ``--read`` reports on them.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quality import bag_prf, wcxb_pages

ROUTES = ("fast", "full")
SHARES = (0.05, 0.1, 0.15, 0.2, 0.3)
"""Shares of the page's words under which the cascade reads a page again in full mode."""
SAME_F1 = 0.01
"""Two readings whose F1 differ by at most this are the same for the study."""


def page_row(page, rulebook) -> dict:
    """Both routes' extraction of one page: F1, CPU seconds, the routing signals."""
    from cleaner.html.choice import container_lines, main_container, page_signals, word_total
    from cleaner.html.decode import decode_html
    from cleaner.html.extract import extract
    from cleaner.html.parse import PageError, parse_html
    from cleaner.pipeline import make_document

    html = decode_html(page.data)
    row: dict = {"id": page.name, "part": page.part, "gold_type": page.page_type}
    for route in ROUTES:
        doc = make_document(html, None, "html")
        start = time.process_time()
        try:
            text = extract(doc, rulebook, fast=route == "fast")
        except PageError:
            text = ""
        row[f"{route}_cpu"] = time.process_time() - start
        row[f"{route}_route"] = doc.route
        row[f"{route}_f1"] = bag_prf(text, page.gold)[2]
        row[f"{route}_words"] = len(text.split())
        row[f"{route}_text_hash"] = hash(text)
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
    ``SAME_F1``), each mode's mean F1 and CPU; then the cascade per part."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        for kind in (row.get("type", "?"), "all"):
            groups[(row["part"], kind)].append(row)
    print("part  type            pages  same  ~same  F1 fast  F1 full  cpu fast  cpu full")
    for (part, kind), group in sorted(groups.items()):
        n = len(group)
        same = sum(r["fast_text_hash"] == r["full_text_hash"] for r in group)
        near = sum(abs(r["fast_f1"] - r["full_f1"]) <= SAME_F1 for r in group)
        f1 = {k: sum(r[f"{k}_f1"] for r in group) / n for k in ROUTES}
        cpu = {k: sum(r[f"{k}_cpu"] for r in group) / n * 1000 for k in ROUTES}
        print(f"{part:5} {kind:14} {n:6} {same / n:5.0%} {near / n:6.0%} {f1['fast']:8.3f} "
              f"{f1['full']:8.3f} {cpu['fast']:7.0f}ms {cpu['full']:7.0f}ms")  # fmt: skip
    print("\nroutes in full mode (the cleaner's), share of pages")
    names = ("site", "trafilatura", "recall", "container", "blocks")
    print("part  type           " + "".join(f"{name:>12}" for name in names))
    for (part, kind), group in sorted(groups.items()):
        taken = Counter(r.get("full_route") for r in group)
        shares = "".join(f"{taken[name] / len(group):12.0%}" for name in names)
        print(f"{part:5} {kind:14} {shares}")
    print("\ncascade: fast first, forums and pages whose fast reading kept under a share of the")
    print("page's words again in full mode (charged both)")
    print("part  share  F1 cascade  F1 full  cpu cascade  cpu full  read again")
    for part in sorted({r["part"] for r in rows}):
        group = [r for r in rows if r["part"] == part]
        for share in SHARES:
            f1, cpu, again = cascade(group, share)
            n = len(group)
            full_f1 = sum(r["full_f1"] for r in group) / n
            full_cpu = sum(r["full_cpu"] for r in group) / n * 1000
            print(f"{part:5} {share:5.2f} {f1:11.3f} {full_f1:8.3f} {cpu:10.0f}ms "
                  f"{full_cpu:7.0f}ms {again:10.0%}")  # fmt: skip


def cascade(rows: list[dict], share: float) -> tuple[float, float, float]:
    """Mean F1, mean CPU ms and the share of pages read again, for the cascade at ``share``."""
    f1 = cpu = again = 0.0
    for row in rows:
        if row.get("type") == "forum":
            f1, cpu, again = f1 + row["full_f1"], cpu + row["full_cpu"], again + 1
        elif row["fast_words"] < share * row["page_words"]:
            f1, again = f1 + row["full_f1"], again + 1
            cpu += row["fast_cpu"] + row["full_cpu"]
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
