"""Loading rule files: clear path:line errors, all-or-nothing loading, and site lookup."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.rulebook.load import Rulebook, RuleFileError, load_rule_file

GOOD_RULE = """
[[rules]]
id = "share"
kind = "drop"
description = "Share buttons."
match = ["Share this"]
examples.junk = ["Share this"]
examples.keep = ["Share prices fell."]
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / "sites" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def problems_of(path: Path) -> list[str]:
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    return caught.value.problems


def test_good_file_loads(tmp_path: Path) -> None:
    path = write(
        tmp_path, "example.com.toml", 'description = "x"\ndomains = ["example.com"]\n' + GOOD_RULE
    )
    rule_file = load_rule_file(path)
    assert rule_file.name == "example"
    assert rule_file.rule_ids() == ["example.share"]


def test_bad_toml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.com.toml", 'domains = ["bad.com"]\n\nname = = "x"\n')
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:3: invalid TOML")


def test_unknown_key_names_line_and_allowed_keys(tmp_path: Path) -> None:
    text = 'domains = ["x.com"]\n' + GOOD_RULE.replace(
        'kind = "drop"', 'kind = "drop"\nsevrity = 2'
    )
    path = write(tmp_path, "x.com.toml", text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:6: unknown key 'sevrity'")
    assert "allowed:" in problem and "pattern" in problem


def test_bad_regex_is_reported_at_its_line(tmp_path: Path) -> None:
    text = 'domains = ["x.com"]\n' + GOOD_RULE.replace(
        'match = ["Share this"]', "pattern = '^(share'"
    )
    path = write(tmp_path, "x.com.toml", text)
    [problem] = problems_of(path)
    assert problem.startswith(f"{path}:7: 'pattern' is not a valid regex")


def test_missing_examples_and_bad_kind(tmp_path: Path) -> None:
    text = 'domains = ["x.com"]\n' + GOOD_RULE.split("examples.junk")[0]
    text += '\n[[rules]]\nid = "b"\nkind = "delete"\ndescription = "d"\nmatch = "x"\n'
    path = write(tmp_path, "x.com.toml", text)
    problems = problems_of(path)
    assert any("needs 'examples'" in p for p in problems)
    assert any("'kind' must be one of" in p and ":11:" in p for p in problems)


def test_site_file_needs_a_way_to_match(tmp_path: Path) -> None:
    path = write(tmp_path, "x.com.toml", GOOD_RULE)
    assert any("needs 'domains' or 'signatures'" in p for p in problems_of(path))


def test_duplicate_ids_across_files_fail_the_load(tmp_path: Path) -> None:
    write(tmp_path, "a.toml", 'name = "same"\ndomains = ["a.com"]\n' + GOOD_RULE)
    write(tmp_path, "b.toml", 'name = "same"\ndomains = ["b.com"]\n' + GOOD_RULE)
    with pytest.raises(RuleFileError, match=r"duplicate rule id 'same\.share'"):
        Rulebook.load([tmp_path], bundled=False)


def test_one_broken_file_loads_nothing(tmp_path: Path) -> None:
    write(tmp_path, "good.com.toml", 'domains = ["good.com"]\n' + GOOD_RULE)
    write(tmp_path, "broken.com.toml", "domains = [\n")
    with pytest.raises(RuleFileError) as caught:
        Rulebook.load([tmp_path], bundled=False)
    assert all("broken.com.toml" in p for p in caught.value.problems)


def test_missing_rules_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="does not exist"):
        Rulebook.load([tmp_path / "nope"], bundled=False)


def test_sites_found_by_domain_including_subdomains(rulebook: Rulebook) -> None:
    assert [f.name for f in rulebook.find_sites("https://www.newsmax.com/world/x/")] == ["newsmax"]
    assert [f.name for f in rulebook.find_sites("newsmax.com/a")] == ["newsmax"]
    assert rulebook.find_sites("https://notnewsmax.com/") == []
    assert rulebook.find_sites(None, "") == []


def test_sites_found_by_signature_whatever_the_case_and_spacing(rulebook: Rulebook) -> None:
    text = "story\n\n©  NEWSMAX\u00a0MEDIA, inc.\n"
    assert [f.name for f in rulebook.find_sites(None, text)] == ["newsmax"]


def test_several_sites_match_a_syndicated_story(rulebook: Rulebook) -> None:
    text = "This story has not been edited by NDTV staff.\nBNC Global Media Group is ..."
    assert {f.name for f in rulebook.find_sites(None, text)} == {"ndtv", "bnc"}


def test_signature_shared_by_two_files(tmp_path: Path) -> None:
    for name in ("a", "b"):
        write(
            tmp_path,
            f"{name}.toml",
            f'signatures = ["Shared footer text"]\nname = "{name}"\n' + GOOD_RULE,
        )
    rulebook = Rulebook.load([tmp_path], bundled=False)
    assert [f.name for f in rulebook.find_sites(None, "... shared footer text ...")] == ["a", "b"]
