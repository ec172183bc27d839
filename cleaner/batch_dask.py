"""The Dask engine: the same per-record function over input shards on a Dask cluster.

Each shard (an input file, or a line range of a big JSONL file) is one task that reads its
records, cleans them and writes one output shard, atomically, into the output folder:
``part-00000.jsonl``, ``part-00001.jsonl`` ... in input order, so concatenating the parts gives
the local engine's output. Workers must see the input and output paths (a shared filesystem)
and have ``cleaner`` installed.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cleaner.batch import BatchSettings, Progress, process_record
from cleaner.batch_summary import Summary
from cleaner.io import AtomicJsonlWriter, OutputUnwritable, Shard, read_shard

LINES_PER_SHARD = 100_000
"""A JSONL file longer than this is split into line-range shards, so big files spread out."""


def part_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def clean_shard(shard: Shard, output: str, settings: BatchSettings) -> dict[str, Any]:
    """Task body: clean one shard into one output file; return the shard's summary counts."""
    summary = Summary()
    with AtomicJsonlWriter(output) as writer:
        for record in read_shard(shard):
            outcome = process_record(record, settings)
            writer.write(outcome.line)
            summary.add(outcome)
    return summary.counts()


@contextmanager
def dask_client(scheduler: str | None, jobs: int):
    """A client of the cluster at ``scheduler``, or of a LocalCluster of ``jobs`` workers."""
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    cluster = LocalCluster(
        n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None
    )
    with cluster, Client(cluster) as client:
        yield client


def prepare_folder(path: str) -> Path:
    folder = Path(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputUnwritable(f"{path}: cannot create folder: {exc.strerror or exc}") from exc
    if not folder.is_dir():
        raise OutputUnwritable(f"{path}: not a folder (the Dask engine writes one file a shard)")
    return folder


def run_dask(
    shards: list[Shard],
    output: str,
    settings: BatchSettings,
    *,
    scheduler: str | None = None,
    jobs: int = 1,
    show_progress: bool = False,
    client: Any = None,
) -> Summary:
    """Clean every shard on the cluster into ``output``/part-NNNNN.jsonl; return the summary."""
    folder = prepare_folder(output)
    if client is not None:
        return submit_shards(client, shards, folder, settings, show_progress)
    with dask_client(scheduler, jobs) as own_client:
        return submit_shards(own_client, shards, folder, settings, show_progress)


def submit_shards(
    client: Any, shards: list[Shard], folder: Path, settings: BatchSettings, show_progress: bool
) -> Summary:
    from distributed import as_completed

    futures = [
        client.submit(clean_shard, shard, str(folder / part_name(i)), settings, pure=False)
        for i, shard in enumerate(shards)
    ]
    summary = Summary()
    progress = Progress(show_progress, total=len(futures), unit=" shards")
    try:
        for future in as_completed(futures):
            shard_summary = Summary.from_counts(future.result())
            summary.merge(shard_summary)
            progress.advance(errors=sum(shard_summary.errors.values()))
    finally:
        progress.close()
    return summary
