"""Plan the shards of an input (files, line ranges) and read any shard on its own.

The local engine reads the shards one after another; the Dask engine hands each to a worker.
Either way a shard yields the same records with the same ``line`` numbers.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from cleaner.io.compression import open_read
from cleaner.io.damage import DECOMPRESSION_ERRORS, WatchedStream, damage_message
from cleaner.io.folder import list_pages, read_folder, read_page
from cleaner.io.jsonl import count_lines, read_jsonl
from cleaner.io.records import InputUnreadable, Record, Shard

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".ndjson.zst")
WARC_SUFFIXES = (".warc", ".warc.gz")
DUMP_SUFFIXES = JSONL_SUFFIXES + WARC_SUFFIXES


def is_dump_path(path: str) -> bool:
    """A path batch mode reads as a dump: a JSONL or WARC file, or a folder."""
    if path == "-":
        return False
    return path.lower().endswith(DUMP_SUFFIXES) or Path(path).is_dir()


def dump_format(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if lowered.endswith(WARC_SUFFIXES):
        return "warc"
    return None


def plan_shards(path: str, lines_per_shard: int | None = None) -> list[Shard]:
    """The shards of an input, in input order; JSONL files are cut every ``lines_per_shard``."""
    if path == "-":
        return [Shard("-", "stdin")]
    target = Path(path)
    if target.is_dir():
        return folder_shards(target, lines_per_shard)
    if not target.is_file():
        raise InputUnreadable(f"{path}: cannot read: no such file or folder")
    with guarded(path), open(target, "rb"):
        pass  # fail now, before any output exists, when the file cannot be opened
    return file_shards(target, lines_per_shard)


def plan_inputs(paths: list[str], lines_per_shard: int | None = None) -> list[Shard]:
    """The shards of several inputs, in the order given; with more than one, every shard's
    ``source`` starts with the path it came from, so output records can be told apart."""
    if len(paths) == 1:
        return plan_shards(paths[0], lines_per_shard)
    return [
        replace(shard, source=f"{path}/{shard.source}" if shard.source else path)
        for path in paths
        for shard in plan_shards(path, lines_per_shard)
    ]


def file_shards(path: Path, lines_per_shard: int | None, source: str | None = None) -> list[Shard]:
    kind = dump_format(path.name) or "page"
    if kind != "jsonl" or not lines_per_shard:
        return [Shard(str(path), kind, source=source)]
    with guarded(str(path)), open_read(str(path)) as stream:
        total = count_lines(stream)
    starts = range(0, max(total, 1), lines_per_shard)
    # the last shard reads to the end, so the one that meets a damaged stream reports it
    stops = [*starts[1:], None]
    return [Shard(str(path), kind, s, stop, source) for s, stop in zip(starts, stops, strict=True)]


def folder_shards(folder: Path, lines_per_shard: int | None) -> list[Shard]:
    """Each dump file in the folder, then its pages (``.txt``/``.html``) as one more shard."""
    dumps = sorted(p for p in folder.rglob("*") if p.is_file() and dump_format(p.name))
    shards: list[Shard] = []
    for dump in dumps:
        shards += file_shards(dump, lines_per_shard, dump.relative_to(folder).as_posix())
    pages = list_pages(folder)
    if pages:
        step = lines_per_shard or len(pages)
        shards += [Shard(str(folder), "files", s, s + step) for s in range(0, len(pages), step)]
    if not shards:
        raise InputUnreadable(f"{folder}: no .jsonl, .warc, .txt or .html files in this folder")
    return shards


@contextmanager
def guarded(name: str) -> Iterator[None]:
    """Turn a read failure of the whole input into InputUnreadable with a one-line message."""
    try:
        yield
    except InputUnreadable:
        raise
    except stream_errors() as exc:
        detail = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise InputUnreadable(f"{name}: cannot read: {detail}") from exc


def stream_errors() -> tuple[type[BaseException], ...]:
    """What a broken input stream raises: decompression errors, and warcio's when a WARC's
    records cannot be read (warcio is imported only when a WARC is: a tenth of a second of
    every start otherwise)."""
    if "warcio.exceptions" not in sys.modules:
        return DECOMPRESSION_ERRORS
    from warcio.exceptions import ArchiveLoadFailed

    return (*DECOMPRESSION_ERRORS, ArchiveLoadFailed)


def read_shard(shard: Shard) -> Iterator[Record]:
    """Every record of ``shard``; raises InputUnreadable when the input cannot be opened.

    A dump whose stream breaks part-way (truncated, corrupt) yields every record before the
    break and then one record whose ``damage`` says where it broke.
    """
    with guarded(shard.label):
        if shard.format == "stdin":
            yield from read_jsonl(sys.stdin.buffer)
        elif shard.format == "files":
            yield from read_folder(Path(shard.path), shard.start, shard.stop, shard.source)
        elif shard.format == "page":
            path = Path(shard.path)
            yield read_page(path, 1, path.name, shard.source)
        else:
            with open_read(shard.path) as opened:
                yield from read_dump(shard, WatchedStream(opened))


def read_dump(shard: Shard, stream: WatchedStream) -> Iterator[Record]:
    """The records of a JSONL or WARC shard, up to a break in its stream if there is one."""
    last_line = shard.start
    if shard.format == "warc":
        from cleaner.io.warc import read_warc  # imports warcio: only for a WARC

        records = read_warc(stream, shard.source)  # type: ignore[arg-type]
    else:
        records = read_jsonl(stream, shard.start, shard.stop, shard.source)  # type: ignore[arg-type]
    try:
        for record in records:
            last_line = record.line
            yield record
    except DECOMPRESSION_ERRORS:
        if stream.broke is None:  # not the stream: a failure of the reader itself
            raise
    if stream.broke is not None:  # warcio ends quietly at a break; we do not
        unit = "WARC record" if shard.format == "warc" else "line"
        message = damage_message(shard.source or shard.path, stream, last_line, unit)
        yield Record(last_line + 1, shard.format, b"", source=shard.source, damage=message)
