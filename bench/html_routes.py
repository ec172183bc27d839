"""How often trafilatura's fast mode reads a page as its full mode does, per page type: the
study behind the HTML extraction routes (``cleaner.html.extract.routed_reading``).

    python bench/html_routes.py [--limit N] [--rows FILE]

Every wcxb-dev page is extracted (the cleaner's extraction, before the text stage, no site
rules) twice: on the fast route and on the full route, each timed in CPU seconds. Per page type
(the cleaner's own ``page_type``) and part of the split (``bench/splits.py``): how many pages
read the same both ways, how many within 0.01 of F1 against the gold, both routes' mean F1 and
CPU time, and what the routing rule (``full_route_needed``) gives. ``--rows`` writes one JSON
line per page (id, part, types, signals, both F1s and times) for further study; no page text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.quality import bag_prf, wcxb_pages

ROUTES = ("fast", "full", "routed")
"""Every reading in fast mode, every reading in full mode, and as the cleaner routes it."""
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
            text = extract(doc, rulebook, route=None if route == "routed" else route)
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
    ``SAME_F1``), each route's mean F1 and CPU, and the share of routed pages escalated or
    sent to full mode."""
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        for kind in (row.get("type", "?"), "all"):
            groups[(row["part"], kind)].append(row)
    print("part  type            pages  same  ~same  F1 fast  F1 full  F1 routed  "
          "cpu fast  cpu full  cpu routed  escalated  full")  # fmt: skip
    for (part, kind), group in sorted(groups.items()):
        n = len(group)
        same = sum(r["fast_text_hash"] == r["full_text_hash"] for r in group)
        near = sum(abs(r["fast_f1"] - r["full_f1"]) <= SAME_F1 for r in group)
        f1 = {k: sum(r[f"{k}_f1"] for r in group) / n for k in ROUTES}
        cpu = {k: sum(r[f"{k}_cpu"] for r in group) / n * 1000 for k in ROUTES}
        routes = [r.get("routed_route") for r in group]
        print(f"{part:5} {kind:14} {n:6} {same / n:5.0%} {near / n:6.0%} {f1['fast']:8.3f} "
              f"{f1['full']:8.3f} {f1['routed']:10.3f} {cpu['fast']:7.0f}ms {cpu['full']:7.0f}ms "
              f"{cpu['routed']:9.0f}ms {routes.count('escalated') / n:10.0%} "
              f"{routes.count('full') / n:5.0%}")  # fmt: skip


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
