"""Measure `cleaner suggest`: draft rules from half of a site's pages, score them on the other half.

For each big9 site, pages sorted by name are split alternately (even positions draft, odd
positions are scored), so each template era (2005/2009/2013/2017) is on both sides. The draft
is applied exactly as written, with no hand edits, the way `cleaner clean --no-bundled-sites
--rules DRAFTS/` runs it: the bundled generic rules plus only the drafted site file. It is
scored next to the hand-written site rules and next to no site rules, on the HTML pages and on
crude text dumps of them (`bench/generic_dumps.py`'s `crude_dump` and bag-of-words scoring:
title + body against the gold, which holds the headline).

    python bench/suggest.py                    # every site, HTML and text
    python bench/suggest.py --sites bbc,cnn    # some sites
    python bench/suggest.py --keep DRAFTS      # keep the drafted files for reading
    python bench/suggest.py --no-guard         # drafts without the leave-one-page-out guard
    python bench/suggest.py --part tune        # only the sites on the tune side of the split

Drafts are made as `cleaner suggest` makes them, its guard included (each of the ten draft pages
judges a draft made from the other nine; the scored pages are never seen); `--no-guard` drafts
without it. Each row says which side of the project's site split (bench/splits.py) the site
is on: the suggest thresholds were tuned on the "tune" sites only.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.generic_dumps import bag_prf, tokens  # noqa: E402
from bench.pages import DATA, crude_dump, decode  # noqa: E402
from bench.quality import SITE_URLS  # noqa: E402
from bench.splits import part_of, site_of  # noqa: E402
from cleaner.authoring.suggest import Draft, draft_rule_file  # noqa: E402
from cleaner.pipeline import clean  # noqa: E402
from cleaner.rulebook.load import Rulebook  # noqa: E402

AIM_GAP = 0.01
"""The aim on average: the drafts within this much F1 of the hand-written rules."""
AIM_FLOOR_SLACK = 0.0005
"""And on every site never below no site rules (beyond the table's rounding)."""


@dataclass
class SitePages:
    site: str
    url: str
    draft_from: list[tuple[str, str]]
    """(html, dump) of the pages the draft is made from."""
    scored: list[tuple[str, str, str]]
    """(html, dump, gold) of the pages it is scored on."""
    names: list[str]
    """The scored pages' file names, for ``--per-page``."""
    urls: list[str] | None = None
    """The scored pages' own URLs (wcxb-dev); big9 pages are cleaned with ``url``."""
    with_title: bool = True
    """Whether the gold opens with the headline (big9), so the title is scored with the body;
    wcxb-dev's gold is the main text alone."""


def site_pages(site: str) -> SitePages:
    paths = sorted((DATA / "big9" / site).glob("*.html.gz"))
    pages, names = [], []
    for path in paths:
        names.append(path.name.removesuffix(".html.gz"))
        gold = path.with_name(path.name.removesuffix(".html.gz") + ".gold.txt")
        html = decode(gzip.decompress(path.read_bytes()))
        pages.append((html, crude_dump(html), decode(gold.read_bytes()) if gold.exists() else ""))
    draft_from = [(h, d) for h, d, _ in pages[0::2]]
    return SitePages(site, SITE_URLS[site], draft_from, pages[1::2], names[1::2])


def wcxb_sites(min_pages: int) -> list[SitePages]:
    """wcxb-dev's sites with ``min_pages`` or more pages (of any page type), split as big9's:
    pages sorted by id, even positions draft, odd positions are scored against the gold main
    text. A check that the drafter holds beyond news: many of these sites mix page types and
    subdomains (a shop's products and collections, a university's departments)."""
    folder = DATA / "wcxb-dev"
    with gzip.open(folder / "ground-truth.jsonl.gz", "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    by_site: dict[str, list[dict]] = {}
    for record in sorted(records, key=lambda r: r["id"]):
        if record.get("url"):
            by_site.setdefault(site_of(record["url"]), []).append(record)
    sites = []
    for site, chosen in sorted(by_site.items()):
        if len(chosen) < min_pages:
            continue
        pages = []
        for record in chosen:
            raw = gzip.decompress((folder / "html" / f"{record['id']}.html.gz").read_bytes())
            html = raw.decode("utf-8", errors="replace")
            pages.append((html, crude_dump(html), record["main_content"], record))
        draft_from = [(h, d) for h, d, _, _ in pages[0::2]]
        scored = [(h, d, g) for h, d, g, _ in pages[1::2]]
        names = [f"{r['id']} ({r['page_type']})" for *_, r in pages[1::2]]
        urls = [r["url"] for *_, r in pages[1::2]]
        sites.append(SitePages(site, chosen[0]["url"], draft_from, scored, names, urls, False))
    return sites


def page_f1s(pages: SitePages, rulebook: Rulebook, kind: str) -> list[float]:
    scores = []
    urls = pages.urls or [pages.url] * len(pages.scored)
    for (html, dump, gold), url in zip(pages.scored, urls, strict=True):
        doc = clean(html if kind == "html" else dump, url, kind=kind, rulebook=rulebook)
        found = f"{doc.title}\n{doc.text}" if doc.title and pages.with_title else doc.text
        scores.append(bag_prf(tokens(found), tokens(gold))[2])
    return scores


def mean(scores: list[float]) -> float:
    return sum(scores) / len(scores) if scores else 0.0


def drafted_rulebook(
    pages: SitePages, kind: str, folder: Path, guard: bool = True
) -> tuple[Rulebook, str]:
    """The bundled generic rules plus the draft made from the draft half (as --no-bundled-sites)."""
    domain = site_of(pages.url)
    inputs = [html if kind == "html" else dump for html, dump in pages.draft_from]
    draft = draft_rule_file(inputs, domain, guard=guard)
    target = folder / kind / "sites" / f"{domain}.toml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(draft.toml, "utf-8")
    rules = sum(1 for line in draft.toml.splitlines() if line == "[[rules]]")
    selectors = sum(1 for name, _ in draft.touched if name.startswith("html."))
    size = f"{rules}r/{selectors}s{guarded(draft)}"
    return Rulebook.load([folder / kind], bundled_sites=False), size


def guarded(draft: Draft) -> str:
    """What the guard did: ', none' when it proposed nothing, ', -N' when it dropped N parts."""
    report = draft.guard
    if report is None or not report.pages:
        return ""
    if report.no_gain:
        return ", none"
    return f", -{len(report.dropped)}" if report.dropped else ""


def run(
    sites: list[SitePages],
    kinds: list[str],
    folder: Path,
    guard: bool = True,
    per_page: bool = False,
) -> list[tuple]:
    hand = Rulebook.load()
    none = Rulebook([f for f in hand.files if f.generic])
    rows = []
    for pages in sites:
        site = pages.site
        for kind in kinds:
            drafted, size = drafted_rulebook(pages, kind, folder, guard)
            scores = [page_f1s(pages, rules, kind) for rules in (drafted, hand, none)]
            row = (site, part_of(site), kind, len(pages.scored), size, *map(mean, scores))
            rows.append(row)
            print(format_row(row), flush=True)
            if per_page:
                for name, draft, by_hand, bare in zip(pages.names, *scores, strict=True):
                    print(f"|   {name} | | | | | {draft:.3f} | {by_hand:.3f} | {bare:.3f} | |")
    return rows


HEADER = (
    "| site | part | input | pages | draft size | draft F1 | hand F1 | no rules F1 "
    "| not below no rules |"
)


def format_row(row: tuple) -> str:
    site, part, kind, count, size, draft, hand, none = row
    aim = "yes" if draft >= none - AIM_FLOOR_SLACK else "no"
    return (
        f"| {site} | {part} | {kind} | {count} | {size} | {draft:.3f} | {hand:.3f} "
        f"| {none:.3f} | {aim} |"
    )


def summary(rows: list[tuple]) -> list[str]:
    lines = []
    for kind in sorted({row[2] for row in rows}):
        chosen = [row for row in rows if row[2] == kind]
        for part in ("tune", "held"):
            side = [row for row in chosen if row[1] == part]
            if side:
                means = [sum(row[i] for row in side) / len(side) for i in (5, 6, 7)]
                met = sum(format_row(row).endswith("yes |") for row in side)
                close = "within" if means[0] >= means[1] - AIM_GAP else "not within"
                lines.append(
                    f"| mean | {part} | {kind} | {sum(r[3] for r in side)} | | {means[0]:.3f} "
                    f"| {means[1]:.3f} | {means[2]:.3f} | {met}/{len(side)} not below no rules; "
                    f"{close} {AIM_GAP} of hand |"
                )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", help="comma-separated big9 site folders (default: all)")
    parser.add_argument("--kinds", default="html,text", help="html, text or both")
    parser.add_argument("--keep", metavar="DIR", help="write the drafts here and keep them")
    parser.add_argument("--no-guard", action="store_true", help="draft without the guard")
    parser.add_argument("--per-page", action="store_true", help="each scored page's F1 too")
    parser.add_argument(
        "--part", choices=("tune", "held"),
        help="only the sites on this side of the split (bench/splits.py): work on tune sites "
             "without reading the held-apart ones",
    )  # fmt: skip
    parser.add_argument(
        "--wcxb", type=int, metavar="N",
        help="wcxb-dev's sites with N or more pages instead of big9 (no hand-written files: "
             "the hand column is the bundled files, which hold none of them)",
    )  # fmt: skip
    args = parser.parse_args(argv)
    corpus = "wcxb-dev" if args.wcxb else "big9"
    if not (DATA / corpus).is_dir():
        print(f"{corpus} not found under {DATA}: skipped")
        return 0
    if args.wcxb:
        sites = wcxb_sites(args.wcxb)
        if args.sites:
            sites = [pages for pages in sites if pages.site in args.sites.split(",")]
    else:
        names = args.sites.split(",") if args.sites else sorted(SITE_URLS)
        sites = [site_pages(name) for name in names]
    if args.part:
        sites = [pages for pages in sites if part_of(pages.site) == args.part]
    kinds = args.kinds.split(",")
    print("draft size: line rules (r) and [html] selectors (s) in the drafted file; the guard "
          "proposed nothing (none) or dropped N parts (-N)")  # fmt: skip
    print(HEADER)
    print("|---|---|---|---:|---|---:|---:|---:|---|")
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(args.keep) if args.keep else Path(scratch)
        rows = run(sites, kinds, folder, not args.no_guard, args.per_page)
    print("\n".join(summary(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
