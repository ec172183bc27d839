"""Command line: ``cleaner clean | validate | explain | test-rules | suggest | sites | report |
new-site``.

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


def load_rulebook(folders: list[str] | None, bundled_sites: bool = True) -> Rulebook:
    from cleaner.rulebook_cache import load_rulebook_cached

    if not bundled_sites:
        return Rulebook.load(folders or [], bundled_sites=False)
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
    return EXIT_OK


def cmd_validate(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Judge already-cleaned texts (files or ``cleaner clean`` JSON/JSONL); 1 if any fails."""
    from cleaner.validate import render_human, submissions_in, validate_text

    failed = False
    for path in args.paths:
        try:
            submissions = submissions_in(path, read_input(path))
        except ValueError as exc:
            raise InputError(str(exc)) from exc
        for item in submissions:
            verdict = validate_text(item.text, rulebook, item.title, item.removed)
            failed = failed or verdict.failed
            if args.format == "json":
                record = {"path": item.name, "id": item.id, **verdict.to_dict()}
                print(json.dumps(record, ensure_ascii=False))
            else:
                print("\n".join(render_human(item.name, verdict)))
    return EXIT_FAIL if failed else EXIT_OK


def use_colour(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ


def cmd_explain(args: argparse.Namespace, rulebook: Rulebook) -> int:
    from cleaner.explain import render_explain

    doc = clean_one(args, rulebook)
    sys.stdout.write(render_explain(doc, colour=use_colour(sys.stdout)))
    return EXIT_OK


def read_pages(paths: list[str]) -> list[Document]:
    """Every readable page of files, folders and dumps; unreadable records named on stderr."""
    from cleaner.io import InputUnreadable
    from cleaner.io.pages import Skipped, read_documents

    skipped: list[Skipped] = []
    try:
        docs = list(read_documents(paths, skipped))
    except InputUnreadable as exc:
        raise InputError(str(exc)) from exc
    for item in skipped:
        print(f"cleaner: {item.where}: skipped: {item.reason}", file=sys.stderr)
    if not docs:
        raise InputError("no readable pages in the input")
    return docs


def cmd_suggest(args: argparse.Namespace, rulebook: Rulebook) -> int:
    from cleaner.suggest import draft_rule_file, render_touched, schema_reference

    schema = schema_reference(Path(args.output) if args.output else None)
    draft = draft_rule_file([doc.raw for doc in read_pages(args.paths)], args.domain, schema)
    if args.output:
        from cleaner.io.writer import write_text_atomic

        try:
            write_text_atomic(args.output, draft.toml)
        except OSError as exc:
            raise InputError(f"{args.output}: cannot write: {exc.strerror or exc}") from exc
    else:
        sys.stdout.write(draft.toml)
    sys.stderr.write(render_touched(draft))
    return EXIT_OK


def cmd_test_rules(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Run every rule's examples and lint the rules; 1 on any problem."""
    from cleaner import lint

    problems = lint.example_problems(rulebook)
    fixtures = fixture_folders(args)
    problems += lint.golden_body_problems(rulebook, fixtures)
    problems += lint.selector_problems(rulebook, fixtures)
    for corpus in args.corpus or []:
        fired, applied, count = lint.corpus_usage(rulebook, read_pages([corpus]))
        where = f"over {count} documents of {corpus}"
        problems += lint.dead_rule_problems(rulebook, fired, applied, where)
    if args.report:
        try:
            fired, applied = lint.report_usage(args.report)
        except ValueError as exc:
            raise InputError(str(exc)) from exc
        problems += lint.dead_rule_problems(rulebook, fired, applied, f"in {args.report}")
    for problem in problems:
        print(problem)
    failed = {problem.subject for problem in problems}
    count = sum(len(f.rules) + bool(f.html.get("examples")) for f in rulebook.files)
    print(f"{count - len(failed)} passed, {len(failed)} failed")
    return EXIT_FAIL if problems else EXIT_OK


def fixture_folders(args: argparse.Namespace) -> list[Path]:
    """--fixtures, else the fixtures/ folders beside the bundled rules and each --rules DIR."""
    from cleaner.rulebook import bundled_rules_dir

    if args.fixtures:
        return [Path(folder) for folder in args.fixtures]
    candidates = [bundled_rules_dir().parent / "fixtures"]
    for folder in args.rules or []:
        candidates += [Path(folder) / "fixtures", Path(folder).resolve().parent / "fixtures"]
    return [c for c in dict.fromkeys(p.resolve() for p in candidates) if c.is_dir()]


def cmd_sites(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Print the triage table of a batch report or of cleaned JSONL records."""
    from cleaner.triage import read_site_rows, render_sites

    try:
        rows = read_site_rows(args.report_file)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_sites(rows, args.limit))
    return EXIT_OK


def cmd_report(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Write one self-contained HTML page to review a batch run."""
    from cleaner.io.writer import write_text_atomic
    from cleaner.review_page import read_results, render_page

    try:
        records = read_results(args.results)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    try:
        write_text_atomic(args.output, render_page(records, args.results))
    except OSError as exc:
        raise InputError(f"{args.output}: cannot write: {exc.strerror or exc}") from exc
    print(f"{args.output}: {len(records)} documents", file=sys.stderr)
    return EXIT_OK


def cmd_new_site(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Draft rules/sites/DOMAIN.toml and a fixture with its expected output."""
    from cleaner.new_site import SiteExists, new_site

    try:
        docs = read_pages(args.pages)
        written = new_site(args.domain, docs, Path(args.root), args.url, not args.no_bundled_sites)
    except SiteExists as exc:
        raise InputError(str(exc)) from exc
    for path in written:
        print(path)
    print("review the draft and the expected files, then run: cleaner test-rules", file=sys.stderr)
    return EXIT_OK


def add_document_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", help="a text dump or HTML page; '-' reads stdin")
    parser.add_argument("--url", help="the page's URL (finds site rules by domain)")
    parser.add_argument("--kind", choices=("auto", "text", "html"), default="auto")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rules", action="append", metavar="DIR", help="extra rules folder (repeatable)"
    )
    parser.add_argument(
        "--no-bundled-sites",
        action="store_true",
        help="load the bundled generic rules but no bundled site files (measure your own)",
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
    validate.add_argument("paths", nargs="+", metavar="PATH", help="text, JSON or JSONL files")
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(run=cmd_validate)
    explain = commands.add_parser("explain", help="show every removed line and its rule")
    add_document_args(explain)
    explain.set_defaults(run=cmd_explain)
    test_rules = commands.add_parser("test-rules", help="run every rule's examples and lint")
    test_rules.add_argument(
        "--corpus", action="append", metavar="DUMP", help="flag rules that remove nothing here"
    )
    test_rules.add_argument(
        "--report", metavar="REPORT", help="flag rules that fired nowhere in this batch report"
    )
    test_rules.add_argument(
        "--fixtures", action="append", metavar="DIR", help="golden fixtures (default: fixtures/)"
    )
    test_rules.set_defaults(run=cmd_test_rules)
    sites = commands.add_parser("sites", help="which sites need rules (from a batch report)")
    sites.add_argument("report_file", metavar="REPORT", help="--report JSON or cleaned JSONL")
    sites.add_argument("--limit", type=int, help="show only the first N sites")
    sites.add_argument("--format", choices=("text", "json"), default="text")
    sites.set_defaults(run=cmd_sites)
    report = commands.add_parser("report", help="write an HTML page to review a batch run")
    report.add_argument("results", metavar="RESULTS", help="cleaned JSONL (cleaner clean -o)")
    report.add_argument("-o", "--output", required=True, help="the HTML file to write")
    report.set_defaults(run=cmd_report)
    new_site = commands.add_parser("new-site", help="draft a site rule file and a fixture")
    new_site.add_argument("domain", help="the site's domain, e.g. example.com")
    new_site.add_argument("--from", dest="pages", nargs="+", required=True, metavar="PAGE")
    new_site.add_argument(
        "--url", help="the fixture's URL (default: its record's, or https://DOMAIN/)"
    )
    new_site.add_argument("--root", default=".", help="folder holding rules/ and fixtures/")
    new_site.set_defaults(run=cmd_new_site)
    suggest = commands.add_parser("suggest", help="draft a site rule file from pages of one site")
    suggest.add_argument(
        "paths", nargs="+", help="pages of one site: text or HTML files, folders, JSONL, WARC"
    )
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
        if argv[i].startswith("--rules=") or argv[i] == "--no-bundled-sites":
            hoisted.append(argv[i])
        else:
            rest.append(argv[i])
        i += 1
    return hoisted + rest


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(hoist_rules_option(list(sys.argv[1:] if argv is None else argv)))
    try:
        rulebook = load_rulebook(args.rules, not args.no_bundled_sites)
        return args.run(args, rulebook)
    except RuleFileError as exc:
        print(f"cleaner: rule files have errors:\n{exc}", file=sys.stderr)
        # for test-rules a broken rule file is a failed test, not a usage error
        return EXIT_FAIL if args.command == "test-rules" else EXIT_USAGE
    except InputError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
