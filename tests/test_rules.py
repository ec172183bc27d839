"""Rule files: every rule's examples, the rules' own lint, and no rule touching story text."""

from __future__ import annotations

import pytest

from cleaner.rulebook.examples import catches, example_failures
from cleaner.rulebook.load import Rulebook
from tests.conftest import FIXTURES

BUNDLED = Rulebook.load()
ALL_RULES = [rule for rule_file in BUNDLED.files for rule in rule_file.rules]


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_rule_examples(rule) -> None:
    assert example_failures(rule) == []


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_rule_is_documented(rule) -> None:
    assert rule.description.strip()
    assert rule.examples.junk, "every rule needs junk examples"
    assert rule.examples.keep, "every rule needs body examples it must keep"


@pytest.mark.parametrize("rule_file", BUNDLED.files, ids=lambda f: f.path.split("rules/")[-1])
def test_rule_file_is_documented(rule_file) -> None:
    assert rule_file.description.strip()
    assert rule_file.rules or rule_file.html


def golden_body_lines() -> list[tuple[str, str]]:
    lines = []
    for path in sorted(FIXTURES.rglob("*.expected.txt")):
        name = str(path.relative_to(FIXTURES))
        lines += [(name, line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return lines


def test_no_rule_matches_story_text() -> None:
    """Rules describe templates: none of them, zone or not, may catch a line of a golden body."""
    hits = [
        f"{rule.id} catches {name}: {line[:70]!r}"
        for name, line in golden_body_lines()
        for rule in ALL_RULES
        if rule.kind != "trim" and catches(rule, line)
    ]
    assert hits == []


def test_ids_are_prefixed_by_their_file() -> None:
    for rule_file in BUNDLED.files:
        for rule in rule_file.rules:
            assert rule.id.startswith(f"{rule_file.name}.")


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_scan_finds_every_junk_example(rule) -> None:
    """The compiled scan only proposes: it must never miss a line a rule's marker matches."""
    found = {hit.rule.id for hit in BUNDLED.line_hits(rule.examples.junk) if hit.marker}
    assert rule.id in found


def test_top_level_alternatives_respect_groups_classes_and_escapes() -> None:
    from cleaner.rulebook.rules import top_level_alternatives

    assert top_level_alternatives(r"^a|^b(c|d)|\|x|[|]y") == ["^a", "^b(c|d)", r"\|x", "[|]y"]
    assert top_level_alternatives("(unclosed") is None


def test_scan_files_patterns_by_their_fixed_first_word() -> None:
    from cleaner.rulebook.scan import literal_first_words

    assert literal_first_words("^more from site 5( today)?$") == ["more"]
    assert literal_first_words("^(share|post) on (facebook|x)$") == ["share", "post"]
    assert literal_first_words(r"^by\s") == ["by"]
    for open_ended in ("^premium", "^shares?$", "^news(letter)?", r"^foo\w+", r"^\d+", "(a|b)"):
        assert literal_first_words(open_ended) is None


@pytest.mark.parametrize("rule", ALL_RULES, ids=lambda rule: rule.id)
def test_the_scan_names_the_rule_on_every_junk_example_it_matches(rule) -> None:
    """The compiled scan is only a shortcut: every junk example whose line the rule's own
    matcher takes must come back from the rulebook-wide scan as a hit of that rule."""
    junk = rule.examples.junk
    expected = {i for i, line in enumerate(junk) if rule.marker.matches(line)}
    found = {i for hits in BUNDLED.line_hits(junk) if hits.rule is rule for i in hits.marker}
    assert expected, f"{rule.id}: no junk example matches its own marker"
    assert found == expected
