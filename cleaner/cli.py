"""Command line: ``cleaner clean | validate | explain | test-rules``.

Exit codes: 0 ok, 2 usage or input error (one line on stderr naming the problem); in batch
mode (cleaner/batch_cli.py) 1 when the run could not complete; ``validate`` 1 when any
document fails.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from cleaner.batch_cli import add_batch_arguments, run_batch, wants_batch
from cleaner.document import Document
from cleaner.pipeline import HTML_SNIFF_BYTES, clean_document, looks_like_html, make_document
from cleaner.rulebook import Rulebook, RuleFileError
from cleaner.text import decode_text_bytes

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2
MAX_INPUT_BYTES = 50 * 1024 * 1024


class InputError(Exception):
    """An input the command cannot read; reported as one line and exit code 2."""


def read_input(path: str, kind: str | None = None) -> str:
    """Read a file or stdin ('-') as text.

    HTML is decoded as a browser would (BOM, declared charset, UTF-8, detection); other text
    as UTF-8 first, then the detected charset.
    """
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(f"{path}: {len(data)} bytes is over the {MAX_INPUT_BYTES} byte limit")
    if kind == "html" or (
        kind is None and looks_like_html(data[:HTML_SNIFF_BYTES].decode("latin-1"))
    ):
        from cleaner.html import decode_html

        return decode_html(data)
    return decode_bytes(data, path)


def decode_bytes(data: bytes, name: str) -> str:
    text = decode_text_bytes(data)
    if text is None:
        raise InputError(f"{name}: not text (no character encoding fits its bytes)")
    return text


def load_rulebook(folders: list[str] | None) -> Rulebook:
    from cleaner.rulebook_cache import load_rulebook_cached

    return load_rulebook_cached(folders or [])


def clean_one(args: argparse.Namespace, rulebook: Rulebook) -> Document:
    kind = None if args.kind == "auto" else args.kind
    raw = read_input(args.path, kind)
    doc_id = None if args.path == "-" else Path(args.path).name
    validate = not getattr(args, "no_validate", False)
    return clean_document(make_document(raw, args.url, kind, doc_id), rulebook, validate)


def cmd_clean(args: argparse.Namespace, rulebook: Rulebook) -> int:
    if wants_batch(args):
        return run_batch(args, rulebook)
    doc = clean_one(args, rulebook)
    if args.format == "json":
        print(json.dumps(doc.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(doc.text)
        if not doc.lines:  # an empty stdout must not pass for a clean result
            reason = doc.verdict.reason if doc.verdict is not None else "nothing is left"
            print(f"{args.path}: fail: empty body ({reason})", file=sys.stderr)
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Judge already-cleaned texts (files, ``cleaner clean`` JSON/JSONL, plain or compressed,
    or a Dask output folder); 1 if any fails. Error records are counted, not fatal."""
    from cleaner.validate import ErrorRecord, render_human, submissions_at, validate_text

    statuses: dict[str, int] = {}
    for path in args.paths:
        try:
            for item in submissions_at(path, read_input):
                if isinstance(item, ErrorRecord):
                    statuses["error"] = statuses.get("error", 0) + 1
                    record = {"path": item.name, "id": item.id, "error": item.error}
                    print(json.dumps(record) if args.format == "json" else item.describe())
                    continue
                verdict = validate_text(item.text, rulebook, item.title, item.removed)
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


def use_colour(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def cmd_explain(args: argparse.Namespace, rulebook: Rulebook) -> int:
    from cleaner.explain import render_explain

    doc = clean_one(args, rulebook)
    sys.stdout.write(render_explain(doc, colour=use_colour(sys.stdout)))
    return EXIT_OK


def cmd_suggest(args: argparse.Namespace, rulebook: Rulebook) -> int:
    from cleaner.suggest import draft_rule_file

    texts = [read_input(path) for path in args.paths]
    draft = draft_rule_file(texts, args.domain)
    if args.output:
        Path(args.output).write_text(draft, "utf-8")
    else:
        sys.stdout.write(draft)
    return EXIT_OK


def cmd_test_rules(args: argparse.Namespace, rulebook: Rulebook) -> int:
    from cleaner.ruletest import check_rulebook_examples

    failures = check_rulebook_examples(rulebook)
    for failure in failures:
        print(failure)
    failed_rules = {failure.split(": ")[0] for failure in failures}
    count = sum(len(f.rules) + bool(f.html.get("examples")) for f in rulebook.files)
    print(f"{count - len(failed_rules)} passed, {len(failed_rules)} failed")
    return EXIT_FAIL if failures else EXIT_OK


def add_document_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a text dump or HTML page; '-' reads stdin")
    parser.add_argument("--url", help="the page's URL (finds site rules by domain)")
    parser.add_argument("--kind", choices=("auto", "text", "html"), default="auto")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rules", action="append", metavar="DIR", help="extra rules folder (repeatable)"
    )
    commands = parser.add_subparsers(dest="command", required=True)
    clean = commands.add_parser("clean", help="print the story body of a page")
    add_document_args(clean)
    clean.add_argument("--format", choices=("text", "json"), default="text")
    clean.add_argument(
        "--no-validate", action="store_true", help="skip the validator (no verdict; faster)"
    )
    add_batch_arguments(clean)
    clean.set_defaults(run=cmd_clean)
    validate = commands.add_parser("validate", help="check cleaned texts: is only story left?")
    validate.add_argument(
        "paths", nargs="+", metavar="PATH",
        help="text, JSON or JSONL files (.gz/.zst too), or a Dask output folder",
    )  # fmt: skip
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(run=cmd_validate)
    explain = commands.add_parser("explain", help="show every removed line and its rule")
    add_document_args(explain)
    explain.set_defaults(run=cmd_explain)
    test_rules = commands.add_parser("test-rules", help="run every rule's examples")
    test_rules.set_defaults(run=cmd_test_rules)
    suggest = commands.add_parser("suggest", help="draft a site rule file from pages of one site")
    suggest.add_argument("paths", nargs="+", help="text dumps of pages of one site")
    suggest.add_argument("--domain", required=True, help="the site's domain, e.g. example.com")
    suggest.add_argument("-o", "--output", help="write the draft here instead of stdout")
    suggest.set_defaults(run=cmd_suggest)
    return parser


def hoist_rules_option(argv: list[str]) -> list[str]:
    """Let ``--rules DIR`` stand anywhere on the line, not only before the command."""
    hoisted, rest, i = [], [], 0
    while i < len(argv):
        if argv[i] == "--rules" and i + 1 < len(argv):
            hoisted += argv[i : i + 2]
            i += 2
            continue
        if argv[i].startswith("--rules="):
            hoisted.append(argv[i])
        else:
            rest.append(argv[i])
        i += 1
    return hoisted + rest


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(hoist_rules_option(list(sys.argv[1:] if argv is None else argv)))
    try:
        rulebook = load_rulebook(args.rules)
        return args.run(args, rulebook)
    except RuleFileError as exc:
        print(f"cleaner: rule files have errors:\n{exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
