"""Run a rule file's ``[[html.examples]]``: the text its directives keep from each snippet."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cleaner.html.extract import find_body
from cleaner.html.lines import element_lines
from cleaner.html.metadata import read_metadata
from cleaner.html.parse import parse_html
from cleaner.html.prune import prune

if TYPE_CHECKING:
    from cleaner.rulebook.rules import RuleFile


def example_text(rule_file: RuleFile, snippet: str) -> tuple[str, str | None]:
    """The text one file's directives keep from an HTML snippet, and the title they read."""
    tree = parse_html(f"<html><body>{snippet}</body></html>")
    directives = [] if rule_file.generic else [rule_file.html]
    title = read_metadata(tree, directives).get("title")
    prune(tree, [rule_file.html])
    containers = find_body(tree, directives) or [tree.find("body")]
    return "\n".join(line for c in containers for line in element_lines(c)), title


def html_example_failures(rule_file: RuleFile) -> list[str]:
    """Every ``[[html.examples]]`` miss of one file, as ``path: message`` strings."""
    failures = []
    for number, example in enumerate(rule_file.html.examples, 1):
        text, title = example_text(rule_file, example.html)
        where = f"{rule_file.path}: html example {number}"
        failures += [f"{where}: keep text missing: {k!r}" for k in example.keep if k not in text]
        failures += [f"{where}: drop text kept: {d!r}" for d in example.drop if d in text]
        if example.title and example.title != title:
            failures.append(f"{where}: title {title!r}, expected {example.title!r}")
    return failures
