"""Write JSONL output atomically: to a temporary name beside the target, renamed at the end.

A run that dies (killed, out of disk, input gone bad) leaves no file under the final name, so a
file that exists is complete. The extension of the final name picks compression (.gz, .zst).
Devices and pipes (``/dev/null``, ``/dev/stdout``, a FIFO) are written through, since they
cannot be renamed over; a symlink is followed and its target replaced, so the link stays.
Temporary names carry the host and process id, so a later run can remove the ones left by a
killed run of its own (``remove_stale_temps``) and leave those of a run still going.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import stat
import sys
from pathlib import Path
from types import TracebackType
from typing import BinaryIO

from cleaner.io.compression import wrap_write

WRITE_BUFFER = 1 << 20
WRITE_THROUGH_PREFIXES = ("/dev/", "/proc/")
"""Paths under these are special files (``/dev/stdout`` links to a pipe or a terminal): they
are opened and written, never replaced."""


class OutputUnwritable(Exception):
    """The output cannot be created or written: the run stops."""


def temp_path(target: Path, tag: str = "tmp") -> Path:
    """A hidden name beside ``target`` that names this host and process."""
    return target.with_name(f".{target.name}.{socket.gethostname()}.{os.getpid()}.{tag}")


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def remove_stale_temps(target: Path) -> list[Path]:
    """Remove temporary files and folders of ``target`` left by dead processes of this host."""
    prefix = f".{target.name}.{socket.gethostname()}."
    removed = []
    with contextlib.suppress(OSError):
        for entry in target.parent.iterdir():
            pid, dot, tag = entry.name.removeprefix(prefix).partition(".")
            if not entry.name.startswith(prefix) or not pid.isdigit() or tag not in ("tmp", "old"):
                continue
            if not dot or process_alive(int(pid)):
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
            removed.append(entry)
    return removed


def output_target(path: str) -> tuple[Path, bool]:
    """The file to write for ``path`` and whether to write through to it rather than replace."""
    if path.startswith(WRITE_THROUGH_PREFIXES):
        return Path(path), True
    try:
        mode = os.stat(path).st_mode  # follows a symlink
    except FileNotFoundError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        return Path(path), True  # a device, FIFO or socket
    return Path(os.path.realpath(path)), False


class AtomicJsonlWriter:
    """Context manager taking encoded JSONL lines; ``-`` writes to stdout (not atomic)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.target = Path(path)
        self.temp: Path | None = None
        self.raw: BinaryIO | None = None
        self.stream: BinaryIO | None = None

    def __enter__(self) -> AtomicJsonlWriter:
        if self.path == "-":
            self.stream = sys.stdout.buffer
            return self
        self.target, through = output_target(self.path)
        if self.target.is_dir():
            raise OutputUnwritable(f"{self.path}: is a folder (give a file name)")
        if not through:
            remove_stale_temps(self.target)
            self.temp = temp_path(self.target)
        try:
            # appending to a device or pipe is writing to it; to /dev/stdout redirected into a
            # file it keeps what the shell put there
            self.raw = open(self.temp or self.target, "wb" if self.temp else "ab", WRITE_BUFFER)
        except OSError as exc:
            raise OutputUnwritable(f"{self.path}: cannot write: {exc.strerror or exc}") from exc
        self.stream = wrap_write(self.raw, self.target.name)
        return self

    def write(self, line: bytes) -> None:
        assert self.stream is not None
        try:
            self.stream.write(line)
        except BrokenPipeError:
            raise  # the reader went away: the command line ends quietly
        except OSError as exc:
            raise OutputUnwritable(f"{self.path}: cannot write: {exc.strerror or exc}") from exc

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self.temp is not None and exc_type is None:
            self.commit()
        elif self.temp is not None:
            self.discard()
        elif self.raw is not None:
            self.close_through()
        elif self.stream is not None:
            self.stream.flush()

    def close_through(self) -> None:
        """Finish a file written through: flush the compressor and close; nothing to rename."""
        assert self.raw is not None and self.stream is not None
        try:
            if self.stream is not self.raw:
                self.stream.close()
            self.raw.close()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputUnwritable(f"{self.path}: cannot write: {exc.strerror or exc}") from exc

    def commit(self) -> None:
        assert self.temp is not None and self.raw is not None and self.stream is not None
        try:
            if self.stream is not self.raw:
                self.stream.close()
            self.raw.flush()
            os.fsync(self.raw.fileno())
            self.raw.close()
            os.replace(self.temp, self.target)
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
