"""The text path's shortcuts answer as the work they stand for: the title finder's cached
headline shapes, the story-end markers remembered per line, the rule engine's one walk over
a document's lines until a file acts, and the region finder not asked again about the body
it left."""

from __future__ import annotations

from pathlib import Path

import pytest

import cleaner.generic.steps as steps
from cleaner.document import Document
from cleaner.generic.region import keep_best_region
from cleaner.generic.steps import headline_shaped_under, is_headline_shaped, standfirst_above
from cleaner.pipeline import (
    clean_path,
    input_words,
    load_lines,
    make_document,
    story_end_marker,
)
from cleaner.rulebook.engine import apply_rule_file, apply_rule_files, scanner_of
from cleaner.rulebook.load import Rulebook
from cleaner.validate.residual import marker_hits
from tests.conftest import TEXT_FIXTURES_MIN, fixture_text_inputs


def fixture_lines() -> list[str]:
    return [line for text in fixture_text_inputs() for line in text.splitlines() if line.strip()]


def test_cached_headline_shapes_equal_fresh_ones() -> None:
    thresholds = (steps.TITLE_MIN_WORDS, steps.TITLE_MAX_WORDS, steps.SHOUTED_MIN_WORDS)
    shapes = {headline_shaped_under.__wrapped__(line, *thresholds) for line in fixture_lines()}
    assert shapes == {True, False}  # the fixtures exercise both answers
    for line in fixture_lines():
        fresh = headline_shaped_under.__wrapped__(line, *thresholds)
        assert is_headline_shaped(line) == fresh
        assert is_headline_shaped(line) == fresh  # the second answer comes from the cache


def test_a_changed_title_threshold_is_never_answered_from_the_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    headline = "Putin Signs Pact With North Korea"
    assert is_headline_shaped(headline)
    monkeypatch.setattr(steps, "TITLE_MIN_WORDS", 10)
    assert not is_headline_shaped(headline)


def test_remembered_story_end_markers_answer_as_the_rules(rulebook: Rulebook) -> None:
    ends_story = story_end_marker(rulebook)
    assert ends_story is not None
    rules = [
        rule
        for file in rulebook.generic
        for rule in file.rules
        if rule.kind == "cut-after" and rule.zone == "second-half"
    ]
    lines = [*fixture_lines(), "Related Articles", "Republish this story"]
    answers = set()
    for line in lines:
        fresh = any(marker_hits(rule, line) for rule in rules)
        answers.add(fresh)
        assert ends_story(line) == fresh
        assert ends_story(line) == fresh  # remembered
    assert answers == {True, False}


def walked_per_file(doc: Document, rulebook: Rulebook) -> None:
    """The rule engine as it was: every file's hits found by a walk over the lines."""
    files = [*rulebook.sites_named(doc.sites), *rulebook.generic]
    scanner = scanner_of(files)
    for rule_file in files:
        apply_rule_file(doc, rule_file, scanner)


def test_one_walk_until_a_file_acts_removes_as_a_walk_per_file(rulebook: Rulebook) -> None:
    acted = 0
    for text in fixture_text_inputs():
        docs = []
        for _ in range(2):
            doc = make_document(text, kind="text")
            doc.sites = [f.name for f in rulebook.find_sites(None, text)]
            load_lines(doc, text)
            docs.append(doc)
        walked_per_file(docs[0], rulebook)
        files = [*rulebook.sites_named(docs[1].sites), *rulebook.generic]
        apply_rule_files(docs[1], files, scanner_of(files))
        assert docs[1].state() == docs[0].state()
        assert docs[1].removed == docs[0].removed
        assert docs[1].metadata == docs[0].metadata
        acted += bool(docs[0].removed)
    assert acted > TEXT_FIXTURES_MIN  # the rules removed lines from several fixtures


def test_the_region_finder_keeps_all_of_what_it_kept(rulebook: Rulebook) -> None:
    """What ``keep_story`` relies on to skip a pass: asked again about the body it left, the
    finder removes nothing."""
    for text in fixture_text_inputs():
        doc = clean_path(make_document(text, kind="text"), rulebook)
        left = doc.state()
        assert doc.region_kept is None or doc.region_kept == left or not doc.lines
        removed = len(doc.removed)
        keep_best_region(doc, standfirst_above)
        assert doc.state() == left
        assert len(doc.removed) == removed


def test_a_line_one_file_trims_is_walked_again_for_the_next(tmp_path: Path) -> None:
    """A trim can make a line another file's marker names: the walk is made again after a
    file acts, so the next file sees it in the same pass, as a walk per file would."""
    rules = {
        "a.example": r"""signatures = ["Site A footer"]
[[rules]]
id = "credit"
kind = "trim"
description = "a credit glued to the end of a line"
pattern = '\s*\(Reporting by [^)]*\)$'
examples.junk = ["Sign up today (Reporting by Ann Lee)"]
examples.keep = ["Body text."]
""",
        "b.example": """signatures = ["Site B footer"]
[[rules]]
id = "signup"
kind = "drop"
description = "a sign-up button"
match = "Sign up today"
examples.junk = ["Sign up today"]
examples.keep = ["Body text."]
""",
    }
    for name, text in rules.items():
        path = tmp_path / "sites" / f"{name}.toml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    rulebook = Rulebook.load([tmp_path], bundled=False)
    text = "\n\n".join(["Sign up today (Reporting by Ann Lee)", "Site A footer", "Site B footer"])
    docs = []
    for _ in range(2):
        doc = make_document(text, kind="text")
        doc.sites = [f.name for f in rulebook.find_sites(None, text)]
        load_lines(doc, text)
        docs.append(doc)
    assert docs[0].sites == ["a", "b"]
    walked_per_file(docs[0], rulebook)
    files = rulebook.sites_named(docs[1].sites)
    apply_rule_files(docs[1], files, scanner_of(files))
    assert [r.rule for r in docs[1].removed] == ["a.credit", "b.signup"]
    assert docs[1].removed == docs[0].removed


def test_a_texts_words_counted_at_once_equal_its_lines_words() -> None:
    """``input_words`` splits a text dump's raw text once: every line break is whitespace to
    ``str.split``, so the count is the lines' words summed."""
    breaks = [chr(c) for c in range(0x110000) if len(f"a{chr(c)}b".splitlines()) == 2]
    assert all(mark.isspace() for mark in breaks)
    edge = "Word\x1cword\r\nword\u2028 word\x85word\n\n  \nlast"
    for text in [*fixture_text_inputs(), edge]:
        doc = make_document(text, kind="text")
        load_lines(doc, text)
        assert input_words(doc) == sum(len(line.text.split()) for line in doc.original)
