"""Run every rule's own examples: junk lines it must catch, body lines it must leave alone.

Zones are not applied here: an example is one line on its own, so the check is of the
rule's matcher. Whole-document behaviour is covered by the golden fixtures.
"""

from __future__ import annotations

from cleaner.rulebook.kinds import kind_of
from cleaner.rulebook.load import Rulebook
from cleaner.rulebook.rules import RegexTimeout, Rule


def catches(rule: Rule, line: str) -> bool:
    """Whether ``rule`` would act on ``line``: remove it, cut at it, trim it or capture from it
    (each kind says how: ``RuleKind.catches``)."""
    return kind_of(rule).catches(rule, line)


def example_failures(rule: Rule) -> list[str]:
    """What is wrong with one rule's examples, one message each (empty when they all pass)."""
    failures = []
    try:
        failures += [
            f"junk example not caught: {line!r}"
            for line in rule.examples.junk
            if not catches(rule, line)
        ]
        failures += [
            f"keep example caught: {line!r}" for line in rule.examples.keep if catches(rule, line)
        ]
    except RegexTimeout as exc:
        failures.append(str(exc))
    return failures


def check_rulebook_examples(rulebook: Rulebook) -> list[str]:
    """Every failing example in the rulebook: line rules' as ``rule-id: path:line: message``,
    HTML directives' as ``path: html example N: message``."""
    from cleaner.html.examples import html_example_failures

    line_failures = [
        f"{rule.id}: {rule.source}: {failure}"
        for f in rulebook.files
        for rule in f.rules
        for failure in example_failures(rule)
    ]
    return line_failures + [failure for f in rulebook.files for failure in html_example_failures(f)]
