"""Commands of the rule-authoring loop: ``test-rules``, ``suggest``, ``new-site``, ``sites``
and ``report``.

Kept apart from ``cleaner.cli.main`` so that the core commands stay short. A problem with the
input is raised as ``CommandError``, which ``cleaner.cli.main`` reports as one line with exit status
2, like its own input errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cleaner.authoring.review_page import DOCUMENTS_SHOWN, FAILED_SHOWN_MAX
from cleaner.cli.exits import EXIT_FAIL, EXIT_OK
from cleaner.document import Document
from cleaner.rulebook.load import Rulebook

NO_GUARD_HELP = (
    "keep every drafted rule: skip the check that drafts without each page in turn and drops "
    "what lowers it (and the whole draft when it gains nothing there)"
)


class CommandError(Exception):
    """An input or output the command cannot use; one line on stderr, exit status 2."""


def read_pages(paths: list[str]) -> list[Document]:
    """Every readable page of files, folders and dumps; unreadable records named on stderr."""
    from cleaner.batch.pages import Skipped, read_documents
    from cleaner.io import InputUnreadable

    skipped: list[Skipped] = []
    try:
        docs = list(read_documents(paths, skipped))
    except InputUnreadable as exc:
        raise CommandError(str(exc)) from exc
    for item in skipped:
        print(f"cleaner: {item.where}: skipped: {item.reason}", file=sys.stderr)
    if not docs:
        raise CommandError("no readable pages in the input")
    return docs


def cmd_suggest(args: argparse.Namespace, rulebook: Rulebook) -> int:
    from cleaner.authoring.suggest import draft_rule_file, render_touched, schema_reference

    schema = schema_reference(Path(args.output) if args.output else None)
    docs = read_pages(args.paths)
    kinds = [args.kind or doc.kind for doc in docs]
    raws = [doc.raw for doc in docs]
    draft = draft_rule_file(raws, args.domain, schema, kinds, guard=not args.no_guard)
    if args.output:
        from cleaner.io.writer import write_text_atomic

        try:
            write_text_atomic(args.output, draft.toml)
        except OSError as exc:
            raise CommandError(f"{args.output}: cannot write: {exc.strerror or exc}") from exc
    else:
        sys.stdout.write(draft.toml)
    sys.stderr.write(render_touched(draft))
    return EXIT_OK


def cmd_test_rules(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Run every rule's examples and lint the rules; 1 on any problem."""
    from cleaner.authoring import lint

    problems = lint.example_problems(rulebook)
    problems += lint.slow_pattern_problems(rulebook)
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
            raise CommandError(str(exc)) from exc
        problems += lint.dead_rule_problems(rulebook, fired, applied, f"in {args.report}")
    if args.pages:
        found, claimed = lint.page_problems(rulebook, page_documents(args.pages, args.domain))
        print(f"{claimed} of the pages given are of a site some rule file names")
        problems += found
    for problem in problems:
        print(problem)
    failed = {problem.subject for problem in problems}
    count = sum(len(f.rules) + bool(f.html.examples) for f in rulebook.files)
    print(f"{count - len(failed)} passed, {len(failed)} failed")
    return EXIT_FAIL if problems else EXIT_OK


def page_documents(paths: list[str], domain: str | None) -> list[Document]:
    """The pages of ``--pages``; those without a URL taken as pages of ``--domain``."""
    docs = read_pages(paths)
    if domain:
        for doc in docs:
            doc.url = doc.url or f"https://{domain}/"
    return docs


def fixture_folders(args: argparse.Namespace) -> list[Path]:
    """--fixtures, else the fixtures/ folders beside the bundled rules and each --rules DIR."""
    from cleaner.rulebook.load import bundled_rules_dir

    if args.fixtures:
        return [Path(folder) for folder in args.fixtures]
    candidates = [bundled_rules_dir().parent / "fixtures"]
    for folder in args.rules or []:
        candidates += [Path(folder) / "fixtures", Path(folder).resolve().parent / "fixtures"]
    return [c for c in dict.fromkeys(p.resolve() for p in candidates) if c.is_dir()]


def cmd_sites(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Print the triage table of a batch report or of cleaned JSONL records."""
    from cleaner.authoring.triage import read_site_rows, render_sites

    try:
        rows = read_site_rows(args.report_file)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(render_sites(rows, args.limit))
    return EXIT_OK


def cmd_report(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Write one self-contained HTML page to review a batch run."""
    from cleaner.authoring.review_page import gather, render_review
    from cleaner.authoring.triage import read_records
    from cleaner.io.writer import write_text_atomic

    try:
        review = gather(read_records(args.results), args.documents)
    except ValueError as exc:
        raise CommandError(str(exc)) from exc
    page = render_review(review, args.results)
    try:
        write_text_atomic(args.output, page)
    except OSError as exc:
        raise CommandError(f"{args.output}: cannot write: {exc.strerror or exc}") from exc
    size = len(page.encode("utf-8")) / 1e6
    print(f"{args.output}: {review.documents} documents, {size:.1f} MB", file=sys.stderr)
    return EXIT_OK


def cmd_new_site(args: argparse.Namespace, rulebook: Rulebook) -> int:
    """Draft rules/sites/DOMAIN.toml and golden fixtures (a page per template era) with their
    expected output."""
    from cleaner.authoring.new_site import SiteExists, new_site

    notes: list[str] = []
    try:
        docs = read_pages(args.pages)
        root, bundled_sites = Path(args.root), not args.no_bundled_sites
        written = new_site(args.domain, docs, root, args.url, bundled_sites, notes,
                           guard=not args.no_guard)  # fmt: skip
    except SiteExists as exc:
        raise CommandError(str(exc)) from exc
    for path in written:
        print(path)
    for note in notes:
        print(f"cleaner: warning: {note}", file=sys.stderr)
    print("review the draft and the expected files, then run: cleaner test-rules", file=sys.stderr)
    return EXIT_OK


def positive_int(value: str) -> int:
    """An argparse type: a whole number of at least 1."""
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value} is not a number of 1 or more")
    return number


def add_authoring_commands(commands: argparse._SubParsersAction) -> None:
    """Register the authoring commands on the ``cleaner`` subparsers."""
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
    test_rules.add_argument(
        "--pages",
        nargs="+",
        metavar="PAGE",
        help="fail when a site file lowers the quality of one of these pages (files, folders, "
        "dumps), naming the rule",
    )
    test_rules.add_argument(
        "--domain", help="with --pages: the site of pages that carry no URL, e.g. example.com"
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
    report.add_argument(
        "--documents",
        type=positive_int,
        default=DOCUMENTS_SHOWN,
        metavar="N",
        help=f"documents shown in full (default {DOCUMENTS_SHOWN}: all failed ones up to "
        f"{FAILED_SHOWN_MAX}, a sample of the rest); the tables count every document",
    )
    report.set_defaults(run=cmd_report)
    new_site = commands.add_parser("new-site", help="draft a site rule file and fixtures")
    new_site.add_argument("domain", help="the site's domain, e.g. example.com")
    new_site.add_argument("--from", dest="pages", nargs="+", required=True, metavar="PAGE")
    new_site.add_argument(
        "--url", help="the fixtures' URL (default: each page's record's, or https://DOMAIN/)"
    )
    new_site.add_argument("--root", default=".", help="folder holding rules/ and fixtures/")
    new_site.add_argument("--no-guard", action="store_true", help=NO_GUARD_HELP)
    new_site.set_defaults(run=cmd_new_site)
    suggest = commands.add_parser("suggest", help="draft a site rule file from pages of one site")
    suggest.add_argument(
        "paths", nargs="+", help="pages of one site: text or HTML files, folders, JSONL, WARC"
    )
    suggest.add_argument("--domain", required=True, help="the site's domain, e.g. example.com")
    suggest.add_argument("-o", "--output", help="write the draft here instead of stdout")
    suggest.add_argument("--no-guard", action="store_true", help=NO_GUARD_HELP)
    suggest.add_argument(
        "--kind",
        choices=("html", "text"),
        help="read every page as this (default: .html/.htm files and pages opening with "
        "<!DOCTYPE html> or <html> in their first kilobyte are HTML)",
    )
    suggest.set_defaults(run=cmd_suggest)
