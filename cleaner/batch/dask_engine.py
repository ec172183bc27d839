"""The Dask engine: the same per-record function over input shards on a Dask cluster.

Each shard (an input file, or a line range of a big JSONL file) is one task that reads its
records, cleans them and writes one output part: ``part-00000.jsonl``, ``part-00001.jsonl`` ...
in input order, so concatenating the parts gives the local engine's output. The parts go into a
hidden staging folder beside the output folder; only when every shard succeeded is a
``manifest.json`` (each part with its counts) added and the staging folder renamed into place,
so an output folder never mixes runs and never looks complete when it is not. Workers must see
the input and output paths (a shared filesystem) and have ``cleaner`` installed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import shutil
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from distributed import Client

from cleaner.batch.run import (
    BatchSettings,
    Progress,
    chunked,
    process_records,
    with_templates,
)
from cleaner.batch.summary import Summary
from cleaner.io import (
    AtomicJsonlWriter,
    OutputUnwritable,
    Shard,
    read_shard,
    remove_stale_temps,
    temp_path,
)
from cleaner.io.compression import open_read
from cleaner.io.jsonl import count_lines
from cleaner.io.shards import guarded, plan_inputs

LINES_PER_SHARD = 100_000
"""No shard is planned longer than this many JSONL lines, so big files spread out and a
failed shard costs little to run again."""
SHARDS_PER_WORKER = 3
"""Shards planned per worker when ``--shard-lines`` is not given: with one shard each, every
worker waits for the slowest share; a few each even out records of unequal cost, and each
shard costs one task and one output part."""
MIN_SHARD_LINES = 1000
"""No shard shorter than this is planned (a small input then runs on fewer workers): a task's
own cost (scheduling, reading the input up to its first line, an output part, the rulebook on a
worker's first task) is a fraction of a second to two, and one core cleans some 150 text
documents or 20 HTML pages a second, so a shard of this many lines runs for 7 s or more."""
CONNECT_SECONDS = 10.0
"""How long to try reaching a --scheduler before giving up (Dask's own default is 30 s; a
scheduler that answers at all answers in well under a second). A lower
``distributed.comm.timeouts.connect`` in the Dask config wins."""
MANIFEST = "manifest.json"
WORKER_LOG_ENV = "DASK_LOGGING__DISTRIBUTED"
"""Dask reads its workers' log level from this variable when they start."""


STOPPING = threading.Event()
"""Set when a run is interrupted, so that a task running as a thread of this process (one job)
stops at its next record: a thread cannot be killed, and its shard may take many seconds."""


class RunInterrupted(Exception):
    """A task that stopped because its run was interrupted."""


class SchedulerUnreachable(Exception):
    """The --scheduler address did not answer: nothing was started or written."""


def plan_dask_shards(paths: list[str], workers: int, lines: int | None = None) -> list[Shard]:
    """The shards of ``paths`` (in the order given) for ``workers`` workers: JSONL files cut
    every ``lines`` lines when given (``--shard-lines``), else into about ``SHARDS_PER_WORKER``
    shards a worker, each of ``MIN_SHARD_LINES`` to ``LINES_PER_SHARD`` lines (the input is
    counted first)."""
    if lines:
        return plan_inputs(paths, lines)
    records = sum(records_in(shard) for shard in plan_inputs(paths))
    wanted = math.ceil(records / (max(workers, 1) * SHARDS_PER_WORKER))
    return plan_inputs(paths, min(max(wanted, MIN_SHARD_LINES), LINES_PER_SHARD))


def records_in(shard: Shard) -> int:
    """Lines of a whole JSONL file, pages of a folder shard, else 1 (a WARC file or a page is
    one task however long)."""
    if shard.format == "jsonl":
        with guarded(shard.label), open_read(shard.path) as stream:
            return count_lines(stream)
    if shard.format == "files" and shard.stop is not None:
        return shard.stop - shard.start
    return 1


def part_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def clean_shard(shard: Shard, output: str, settings: BatchSettings) -> dict[str, Any]:
    """Task body: clean one shard into one output file; return the shard's summary counts."""
    summary = Summary()
    with AtomicJsonlWriter(output) as writer:
        for chunk in chunked(read_shard(shard)):  # as the local engine cleans: a chunk at once
            if STOPPING.is_set():
                raise RunInterrupted(shard.label)
            for outcome in process_records(chunk, settings):
                writer.write(outcome.line)
                summary.add(outcome)
    return summary.counts()


def connect_seconds() -> float:
    import dask
    from dask.utils import parse_timedelta

    configured = dask.config.get("distributed.comm.timeouts.connect", CONNECT_SECONDS)
    return min(CONNECT_SECONDS, parse_timedelta(configured, default="s"))


@contextmanager
def dask_client(scheduler: str | None, jobs: int) -> Iterator[Client]:
    """A client of the cluster at ``scheduler``, or of a LocalCluster of ``jobs`` workers.

    One job runs as a thread of this process: the same work without starting a process.
    """
    from distributed import Client, LocalCluster

    logging.getLogger("distributed").setLevel(logging.CRITICAL)
    STOPPING.clear()
    if scheduler:
        seconds = connect_seconds()
        try:
            client = Client(scheduler, timeout=seconds)
        except (OSError, TimeoutError, ValueError) as exc:
            detail = f"no answer within {seconds:g} s" if isinstance(exc, OSError) else exc
            raise SchedulerUnreachable(f"--scheduler {scheduler}: {detail}") from exc
        with client:
            yield client
        return
    with quiet_children():
        # ":0", not None: None falls back to port 8787 and warns on stderr when another run
        # (or another user's cluster) holds it; an ephemeral port never collides.
        cluster = LocalCluster(
            n_workers=jobs, threads_per_worker=1, processes=jobs > 1, dashboard_address=":0"
        )
    with cluster:
        try:
            with Client(cluster) as client:
                yield client
        except BaseException:
            STOPPING.set()
            kill_workers(cluster)
            raise


@contextmanager
def quiet_children() -> Iterator[None]:
    """Start worker processes that leave Ctrl-C to this process and log nothing.

    A terminal sends Ctrl-C to every process of the job; Dask's workers would each print a
    KeyboardInterrupt traceback and warnings about cancelled tasks. An ignored SIGINT and the
    environment are inherited by the processes started meanwhile.
    """
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    saved = os.environ.get(WORKER_LOG_ENV)
    os.environ[WORKER_LOG_ENV] = "critical"
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if saved is None:
            os.environ.pop(WORKER_LOG_ENV, None)
        else:
            os.environ[WORKER_LOG_ENV] = saved


def kill_workers(cluster: Any) -> None:
    """End a local cluster's worker processes now: a graceful close waits for their running
    tasks (seconds for a shard of big pages), and nobody will read what they finish."""
    for nanny in list(getattr(cluster, "workers", {}).values()):
        process = getattr(nanny, "process", None)
        pid = getattr(process, "pid", None)
        if pid:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def staging_folder(final: Path) -> Path:
    """A fresh hidden folder beside ``final`` (same filesystem, so publishing is a rename)."""
    remove_stale_temps(final)
    staging = temp_path(final)
    try:
        staging.mkdir(parents=True)
    except OSError as exc:
        raise OutputUnwritable(f"{final}: cannot create folder: {exc.strerror or exc}") from exc
    return staging


def publish(staging: Path, final: Path) -> None:
    """Put the staged parts in place of ``final`` (which the caller may overwrite)."""
    old = temp_path(final, "old")
    try:
        if final.exists():
            final.rename(old)
        staging.rename(final)
    except OSError as exc:
        raise OutputUnwritable(f"{final}: cannot publish the output: {exc.strerror}") from exc
    shutil.rmtree(old, ignore_errors=True)


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
    """Clean every shard on the cluster into ``output``/part-NNNNN.jsonl; return the summary.

    An existing ``output`` folder is replaced (the command line refuses a non-empty one
    unless --overwrite); nothing is created before the cluster answers, and a run that fails
    or is interrupted leaves nothing: its staging folder is removed once the cluster has
    stopped, so no task is still writing into it.
    """
    final = Path(output)
    if final.exists() and not final.is_dir():
        raise OutputUnwritable(f"{output}: not a folder (the Dask engine writes one file a shard)")
    staged: list[Path] = []
    settings, learned = with_templates(settings, shards)  # this process reads the input once
    try:
        with nullcontext(client) if client is not None else dask_client(scheduler, jobs) as live:
            staged.append(staging_folder(final))
            parts = submit_shards(live, shards, staged[0], settings, show_progress)
        summary = write_manifest(staged[0], shards, parts)
        summary.site_templates = learned
        publish(staged[0], final)
    except BaseException:
        for folder in staged:
            shutil.rmtree(folder, ignore_errors=True)
        raise
    return summary


def submit_shards(
    client: Any, shards: list[Shard], folder: Path, settings: BatchSettings, show_progress: bool
) -> list[dict[str, Any]]:
    """Run every shard; return each part's counts in part order. Any failed shard raises."""
    from distributed import as_completed

    futures = [
        client.submit(clean_shard, shard, str(folder / part_name(i)), settings, pure=False)
        for i, shard in enumerate(shards)
    ]
    index = {future.key: i for i, future in enumerate(futures)}
    counts: list[dict[str, Any]] = [{} for _ in futures]
    progress = Progress(show_progress, total=len(futures), unit=" shards")
    try:
        for future in as_completed(futures):
            counts[index[future.key]] = future.result()
            progress.advance(errors=sum(counts[index[future.key]]["errors"].values()))
    except BaseException:
        client.cancel(futures)
        raise
    finally:
        progress.close()
    return counts


def write_manifest(folder: Path, shards: list[Shard], parts: list[dict[str, Any]]) -> Summary:
    """``manifest.json``: every part with its input shard and counts, and the run's totals."""
    summary = Summary()
    rows = []
    for i, (shard, counts) in enumerate(zip(shards, parts, strict=True)):
        summary.merge(Summary.from_counts(counts))
        errors = sum(counts["errors"].values())
        rows.append(
            {
                "part": part_name(i),
                "input": shard.label,
                "documents": counts["documents"],
                "cleaned": counts["cleaned"],
                "errors": errors,
                "blank_lines": counts["blank_lines"],
            }
        )
    manifest = {"parts": rows, "documents": summary.documents, "cleaned": summary.cleaned}
    try:
        (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    except OSError as exc:
        raise OutputUnwritable(f"{folder}: cannot write {MANIFEST}: {exc.strerror}") from exc
    return summary
