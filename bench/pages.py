"""The development pages as crude text dumps, shared by the generic-pass bench and the training
of the line model.

A crawler that knows nothing about a site writes "all page text": lxml parses the HTML,
script/style/noscript/template go, and every block-level element's text becomes its own line
(innerText-style). No extractor touches the dump. Each page carries its site and its side of
the split (``bench/splits.py``), and whatever gold its corpus has: big9 a gold text (headline
first), wcxb-dev the full main text, trafilatura-eval snippets the text must (not) contain.

Dumps are cached under ``$CLEANER_BENCH_CACHE`` when it is set (making them is most of the time
of a bench run), keyed by the page's path and size.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import lxml.html
import regex
from lxml import etree
from splits import Part, part_of, site_of

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
CORPORA = ("big9", "trafilatura-eval", "wcxb-dev")

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
DUMP_FORMAT = "2"
"""Bump when ``crude_dump`` changes, so cached dumps are made again."""
UTF8_PARSER = lxml.html.HTMLParser(encoding="utf-8")
"""``crude_dump`` hands lxml the page as UTF-8 bytes (``decode`` already read its charset), so
lxml must not read them again under the page's own meta charset: a page that declares
iso-8859-1 came out of format 1 garbled ('Gesine aus TÃ¼bingen'), and its gold snippets and
words, in the right letters, were not found in its dump."""


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
        tree = lxml.html.document_fromstring(html.encode("utf-8"), parser=UTF8_PARSER)
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


def cached_dump(path: Path, html: str) -> str:
    """``crude_dump(html)``, from the cache when one is set and holds it."""
    cache = os.environ.get("CLEANER_BENCH_CACHE")
    if not cache:
        return crude_dump(html)
    key = hashlib.sha256(f"{DUMP_FORMAT}:{path}:{path.stat().st_size}".encode()).hexdigest()
    cached = Path(cache) / "dumps" / f"{key[:32]}.txt"
    if cached.exists():
        return cached.read_text(encoding="utf-8")
    dump = crude_dump(html)
    cached.parent.mkdir(parents=True, exist_ok=True)
    temporary = cached.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_text(dump, encoding="utf-8")
    temporary.replace(cached)
    return dump


# --- the corpora -----------------------------------------------------------------------------


@dataclass(slots=True)
class Page:
    corpus: str
    name: str
    site: str
    dump: str
    gold: str | None = None
    """The full body text where the corpus has it (big9: without its headline line)."""
    headline: str | None = None
    """big9's gold opens with the headline: scored with the body, not body for the labels."""
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)
    page_type: str = "article"
    html: str = ""
    """The page itself, kept only when asked for (the extractor reference row)."""
    url: str | None = None
    """The page's own URL where the corpus gives it (wcxb-dev, trafilatura-eval)."""

    @property
    def part(self) -> Part:
        return part_of(self.site)


def big9_pages(limit: int | None = None, keep_html: bool = False) -> Iterator[Page]:
    folder = DATA / "big9"
    paths = sorted(folder.glob("*/*.html.gz"))
    for path in paths[:limit] if limit else paths:
        gold_path = path.with_name(path.name.removesuffix(".html.gz") + ".gold.txt")
        if not gold_path.exists():
            continue
        html = decode(gzip.decompress(path.read_bytes()))
        gold = decode(gold_path.read_bytes())
        headline, _, body = gold.strip().partition("\n")
        yield Page(
            corpus="big9",
            name=f"{path.parent.name}/{path.name}",
            site=site_of(path.parent.name),
            dump=cached_dump(path, html),
            gold=body,
            headline=headline,
            html=html if keep_html else "",
        )


def trafilatura_pages(limit: int | None = None, keep_html: bool = False) -> Iterator[Page]:
    folder = DATA / "trafilatura-eval"
    answers = json.loads((folder / "evaldata.json").read_text(encoding="utf-8"))
    items = sorted(answers.items())
    for url, item in items[:limit] if limit else items:
        path = next(
            (p for p in (folder / sub / f"{item['file']}.gz" for sub in ("eval", "cache"))
             if p.exists()),
            None,
        )  # fmt: skip
        if path is None:
            continue
        html = decode(gzip.decompress(path.read_bytes()))
        yield Page(
            corpus="trafilatura-eval",
            name=item["file"],
            site=site_of(url, item["file"]),
            dump=cached_dump(path, html),
            with_snippets=item["with"],
            without_snippets=item["without"],
            html=html if keep_html else "",
            url=url if "//" in url else None,
        )


def wcxb_pages(limit: int | None = None, keep_html: bool = False) -> Iterator[Page]:
    folder = DATA / "wcxb-dev"
    with gzip.open(folder / "ground-truth.jsonl.gz", "rt", encoding="utf-8") as lines:
        records = [json.loads(line) for line in lines if line.strip()]
    records.sort(key=lambda record: record["id"])
    for record in records[:limit] if limit else records:
        path = folder / "html" / f"{record['id']}.html.gz"
        if not path.exists():
            continue
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        yield Page(
            corpus="wcxb-dev",
            name=record["id"],
            site=site_of(record.get("url"), record["id"]),
            dump=cached_dump(path, html),
            gold=record["main_content"],
            with_snippets=record.get("with") or [],
            without_snippets=record.get("without") or [],
            page_type=record.get("page_type") or "article",
            html=html if keep_html else "",
            url=record.get("url"),
        )


LOADERS = {"big9": big9_pages, "trafilatura-eval": trafilatura_pages, "wcxb-dev": wcxb_pages}


def corpus_pages(corpus: str, limit: int | None = None, keep_html: bool = False) -> list[Page]:
    """The pages of one corpus in a fixed order; none when its folder is absent."""
    if not (DATA / corpus).is_dir():
        return []
    return list(LOADERS[corpus](limit, keep_html))
