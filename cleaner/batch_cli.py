"""Batch mode of ``cleaner clean``: its options, when it applies, and the run itself.

``cleaner clean PATH`` cleans one page, unless PATH is a dump (.jsonl, .jsonl.gz, .jsonl.zst,
.warc, .warc.gz), a folder, or ``-o`` is given: then every record is cleaned into JSONL. Exit
status is 0 when the run completed (even with error records) and 1 when it could not.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the batch machinery is imported only when batch mode runs
    from cleaner.batch import BatchSettings
    from cleaner.batch_summary import Summary
    from cleaner.rulebook import Rulebook

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130
RECORD_SECONDS = 120.0
"""Default of --record-timeout (cleaner.batch.RECORD_SECONDS, kept here to import lazily)."""


def available_cores() -> int:
    """Cores this process may run on (a container's limit, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("batch mode (dumps, folders, or -o)")
    group.add_argument("-o", "--output", help="JSONL output (.gz/.zst compress); dask: a folder")
    group.add_argument("--jobs", type=int, default=available_cores(), help="worker processes")
    group.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    group.add_argument("--report", metavar="FILE", help="write the run's summary as JSON")
    for name in ("id", "url", "text", "html"):
        group.add_argument(
            f"--{name}-field", default=name, help=f"JSONL field (dotted path) of the {name}"
        )
    group.add_argument(
        "--record-timeout",
        type=float,
        default=RECORD_SECONDS,
        metavar="SECONDS",
        help="a record still cleaning after this long becomes an error record (0: no limit)",
    )
    group.add_argument("--engine", choices=("local", "dask"), default="local")
    group.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler, tcp://host:8786")
    group.add_argument(
        "--shard-lines", type=int, metavar="N", help="dask: split JSONL files every N lines"
    )


def wants_batch(args: argparse.Namespace) -> bool:
    from cleaner.io import is_dump_path

    return bool(args.output) or is_dump_path(args.path) or args.engine == "dask"


def batch_settings(args: argparse.Namespace) -> BatchSettings:
    from cleaner.batch import BatchSettings
    from cleaner.io import FieldNames

    fields = FieldNames(args.id_field, args.url_field, args.text_field, args.html_field)
    return BatchSettings(
        fields=fields,
        rule_folders=tuple(args.rules or ()),
        record_seconds=args.record_timeout or None,
        validate=not args.no_validate,
    )


def usage_problem(args: argparse.Namespace) -> str | None:
    if args.jobs < 1:
        return "--jobs must be at least 1"
    if args.engine == "dask" and not args.output:
        return "--engine dask needs -o FOLDER for its output shards"
    if args.engine == "dask" and args.path == "-":
        return "--engine dask reads files its workers can open, not stdin"
    return None


def run_batch(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Run batch mode; report a failure of the whole run as one line and exit status 1."""
    from cleaner.batch import remember_rulebook
    from cleaner.io import InputUnreadable, OutputUnwritable

    problem = usage_problem(args)
    if problem:
        print(f"cleaner: {problem}", file=sys.stderr)
        return EXIT_USAGE
    settings = batch_settings(args)
    remember_rulebook(settings.rule_folders, rulebook)
    try:
        summary = run_engine(args, settings)
    except (InputUnreadable, OutputUnwritable) as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("cleaner: interrupted; no output was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    return finish(args, summary, rulebook)


def run_engine(args: argparse.Namespace, settings: BatchSettings) -> Summary:
    from cleaner.batch import run_local
    from cleaner.io import plan_shards

    show_progress = not args.quiet and sys.stderr.isatty()
    if args.engine == "dask":
        from cleaner.batch_dask import LINES_PER_SHARD, run_dask

        shards = plan_shards(args.path, args.shard_lines or LINES_PER_SHARD)
        return run_dask(
            shards,
            args.output,
            settings,
            scheduler=args.scheduler,
            jobs=args.jobs,
            show_progress=show_progress,
        )
    shards = plan_shards(args.path)
    return run_local(shards, args.output or "-", settings, args.jobs, show_progress)


def finish(args: argparse.Namespace, summary: Summary, rulebook: Rulebook) -> int:
    from cleaner.batch_summary import render_summary, write_report

    report = summary.report(rulebook)
    if not args.quiet:
        sys.stderr.write(render_summary(report))
    if args.report:
        try:
            write_report(args.report, report)
        except OSError as exc:
            print(f"cleaner: {args.report}: cannot write report: {exc.strerror}", file=sys.stderr)
            return EXIT_FAIL
    return EXIT_OK
