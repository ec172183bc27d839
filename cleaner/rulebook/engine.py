"""Apply compiled rules to a document, recording every removal under the rule's id.

Each rule kind is one small function over the document's current lines. Within a file, rules
run by kind (metadata captures first, so a rule that removes a line can still read it; then
cuts, blocks, drops and inline trims), and files run in the order they were matched.
"""

from __future__ import annotations

from collections.abc import Callable

from cleaner.document import Document, Line, Removal
from cleaner.rulebook.rules import RegexTimeout, Rule, RuleFile
from cleaner.zones import Zones

KIND_ORDER = ("meta", "cut-before", "cut-after", "drop-block", "drop", "trim")


def matching_indices(doc: Document, rule: Rule, gated: list[Line]) -> list[int]:
    """Indices of lines the rule matches, among those its file's gate let through."""
    matched = [line for line in gated if not line.gone and rule.marker.matches(line.text)]
    if not matched:
        return []
    position = {id(line): index for index, line in enumerate(doc.lines)}
    hits = [position[id(line)] for line in matched]
    if rule.zone != "any":
        zones = Zones.of(doc.lines)
        hits = [i for i in hits if zones.contains(rule.zone, i)]
    return hits


def apply_drop(doc: Document, rule: Rule, gated: list[Line]) -> None:
    doc.remove(
        [doc.lines[i] for i in matching_indices(doc, rule, gated)], rule.id, rule.description
    )


def apply_cut_after(doc: Document, rule: Rule, gated: list[Line]) -> None:
    hits = matching_indices(doc, rule, gated)
    if hits:
        start = hits[0] if rule.inclusive else hits[0] + 1
        doc.remove(doc.lines[start:], rule.id, rule.description)


def apply_cut_before(doc: Document, rule: Rule, gated: list[Line]) -> None:
    hits = matching_indices(doc, rule, gated)
    if hits:
        end = hits[0] + 1 if rule.inclusive else hits[0]
        doc.remove(doc.lines[:end], rule.id, rule.description)


def apply_drop_block(doc: Document, rule: Rule, gated: list[Line]) -> None:
    """Remove each span from a start marker to the next end marker; an unclosed span stays."""
    assert rule.until is not None
    doomed: list[Line] = []
    starts = set(matching_indices(doc, rule, gated))
    i = 0
    while i < len(doc.lines):
        if i in starts:
            end = next(
                (j for j in range(i + 1, len(doc.lines)) if rule.until.matches(doc.lines[j].text)),
                None,
            )
            if end is not None:
                doomed.extend(doc.lines[i : end + 1] if rule.inclusive else doc.lines[i + 1 : end])
                i = end
        i += 1
    doc.remove(doomed, rule.id, rule.description)


def apply_trim(doc: Document, rule: Rule, gated: list[Line]) -> None:
    """Cut the rule's pattern out of matching lines; a line left empty is removed whole."""
    emptied: list[Line] = []
    for index in matching_indices(doc, rule, gated):
        line = doc.lines[index]
        trimmed = rule.trim(line.text).strip()
        if not trimmed:
            emptied.append(line)
            continue
        line.gone = True  # replaced: later rules of this pass must not see the untrimmed text
        doc.lines[index] = Line(line.number, trimmed)
        doc.removed.append(removal_of_trim(line, trimmed, rule))
    doc.remove(emptied, rule.id, rule.description)


def removal_of_trim(line: Line, trimmed: str, rule: Rule) -> Removal:
    return Removal(line.number, line.text, rule.id, f"trimmed to: {trimmed}")


def apply_meta(doc: Document, rule: Rule, gated: list[Line]) -> None:
    """Capture a title/author/date/tags value; the first capture of a field wins."""
    doomed: list[Line] = []
    for index in matching_indices(doc, rule, gated):
        line = doc.lines[index]
        value = rule.capture(line.text)
        if value is None:
            continue
        record_metadata(doc, rule, value)
        if rule.remove:
            doomed.append(line)
    doc.remove(doomed, rule.id, rule.description)


def record_metadata(doc: Document, rule: Rule, value: str) -> None:
    if rule.meta_field == "title":
        doc.title = doc.title or value
    elif rule.meta_field == "tags":
        parts = value.split(rule.split) if rule.split else [value]
        tags = doc.metadata.setdefault("tags", [])
        tags.extend(t.strip() for t in parts if t.strip() and t.strip() not in tags)
    else:
        doc.metadata.setdefault(rule.meta_field, value)


APPLY: dict[str, Callable[[Document, Rule, list[Line]], None]] = {
    "drop": apply_drop,
    "cut-after": apply_cut_after,
    "cut-before": apply_cut_before,
    "drop-block": apply_drop_block,
    "trim": apply_trim,
    "meta": apply_meta,
}


def apply_rule(doc: Document, rule: Rule, gated: list[Line]) -> None:
    """Run one rule; a regex timeout skips the rule for this document and leaves a warning."""
    try:
        APPLY[rule.kind](doc, rule, gated)
    except RegexTimeout as exc:
        doc.warnings.append(str(exc))


def apply_rule_file(doc: Document, rule_file: RuleFile) -> None:
    """Run a file's rules by kind; a file none of whose markers can match any line is skipped."""
    gated = [line for line in doc.lines if rule_file.gate.could_match(line.text)]
    if not gated:
        return
    for kind in KIND_ORDER:
        for rule in rule_file.rules:
            if rule.kind == kind:
                apply_rule(doc, rule, gated)


def apply_rule_files(doc: Document, rule_files: list[RuleFile]) -> None:
    for rule_file in rule_files:
        apply_rule_file(doc, rule_file)
