"""Clean a dump: one output record (or error record) per input record, in order, on every core.

``clean_record`` is the per-record function (record -> output dict) and never raises: whatever
goes wrong with one record becomes an error record and the run goes on. The local engine runs
it in a process pool whose workers build the rulebook once; ``cleaner.batch.dask_engine`` runs
the same function over shards on a Dask cluster.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import json
import os
import re
import signal
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Container, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache, partial
from typing import Any

from cleaner.authoring.triage import left_lines, site_key
from cleaner.batch.limits import RECORD_SECONDS
from cleaner.batch.summary import Outcome, Summary
from cleaner.batch.templates import TEMPLATE_MIN_PAGES, SiteTemplates, TemplateMemory, site_of
from cleaner.document import Document
from cleaner.io import MAX_RECORD_BYTES, AtomicJsonlWriter, FieldNames, Record, read_shard
from cleaner.io.jsonl import field_from_head, get_field
from cleaner.io.records import Shard
from cleaner.pipeline import (
    clean_document,
    decode_page_bytes,
    make_document,
    prefetch_line_scores,
)
from cleaner.rulebook.load import Rulebook
from cleaner.text import split_lines
from cleaner.validate.context import SITE_TEMPLATE, SITE_TEMPLATE_RULE

CHUNK_RECORDS = 64
CHUNK_BYTES = 4 * 1024 * 1024
"""A chunk (sent to a worker, or cleaned by a one-job run) closes at this many records or
payload bytes, whichever first. Its text documents' input lines are scored by the line model in
one run (``clean_records``): a run's fixed cost spread over 64 documents is a small part of
theirs already, and a chunk is what a job holds in memory and writes at once."""
CHUNKS_PER_JOB = 4
"""Chunks in flight per worker: enough to keep workers busy, few enough to bound memory."""
SNIFF_CHARS = 4096
CONTROL_SHARE_MAX = 0.1
"""A document whose head is more than this share control characters is binary, not text."""
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")
"""The standard library's engine: a class of listed code points matches the same characters in
both, and reading every document's head it took a third of the ``regex`` package's time."""
MESSAGE_CHARS = 300
PR_SET_PDEATHSIG = 1
"""prctl option (linux/prctl.h): the signal a process gets when its parent dies."""
PARENT_POLL_SECONDS = 1.0
"""How often a worker checks that its parent still lives: soon enough that an orphan does not
linger, rarely enough to cost nothing."""


class RecordError(Exception):
    """A record that cannot be cleaned; its class name is the error type in the output."""


class InvalidJSON(RecordError):
    pass


class InvalidUTF8(RecordError):
    pass


class MissingField(RecordError):
    pass


class InvalidField(RecordError):
    pass


class NotText(RecordError):
    pass


class EmptyDocument(RecordError):
    pass


class DocumentTooLarge(RecordError):
    pass


class UnreadableRecord(RecordError):
    pass


class DamagedInput(RecordError):
    """The input's stream broke here (truncated, corrupt): the records from here on are lost."""


class WorkerCrashed(RecordError):
    pass


class RecordTimeout(RecordError):
    pass


TEMPLATES_FLAG, TEMPLATES_REMOVE, TEMPLATES_OFF = "flag", "remove", "off"
TEMPLATES_MODES = (TEMPLATES_FLAG, TEMPLATES_REMOVE, TEMPLATES_OFF)
"""Site templates (lines on many of a site's pages in the run, ``cleaner.batch.templates``) are
flagged in the verdict as kept junk, removed (unless the line model is sure they are story), or
not learned at all."""


@dataclass(frozen=True)
class BatchSettings:
    """What every worker needs to know: where the fields are and which rule folders to load."""

    fields: FieldNames = field(default_factory=FieldNames)
    rule_folders: tuple[str, ...] = ()
    record_seconds: float | None = RECORD_SECONDS
    validate: bool = True
    site_templates: str = TEMPLATES_REMOVE
    """What the run does with site templates: TEMPLATES_MODES."""
    templates: SiteTemplates | None = None
    """The site templates the counting pass learned (None: none learned, or not used)."""

    @property
    def remove_templates(self) -> bool:
        return self.site_templates == TEMPLATES_REMOVE and self.templates is not None


# --- one record -------------------------------------------------------------------------------


def clean_record(
    record: Record,
    rulebook: Rulebook,
    fields: FieldNames,
    seconds: float | None = None,
    validate: bool = True,
    settings: BatchSettings | None = None,
) -> dict[str, Any]:
    """The output record for one input record, within ``seconds`` if given; never raises.
    ``settings`` bring the run's site templates, if any."""
    settings = replace(
        settings or BatchSettings(), fields=fields, record_seconds=seconds, validate=validate
    )
    return clean_records([record], rulebook, settings)[0]


def clean_records(
    records: list[Record], rulebook: Rulebook, settings: BatchSettings
) -> list[dict[str, Any]]:
    """The output records of ``records`` (none blank), in order; never raises.

    Each record is read into its Document first; then, with the validator on, the line model
    scores the input lines of all the text documents in one run (``prefetch_line_scores``: the
    verdict asks for them, and one run spares each document the model's fixed cost); then each
    is cleaned. A record's time limit counts its own reading and cleaning, not the shared run.
    """
    readings = [read_record(record, settings) for record in records]
    if settings.validate:
        docs = [doc for doc, _ in readings if isinstance(doc, Document)]
        # a failure here is met again by the document it concerns, when cleaning it asks
        # for the scores, and becomes that record's error record
        with contextlib.suppress(Exception):
            prefetch_line_scores(docs)
    found = []
    for record, (doc, spent) in zip(records, readings, strict=True):
        found.append(finish_record(record, doc, rulebook, settings, spent))
        freeze_loaded()
    return found


def read_record(record: Record, settings: BatchSettings) -> tuple[Document | dict[str, Any], float]:
    """The record's Document (or its error record) and the seconds reading it took."""
    started = time.monotonic()
    try:
        with time_limit(settings.record_seconds):
            doc: Document | dict[str, Any] = record_document(record, settings.fields)
    except Exception as exc:  # any failure of one record is that record's error record
        doc = error_output(record, exc)
    return doc, time.monotonic() - started


def finish_record(
    record: Record,
    doc: Document | dict[str, Any],
    rulebook: Rulebook,
    settings: BatchSettings,
    spent: float = 0.0,
) -> dict[str, Any]:
    """The output record of a record read (``read_record``): ``doc`` cleaned within what is
    left of the record's time limit after ``spent`` seconds of reading; never raises."""
    if not isinstance(doc, Document):
        return doc
    templates = settings.templates
    try:
        with time_limit(settings.record_seconds, spent):
            test = templates.for_site(site_of(doc.url)) if templates is not None else None
            doc = clean_document(doc, rulebook, settings.validate, test, settings.remove_templates)
            return cleaned_output(record, doc)
    except Exception as exc:  # any failure of one record is that record's error record
        return error_output(record, exc)


_ALARM = {"armed": False, "seconds": 0.0}
ALARM_MIN_SECONDS = 1e-6
"""The alarm of a record whose reading used up its time limit: due at once (a zero would
disarm the timer instead)."""


def on_alarm(_signum: int, _frame: Any) -> None:
    if _ALARM["armed"]:  # a late alarm, after the record finished, is ignored
        _ALARM["armed"] = False
        raise RecordTimeout(f"still cleaning after {_ALARM['seconds']:g} s")


@contextmanager
def time_limit(seconds: float | None, spent: float = 0.0) -> Iterator[None]:
    """Raise RecordTimeout in the block after ``seconds``, of which ``spent`` are gone already;
    off the main thread, do nothing."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not seconds or not usable:
        yield
        return
    signal.signal(signal.SIGALRM, on_alarm)
    _ALARM.update(armed=True, seconds=seconds)
    signal.setitimer(signal.ITIMER_REAL, max(seconds - spent, ALARM_MIN_SECONDS))
    try:
        yield
    finally:
        _ALARM["armed"] = False
        signal.setitimer(signal.ITIMER_REAL, 0)


def record_document(record: Record, fields: FieldNames) -> Document:
    if record.damage:
        raise DamagedInput(record.damage)
    if record.error:
        raise UnreadableRecord(record.error)
    if record.oversize:
        if record.format == "jsonl":
            record.id = field_from_head(record.payload, fields.id)
            record.url = field_from_head(record.payload, fields.url)
        raise DocumentTooLarge(
            f"record is {record.oversize} bytes, over the {MAX_RECORD_BYTES} byte limit"
        )
    if record.format == "jsonl":
        return jsonl_document(record, fields)
    warnings: list[str] = []
    raw = decode_page(record.payload, record.format, warnings)
    kind = None if record.format == "auto" else record.format
    doc = make_document(checked_content(raw), record.url, kind, record.id)
    doc.warnings += warnings
    return doc


def jsonl_document(record: Record, fields: FieldNames) -> Document:
    try:
        data = json.loads(record.payload)
    except UnicodeDecodeError as exc:
        raise InvalidUTF8(f"line is not UTF-8: {exc.reason} at byte {exc.start}") from exc
    except ValueError as exc:
        raise InvalidJSON(f"line is not JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidJSON(f"line is a JSON {type(data).__name__}, not an object")
    record.id = as_text(get_field(data, fields.id))
    record.url = as_text(get_field(data, fields.url))
    kind, name = ("text", fields.text)
    value = get_field(data, fields.text)
    if value is None:
        kind, name = ("html", fields.html)
        value = get_field(data, fields.html)
    if value is None:
        raise MissingField(f"record has neither '{fields.text}' nor '{fields.html}'")
    if not isinstance(value, str):
        raise InvalidField(f"'{name}' is a JSON {type(value).__name__}, not a string")
    return make_document(checked_content(value), record.url, kind, record.id)


def as_text(value: Any) -> str | None:
    return None if value is None else str(value)


def decode_page(payload: bytes, kind: str, warnings: list[str]) -> str:
    """Page bytes as text: HTML as a browser decodes it, text as UTF-8 then detection."""
    text = decode_page_bytes(payload, None if kind == "auto" else kind, warnings)
    if text is None:
        raise NotText("no character encoding fits the page's bytes")
    return text


def checked_content(text: str) -> str:
    """``text`` when it can be cleaned; raise the record error that says why not."""
    if len(text) > MAX_RECORD_BYTES:
        raise DocumentTooLarge(f"{len(text)} characters, over the {MAX_RECORD_BYTES} limit")
    if not text.strip():
        raise EmptyDocument("no text")
    head = text[:SNIFF_CHARS]
    if len(CONTROL.findall(head)) > CONTROL_SHARE_MAX * len(head):
        raise NotText("binary data: too many control characters")
    return text


def cleaned_output(record: Record, doc: Document) -> dict[str, Any]:
    fields = doc.to_dict()
    output: dict[str, Any] = {"id": fields.pop("id"), "line": record.line}
    if record.source:
        output["source"] = record.source
    output.update(fields)
    return output


def error_output(record: Record, exc: BaseException) -> dict[str, Any]:
    limit = None if isinstance(exc, DamagedInput) else MESSAGE_CHARS  # ours: file and offset
    message = " ".join(str(exc).split())[:limit] or type(exc).__name__
    output: dict[str, Any] = {"id": record.id, "line": record.line}
    if record.source:
        output["source"] = record.source
    output["error"] = {"type": type(exc).__name__, "message": message}
    return output


def encode_outcome(record: Record, output: dict[str, Any]) -> Outcome:
    """The output record as a JSONL line plus its tallies; unencodable text is an error too."""
    try:
        line = json.dumps(output, ensure_ascii=False).encode("utf-8") + b"\n"
    except UnicodeEncodeError:
        return encode_outcome(record, error_output(record, InvalidUTF8("lone surrogates")))
    except (TypeError, ValueError) as exc:
        return encode_outcome(record, error_output(record, exc))
    if "error" in output:
        error = output["error"]
        return Outcome(line, error["type"], damage=record.damage)
    rules = tuple(sorted({removal["rule"] for removal in output["removed"]}))
    verdict = output.get("verdict")
    status = verdict.get("status") if isinstance(verdict, dict) else None
    warned = bool(output.get("warnings"))
    site, left = site_key(output), left_lines(output["text"])
    flagged = sum(f["code"] == SITE_TEMPLATE for f in verdict.get("findings", [])) if status else 0
    removed = sum(removal["rule"] == SITE_TEMPLATE_RULE for removal in output["removed"])
    return Outcome(
        line,
        None,
        tuple(output["sites"]),
        rules,
        status,
        warned=warned,
        site=site,
        left=left,
        path=output.get("path"),
        route=output.get("route"),
        template_lines=(flagged, removed),
    )


# --- workers ----------------------------------------------------------------------------------

_RULEBOOKS: dict[tuple[str, ...], Rulebook] = {}
_SETTINGS = BatchSettings()


def rulebook_for(folders: tuple[str, ...]) -> Rulebook:
    """The rulebook for these rule folders, loaded once per process."""
    if folders not in _RULEBOOKS:
        from cleaner.rulebook.cache import load_rulebook_cached

        _RULEBOOKS[folders] = load_rulebook_cached(folders)
    return _RULEBOOKS[folders]


def remember_rulebook(folders: tuple[str, ...], rulebook: Rulebook) -> None:
    """Reuse an already loaded rulebook (forked workers inherit it for free)."""
    _RULEBOOKS[folders] = rulebook


BLANK_OUTCOME = Outcome(b"", None, blank=True)


def process_records(records: list[Record], settings: BatchSettings) -> list[Outcome]:
    """The outcomes of ``records``, in order: blank lines as such, the rest cleaned together
    (``clean_records``)."""
    rulebook = rulebook_for(settings.rule_folders)
    cleaned = [record for record in records if record.format != "blank"]
    outputs = iter(clean_records(cleaned, rulebook, settings))
    return [
        BLANK_OUTCOME if record.format == "blank" else encode_outcome(record, next(outputs))
        for record in records
    ]


YOUNG_COLLECTION_THRESHOLD = 10_000
"""Container objects made (less those freed) between two collections of the youngest
generation, in a batch process (Python's default: 700). A record makes and drops tens of
thousands (lines, removals, findings, feature tuples), nearly all freed by their reference
counts; at 700 the collector ran some 100 times on 200 seed documents, promoted what was alive
at that moment to the older generations and walked it again there (2.5-9% of the text path's
CPU time, by the collector's own callbacks); at 10,000 it ran 5 times for 1.6-2.2%. What
it can hold back is 10,000 small objects, a few megabytes at most."""


@cache
def freeze_loaded() -> None:
    """Once a process, after its first record: what it holds then (the rulebook, the models,
    the imported modules) lives as long as the process, so it is taken out of the cyclic
    garbage collector's walks (``gc.freeze``). Every full collection walked all of it: on 100
    HTML pages a process spent 5% of its time collecting, half of it there. Not collected
    first (about 30 ms, a single page's run pays it whole): the few dozen unreachable objects
    the first record may leave are kept, once. The youngest generation is then collected
    less often (``YOUNG_COLLECTION_THRESHOLD``)."""
    gc.freeze()
    young, middle, oldest = gc.get_threshold()
    if young:  # 0 turns automatic collection off: someone chose that
        gc.set_threshold(max(young, YOUNG_COLLECTION_THRESHOLD), middle, oldest)


def init_worker(settings: BatchSettings, parent_pid: int) -> None:
    """Pool initializer: die with the parent, keep the settings, build the rulebook once."""
    global _SETTINGS
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    die_with_parent(parent_pid)
    _SETTINGS = settings
    rulebook_for(settings.rule_folders)


def die_with_parent(parent_pid: int) -> None:
    """Make sure this worker ends when the run that started it ends, ``kill -9`` included.

    On Linux the kernel sends SIGKILL when the parent dies (PR_SET_PDEATHSIG); everywhere a
    daemon thread also checks the parent every PARENT_POLL_SECONDS (the fallback elsewhere,
    and a guard should the parent die before prctl took effect).
    """
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:
        os._exit(1)
    threading.Thread(target=watch_parent, args=(parent_pid,), daemon=True).start()


def watch_parent(parent_pid: int) -> None:
    while True:
        time.sleep(PARENT_POLL_SECONDS)
        if os.getppid() != parent_pid:  # orphaned: adopted by init or a subreaper
            os._exit(1)


def clean_chunk(records: list[Record]) -> list[Outcome]:
    return process_records(records, _SETTINGS)


def crashed_outcome(record: Record) -> Outcome:
    output = error_output(record, WorkerCrashed("the worker died while cleaning this record"))
    return encode_outcome(record, output)


class WorkerPool:
    """A process pool that survives a worker dying (segfault, OOM kill).

    ``multiprocessing.Pool.imap`` waits forever for the result of a worker that died; this pool
    notices (BrokenProcessPool), starts afresh, and retries the lost chunks one record at a
    time, so only the record that kills a worker becomes a WorkerCrashed error record.
    """

    def __init__(self, jobs: int, settings: BatchSettings) -> None:
        self.jobs = jobs
        self.settings = settings
        self.generation = 0
        self.executor = self.start()

    def start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.jobs, initializer=init_worker, initargs=(self.settings, os.getpid())
        )

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self.start()
        self.generation += 1

    def submit(self, chunk: list[Record]) -> tuple[Future, list[Record], int]:
        return self.executor.submit(clean_chunk, chunk), chunk, self.generation

    def results(self, future: Future, chunk: list[Record], generation: int) -> list[Outcome]:
        try:
            return future.result()
        except BrokenProcessPool:
            if generation == self.generation:
                self.restart()
            return [self.retry(record) for record in chunk]

    def retry(self, record: Record) -> Outcome:
        try:
            return self.executor.submit(clean_chunk, [record]).result()[0]
        except BrokenProcessPool:
            self.restart()
            return crashed_outcome(record)

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)

    def abandon(self) -> None:
        """Stop now (Ctrl-C, a failed run): kill the workers rather than wait out their chunks,
        whose results nobody will read; a chunk of big pages can take many seconds."""
        workers = getattr(self.executor, "_processes", None) or {}  # pid -> Process, since 3.3
        for process in list(workers.values()):
            with contextlib.suppress(OSError, ValueError):  # gone already, or never started
                process.kill()
        self.executor.shutdown(wait=False, cancel_futures=True)


def chunked(records: Iterable[Record]) -> Iterator[list[Record]]:
    """Group records into chunks of CHUNK_RECORDS records or CHUNK_BYTES payload bytes."""
    chunk: list[Record] = []
    size = 0
    for record in records:
        chunk.append(record)
        size += len(record.payload)
        if len(chunk) >= CHUNK_RECORDS or size >= CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def parallel_outcomes(
    records: Iterable[Record], settings: BatchSettings, jobs: int
) -> Iterator[Outcome]:
    """Outcomes in input order from ``jobs`` worker processes, a bounded window in flight."""
    pool = WorkerPool(jobs, settings)
    window: deque[tuple[Future, list[Record], int]] = deque()
    try:
        for chunk in chunked(records):
            window.append(pool.submit(chunk))
            if len(window) >= jobs * CHUNKS_PER_JOB:
                yield from pool.results(*window.popleft())
        while window:
            yield from pool.results(*window.popleft())
    except BaseException:  # Ctrl-C, the output failing, or the consumer closing us early
        pool.abandon()
        raise
    pool.close()


def outcomes(records: Iterable[Record], settings: BatchSettings, jobs: int) -> Iterator[Outcome]:
    """One job cleans in this process, a chunk at a time as a worker does; more use a worker
    pool."""
    if jobs <= 1:
        return local_outcomes(records, settings)
    return parallel_outcomes(records, settings, jobs)


def local_outcomes(records: Iterable[Record], settings: BatchSettings) -> Iterator[Outcome]:
    """Outcomes in input order, cleaned in this process a chunk at a time."""
    for chunk in chunked(records):
        yield from process_records(chunk, settings)


# --- site templates ---------------------------------------------------------------------------


def learn_templates(
    records: Callable[[], Iterable[Record]], fields: FieldNames, seconds: float | None = None
) -> TemplateMemory:
    """The counting pass: every page's lines counted under its site, in input order (a page
    still being read after ``seconds`` is left out). ``records()`` reads the input afresh.

    A site with fewer than TEMPLATE_MIN_PAGES pages in the input can have no template line,
    so its pages are counted without their lines: an HTML page's lines take a parse, about
    3 ms a page, a tenth of what cleaning it costs, and in a crawl of many sites most sites
    are seen once. A first, cheap pass over the records finds those sites by their URLs; when it
    finds none (a dump without URLs), no page can be counted, and the records are not read a
    second time (a third JSON parse of each, with the cleaning pass's)."""
    pages = site_pages(records(), fields)
    memory = TemplateMemory()
    if not pages:
        return memory
    few = {site for site, count in pages.items() if count < TEMPLATE_MIN_PAGES}
    for record in records():
        observed = observed_page(record, fields, seconds, few)
        if observed is not None:
            memory.observe(*observed)
    return memory


def site_pages(records: Iterable[Record], fields: FieldNames) -> Counter[str]:
    """The pages of each site among ``records`` (by ``record_url``: a record it cannot read is
    counted for no site, so a site is never undercounted, and a record ``observed_page`` would
    give a site always has one here)."""
    pages: Counter[str] = Counter()
    for record in records:
        site = site_of(record_url(record, fields))
        if site is not None:
            pages[site] += 1
    return pages


def record_url(record: Record, fields: FieldNames) -> str | None:
    """A record's URL as ``record_document`` reads it, without decoding the page; None for a
    record that has none or that ``record_document`` would refuse."""
    if record.format == "blank" or record.damage or record.error or record.oversize:
        return None
    if record.format != "jsonl":
        return record.url
    try:
        data = json.loads(record.payload)
    except ValueError:  # UnicodeDecodeError is one
        return None
    return as_text(get_field(data, fields.url)) if isinstance(data, dict) else None


def observed_page(
    record: Record,
    fields: FieldNames,
    seconds: float | None = None,
    few: Container[str] = (),
) -> tuple[str, list[str], str | None] | None:
    """A record's site, lines and URL as the counting pass sees them (no lines for a site in
    ``few``); None for a record with no site (no URL) or that cannot be read (the cleaning
    pass makes its error record)."""
    if record.format == "blank":
        return None
    try:
        with time_limit(seconds):
            doc = record_document(record, fields)
            site = site_of(doc.url)
            if site is None:
                return None
            return site, [] if site in few else page_text_lines(doc), doc.url
    except Exception:  # unreadable or too slow: cleaning it makes its error record
        return None


def page_text_lines(doc: Document) -> list[str]:
    """A text dump's lines; an HTML page's text blocks as extraction reads them."""
    if doc.kind != "html":
        return split_lines(doc.raw)
    from cleaner.html.lines import page_lines

    return page_lines(doc.raw) or []


def with_templates(settings: BatchSettings, shards: list[Shard]) -> tuple[BatchSettings, dict]:
    """``settings`` with the site templates learned from ``shards`` when the run uses them,
    and what to report of them. Stdin is read once, so a run on stdin learns none and says so."""
    if settings.site_templates == TEMPLATES_OFF:
        return settings, {"mode": TEMPLATES_OFF}
    if settings.site_templates == TEMPLATES_FLAG and not settings.validate:
        return settings, {"mode": TEMPLATES_OFF, "note": "--no-validate: no verdict to flag in"}
    if any(shard.format == "stdin" for shard in shards):
        return replace(settings, templates=None), {"mode": TEMPLATES_OFF, "note": STDIN_NOTE}
    records = partial(shard_records, shards)
    memory = learn_templates(records, settings.fields, settings.record_seconds)
    report = {"mode": settings.site_templates, **memory.report()}
    return replace(settings, templates=memory.frozen()), report


STDIN_NOTE = "stdin is read once: no counting pass (give a file to learn site templates)"


def shard_records(shards: list[Shard]) -> Iterator[Record]:
    for shard in shards:
        yield from read_shard(shard)


class Progress:
    """A tqdm bar of documents, documents/s and errors; does nothing when disabled."""

    def __init__(self, enabled: bool, total: int | None = None, unit: str = " docs") -> None:
        self.bar = None
        self.errors = 0
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, unit=unit, file=sys.stderr, dynamic_ncols=True)
            self.bar.set_postfix(errors=0)

    def advance(self, count: int = 1, errors: int = 0) -> None:
        if self.bar is None:
            return
        if errors:
            self.errors += errors
            self.bar.set_postfix(errors=self.errors, refresh=False)
        self.bar.update(count)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def write_outcomes(
    stream: Iterable[Outcome], writer: AtomicJsonlWriter, summary: Summary, progress: Progress
) -> None:
    for outcome in stream:
        writer.write(outcome.line)
        summary.add(outcome)
        progress.advance(errors=outcome.error is not None)


def run_local(
    shards: list[Shard], output: str, settings: BatchSettings, jobs: int, show_progress: bool
) -> Summary:
    """Clean every shard in order into one JSONL file (``-``: stdout); return the summary."""
    settings, learned = with_templates(settings, shards)
    summary = Summary(site_templates=learned)
    progress = Progress(show_progress)
    try:
        stream = outcomes(shard_records(shards), settings, jobs)
        with AtomicJsonlWriter(output) as writer, contextlib.closing(stream):
            write_outcomes(stream, writer, summary, progress)
    finally:
        progress.close()
    return summary
