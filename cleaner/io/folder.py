"""Read pages from files: every ``.txt``/``.html`` file of a folder, or one file on its own.

A folder's pages are listed in sorted order of their relative paths, so ``line`` (a page's
1-based position in that list) and shards by position are the same on every machine.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from cleaner.io.kind import PAGE_SUFFIXES
from cleaner.io.records import MAX_RECORD_BYTES, Record


def list_pages(folder: Path) -> list[Path]:
    """Page files below ``folder``, sorted by relative path; hidden files are left out."""
    found = [
        p
        for p in folder.rglob("*")
        if p.suffix.lower() in PAGE_SUFFIXES
        and p.is_file()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def read_page(path: Path, line: int, doc_id: str, source: str | None = None) -> Record:
    """One file as a record; a file over the size limit is not read."""
    kind = PAGE_SUFFIXES.get(path.suffix.lower(), "auto")
    try:
        size = path.stat().st_size
        if size > MAX_RECORD_BYTES:
            return Record(line, kind, b"", id=doc_id, source=source, oversize=size)
        return Record(line, kind, path.read_bytes(), id=doc_id, source=source)
    except OSError as exc:
        error = f"cannot read: {exc.strerror or exc}"
        return Record(line, kind, b"", id=doc_id, source=source, error=error)


def read_folder(
    folder: Path, start: int = 0, stop: int | None = None, source: str | None = None
) -> Iterator[Record]:
    pages = list_pages(folder)
    for index in range(start, len(pages) if stop is None else min(stop, len(pages))):
        path = pages[index]
        yield read_page(path, index + 1, path.relative_to(folder).as_posix(), source)
