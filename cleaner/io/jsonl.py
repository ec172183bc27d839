"""Read JSONL dumps (plain, .gz, .zst, stdin) line by line, never holding an oversized line.

Each line becomes a ``Record`` whose payload is the line's bytes; the worker parses it. A blank
line becomes a ``blank`` record, which has no output record but is counted in the summary, so
every input line is accounted for. A line longer than MAX_RECORD_BYTES is skipped over in
bounded reads and handed on as its first few kilobytes and its size, so one 2 GB line costs no
more memory than a short one.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from typing import Any, BinaryIO

import regex

from cleaner.io.damage import DECOMPRESSION_ERRORS
from cleaner.io.records import MAX_RECORD_BYTES, Record

SKIP_BLOCK = 1 << 20
HEAD_BYTES = 4096
"""Of an oversized line only this much is kept, so its error record can name its id."""


def bounded_lines(stream: BinaryIO, limit: int = MAX_RECORD_BYTES) -> Iterator[tuple[bytes, int]]:
    """Yield ``(line, size)``; over ``limit``, ``line`` is only the head (HEAD_BYTES) of it."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit:
            yield line, len(line)
            continue
        head, size = line[:HEAD_BYTES], len(line)
        while not line.endswith(b"\n"):
            line = stream.readline(SKIP_BLOCK)
            if not line:
                break
            size += len(line)
        yield head, size


def read_jsonl(
    stream: BinaryIO, start: int = 0, stop: int | None = None, source: str | None = None
) -> Iterator[Record]:
    """Records of lines ``start`` to ``stop`` (0-based, half-open); blank lines are ``blank``."""
    for index, (line, size) in enumerate(bounded_lines(stream)):
        if stop is not None and index >= stop:
            return
        if index < start:
            continue
        if not line.strip():
            yield Record(index + 1, "blank", b"", source=source)
            continue
        oversize = size if size > len(line) else 0
        yield Record(index + 1, "jsonl", line, source=source, oversize=oversize)


def get_field(record: dict[str, Any], path: str) -> Any:
    """The value at a dotted path (``metadata.url``), or None when any step is missing.

    A key that itself contains dots (``"warc.url"``) is found before the path is split.
    """
    if path in record:
        return record[path]
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def count_lines(stream: BinaryIO) -> int:
    """Lines in a stream (a last line without a newline counts), read in fixed-size blocks.

    A stream that breaks (truncated, corrupt) counts the lines before the break: the shard
    that reads up to it reports the damage.
    """
    count, last = 0, b"\n"
    with contextlib.suppress(*DECOMPRESSION_ERRORS):
        while block := stream.read(SKIP_BLOCK):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


def field_from_head(head: bytes, name: str) -> str | None:
    """A top-level string or number field read from the head of an oversized JSON line."""
    if "." in name:
        return None
    key = regex.escape(json.dumps(name).encode())
    found = regex.search(rb"[{,]\s*" + key + rb'\s*:\s*("(?:[^"\\]|\\.)*"|-?\d+)', head)
    if not found:
        return None
    try:
        return str(json.loads(found.group(1)))
    except ValueError:
        return None
