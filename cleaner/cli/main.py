"""Command line: ``cleaner clean | validate | explain`` and the rule-authoring commands.

Exit codes: 0 ok, 2 usage or input error (one line on stderr naming the problem); in batch
mode (cleaner/cli/batch.py) 1 when the run could not complete or an input was damaged, 130 on
Ctrl-C; ``validate`` 1 when any document fails; 141 (as for a tool killed by SIGPIPE) when the
reader of stdout went away.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import TextIO

from cleaner.cli.authoring import CommandError, add_authoring_commands, positive_int
from cleaner.cli.batch import (
    UsageError,
    add_batch_arguments,
    run_batch,
    single_page_problem,
    wants_batch,
)
from cleaner.cli.exits import EXIT_BROKEN_PIPE, EXIT_FAIL, EXIT_OK, EXIT_USAGE
from cleaner.document import Document
from cleaner.io.kind import kind_by_name
from cleaner.pipeline import clean_document, decode_page_bytes, make_document
from cleaner.rulebook.load import Rulebook, RuleFileError


class InputError(Exception):
    """An input the command cannot read; reported as one line and exit code 2."""


def read_input(
    path: str,
    kind: str | None = None,
    warnings: list[str] | None = None,
    max_bytes: int | None = None,
) -> str:
    """Read a file or stdin ('-') as text; a file over ``max_bytes`` (default: the batch
    readers' ``MAX_RECORD_BYTES``, why in ``cleaner/io/records.py``) is refused.

    HTML is decoded as a browser would (BOM, declared charset, UTF-8, detection); other text
    as UTF-8 first (mostly UTF-8: the bad bytes replaced, said in ``warnings``), then the
    detected charset.
    """
    from cleaner.io.records import MAX_RECORD_BYTES

    limit = max_bytes or MAX_RECORD_BYTES
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > limit:
        raise InputError(
            f"{path}: {len(data)} bytes is over the {limit} byte limit for one page "
            "(--max-bytes raises it)"
        )
    text = decode_page_bytes(data, kind, warnings)
    if text is None:
        raise InputError(f"{path}: not text (no character encoding fits its bytes)")
    return text


def load_rulebook(folders: list[str] | None, bundled_sites: bool = True) -> Rulebook:
    from cleaner.rulebook.cache import load_rulebook_cached

    if not bundled_sites:
        return Rulebook.load(folders or [], bundled_sites=False)
    return load_rulebook_cached(folders or [])


def clean_one(args: argparse.Namespace, rulebook: Rulebook) -> Document:
    kind = None if args.kind in (None, "auto") else args.kind
    kind = kind or (None if args.path == "-" else kind_by_name(args.path))
    warnings: list[str] = []
    raw = read_input(args.path, kind, warnings, getattr(args, "max_bytes", None))
    doc_id = None if args.path == "-" else Path(args.path).name
    validate = not getattr(args, "no_validate", False)
    doc = make_document(raw, args.url, kind, doc_id)
    doc.warnings += warnings
    if doc.kind != "html":
        return clean_document(doc, rulebook, validate)
    from cleaner.html.parse import PageError

    try:
        return clean_document(doc, rulebook, validate)
    except PageError as exc:
        raise InputError(f"{args.path}: {exc}") from exc


def report_warnings(doc: Document) -> None:
    """Say on stderr what the body lost without a removal rule (parser limits, regex timeouts)."""
    for warning in doc.warnings:
        print(f"cleaner: warning: {warning}", file=sys.stderr)
    if not doc.text.strip():  # an empty stdout must not pass for a clean result
        reason = doc.verdict.reason if doc.verdict is not None else "not validated"
        print(
            f"cleaner: warning: nothing is left of the page after cleaning "
            f"(fail: empty body: {reason})",
            file=sys.stderr,
        )


def cmd_clean(args: argparse.Namespace, rulebook: Rulebook) -> int:
    args.path = args.paths[0]
    if wants_batch(args):
        return run_batch(args, rulebook)
    problem = single_page_problem(args)
    if problem:
        raise UsageError(problem)
    doc = clean_one(args, rulebook)
    if args.format == "json":
        print(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(doc.text)
        report_warnings(doc)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Judge already-cleaned texts (files, ``cleaner clean`` JSON/JSONL, plain or compressed,
    or a Dask output folder); 1 if any fails. Error records are counted, not fatal."""
    from cleaner.validate.records import ErrorRecord, render_human, submissions_at
    from cleaner.validate.verdict import validate_text

    statuses: dict[str, int] = {}
    for path in args.paths:
        try:
            for item in submissions_at(path, read_input):
                if isinstance(item, ErrorRecord):
                    statuses["error"] = statuses.get("error", 0) + 1
                    record = {"path": item.name, "id": item.id, "error": item.error}
                    print(json.dumps(record) if args.format == "json" else item.describe())
                    continue
                verdict = validate_text(item.text, rulebook, item.title, item.removed,
                                        item.kept, item.basis, item.page_type)  # fmt: skip
                statuses[verdict.status] = statuses.get(verdict.status, 0) + 1
                if args.format == "json":
                    record = {"path": item.name, "id": item.id, **verdict.to_dict()}
                    print(json.dumps(record, ensure_ascii=False))
                else:
                    print("\n".join(render_human(item.name, verdict)))
        except ValueError as exc:
            raise InputError(str(exc)) from exc
    if sum(statuses.values()) > 1 or "error" in statuses:
        counts = ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
        print(f"validated: {counts}", file=sys.stderr)
    return EXIT_FAIL if statuses.get("fail") else EXIT_OK


def use_colour(stream: TextIO) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def cmd_explain(args: argparse.Namespace, rulebook: Rulebook) -> int:
    from cleaner.cli.explain import render_explain

    doc = clean_one(args, rulebook)
    sys.stdout.write(render_explain(doc, colour=use_colour(sys.stdout)))
    report_warnings(doc)
    return EXIT_OK


def add_document_args(parser: argparse.ArgumentParser, several: bool = False) -> None:
    """The page argument (``several``: one or more paths) and the options that describe it."""
    if several:
        parser.add_argument(
            "paths", nargs="+", metavar="PATH",
            help="a text dump or HTML page; '-' reads stdin (JSONL on stdin: batch mode); a "
            "dump, a folder or several paths are cleaned as one batch into JSONL (several: "
            "each record's 'source' names its path)",
        )  # fmt: skip
    else:
        parser.add_argument(
            "path", help="a text dump or HTML page; '-' reads stdin (JSONL on stdin: batch mode)"
        )
    parser.add_argument("--url", help="the page's URL (finds site rules by domain)")
    parser.add_argument(
        "--kind",
        choices=("auto", "text", "html"),
        help="what the page is: a text dump or raw HTML (default: auto, sniffed from its head)",
    )


RULES_HELP = "extra rules folder, added to the bundled rules (repeatable; anywhere on the line)"


def add_rules_arg(parser: argparse.ArgumentParser) -> None:
    """Show ``--rules`` in every command's help; ``hoist_rules_option`` hands it to the top."""
    parser.add_argument(
        "--rules", action="append", metavar="DIR", default=argparse.SUPPRESS, help=RULES_HELP
    )


def package_version() -> str:
    from cleaner import __version__

    return __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    parser.add_argument("--rules", action="append", metavar="DIR", help=RULES_HELP)
    parser.add_argument(
        "--no-bundled-sites",
        action="store_true",
        help="load the bundled generic rules but no bundled site files (measure your own)",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    clean = commands.add_parser("clean", help="print the story body of a page")
    add_document_args(clean, several=True)
    add_rules_arg(clean)
    clean.add_argument(
        "--format",
        choices=("text", "json"),
        help="one page: the body as text (default), or one JSON object with title, sites, "
        "removals and verdict; batch mode always writes JSONL",
    )
    clean.add_argument(
        "--no-validate", action="store_true", help="skip the validator (no verdict; faster)"
    )
    clean.add_argument(
        "--max-bytes",
        type=positive_int,
        metavar="N",
        help="one page: refuse a page over N bytes (default 10 MiB, the batch record limit: "
        "cleaning time and memory grow faster than the page)",
    )
    add_batch_arguments(clean)
    clean.set_defaults(run=cmd_clean)
    validate = commands.add_parser("validate", help="check cleaned texts: is only story left?")
    validate.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="text, JSON or JSONL files (.gz/.zst too), or a Dask output folder",
    )  # fmt: skip
    validate.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="verdicts as readable lines (default) or one JSON object a document",
    )
    add_rules_arg(validate)
    validate.set_defaults(run=cmd_validate)
    explain = commands.add_parser("explain", help="show every removed line and its rule")
    add_document_args(explain)
    add_rules_arg(explain)
    explain.set_defaults(run=cmd_explain)
    add_authoring_commands(commands)
    for name in ("test-rules", "suggest", "new-site"):
        add_rules_arg(commands.choices[name])
    return parser


def hoist_rules_option(argv: list[str]) -> list[str]:
    """Let ``--rules DIR`` stand anywhere on the line, not only before the command."""
    hoisted, rest, i = [], [], 0
    while i < len(argv):
        if argv[i] == "--rules" and i + 1 < len(argv):
            hoisted += argv[i : i + 2]
            i += 2
            continue
        if argv[i].startswith("--rules=") or argv[i] == "--no-bundled-sites":
            hoisted.append(argv[i])
        else:
            rest.append(argv[i])
        i += 1
    return hoisted + rest


def quiet_broken_pipe() -> int:
    """End as ``head``'s other writers do: no message, and no second error when Python flushes
    stdout at exit (stdout is pointed at /dev/null first)."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return EXIT_BROKEN_PIPE


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(hoist_rules_option(list(sys.argv[1:] if argv is None else argv)))
    try:
        rulebook = load_rulebook(args.rules, not args.no_bundled_sites)
        status = args.run(args, rulebook)
        sys.stdout.flush()  # a full disk or a closed pipe shows here, not at interpreter exit
        return status
    except RuleFileError as exc:
        print(f"cleaner: rule files have errors:\n{exc}", file=sys.stderr)
        # for test-rules a broken rule file is a failed test, not a usage error
        return EXIT_FAIL if args.command == "test-rules" else EXIT_USAGE
    except (InputError, UsageError, CommandError) as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return quiet_broken_pipe()
    except OSError as exc:  # a file named by an option, or stdout itself (a full disk)
        where = f"{exc.filename}: " if exc.filename else "cannot write output: "
        print(f"cleaner: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
