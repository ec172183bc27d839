"""Read a damaged dump up to where it breaks, and say where that is.

A truncated or corrupt ``.gz``/``.zst`` stream raises (gzip: EOFError, zstd: our own EOFError,
a bad block: zlib or zstd errors) only when the reader reaches the damage, so every record
before it can still be cleaned. ``WatchedStream`` sits between the decompressed stream and the
record reader: it counts the decompressed bytes it hands on and remembers the error that
stopped it, because warcio swallows an EOFError and ends a WARC quietly, as if the file were
complete. The offset it reports is in the *decompressed* stream (for a plain file, the file):
for JSONL it is where the last complete line ends.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from typing import BinaryIO

import zstandard

DECOMPRESSION_ERRORS = (OSError, EOFError, zlib.error, zstandard.ZstdError)
"""What a truncated or corrupt compressed stream raises while it is read."""
READ_BLOCK = 1 << 16
"""A read of no given size is gathered in blocks this large: big enough to cost no time."""


class WatchedStream:
    """A read-only view of ``stream`` that counts what it handed on and keeps what broke it."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.offset = 0
        self.broke: BaseException | None = None

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes (all, if negative), gathered one buffered read at a time: a
        plain ``read`` that meets the break in the middle would drop what it had gathered."""
        chunks: list[bytes] = []
        wanted = size if size >= 0 else None
        got = 0
        while wanted is None or got < wanted:
            try:
                chunk = self.watch(
                    self.stream.read1, READ_BLOCK if wanted is None else wanted - got
                )
            except DECOMPRESSION_ERRORS:
                if not chunks:
                    raise
                break  # hand on what came before the break; the next read raises
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        return b"".join(chunks)

    def readline(self, size: int = -1) -> bytes:
        return self.watch(self.stream.readline, size)

    def watch(self, read: Callable[[int], bytes], size: int) -> bytes:
        if self.broke is not None:
            raise self.broke
        try:
            data = read(size)
        except DECOMPRESSION_ERRORS as exc:
            self.broke = exc
            raise
        self.offset += len(data)
        return data

    def close(self) -> None:
        self.stream.close()


def damage_message(name: str, stream: WatchedStream, last: int, unit: str = "line") -> str:
    """One line naming the file, what broke, the offset, and the first ``unit`` lost (a JSONL
    line, a WARC record) after ``last``, the last one read whole."""
    exc = stream.broke
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return (
        f"{name}: damaged input ({reason}): readable up to byte {stream.offset} of the "
        f"decompressed stream; {unit} {last + 1} on is lost"
    )
