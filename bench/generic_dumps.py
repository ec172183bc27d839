"""Bench the generic pass on crude text dumps of pages from sites nobody wrote rules for.

Each page in ../shared/data/ is turned into "all page text, as a crude crawler writes it": lxml
parses the HTML, script/style/noscript/template go, and every block-level element's text becomes
its own line (innerText-style). No extractor touches the dump. The same dumps are then cleaned
by the cleaner's text path (no URL, so site rules match only by signature), by the cleaner with
the generic rule files only (the main figure), by a C4-style line filter, and left as they are.

    python bench/generic_dumps.py                 # both datasets, full table
    python bench/generic_dumps.py --limit 50      # first 50 pages of each dataset
    python bench/generic_dumps.py --worst 10      # also list the 10 worst big9 pages (cleaner)

big9 is scored as bag-of-words precision/recall/F1 against the gold text (headline included:
the cleaner's title + body), averaged over pages; trafilatura-eval by its snippets (a `with`
snippet found is a true positive, missing a false negative; a `without` snippet found a false
positive), pooled over pages as trafilatura's own evaluation does.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import regex
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT))

import cleaner  # noqa: E402
from cleaner.rulebook import Rulebook  # noqa: E402

DROPPED_TAGS = ("head", "script", "style", "noscript", "template")
"""innerText of the body: the head (title, meta) is not page text."""
BLOCK_TAG_NAMES = (
    "address article aside blockquote body caption dd details dialog div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul option select textarea label button"
)
BLOCK_TAGS = frozenset(BLOCK_TAG_NAMES.split())
PARAGRAPH_TAGS = frozenset(
    ("p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "table", "ul", "ol")
)
"""Blocks that innerText sets off by a blank line rather than a single line break."""
BREAK, PARAGRAPH = "\x00", "\x01"
SEPARATOR = regex.compile(r"\s*[\x00\x01][\s\x00\x01]*")
ARCHIVE_TOOLBAR = "//*[@id='wm-ipp' or @id='wm-ipp-base' or @id='donato']"
"""The web archive's toolbar, inserted into the archived big9 pages: not the site's page."""
SPACES = regex.compile(r"[ \t\r\f\v\u00a0]+")
TOKEN = regex.compile(r"[\p{L}\p{N}]+")
APOSTROPHES = regex.compile(r"['’‘`´]")
C4_MIN_WORDS = 5
C4_TERMINAL = regex.compile(r"[.!?][\"'”’)\]]*$")


# --- the crude dump --------------------------------------------------------------------------


def cp1252_for_stray_bytes(error: UnicodeError) -> tuple[str, int]:
    """A codec error handler: read the bytes UTF-8 cannot as cp1252."""
    assert isinstance(error, UnicodeDecodeError)
    stray = error.object[error.start : error.end]
    return stray.decode("cp1252", errors="replace"), error.end


codecs.register_error("cp1252-for-stray-bytes", cp1252_for_stray_bytes)


def decode(data: bytes) -> str:
    """Pages carry no reliable charset: UTF-8, with cp1252 for each byte that is not UTF-8.

    Pages mix the two (a cp1252 ad snippet in a UTF-8 page); decoding the whole page as
    cp1252 would garble every accented letter of the story.
    """
    return data.decode("utf-8", errors="cp1252-for-stray-bytes")


def crude_dump(html: str) -> str:
    """Every block-level element's text on lines of its own, like a naive innerText dump."""
    try:
        tree = lxml.html.document_fromstring(html.encode("utf-8"))
    except (etree.ParserError, ValueError):
        return ""
    etree.strip_elements(tree, *DROPPED_TAGS, etree.Comment, etree.ProcessingInstruction,
                         with_tail=False)  # fmt: skip
    for toolbar in tree.xpath(ARCHIVE_TOOLBAR):
        toolbar.drop_tree()
    parts: list[str] = []
    walk(tree, parts)
    text = SEPARATOR.sub(lambda m: "\n\n" if PARAGRAPH in m.group() else "\n", "".join(parts))
    lines = (SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines).strip() + "\n"


def walk(root: etree._Element, parts: list[str]) -> None:
    """Append the text under ``root`` to ``parts``, with BREAK marks around block elements."""
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        gap = (PARAGRAPH if tag in PARAGRAPH_TAGS else BREAK) if tag in BLOCK_TAGS else ""
        if event == "start":
            parts.append(gap + (BREAK if tag == "br" else "") + (element.text or ""))
        else:
            parts.append(gap + (element.tail or "" if element is not root else ""))


# --- what is scored --------------------------------------------------------------------------


@dataclass(slots=True)
class Output:
    text: str
    """What snippet scoring sees: the body."""
    with_title: str
    """What big9 scoring sees: the headline (where the method finds one) and the body."""


def cleaner_method(rulebook: Rulebook) -> Callable[[str], Output]:
    def run(dump: str) -> Output:
        doc = cleaner.clean(dump, kind="text", rulebook=rulebook)
        head = f"{doc.title}\n" if doc.title else ""
        return Output(doc.text, head + doc.text)

    return run


def c4_filter(dump: str) -> Output:
    """C4's line rule: keep lines that end in terminal punctuation and have 5+ words."""
    kept = [
        line
        for line in dump.splitlines()
        if len(line.split()) >= C4_MIN_WORDS and C4_TERMINAL.search(line.rstrip())
    ]
    text = "\n".join(kept)
    return Output(text, text)


def baseline(dump: str) -> Output:
    return Output(dump, dump)


EXTRACTOR_ROW = "(reference) trafilatura on the HTML"


def trafilatura_on_html(html: str) -> Output:
    """What an extractor that sees the markup reaches: context for the dump methods' figures."""
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False) or ""
    title = (trafilatura.extract_metadata(html) or None) if text else None
    head = f"{title.title}\n" if title is not None and title.title else ""
    return Output(text, head + text)


def methods() -> dict[str, Callable[[str], Output]]:
    full = cleaner.default_rulebook()
    generic_only = Rulebook([f for f in full.files if f.generic])
    return {
        "cleaner (generic rules)": cleaner_method(generic_only),
        "cleaner (all rules, no url)": cleaner_method(full),
        "C4 line filter": c4_filter,
        "dump unfiltered": baseline,
    }


# --- datasets ---------------------------------------------------------------------------------


@dataclass(slots=True)
class Page:
    name: str
    dump: str
    gold: str | None = None
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)
    html: str = ""
    """The page itself, kept only for the optional extractor reference row."""


def big9_pages(limit: int | None, keep_html: bool = False) -> Iterator[Page]:
    folder = DATA / "big9"
    paths = sorted(folder.glob("*/*.html.gz"))
    for path in paths[:limit] if limit else paths:
        gold = path.with_name(path.name.removesuffix(".html.gz") + ".gold.txt")
        if not gold.exists():
            continue
        html = decode(gzip.decompress(path.read_bytes()))
        page = Page(f"{path.parent.name}/{path.name}", crude_dump(html), decode(gold.read_bytes()))
        page.html = html if keep_html else ""
        yield page


def trafilatura_pages(limit: int | None, keep_html: bool = False) -> Iterator[Page]:
    folder = DATA / "trafilatura-eval"
    answers = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    items = sorted(answers.items())
    for _url, item in items[:limit] if limit else items:
        path = next(
            (p for p in (folder / sub / f"{item['file']}.gz" for sub in ("eval", "cache"))
             if p.exists()),
            None,
        )  # fmt: skip
        if path is None:
            continue
        html = decode(gzip.decompress(path.read_bytes()))
        page = Page(item["file"], crude_dump(html), None, item["with"], item["without"])
        page.html = html if keep_html else ""
        yield page


# --- scoring ---------------------------------------------------------------------------------


def tokens(text: str) -> Counter[str]:
    """Word tokens, casefolded; apostrophes dropped, as the big9 gold text drops them."""
    return Counter(t.casefold() for t in TOKEN.findall(APOSTROPHES.sub("", text)))


def bag_prf(found: str, gold: str) -> tuple[float, float, float]:
    got, want = tokens(found), tokens(gold)
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


def prf(tp: int, fn: int, fp: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class Tally:
    seconds: float = 0.0
    pages: int = 0
    sums: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0])
    counts: list[int] = field(default_factory=lambda: [0, 0, 0])
    per_page: list[tuple[float, str]] = field(default_factory=list)

    def scores(self, pooled: bool) -> tuple[float, float, float]:
        if pooled:
            return prf(*self.counts)
        return tuple(s / self.pages for s in self.sums) if self.pages else (0.0, 0.0, 0.0)


def run_dataset(pages: list[Page], runners: dict[str, Callable[[str], Output]]) -> dict:
    tallies = {name: Tally() for name in runners}
    for page in pages:
        for name, run in runners.items():
            started = time.perf_counter()
            out = run(page.html if name == EXTRACTOR_ROW else page.dump)
            tally = tallies[name]
            tally.seconds += time.perf_counter() - started
            tally.pages += 1
            if page.gold is not None:
                scores = bag_prf(out.with_title, page.gold)
                tally.sums = [a + b for a, b in zip(tally.sums, scores, strict=True)]
                tally.per_page.append((scores[2], page.name))
            else:
                counts = snippet_counts(out.text, page)
                tally.counts = [a + b for a, b in zip(tally.counts, counts, strict=True)]
    return tallies


def table(rows: list[tuple[str, str, Tally, bool]]) -> str:
    lines = [
        "| dataset | method | pages | precision | recall | F1 | pages/s |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for dataset, name, tally, pooled in rows:
        p, r, f = tally.scores(pooled)
        speed = tally.pages / tally.seconds if tally.seconds else float("inf")
        lines.append(
            f"| {dataset} | {name} | {tally.pages} | {p:.3f} | {r:.3f} | {f:.3f} | {speed:,.0f} |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="pages per dataset (default: all)")
    parser.add_argument("--dataset", choices=("big9", "trafilatura-eval"), action="append")
    parser.add_argument("--worst", type=int, default=0, help="list the N worst big9 pages")
    parser.add_argument(
        "--trafilatura",
        action="store_true",
        help="add trafilatura on the HTML itself as a reference row (not a dump method)",
    )
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"skipped: no development data at {DATA}")
        return 0
    datasets = args.dataset or ["big9", "trafilatura-eval"]
    runners = methods()
    if args.trafilatura:
        runners[EXTRACTOR_ROW] = trafilatura_on_html
    rows = []
    for dataset in datasets:
        source = big9_pages if dataset == "big9" else trafilatura_pages
        if not (DATA / dataset).is_dir():
            print(f"skipped {dataset}: not in {DATA}")
            continue
        pages = list(source(args.limit, keep_html=args.trafilatura))
        tallies = run_dataset(pages, runners)
        rows.extend((dataset, n, t, dataset != "big9") for n, t in tallies.items())
        if dataset == "big9" and args.worst:
            worst = sorted(next(iter(tallies.values())).per_page)[: args.worst]
            print("\n".join(f"{f1:.3f} {name}" for f1, name in worst) + "\n")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
