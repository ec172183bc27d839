"""Write JSONL output atomically: to a temporary name beside the target, renamed at the end.

A run that dies (killed, out of disk, input gone bad) leaves no file under the final name, so a
file that exists is complete. The extension of the final name picks compression (.gz, .zst).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from cleaner.io.compression import wrap_write

WRITE_BUFFER = 1 << 20


class OutputUnwritable(Exception):
    """The output cannot be created or written: the run stops."""


class AtomicJsonlWriter:
    """Context manager taking encoded JSONL lines; ``-`` writes to stdout (not atomic)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.temp: Path | None = None
        self.raw: BinaryIO | None = None
        self.stream: BinaryIO | None = None

    def __enter__(self) -> AtomicJsonlWriter:
        if self.path == "-":
            self.stream = sys.stdout.buffer
            return self
        target = Path(self.path)
        if target.is_dir():
            raise OutputUnwritable(f"{self.path}: is a folder (give a file name)")
        self.temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            self.raw = open(self.temp, "wb", buffering=WRITE_BUFFER)
        except OSError as exc:
            raise OutputUnwritable(f"{self.path}: cannot write: {exc.strerror or exc}") from exc
        self.stream = wrap_write(self.raw, target.name)
        return self

    def write(self, line: bytes) -> None:
        assert self.stream is not None
        try:
            self.stream.write(line)
        except OSError as exc:
            raise OutputUnwritable(f"{self.path}: cannot write: {exc.strerror or exc}") from exc

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.temp is None:
            if self.stream is not None:
                self.stream.flush()
            return
        if exc_type is None:
            self.commit()
        else:
            self.discard()

    def commit(self) -> None:
        assert self.temp is not None and self.raw is not None and self.stream is not None
        try:
            if self.stream is not self.raw:
                self.stream.close()
            self.raw.flush()
            os.fsync(self.raw.fileno())
            self.raw.close()
            os.replace(self.temp, self.path)
        except OSError as exc:
            self.discard()
            raise OutputUnwritable(f"{self.path}: cannot write: {exc.strerror or exc}") from exc

    def discard(self) -> None:
        assert self.temp is not None and self.raw is not None
        with contextlib.suppress(OSError):
            self.raw.close()
        self.temp.unlink(missing_ok=True)


def write_text_atomic(path: str | Path, text: str, overwrite: bool = True) -> None:
    """Write a whole text file under its final name only once it is complete.

    ``overwrite=False`` refuses an existing file (FileExistsError), even one that appears while
    the text is written: the finished file is hard-linked into place, which fails if taken.
    """
    target = Path(path)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temp.write_text(text, "utf-8")
        if overwrite:
            os.replace(temp, target)
        else:
            os.link(temp, target)
    finally:
        temp.unlink(missing_ok=True)
