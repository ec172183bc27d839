"""Open plain, gzip and zstd files for streaming, choosing by the file name's extension.

Every compressed stream fails alike when it is cut short: gzip raises EOFError by itself, and
``ZstdReader`` does the same for zstd (whose own stream reader ends quietly at the cut, which
would drop the records after it without a word).
"""

from __future__ import annotations

import gzip
import io
from typing import BinaryIO

import zstandard

READ_BUFFER = 1 << 20


def compression_of(name: str) -> str | None:
    lowered = name.lower()
    if lowered.endswith(".gz"):
        return "gzip"
    if lowered.endswith((".zst", ".zstd")):
        return "zstd"
    return None


def open_read(path: str) -> BinaryIO:
    """A buffered binary reader that decompresses by extension (readline works on all)."""
    kind = compression_of(path)
    if kind == "gzip":
        return gzip.open(path, "rb")  # buffered already; closing it closes the file
    raw = open(path, "rb")  # noqa: SIM115 - the caller owns and closes the stream
    if kind == "zstd":
        return io.BufferedReader(ZstdReader(raw), READ_BUFFER)
    return io.BufferedReader(raw, READ_BUFFER)


class ZstdReader(io.RawIOBase):
    """Decompress zstd frames one after another (as ``zstdcat`` does); EOFError when the input
    ends inside a frame."""

    def __init__(self, raw: BinaryIO) -> None:
        super().__init__()
        self.raw = raw
        self.context = zstandard.ZstdDecompressor()
        self.frame = self.context.decompressobj()
        self.in_frame = False
        self.pending = b""
        self.offset = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        while self.offset >= len(self.pending):
            compressed = self.raw.read(READ_BUFFER)
            if not compressed:
                if self.in_frame:
                    raise EOFError("compressed stream ends early (truncated .zst file)")
                return 0
            self.pending, self.offset = self.decompress(compressed), 0
        count = min(len(buffer), len(self.pending) - self.offset)
        buffer[:count] = self.pending[self.offset : self.offset + count]
        self.offset += count
        return count

    def decompress(self, compressed: bytes) -> bytes:
        out = []
        while compressed:
            self.in_frame = True
            out.append(self.frame.decompress(compressed))
            if not self.frame.eof:
                break
            compressed = self.frame.unused_data
            self.frame = self.context.decompressobj()
            self.in_frame = False
        return b"".join(out)

    def close(self) -> None:
        self.raw.close()
        super().close()


def wrap_write(raw: BinaryIO, name: str) -> BinaryIO:
    """Wrap an open binary file so that what is written is compressed as ``name`` says."""
    kind = compression_of(name)
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6)
    if kind == "zstd":
        return zstandard.ZstdCompressor(level=3).stream_writer(raw, closefd=False)
    return raw
