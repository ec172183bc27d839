"""What ``cleaner validate`` reads and prints: documents from text, JSON and JSONL files (plain,
compressed, or a Dask output folder's parts), error records, and the human-readable report.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.document import Removal
from cleaner.validate.context import HIGH, LOW, MEDIUM
from cleaner.validate.verdict import Basis, Verdict


@dataclass(slots=True)
class Submission:
    """One document handed to ``cleaner validate``: where it came from, its text and title."""

    name: str
    text: str
    title: str | None = None
    id: str | None = None
    removed: list[Removal] | None = None
    """What ``cleaner clean`` removed, when the record says (then lost story is estimated)."""
    kept: list[int] | None = None
    """Each body line's input line, when the record says (places removals among them)."""
    basis: Basis | None = None
    """What the run's verdict read of the page (then the run's verdict is recomputed)."""
    page_type: str | None = None


@dataclass(slots=True)
class ErrorRecord:
    """A ``cleaner clean`` error record (a document that could not be cleaned): counted and
    reported by ``cleaner validate``, not judged."""

    name: str
    id: str | None
    error: dict[str, Any]

    def describe(self) -> str:
        kind = self.error.get("type", "error") if isinstance(self.error, dict) else "error"
        message = self.error.get("message", "") if isinstance(self.error, dict) else self.error
        return f"{self.name}: error record ({kind}: {message})"


Item = Submission | ErrorRecord
REMOVAL_FIELDS = ("line", "text", "rule")
"""The keys every ``removed`` entry must have (``reason`` is optional)."""
CLEANED_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".jsonl.zstd", ".json.gz")
"""Names of the record files ``cleaner clean`` writes, read record by record (the crawl dumps
``cleaner clean`` reads are another list: ``cleaner.io.shards.JSONL_SUFFIXES``)."""
DASK_PART_GLOB = "part-*.jsonl*"
"""The part files of a ``cleaner clean --engine dask`` output folder (other files are not
records: a manifest, temporary files)."""


def submissions_at(path: str, read_text: Callable[[str], str]) -> Iterator[Item]:
    """Every document at ``path``, streamed: a Dask output folder's part files in name order,
    a JSONL file (plain, gzip or zstd) record by record, or a text or JSON file read whole by
    ``read_text``. Raises ValueError for a missing path or a malformed record."""
    where = Path(path)
    if path != "-" and where.is_dir():
        parts = sorted(p for p in where.glob(DASK_PART_GLOB) if not p.name.endswith(".tmp"))
        if not parts:
            raise ValueError(f"{path}: a folder with no {DASK_PART_GLOB} files")
        for part in parts:
            yield from jsonl_submissions(str(part))
    elif path != "-" and path.lower().endswith(CLEANED_JSONL_SUFFIXES):
        if not where.is_file():
            raise ValueError(f"{path}: no such file")
        yield from jsonl_submissions(path)
    else:
        yield from submissions_in(path, read_text(path))


def jsonl_submissions(path: str) -> Iterator[Item]:
    """One item per record of a JSONL file, read in constant memory."""
    from cleaner.io.cleaned import jsonl_values

    for number, record in jsonl_values(path):
        yield record_submission(path, number, record)


def submissions_in(name: str, content: str) -> list[Item]:
    """A plain text is one document; JSON or JSONL (``cleaner clean`` output) one per record.

    A ``.json``/``.jsonl`` file must be JSON; another file is JSON only when its first line
    parses as JSON (a text dump may well start with '['). Raises ValueError naming the record
    when a JSON input is malformed or has no ``text``.
    """
    if not name.endswith((".jsonl", ".json")) and not first_line_is_json(content):
        return [Submission(name, content)]
    return [record_submission(name, n, r) for n, r in enumerate(json_records(name, content), 1)]


def first_line_is_json(content: str) -> bool:
    first = next((line for line in content.splitlines() if line.strip()), "").strip()
    if not first.startswith(("{", "[")):
        return False
    try:
        json.loads(first)
    except json.JSONDecodeError:
        return first in ("{", "[") and is_json(content)
    return True


def is_json(content: str) -> bool:
    try:
        json.loads(content)
    except json.JSONDecodeError:
        return False
    return True


def json_records(name: str, content: str) -> list[Any]:
    try:
        whole = json.loads(content)
        return whole if isinstance(whole, list) else [whole]
    except json.JSONDecodeError:
        pass
    records = []
    for number, line in enumerate(content.splitlines(), 1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{name}:{number}: not a JSON record: {exc.msg}") from exc
    return records


def record_submission(name: str, number: int, record: Any) -> Item:
    if isinstance(record, dict) and "error" in record and "text" not in record:
        doc_id = record.get("id")
        return ErrorRecord(f"{name}#{number}", None if doc_id is None else str(doc_id),
                           record["error"])  # fmt: skip
    if not isinstance(record, dict) or not isinstance(record.get("text"), str):
        raise ValueError(f"{name}: record {number} has no 'text' string")
    title = record.get("title") if isinstance(record.get("title"), str) else None
    doc_id = record.get("id")
    removed = None
    if "removed" in record:
        removed = [removal_of(name, number, r) for r in record.get("removed") or []]
    doc_id = None if doc_id is None else str(doc_id)
    kept = record.get("kept")
    kept = kept if isinstance(kept, list) and all(isinstance(n, int) for n in kept) else None
    page_type = record.get("page_type") if isinstance(record.get("page_type"), str) else None
    return Submission(f"{name}#{number}", record["text"], title, doc_id, removed, kept,
                      record_basis(name, number, record), page_type)  # fmt: skip


def record_basis(name: str, number: int, record: dict[str, Any]) -> Basis | None:
    """The basis of a record's verdict, when it has one."""
    verdict = record.get("verdict")
    raw = verdict.get("basis") if isinstance(verdict, dict) else None
    if raw is None:
        return None
    try:
        return Basis.from_dict(raw)
    except ValueError as exc:
        raise ValueError(f"{name}: record {number}: {exc}") from exc


def removal_of(name: str, number: int, raw: Any) -> Removal:
    """A ``removed`` entry of a ``cleaner clean`` record: line, text, rule (reason optional)."""
    fields = tuple(raw.get(key) for key in REMOVAL_FIELDS) if isinstance(raw, dict) else ()
    if (
        len(fields) != len(REMOVAL_FIELDS)
        or not isinstance(fields[0], int)
        or not all(isinstance(f, str) for f in fields[1:])
    ):
        raise ValueError(f"{name}: record {number} has a malformed 'removed' entry")
    return Removal(fields[0], fields[1], fields[2], str(raw.get("reason") or ""))


def render_human(name: str, verdict: Verdict) -> list[str]:
    """``path:line: code: message`` lines, then a summary line for the document."""
    out = []
    for item in verdict.findings:
        where = f"{name}:{item.line}" if item.line else name
        origin = f", input line {item.original_line}" if item.original_line else ""
        out.append(
            f"{where}: {item.code}: {item.message} [{item.detector}, {item.severity}{origin}]"
            + (f" {item.text[:80]!r}" if item.text else "")
        )
    counts = {s: sum(f.severity == s for f in verdict.findings) for s in (HIGH, MEDIUM, LOW)}
    summary = ", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no findings"
    lost = "" if verdict.lost_share is None else f", lost {verdict.lost_share:.0%}"
    numbers = f"junk {verdict.junk_share:.0%}{lost}, quality {verdict.quality:.2f}"
    why = f": {verdict.reason}" if verdict.reason else ""
    kind = f"{verdict.page_type} page, " if verdict.page_type else ""
    out.append(f"{name}: {verdict.status} ({kind}{verdict.words} words; {numbers}; {summary}){why}")
    if verdict.missing:
        out.append(f"{name}: judged without {missing_evidence(verdict.missing)}")
    return out


def missing_evidence(missing: list[str]) -> str:
    """What a verdict lacked, and what that leaves out, in words."""
    what = " and ".join(f"the {m}" for m in missing)
    return f"{what}: lost story is estimated only from what the record holds"
