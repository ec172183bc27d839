"""Cleaning output unchanged: a digest of what the cleaner makes of every fixture and every
development page, recorded once and checked after a change that must not alter any output (a
restructure of the package, a refactor).

    python bench/same_output.py --write               # record the digests at this commit
    python bench/same_output.py                       # check: exit 1 on any difference
    python bench/same_output.py --corpus fixtures     # the fixtures only (seconds)
    python bench/same_output.py --allow fixes.txt     # keys whose change is an intended fix
    python bench/same_output.py --digests base.json.gz --write   # a baseline of the big
                                                      # corpora, leaving the committed file be

Inputs: every fixture input under fixtures/ (found as tests/test_goldens.py finds them, with the
URL of its ``.expected.json``; the gzipped charset page goes in as bytes) and, when the
development data (bench/README.md) is present, each page of big9, trafilatura-eval and wcxb-dev
twice (as bench/verdicts.py cleans them): as HTML with its site's URL, and as its crude text
dump (bench/pages.py) without one. Each is cleaned with the public API only (``cleaner.clean``),
so the check runs unchanged when modules move. The digests file holds, per input, a digest of
the cleaned document (body, title, metadata, sites, path, removals, warnings, verdict) and one
per field, to name what changed; page names and digests only, never page text. ``--allow`` names
keys whose change is intended, one ``key  # reason`` a line: reported, not failed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, islice
from multiprocessing import Pool
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import cleaner  # noqa: E402

FIXTURES = ROOT / "fixtures"
DIGESTS = ROOT / "bench" / "output_digests.json.gz"
FIXTURE_PART = "fixtures"
CORPORA = ("big9", "trafilatura-eval", "wcxb-dev")
"""bench/pages.py's corpora, named here so that the fixtures check needs none of its code."""
PARTS = (FIXTURE_PART, *CORPORA)
FIXTURE_SUFFIXES = {".txt": "text", ".html": "html", ".html.gz": "html"}
"""The golden test's inputs (``.txt``, ``.html``) and the charset test's gzipped page."""
DIGEST_CHARS = 16
"""64 bits of sha256: a chance collision among some 6,000 inputs is out of the question."""
FIELD_DIGEST_CHARS = 8
"""Enough to tell which field changed, short enough to keep the file small."""
SHARE_DECIMALS = 4
"""The verdict's estimated shares: far finer than any threshold, coarse enough that a float
summed in another order does not count as a change."""
LISTED = 20
"""Differing keys listed in the report; the rest are counted."""
DEFAULT_WORKERS = 2
"""The development machine's two cores; the digests do not depend on it (the map keeps order)."""
CHUNKSIZE = 4
"""Inputs handed to a worker at a time: few, as a page takes from milliseconds to seconds."""

Task = tuple[str, str | bytes, str | None, str]
"""(key, raw input, URL, kind) of one cleaning."""
Entry = dict[str, Any]
"""One key's record: ``{"digest": ..., "fields": {field: digest}}``."""


# --- the inputs -------------------------------------------------------------------------------


def fixture_suffix(path: Path) -> str | None:
    """The input suffix of a fixture input, None for goldens and other files."""
    if ".expected" in path.name:
        return None
    return next((s for s in FIXTURE_SUFFIXES if path.name.endswith(s)), None)


def fixture_tasks() -> list[Task]:
    """Every fixture input with its golden's URL (if any), in path order."""
    tasks = []
    for path in sorted(p for p in FIXTURES.rglob("*") if p.is_file() and fixture_suffix(p)):
        suffix = fixture_suffix(path)
        meta = path.with_name(path.name.removesuffix(suffix) + ".expected.json")
        url = json.loads(meta.read_text("utf-8")).get("url") if meta.exists() else None
        key = f"{FIXTURE_PART}/{path.relative_to(FIXTURES).as_posix()}"
        tasks.append((key, fixture_input(path), url, FIXTURE_SUFFIXES[suffix]))
    return tasks


def fixture_input(path: Path) -> str | bytes:
    """A text fixture as UTF-8 text (as the golden test reads it), a gzipped page as bytes (so
    the cleaner decodes it, as the charset test has it)."""
    if path.suffix == ".gz":
        return gzip.decompress(path.read_bytes())
    return path.read_text("utf-8")


def corpus_present(corpus: str) -> bool:
    from pages import DATA

    return (DATA / corpus).is_dir()


def corpus_tasks(corpus: str) -> Iterator[Task]:
    """Each page of a corpus as HTML with its URL and as its crude dump without one."""
    from pages import corpus_pages

    for page in corpus_pages(corpus, keep_html=True):
        yield f"{corpus}/{page.name}/html", page.html, page_url(page), "html"
        yield f"{corpus}/{page.name}/dump", page.dump, None, "text"


def page_url(page) -> str | None:
    """The URL bench/verdicts.py gives a page's HTML: big9's site's, else the page's site's
    home page (none for a page without a URL)."""
    from quality import SITE_URLS

    if page.corpus == "big9":
        return SITE_URLS.get(page.site)
    return None if page.site.startswith("no-url:") else f"https://{page.site}/"


# --- one cleaning, digested -------------------------------------------------------------------


def cleaned_state(raw: str | bytes, url: str | None, kind: str) -> dict[str, Any]:
    """What the cleaner makes of one input, as plain JSON data; an error is an output too."""
    return state_of(lambda: cleaner.clean(raw, url, kind=kind, rulebook=cleaner.default_rulebook()))


def state_of(cleaned: Callable[[], cleaner.Document]) -> dict[str, Any]:
    """``cleaned_state`` of the document ``cleaned()`` makes."""
    try:
        doc = cleaned()
    except Exception as exc:  # a page the cleaner rejects: the same rejection is the same output
        return {"error": f"{type(exc).__name__}: {exc}"}
    return {
        "text": doc.text,
        "kept": [line.number for line in doc.lines],
        "title": doc.title,
        "metadata": doc.metadata,
        "sites": doc.sites,
        "path": doc.path,
        "path_reason": doc.path_reason,
        "removed": [[r.line, r.rule, r.reason] for r in doc.removed],
        "warnings": doc.warnings,
        "verdict": verdict_state(doc.verdict),
    }


def verdict_state(verdict) -> dict[str, Any] | None:
    if verdict is None:
        return None
    return {
        "status": verdict.status,
        "reason": verdict.reason,
        "page_type": verdict.page_type,
        "words": verdict.words,
        "findings": [[f.code, f.line, f.original_line, f.severity] for f in verdict.findings],
        "junk_share": rounded(verdict.junk_share),
        "lost_share": rounded(verdict.lost_share),
        "quality": rounded(verdict.quality),
    }


def rounded(share: float | None) -> float | None:
    return None if share is None else round(share, SHARE_DECIMALS)


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()


def sha(value: Any, chars: int) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()[:chars]


def entry_of(state: dict[str, Any]) -> Entry:
    fields = {name: sha(value, FIELD_DIGEST_CHARS) for name, value in state.items()}
    return {"digest": sha(state, DIGEST_CHARS), "fields": fields}


def digest_task(task: Task) -> tuple[str, Entry]:
    key, raw, url, kind = task
    return key, entry_of(cleaned_state(raw, url, kind))


def digests(tasks: Iterable[Task], pool=None, prefetch: int = 0) -> dict[str, Entry]:
    """Every task's entry; the pool's ordered map keeps the result independent of scheduling.
    ``prefetch``: clean the tasks in chunks of this many, as a batch run does
    (``prefetched_entries``)."""
    if prefetch:
        chunks = batched(tasks, prefetch)
        found = (
            map(prefetched_entries, chunks)
            if pool is None
            else pool.imap(prefetched_entries, chunks)
        )
        return dict(chain.from_iterable(found))
    if pool is None:
        return dict(map(digest_task, tasks))
    return dict(pool.imap(digest_task, tasks, chunksize=CHUNKSIZE))


def batched(tasks: Iterable[Task], size: int) -> Iterator[tuple[Task, ...]]:
    """``tasks`` in chunks of ``size`` (the last may be shorter)."""
    stream = iter(tasks)
    while chunk := tuple(islice(stream, size)):
        yield chunk


def prefetched_entries(tasks: tuple[Task, ...]) -> list[tuple[str, Entry]]:
    """``digest_task`` of each of ``tasks`` cleaned as a batch run cleans a chunk: every
    document made first, the text documents' input lines scored in one run of the line model
    (``cleaner.pipeline.prefetch_line_scores``), then each cleaned. The digests must be those
    of one input at a time."""
    from cleaner.pipeline import page_document, prefetch_line_scores

    made: list[cleaner.Document | Exception] = []
    for _, raw, url, kind in tasks:
        try:
            made.append(page_document(raw, url, kind=kind))
        except Exception as exc:  # raised again below, where cleaned_state would meet it
            made.append(exc)
    prefetch_line_scores([doc for doc in made if isinstance(doc, cleaner.Document)])
    rulebook = cleaner.default_rulebook()

    def cleaned(doc: cleaner.Document | Exception) -> cleaner.Document:
        if isinstance(doc, Exception):
            raise doc
        return cleaner.clean_document(doc, rulebook)

    return [
        (task[0], entry_of(state_of(partial(cleaned, doc))))
        for task, doc in zip(tasks, made, strict=True)
    ]


# --- the digests file -------------------------------------------------------------------------


def read_digests(path: Path = DIGESTS) -> dict[str, Entry]:
    if not path.exists():
        return {}
    return json.loads(gzip.decompress(path.read_bytes()))


def write_digests(entries: dict[str, Entry], path: Path = DIGESTS) -> None:
    text = json.dumps(entries, sort_keys=True, indent=0, separators=(",", ":")) + "\n"
    path.write_bytes(gzip.compress(text.encode(), mtime=0))  # mtime 0: same digests, same bytes


def part_of(key: str) -> str:
    return key.split("/", 1)[0]


def read_allowed(path: Path | None) -> dict[str, str]:
    """``key  # reason`` lines: keys whose change is an intended fix; the reason is required."""
    allowed: dict[str, str] = {}
    if path is None:
        return allowed
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        key, _, reason = (s.strip() for s in line.partition("#"))
        if key and not reason:
            raise SystemExit(f"{path}:{number}: no reason given for {key} (key  # reason)")
        if key:
            allowed[key] = reason
    return allowed


# --- comparing --------------------------------------------------------------------------------


@dataclass
class Report:
    """How the recomputed entries of the parts checked compare with the recorded ones."""

    rows: dict[str, dict[str, int]] = field(default_factory=dict)
    changes: list[str] = field(default_factory=list)
    """A line per differing, missing or new key that fails the check."""
    allowed: list[str] = field(default_factory=list)
    """A line per key that changed as its ``--allow`` entry says."""

    @property
    def failed(self) -> bool:
        return bool(self.changes)


def changed_fields(old: Entry, new: Entry) -> list[str]:
    names = sorted(set(old["fields"]) | set(new["fields"]))
    return [n for n in names if old["fields"].get(n) != new["fields"].get(n)]


def compare(
    stored: dict[str, Entry], found: dict[str, Entry], parts: Iterable[str], allowed: dict[str, str]
) -> Report:
    report = Report()
    for part in parts:
        counts = dict.fromkeys(("pages", "same", "different", "missing", "new"), 0)
        keys = sorted({k for k in (*stored, *found) if part_of(k) == part})
        for key in keys:
            outcome, line = key_outcome(key, stored.get(key), found.get(key))
            counts["pages"] += key in found
            counts[outcome] += 1
            if outcome != "same" and key in allowed:
                report.allowed.append(f"{line}  # {allowed[key]}")
            elif outcome != "same":
                report.changes.append(line)
        report.rows[part] = counts
    return report


def key_outcome(key: str, old: Entry | None, new: Entry | None) -> tuple[str, str]:
    """(same | different | missing | new, the report line for it)."""
    if new is None:
        return "missing", f"{key}: missing (recorded, not cleaned now)"
    if old is None:
        return "new", f"{key}: new (cleaned now, not recorded)"
    if old["digest"] == new["digest"]:
        return "same", key
    return "different", f"{key}: {', '.join(changed_fields(old, new)) or 'digest'}"


def report_lines(report: Report) -> list[str]:
    lines = [f"{'part':<18} {'pages':>6} {'same':>6} {'different':>9} {'missing':>7} {'new':>5}"]
    for part, c in report.rows.items():
        lines.append(
            f"{part:<18} {c['pages']:>6} {c['same']:>6} {c['different']:>9} "
            f"{c['missing']:>7} {c['new']:>5}"
        )
    if report.changes:
        lines.append(f"changed ({len(report.changes)}), with the fields that differ:")
        lines += [f"  {line}" for line in report.changes[:LISTED]]
        if len(report.changes) > LISTED:
            lines.append(f"  ... and {len(report.changes) - LISTED} more")
    if report.allowed:
        lines.append(f"changed as allowed ({len(report.allowed)}):")
        lines += [f"  {line}" for line in report.allowed]
    return lines


# --- the run ----------------------------------------------------------------------------------


def parts_tasks(parts: Iterable[str]) -> Iterator[tuple[str, Iterable[Task]]]:
    """(part, its tasks) for each part asked for whose inputs are here."""
    for part in parts:
        if part == FIXTURE_PART:
            yield part, fixture_tasks()
        elif corpus_present(part):
            yield part, corpus_tasks(part)
        else:
            print(f"skipped {part}: no development data for it beside the repository")


def run(
    parts: Iterable[str], workers: int, prefetch: int = 0
) -> tuple[dict[str, Entry], list[str]]:
    """The entries of every part whose inputs are here, and the names of those parts."""
    found: dict[str, Entry] = {}
    done: list[str] = []
    with Pool(workers) if workers > 1 else nullcontext() as pool:
        for part, tasks in parts_tasks(parts):
            started = time.perf_counter()
            entries = digests(tasks, pool, prefetch)
            print(f"{part}: {len(entries)} cleaned in {time.perf_counter() - started:.0f} s")
            found.update(entries)
            done.append(part)
    return found, done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record the digests (the baseline)")
    parser.add_argument("--corpus", choices=PARTS, help="only this corpus (or the fixtures)")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--allow", type=Path, help="keys whose change is intended: key  # reason")
    parser.add_argument(
        "--digests",
        type=Path,
        default=DIGESTS,
        help="the digests file to write or compare with (default: the committed one); another "
        "file holds a baseline recorded at another commit without touching the committed one",
    )
    parser.add_argument(
        "--prefetch",
        type=int,
        default=0,
        metavar="N",
        help="clean in chunks of N as a batch run does (the line model scores each chunk's "
        "text inputs in one run first): the digests must be the same",
    )
    args = parser.parse_args(argv)
    allowed = read_allowed(args.allow)
    found, done = run([args.corpus] if args.corpus else PARTS, args.workers, args.prefetch)
    stored = read_digests(args.digests)
    shown = args.digests.relative_to(ROOT) if args.digests.is_relative_to(ROOT) else args.digests
    if args.write:
        kept = {k: v for k, v in stored.items() if part_of(k) not in done}
        write_digests({**kept, **found}, args.digests)
        print(f"wrote {len(found)} digests ({', '.join(done)}) to {shown}")
        return 0
    if not stored:
        print(f"no digests in {shown}: run with --write first")
        return 1
    report = compare(stored, found, done, allowed)
    print("\n".join(report_lines(report)))
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
