"""Readers and writers for batch cleaning: JSONL, WARC, folders and stdin in; JSONL out.

Readers stream: they yield one ``Record`` at a time, so a dump of any size is read in constant
memory. A record's payload stays raw bytes (a JSONL line, a page) until a worker decodes it, so
decoding runs in parallel and a bad record fails alone. ``plan_shards`` cuts an input into
shards (files, line ranges) that ``read_shard`` reads independently, on this machine or on a
Dask worker. A compressed dump whose stream breaks part-way (truncated, corrupt) gives every
record before the break and then one record whose ``damage`` says where (``damage.py``).
"""

from cleaner.io.records import MAX_RECORD_BYTES, FieldNames, InputUnreadable, Record, Shard
from cleaner.io.shards import DUMP_SUFFIXES, is_dump_path, plan_inputs, plan_shards, read_shard
from cleaner.io.writer import (
    AtomicJsonlWriter,
    OutputUnwritable,
    remove_stale_temps,
    temp_path,
)

__all__ = [
    "DUMP_SUFFIXES",
    "MAX_RECORD_BYTES",
    "AtomicJsonlWriter",
    "FieldNames",
    "InputUnreadable",
    "OutputUnwritable",
    "Record",
    "Shard",
    "is_dump_path",
    "plan_inputs",
    "plan_shards",
    "read_shard",
    "remove_stale_temps",
    "temp_path",
]
