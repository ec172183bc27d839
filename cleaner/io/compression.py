"""Open plain, gzip and zstd files for streaming, choosing by the file name's extension."""

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
        reader = zstandard.ZstdDecompressor().stream_reader(raw, closefd=True)
        return io.BufferedReader(reader, READ_BUFFER)
    return io.BufferedReader(raw, READ_BUFFER)


def wrap_write(raw: BinaryIO, name: str) -> BinaryIO:
    """Wrap an open binary file so that what is written is compressed as ``name`` says."""
    kind = compression_of(name)
    if kind == "gzip":
        return gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6)
    if kind == "zstd":
        return zstandard.ZstdCompressor(level=3).stream_writer(raw, closefd=False)
    return raw
