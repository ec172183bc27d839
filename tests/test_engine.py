"""Each rule kind on small documents, zones, metadata capture and regex timeouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.pipeline import clean
from cleaner.rulebook.load import Rulebook

PROSE = "The minister said on Friday that the talks would continue next week in Geneva."
PROSE2 = "Officials from both countries have met four times this year, according to the ministry."


def rulebook_with(tmp_path: Path, rules: str) -> Rulebook:
    path = tmp_path / "sites" / "site.example.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('signatures = ["Example Site Footer"]\n' + rules, "utf-8")
    return Rulebook.load([tmp_path], bundled=False)


def rule(kind: str, extra: str, junk: str = "x", keep: str = "Body text.") -> str:
    return (
        f'[[rules]]\nid = "r"\nkind = "{kind}"\ndescription = "test rule"\n{extra}\n'
        f"examples.junk = [{junk!r}]\nexamples.keep = [{keep!r}]\n"
    )


def run(tmp_path: Path, rules: str, lines: list[str]):
    text = "\n\n".join([*lines, "Example Site Footer"])
    return clean(text, rulebook=rulebook_with(tmp_path, rules))


def test_cut_after_removes_marker_and_everything_below(tmp_path: Path) -> None:
    doc = run(tmp_path, rule("cut-after", 'match = "Related"'), [PROSE, PROSE2, "Related", PROSE])
    assert doc.text == f"{PROSE}\n\n{PROSE2}"
    assert {r.rule for r in doc.removed} >= {"site.r"}


def test_cut_before_keeps_what_follows_the_marker(tmp_path: Path) -> None:
    doc = run(
        tmp_path, rule("cut-before", "pattern = '^by [a-z]+$'"), ["Menu", "By Anna", PROSE, PROSE2]
    )
    assert doc.text == f"{PROSE}\n\n{PROSE2}"
    assert [r.text for r in doc.removed if r.rule == "site.r"] == ["Menu", "By Anna"]


def test_cut_before_not_inclusive(tmp_path: Path) -> None:
    extra = 'match = "Moscow:"\ninclusive = false'
    doc = run(tmp_path, rule("cut-before", extra), ["Menu item", "Moscow:", PROSE, PROSE2])
    assert doc.text.startswith("Moscow:\n\n")


def test_drop_block_between_markers_and_unclosed_block_stays(tmp_path: Path) -> None:
    extra = 'match = "Advertisement"\nuntil = "End of advertisement"'
    lines = [
        PROSE,
        "Advertisement",
        "Buy now",
        "End of advertisement",
        PROSE2,
        "Advertisement",
        PROSE,
    ]
    doc = run(tmp_path, rule("drop-block", extra), lines)
    assert [r.text for r in doc.removed if r.rule == "site.r"] == [
        "Advertisement", "Buy now", "End of advertisement",
    ]  # fmt: skip
    assert PROSE2 in doc.text


def test_trim_cuts_an_inline_pattern_only(tmp_path: Path) -> None:
    extra = r"pattern = '\s*\(Reporting by [^)]*\)$'"
    doc = run(tmp_path, rule("trim", extra), [PROSE, PROSE2 + " (Reporting by Ann Lee)"])
    assert doc.text == f"{PROSE}\n\n{PROSE2}"
    [trim] = [r for r in doc.removed if r.rule == "site.r"]
    assert trim.reason.startswith("trimmed to:")


def test_meta_captures_and_removes_only_in_its_zone(tmp_path: Path) -> None:
    extra = 'field = "author"\nzone = "head"\npattern = \'^written by (?P<value>.+)$\''
    lines = ["Written by Ann Lee", PROSE, "Written by the people, for the people", PROSE2]
    doc = run(tmp_path, rule("meta", extra), lines)
    assert doc.metadata["author"] == "Ann Lee"
    assert "Written by the people, for the people" in doc.text


def test_drop_matches_after_normalisation(tmp_path: Path) -> None:
    doc = run(
        tmp_path,
        rule("drop", 'match = "share this story"'),
        [PROSE, '  "Share\u00a0THIS story" ', PROSE2],
    )
    assert doc.text == f"{PROSE}\n\n{PROSE2}"


def test_regex_timeout_skips_the_rule_and_warns(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("cleaner.rulebook.rules.REGEX_TIMEOUT_SECONDS", 0.001)
    extra = "pattern = '^(a|aa)+$'"
    doc = run(tmp_path, rule("drop", extra, junk="aaaa"), [PROSE, "a" * 40 + "é", PROSE2])
    assert any("timed out" in w for w in doc.warnings)
    assert PROSE in doc.text


@pytest.mark.parametrize(("zone", "line"), [("head", 1), ("tail", 7)])
def test_zones_limit_where_a_rule_acts(tmp_path: Path, zone: str, line: int) -> None:
    doc = run(
        tmp_path, rule("drop", f'match = "Note"\nzone = "{zone}"'), ["Note", PROSE, PROSE2, "Note"]
    )
    assert [r.line for r in doc.removed if r.rule == "site.r"] == [line]
