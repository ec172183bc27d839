"""Draft a site rule file from many pages of one site: the lines its template repeats.

A line that stands on many pages of a site is template (menus, share buttons, footers); story
lines differ from page to page. The draft lists the repeated lines as ``drop`` rules and, where
a repeated line always follows the story, a ``cut-after`` at the first of them. Every rule
carries its lines as junk examples and a story line it leaves alone as a keep example, so
``cleaner test-rules`` passes on the draft before a person edits it.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from cleaner.text import is_prose, normalize, split_lines

MIN_SHARE = 0.5
"""A line on at least this share of the pages is template."""
MIN_PAGES = 2
MAX_DROP_LINES = 60


@dataclass
class TemplateLines:
    """What repeats across a site's pages, and a story line that does not."""

    pages: int
    head: list[str]
    tail: list[str]
    keep_example: str

    def __post_init__(self) -> None:
        self.head = self.head[:MAX_DROP_LINES]


def page_lines(text: str) -> list[str]:
    return [line.strip() for line in split_lines(text) if line.strip()]


def repeated_lines(pages: list[list[str]]) -> dict[str, str]:
    """Normalised form -> first spelling, for lines on at least MIN_SHARE of the pages."""
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for lines in pages:
        for line in lines:
            spelling.setdefault(normalize(line), line)
        counts.update({normalize(line) for line in lines})
    needed = max(MIN_PAGES, round(MIN_SHARE * len(pages)))
    return {key: spelling[key] for key, count in counts.items() if count >= needed and key}


def split_by_story(lines: list[str], template: dict[str, str]) -> tuple[list[str], list[str]]:
    """Template lines of one page before its first and after its last story line.

    A story line is prose found on this page only, and for the first time on it: a lede that
    the page echoes in its footer is not story.
    """
    seen: set[str] = set()
    unique = []
    for i, line in enumerate(lines):
        key = normalize(line)
        if key not in template and key not in seen and is_prose(line):
            unique.append(i)
        seen.add(key)
    if not unique:
        return [], []
    head = [line for line in lines[: unique[0]] if normalize(line) in template]
    tail = [line for line in lines[unique[-1] + 1 :] if normalize(line) in template]
    return head, tail


def find_template(texts: list[str]) -> TemplateLines:
    pages = [page_lines(text) for text in texts]
    template = repeated_lines(pages)
    head: dict[str, str] = {}
    tail: dict[str, str] = {}
    keep = ""
    for lines in pages:
        page_head, page_tail = split_by_story(lines, template)
        head.update({normalize(x): x for x in page_head})
        tail.update({normalize(x): x for x in page_tail if normalize(x) not in head})
        keep = keep or next((x for x in lines if is_prose(x) and normalize(x) not in template), "")
    return TemplateLines(len(pages), list(head.values()), list(tail.values()), keep)


def toml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


@dataclass
class DraftRule:
    id: str
    kind: str
    zone: str
    description: str
    lines: list[str]


def rule_block(rule: DraftRule, keep: str) -> str:
    lines = rule.lines
    body = [
        "[[rules]]",
        f"id = {toml_string(rule.id)}",
        f"kind = {toml_string(rule.kind)}",
        f"zone = {toml_string(rule.zone)}",
        f"description = {toml_string(rule.description)}",
        f"match = {toml_list(lines)}",
        f"examples.junk = {toml_list(lines)}",
    ]
    if keep:
        body.append(f"examples.keep = {toml_list([keep])}")
    return "\n".join(body) + "\n"


def draft_rule_file(texts: list[str], domain: str) -> str:
    """A draft ``rules/sites/<domain>.toml`` from the pages' repeated lines."""
    found = find_template(texts)
    header = [
        f"# Draft made by `cleaner suggest` from {found.pages} pages: review every line.",
        f"description = {toml_string(f'{domain} article pages (drafted from repeated lines)')}",
        f"domains = {toml_list([domain])}",
        "",
        "",
    ]
    rules = []
    if found.head:
        description = "Template lines above the story."
        rules.append(DraftRule("head-template", "drop", "head", description, found.head))
    if found.tail:
        description = "The first template line after the story; what follows is site chrome."
        rules.append(
            DraftRule("footer-cut", "cut-after", "second-half", description, found.tail[:1])
        )
    blocks = [rule_block(rule, found.keep_example) for rule in rules]
    if not blocks:
        header.insert(1, "# No line repeats on enough pages to be template.")
    return "\n".join(header) + "\n".join(blocks)
