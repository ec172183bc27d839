"""Batch mode of ``cleaner clean``: its options, when it applies, and the run itself.

``cleaner clean PATH`` cleans one page, unless PATH is a dump (.jsonl, .jsonl.gz, .jsonl.zst,
.warc, .warc.gz), a folder, JSONL on stdin, or ``-o`` is given, or several paths are: then every
record is cleaned into JSONL (several paths: one run over them all, in the order given, each
output record's ``source`` naming the path it came from).

Exit status: 0 when the run completed (even with error records); 1 when it could not (nothing
is written) or when an input's stream broke part-way (a truncated .gz or .zst: the output is
written whole, with every readable record and a DamagedInput error record for the lost tail,
and stderr names the file); 2 for options that do not fit together. Options that apply to only
one of the two modes are refused in the other rather than silently ignored.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import TYPE_CHECKING

from cleaner.batch.limits import RECORD_SECONDS
from cleaner.cli.exits import EXIT_FAIL, EXIT_INTERRUPTED, EXIT_OK

if TYPE_CHECKING:  # the batch machinery is imported only when batch mode runs
    from cleaner.batch.run import BatchSettings
    from cleaner.batch.summary import Summary
    from cleaner.rulebook.load import Rulebook

STDIN_SNIFF_BYTES = 8192
"""How much of stdin is peeked at to tell a JSONL dump from a single page."""
DASK_EXTRA = "pip install 'crawl-cleaner[dask]'"


class UsageError(Exception):
    """Options that do not fit together; reported as one line and exit status 2."""


def available_cores() -> int:
    """Cores this process may run on (a container's limit, not the machine's count)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


BATCH_OPTIONS = {
    "output": "-o",
    "jobs": "--jobs",
    "quiet": "--quiet",
    "report": "--report",
    "id_field": "--id-field",
    "url_field": "--url-field",
    "text_field": "--text-field",
    "html_field": "--html-field",
    "record_timeout": "--record-timeout",
    "engine": "--engine",
    "scheduler": "--scheduler",
    "shard_lines": "--shard-lines",
    "overwrite": "--overwrite",
    "site_templates": "--site-templates",
}
"""Batch-only options (their defaults are None so that a given one can be told apart)."""
DASK_ONLY = ("scheduler", "shard_lines", "overwrite")


def add_batch_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("batch mode (dumps, folders, JSONL on stdin, or -o)")
    group.add_argument(
        "-o", "--output", help="JSONL output (.gz/.zst compress; default stdout); dask: a folder"
    )
    group.add_argument(
        "--jobs",
        type=int,
        help=f"worker processes (default: the usable cores, here {available_cores()})",
    )
    group.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    group.add_argument("--report", metavar="FILE", help="write the run's summary as JSON")
    for name in ("id", "url", "text", "html"):
        group.add_argument(
            f"--{name}-field", help=f"JSONL field (dotted path) of the {name} (default: {name})"
        )
    group.add_argument(
        "--record-timeout",
        type=float,
        metavar="SECONDS",
        help="a record still cleaning after this long becomes an error record "
        f"(default {RECORD_SECONDS:g}; 0: no limit)",
    )
    group.add_argument(
        "--site-templates",
        choices=("flag", "remove", "off"),
        help="lines on most pages of a site in the run are its template: remove them unless "
        "the line model is sure they are story or they are the page's content (default), flag "
        "kept ones as junk in the verdict, or off; a first pass reads the input to learn them "
        "(not on stdin)",
    )
    group.add_argument(
        "--engine",
        choices=("local", "dask"),
        help="local: worker processes on this machine (default); dask: shards on a Dask "
        "cluster, written as parts into the -o folder",
    )
    group.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="dask: the scheduler, tcp://host:8786 (default: a local cluster of --jobs workers)",
    )
    group.add_argument(
        "--shard-lines",
        type=int,
        metavar="N",
        help="dask: split JSONL files every N lines (default: from the input's size and "
        "--jobs, a few shards a worker)",
    )
    group.add_argument(
        "--overwrite",
        action="store_true",
        help="dask: replace an existing output folder (refused without it)",
    )


def given(args: argparse.Namespace, names: tuple[str, ...] | dict[str, str]) -> list[str]:
    """The option strings of ``names`` given on the command line."""
    return [BATCH_OPTIONS[n] for n in names if getattr(args, n, None) not in (None, False)]


def single_page_problem(args: argparse.Namespace) -> str | None:
    """Why the options do not fit cleaning one page, or None."""
    extra = given(args, BATCH_OPTIONS)
    if extra:
        return f"{', '.join(extra)}: batch mode only (a dump, a folder, JSONL on stdin, or -o)"
    return None


def stdin_is_jsonl() -> bool:
    """Peek at stdin without consuming it: a first line that is a JSON object means a dump."""
    peek = getattr(sys.stdin.buffer, "peek", None)
    if peek is None:
        return False
    head = peek(STDIN_SNIFF_BYTES)[:STDIN_SNIFF_BYTES].lstrip()
    if not head.startswith(b"{"):
        return False
    first, newline, _ = head.partition(b"\n")
    if not newline:
        return head.startswith(b'{"')  # a first line longer than the peek
    try:
        return isinstance(json.loads(first), dict)
    except ValueError:
        return False


def wants_batch(args: argparse.Namespace) -> bool:
    from cleaner.io import is_dump_path

    if args.output or len(args.paths) > 1 or is_dump_path(args.path) or args.engine == "dask":
        return True
    return args.path == "-" and args.kind in (None, "auto") and stdin_is_jsonl()


def batch_settings(args: argparse.Namespace) -> BatchSettings:
    from cleaner.batch.run import BatchSettings
    from cleaner.io import FieldNames

    fields = FieldNames(
        args.id_field or "id",
        args.url_field or "url",
        args.text_field or "text",
        args.html_field or "html",
    )
    return BatchSettings(
        fields=fields,
        rule_folders=tuple(args.rules or ()),
        record_seconds=record_seconds(args),
        validate=not args.no_validate,
        site_templates=args.site_templates or "remove",
    )


def record_seconds(args: argparse.Namespace) -> float | None:
    if args.record_timeout is None:
        return RECORD_SECONDS
    return args.record_timeout or None  # 0: no limit


def usage_problem(args: argparse.Namespace) -> str | None:
    """Why the options do not fit a batch run, or None."""
    if args.format is not None:
        return "--format applies to one page; batch output is always JSONL"
    if args.kind is not None:
        return "--kind applies to one page; in batch mode the field or file suffix decides"
    if args.max_bytes is not None:
        from cleaner.io import MAX_RECORD_BYTES

        return (
            f"--max-bytes applies to one page; in batch mode a record over {MAX_RECORD_BYTES} "
            "bytes is an error record"
        )
    if args.jobs is not None and args.jobs < 1:
        return "--jobs must be at least 1"
    if "-" in args.paths and len(args.paths) > 1:
        return "'-' (stdin) cannot be mixed with other paths"
    if args.engine != "dask":
        dask_only = given(args, DASK_ONLY)
        return f"{', '.join(dask_only)}: applies to --engine dask only" if dask_only else None
    if not args.output:
        return "--engine dask needs -o FOLDER for its output shards"
    if "-" in args.paths:
        return "--engine dask reads files its workers can open, not stdin"
    return None


def output_problem(args: argparse.Namespace) -> str | None:
    """Refuse an output that would destroy the input or mix with an earlier Dask run."""
    if not args.output or not os.path.exists(args.output):
        return None
    for path in args.paths:
        if path != "-" and os.path.exists(path) and os.path.samefile(args.output, path):
            return f"{args.output}: is the input; give another output name"
    stale = os.path.isdir(args.output) and any(os.scandir(args.output))
    if args.engine == "dask" and not args.overwrite and stale:
        return f"{args.output}: folder exists and is not empty; --overwrite replaces it"
    return None


def run_batch(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Run batch mode; report a failure of the whole run as one line and exit status 1."""
    from cleaner.batch.run import remember_rulebook
    from cleaner.io import InputUnreadable, OutputUnwritable

    problem = usage_problem(args) or output_problem(args)
    if problem:
        raise UsageError(problem)
    settings = batch_settings(args)
    remember_rulebook(settings.rule_folders, rulebook)
    started = time.monotonic()
    try:
        summary = run_engine(args, settings)
    except (InputUnreadable, OutputUnwritable) as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("cleaner: interrupted; no output was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    summary.seconds = time.monotonic() - started
    return finish(args, summary, rulebook)


def run_engine(args: argparse.Namespace, settings: BatchSettings) -> Summary:
    from cleaner.batch.run import run_local
    from cleaner.io import plan_inputs

    show_progress = not args.quiet and sys.stderr.isatty()
    jobs = args.jobs or available_cores()
    if args.engine == "dask":
        try:
            import distributed  # noqa: F401 - only to tell a missing extra from other failures
        except ImportError as exc:
            raise UsageError(f"--engine dask needs the dask extra: {DASK_EXTRA}") from exc
        from cleaner.batch.dask_engine import SchedulerUnreachable, plan_dask_shards, run_dask

        shards = plan_dask_shards(args.paths, jobs, args.shard_lines)
        try:
            return run_dask(
                shards,
                args.output,
                settings,
                scheduler=args.scheduler,
                jobs=jobs,
                show_progress=show_progress,
            )
        except SchedulerUnreachable as exc:
            raise UsageError(str(exc)) from exc
    shards = plan_inputs(args.paths)
    return run_local(shards, args.output or "-", settings, jobs, show_progress)


def finish(args: argparse.Namespace, summary: Summary, rulebook: Rulebook) -> int:
    from cleaner.batch.summary import render_summary, write_report

    report = summary.report(rulebook)
    if not args.quiet:
        sys.stderr.write(render_summary(report))
    if args.report:
        try:
            write_report(args.report, report)
        except OSError as exc:
            print(f"cleaner: {args.report}: cannot write report: {exc.strerror}", file=sys.stderr)
            return EXIT_FAIL
    for damage in summary.damaged:  # said even with --quiet: the output is short of the input
        print(f"cleaner: {damage} (a DamagedInput error record in the output)", file=sys.stderr)
    return EXIT_FAIL if summary.damaged else EXIT_OK
