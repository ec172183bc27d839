"""What readers hand on: a raw ``Record``, the ``Shard`` it came from, and field names.

A record carries bytes, not parsed data: the worker that cleans it also decodes it, so a
record that is not JSON, not UTF-8 or too large turns into an error record there, alone.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_RECORD_BYTES = 10 * 1024 * 1024
"""A record (JSONL line or page) larger than this is not read; it becomes DocumentTooLarge.
``cleaner clean PAGE`` refuses a larger page too (``--max-bytes`` raises it for one page).
Cleaning time and memory grow faster than a page (``bench/throughput.py``, one text page of
seed stories): 10 MB took 16 CPU seconds and 485 MB, 30 MB 49 s and 1.0 GB, where a crawl's
largest news pages are some hundred kilobytes."""


class InputUnreadable(Exception):
    """The input cannot be read at all (missing, unreadable, corrupt stream): the run stops."""


@dataclass(frozen=True, slots=True)
class FieldNames:
    """Where a JSONL record keeps its parts; dotted paths (``metadata.url``) reach inside."""

    id: str = "id"
    url: str = "url"
    text: str = "text"
    html: str = "html"


@dataclass(slots=True)
class Record:
    """One input record before decoding.

    ``line`` is its 1-based position in its source (JSONL line, WARC record, file in a
    folder). ``format`` says how to decode ``payload``: ``jsonl`` (one JSON object),
    ``html`` or ``text`` (page bytes), ``blank`` (a blank JSONL line: counted, not cleaned).
    ``oversize`` is the byte size of a payload the reader
    refused to hold (``payload`` is then empty); ``error`` says why a reader could not read
    this one record (the run goes on); ``damage`` says where the input's stream broke (this
    record stands for what was lost from there on: a DamagedInput error record).
    """

    line: int
    format: str
    payload: bytes
    id: str | None = None
    url: str | None = None
    source: str | None = None
    oversize: int = 0
    error: str | None = None
    damage: str | None = None


@dataclass(frozen=True, slots=True)
class Shard:
    """A piece of the input that can be read on its own.

    ``format`` is ``jsonl``, ``warc``, ``files`` (the pages of a folder), ``page`` (one file)
    or ``stdin`` (JSONL). ``start``/``stop`` select lines (jsonl) or files (files), 0-based,
    half-open; ``source`` names the file in output records when the input holds several.
    """

    path: str
    format: str
    start: int = 0
    stop: int | None = None
    source: str | None = None

    @property
    def label(self) -> str:
        name = self.source or self.path
        if self.start or self.stop is not None:
            stop = "" if self.stop is None else self.stop
            return f"{name}[{self.start}:{stop}]"
        return name
