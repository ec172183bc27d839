"""Explain output: the input document with every removed line marked by the rule that removed
it, and the verdict with the lines it rests on.

Kept lines are printed as they are behind ``  | ``; removed lines behind ``- |`` with the rule
id after them, in red on a terminal and plain when piped. The header says the verdict (status,
page type, quality, reason); a line the verdict names as evidence (a kept line judged junk, a
removed line judged story) carries ``!`` and the finding's code. Evidence from a page's text
outside the extracted lines (a paragraph extraction left out) is listed after the document.
"""

from __future__ import annotations

from cleaner.document import Document, Removal
from cleaner.validate.context import BODY, Finding

RED, DIM, RESET = "\x1b[31m", "\x1b[2m", "\x1b[0m"
EVIDENCE_MARK = "!"


def render_explain(doc: Document, colour: bool = False) -> str:
    removed = {}
    for removal in doc.removed:
        removed.setdefault(removal.line, removal)
    width = len(str(len(doc.original)))
    evidence, outside = evidence_lines(doc)
    out = [header(doc), *verdict_header(doc)]
    for line in doc.original:
        if not line.text.strip():
            continue
        text = render_line(line.number, line.text, removed.get(line.number), width, colour)
        if line.number in evidence:
            text = f"{text}  {EVIDENCE_MARK} {evidence[line.number].code}"
        out.append(text)
    out += [f"# evidence outside the extracted text: {describe_outside(item)}" for item in outside]
    return "\n".join(out) + "\n"


def header(doc: Document) -> str:
    sites = ", ".join(doc.sites) or "none"
    kept = len(doc.lines)
    return f"# sites: {sites} | title: {doc.title or '-'} | kept {kept}, removed {len(doc.removed)}"


def verdict_header(doc: Document) -> list[str]:
    """The verdict in one line, when the document was judged."""
    verdict = doc.verdict
    if verdict is None:
        return []
    why = f": {verdict.reason}" if verdict.reason else ""
    return [
        f"# verdict: {verdict.status} ({verdict.page_type} page, quality {verdict.quality:.2f})"
        f"{why}"
    ]


def evidence_lines(doc: Document) -> tuple[dict[int, Finding], list[Finding]]:
    """The verdict's line findings by input line, and those on lines of the page that are not
    input lines (the line model's reading of an HTML page's whole text)."""
    if doc.verdict is None:
        return {}, []
    placed: dict[int, Finding] = {}
    outside = []
    numbers = {line.number for line in doc.original}
    for item in doc.verdict.findings:
        if item.kind == BODY or not item.text:
            continue
        page_line = item.detector == "linemodel" and not item.line and doc.kind == "html"
        if item.original_line in numbers and not page_line:
            placed.setdefault(item.original_line, item)
        elif page_line:
            outside.append(item)
    return placed, outside


def describe_outside(item: Finding) -> str:
    return f"page line {item.original_line} [{item.code}] {item.text}"


def render_line(number: int, text: str, removal: Removal | None, width: int, colour: bool) -> str:
    if removal is None:
        return f"{number:>{width}}   | {text}"
    trimmed = removal.reason.startswith("trimmed to:")
    mark = "~" if trimmed else "-"
    body = f"{number:>{width}} {mark} | {text}  [{removal.rule}]"
    return f"{RED}{body}{RESET}" if colour else body
