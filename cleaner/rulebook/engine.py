"""Apply compiled rules to a document, recording every removal under the rule's id.

A rule file's lines are scanned once (``scan``): which of its rules' markers hit which lines.
Then its rules run by kind (``KIND_ORDER``: metadata captures first, so a rule that removes a
line can still read it; then cuts, blocks, drops and inline trims), each kind acting on its
rule's hits (``kinds/``); files run in the order they were matched.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.document import Document
from cleaner.rulebook.hits import RuleHits
from cleaner.rulebook.kinds import KIND_ORDER, kind_of
from cleaner.rulebook.rules import RegexTimeout, Rule, RuleFile
from cleaner.rulebook.scan import TIMED_OUT, RuleIndex, Scanner


def apply_rule(doc: Document, rule: Rule, hits: RuleHits) -> None:
    """Run one rule; a regex timeout skips the rule for the rest of this document and leaves
    one warning."""
    if rule.id in doc.timed_out:
        return
    try:
        kind_of(rule).apply(doc, rule, hits)
    except RegexTimeout as exc:
        doc.timed_out.add(rule.id)
        doc.warnings.append(str(exc))


def file_hits(doc: Document, rule_file: RuleFile, scanner: Scanner) -> dict[str, RuleHits]:
    """Each rule of ``rule_file`` with its marker hits among the document's current lines."""
    index = scanner.index
    number = index.position[id(rule_file)]
    hits: dict[str, RuleHits] = {}
    for line in doc.lines:
        for probe, state in scanner.markers_by_file(line.text).get(number, ()):
            found = hits.get(probe.rule.id)
            if found is None:
                found = hits[probe.rule.id] = RuleHits(doc, probe.rule, scanner)
            (found.timed_out if state is TIMED_OUT else found.marked).append(line)
    for found in hits.values():
        found.until_probe = index.until_probe(found.rule)
    return hits


def apply_rule_file(doc: Document, rule_file: RuleFile, scanner: Scanner) -> bool:
    """Run a file's rules by kind; a file none of whose markers hit any line is skipped.
    Returns whether any marker hit (only then can its rules have changed the lines)."""
    hits = file_hits(doc, rule_file, scanner)
    if not hits:
        return False
    for kind in KIND_ORDER:
        for rule in rule_file.rules:
            if rule.kind == kind and rule.id in hits:
                apply_rule(doc, rule, hits[rule.id])
    return True


def files_hit(doc: Document, scanner: Scanner) -> set[int]:
    """The numbers (``RuleIndex.position``) of the files whose markers hit any of the
    document's current lines: a file outside it would find no hits in them."""
    hit: set[int] = set()
    for line in doc.lines:
        hit.update(scanner.markers_by_file(line.text))
    return hit


def scanner_of(rule_files: Sequence[RuleFile]) -> Scanner:
    """The compiled scan of the rulebook the files came from, narrowed to them (a rulebook
    built from another's files shares them: any index holding all of them will do)."""
    index = rule_files[0].index
    if index is None or not index.covers(rule_files):
        index = RuleIndex(rule_files)  # files put together by hand: compiled for this call
    return index.scanner(rule_files)


def apply_rule_files(
    doc: Document, rule_files: Sequence[RuleFile], scanner: Scanner | None = None
) -> None:
    """Run ``rule_files`` in order. ``scanner``: one whose files include them (default: theirs);
    the pipeline passes one for the sites' and the generic files together, so a new line is
    scanned once for both sets (each file reads its own probes' hits)."""
    if not rule_files:
        return
    scanner = scanner or scanner_of(rule_files)
    hit: set[int] | None = None
    for rule_file in rule_files:
        # one walk over the lines serves every file until one acts (most files hit nothing,
        # and a walk per file was a tenth of a repeated page's rule stage); after a file whose
        # markers hit, its rules may have removed or rewritten lines: walked again
        if hit is None:
            hit = files_hit(doc, scanner)
        if scanner.index.position[id(rule_file)] in hit and apply_rule_file(
            doc, rule_file, scanner
        ):
            hit = None
