"""Measure the batch's site templates: word F1 and verdict fail rates with and without them.

A batch run learns, per site, the lines on most of the site's pages (``cleaner.batch.templates``)
and removes them (``--site-templates remove``, the default) or flags kept ones in the verdict
(``flag``). This runs every big9 page (9 sites of 20 pages) through the batch API once per
mode, as crude text dumps (bench/pages.py) and as raw HTML, each with a URL on its site (big9
gives none: the site's home URL plus the page's file name), and scores title + body against
the gold text. Per split part (bench/splits.py: tuned sites, held-apart sites) it prints the
mean word F1, the share of bad pages (F1 < 0.9) and of good pages (F1 >= 0.95) that fail, and
how many documents had template lines flagged or removed.

wcxb-dev and trafilatura-eval hold about one page per site: no line recurs on three pages of a
site there, so the memory learns nothing and both modes give the output of ``off``.

    python bench/site_templates.py                  # big9, dumps and HTML (a few minutes)
    python bench/site_templates.py --kind dump --limit 10
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from generic_dumps import bag_prf, tokens  # noqa: E402
from pages import Page, big9_pages  # noqa: E402
from quality import SITE_URLS  # noqa: E402

from cleaner.batch import templates  # noqa: E402
from cleaner.batch.run import TEMPLATES_MODES, BatchSettings, run_local  # noqa: E402
from cleaner.io import plan_inputs  # noqa: E402

BAD_F1, GOOD_F1 = 0.9, 0.95
"""The verdict bench's bands (bench/verdicts.py): bad pages should fail, good ones not."""


def page_url(page: Page, unknown: bool = False) -> str:
    """A URL on the page's site; ``unknown``: on a made-up host no site file matches, so the
    page is cleaned as a site nobody wrote rules for (most of a crawl)."""
    folder, name = page.name.split("/", 1) if "/" in page.name else (page.site, page.name)
    home = f"https://www.{folder}.example/" if unknown else SITE_URLS[folder]
    return home + name.removesuffix(".html.gz")


def input_records(pages: list[Page], kind: str, unknown: bool) -> list[dict[str, str]]:
    field = "text" if kind == "dump" else "html"
    return [
        {
            "id": str(i),
            "url": page_url(page, unknown),
            field: page.dump if kind == "dump" else page.html,
        }
        for i, page in enumerate(pages)
    ]


def run_mode(records: list[dict[str, str]], mode: str, folder: Path) -> list[dict]:
    """The batch run's output records, in input order."""
    source, output = folder / "in.jsonl", folder / f"out-{mode}.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    run_local(plan_inputs([str(source)]), str(output), BatchSettings(site_templates=mode), 1, False)
    with output.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def f1_of(page: Page, record: dict) -> float:
    if "error" in record:
        return 0.0
    found = f"{record.get('title') or ''}\n{record['text']}"
    return bag_prf(tokens(found), tokens(f"{page.headline}\n{page.gold}"))[2]


def rows(pages: list[Page], records: list[dict]) -> dict[str, dict[str, float]]:
    """Per split part: pages, mean F1, bad/good fail shares, documents flagged/removed."""
    groups: dict[str, list[tuple[float, dict]]] = defaultdict(list)
    for page, record in zip(pages, records, strict=True):
        groups[page.part].append((f1_of(page, record), record))
    table = {}
    for part, scored in sorted(groups.items()):
        bad = [r for f1, r in scored if f1 < BAD_F1]
        good = [r for f1, r in scored if f1 >= GOOD_F1]
        table[part] = {
            "pages": len(scored),
            "f1": sum(f1 for f1, _ in scored) / len(scored),
            "bad": len(bad),
            "bad_fail": share_failed(bad),
            "good": len(good),
            "good_fail": share_failed(good),
            "flagged": sum(
                any(f["code"] == "site-template" for f in findings(r)) for _, r in scored
            ),
            "removed": sum(
                any(x["rule"] == "batch.site-template" for x in r.get("removed", []))
                for _, r in scored
            ),
        }
    return table


def findings(record: dict) -> list[dict]:
    return (record.get("verdict") or {}).get("findings", [])


def share_failed(records: list[dict]) -> float:
    failed = sum((r.get("verdict") or {}).get("status") == "fail" for r in records)
    return failed / len(records) if records else 0.0


def first_per_site(pages: list[Page], limit: int) -> list[Page]:
    seen: dict[str, int] = defaultdict(int)
    chosen = []
    for page in pages:
        seen[page.site] += 1
        if seen[page.site] <= limit:
            chosen.append(page)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", choices=("dump", "html", "both"), default="both")
    parser.add_argument("--limit", type=int, help="pages per site")
    parser.add_argument(
        "--unknown-sites",
        action="store_true",
        help="give the pages URLs no site file matches: the generic path, as for most of a crawl",
    )
    parser.add_argument(
        "--min-share",
        type=float,
        help="try another TEMPLATE_MIN_SHARE (the share of a site's pages a template line is on)",
    )
    args = parser.parse_args()
    if args.min_share is not None:
        templates.TEMPLATE_MIN_SHARE = args.min_share  # read at each test: one job, this process
    pages = [p for p in big9_pages(keep_html=True) if p.gold is not None]
    if args.limit:
        pages = first_per_site(pages, args.limit)
    kinds = ("dump", "html") if args.kind == "both" else (args.kind,)
    sites = "unknown sites (generic path)" if args.unknown_sites else "with their site files"
    print(f"big9 pages {sites}")
    print("kind  mode    part   pages  mean F1  bad  bad fail  good  good fail  flagged  removed")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in kinds:
            records = input_records(pages, kind, args.unknown_sites)
            for mode in TEMPLATES_MODES[::-1]:  # off first: the baseline
                for part, row in rows(pages, run_mode(records, mode, Path(tmp))).items():
                    print(
                        f"{kind:5} {mode:7} {part:5} {row['pages']:6} {row['f1']:8.4f} "
                        f"{row['bad']:4} {row['bad_fail']:9.1%} {row['good']:5} "
                        f"{row['good_fail']:10.1%} {row['flagged']:8} {row['removed']:8}",
                        flush=True,
                    )


if __name__ == "__main__":
    main()
