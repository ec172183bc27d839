"""How often the page-type reader (cleaner/html/page_type.py) agrees with wcxb-dev's gold type.

Every wcxb-dev page is parsed and typed from its markup and its own URL; the table gives the
accuracy and, per gold type, the share typed right and what the others were typed as, on the
tune sites (where the reader's rules were written) and on the held-apart sites
(bench/splits.py).

    python bench/page_types.py
"""

from __future__ import annotations

import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from pages import DATA, wcxb_pages  # noqa: E402

from cleaner.html.page_type import page_type  # noqa: E402
from cleaner.html.parse import PageError, parse_html  # noqa: E402


def read_type(html: str, url: str | None) -> str:
    try:
        return page_type(parse_html(html), url)
    except PageError:
        return page_type(None, url)


def main() -> int:
    if not (DATA / "wcxb-dev").is_dir():
        print(f"skipped: no wcxb-dev at {DATA}")
        return 0
    found: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for page in wcxb_pages(keep_html=True):
        found[(page.part, page.page_type)][read_type(page.html, page.url)] += 1
    for part in ("tune", "held"):
        rows = {gold: typed for (p, gold), typed in found.items() if p == part}
        total = sum(sum(c.values()) for c in rows.values())
        right = sum(c[gold] for gold, c in rows.items())
        print(f"{part}: {right} of {total} pages typed as the gold says ({right / total:.1%})")
        print("| gold type | pages | typed right | typed as |")
        print("|---|---:|---:|---|")
        for gold, typed in sorted(rows.items(), key=lambda item: -sum(item[1].values())):
            pages = sum(typed.values())
            others = ", ".join(f"{t} {n}" for t, n in typed.most_common() if t != gold)
            print(f"| {gold} | {pages} | {typed[gold] / pages:.0%} | {others} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
