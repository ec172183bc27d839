"""Read the HTML response records of a WARC file (plain or .gz) with warcio.

Every WARC record counts toward ``line`` (its 1-based position in the file), so an output record
points back at its input even though requests, metadata and non-HTML responses are skipped.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.recordloader import ArcWarcRecord

from cleaner.io.records import MAX_RECORD_BYTES, Record

HTML_TYPES = ("text/html", "application/xhtml+xml")


def is_html_response(record: ArcWarcRecord) -> bool:
    """A response whose Content-Type is HTML, or that names no type at all."""
    if record.rec_type != "response":
        return False
    headers = record.http_headers
    content_type = headers.get_header("Content-Type") if headers is not None else None
    if not content_type:
        return True
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def read_payload(record: ArcWarcRecord, limit: int = MAX_RECORD_BYTES) -> tuple[bytes, int]:
    """The decoded HTTP body, or ``(b"", size)`` when it is larger than ``limit``."""
    stream = record.content_stream()
    payload = stream.read(limit + 1)
    if len(payload) <= limit:
        return payload, 0
    size = len(payload)
    while block := stream.read(1 << 20):
        size += len(block)
    return b"", size


def read_warc(stream: BinaryIO, source: str | None = None) -> Iterator[Record]:
    for position, warc_record in enumerate(ArchiveIterator(stream), 1):
        if not is_html_response(warc_record):
            continue
        headers = warc_record.rec_headers
        payload, oversize = read_payload(warc_record)
        yield Record(
            line=position,
            format="html",
            payload=payload,
            id=headers.get_header("WARC-Record-ID"),
            url=headers.get_header("WARC-Target-URI"),
            source=source,
            oversize=oversize,
        )
