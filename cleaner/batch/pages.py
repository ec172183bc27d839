"""Every page of files, folders, JSONL and WARC dumps as a Document, for corpus-wide commands.

``suggest``, ``new-site`` and ``test-rules --corpus`` look at many pages at once; they read
them with the batch readers and turn records into Documents as a batch run does
(``record_document``), and a record that cannot be read is skipped with its reason.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cleaner.batch.run import RecordError, record_document
from cleaner.document import Document
from cleaner.io.records import FieldNames
from cleaner.io.shards import plan_shards, read_shard


@dataclass(slots=True)
class Skipped:
    """A record that could not be read as a page, and why."""

    where: str
    reason: str


def read_documents(paths: list[str], skipped: list[Skipped] | None = None) -> Iterator[Document]:
    """Documents (raw page, kind, url, id) of every record of ``paths``, in input order."""
    fields = FieldNames()
    for path in paths:
        for shard in plan_shards(path):
            for record in read_shard(shard):
                try:
                    yield record_document(record, fields)
                except RecordError as exc:
                    if skipped is not None:
                        where = f"{record.source or shard.path}:{record.line}"
                        skipped.append(Skipped(where, f"{type(exc).__name__}: {exc}"))
