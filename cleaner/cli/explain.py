"""Explain output: the input document with every removed line marked by the rule that removed it.

Kept lines are printed as they are behind ``  | ``; removed lines behind ``- |`` with the rule
id after them, in red on a terminal and plain when piped.
"""

from __future__ import annotations

from cleaner.document import Document, Removal

RED, DIM, RESET = "\x1b[31m", "\x1b[2m", "\x1b[0m"


def render_explain(doc: Document, colour: bool = False) -> str:
    removed = {}
    for removal in doc.removed:
        removed.setdefault(removal.line, removal)
    width = len(str(len(doc.original)))
    out = [header(doc)]
    for line in doc.original:
        if not line.text.strip():
            continue
        out.append(render_line(line.number, line.text, removed.get(line.number), width, colour))
    return "\n".join(out) + "\n"


def header(doc: Document) -> str:
    sites = ", ".join(doc.sites) or "none"
    kept = len(doc.lines)
    return f"# sites: {sites} | title: {doc.title or '-'} | kept {kept}, removed {len(doc.removed)}"


def render_line(number: int, text: str, removal: Removal | None, width: int, colour: bool) -> str:
    if removal is None:
        return f"{number:>{width}}   | {text}"
    trimmed = removal.reason.startswith("trimmed to:")
    mark = "~" if trimmed else "-"
    body = f"{number:>{width}} {mark} | {text}  [{removal.rule}]"
    return f"{RED}{body}{RESET}" if colour else body
