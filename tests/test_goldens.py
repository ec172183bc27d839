"""Golden-file tests: every fixture in fixtures/ cleans to its expected body, title and metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.pipeline import clean
from tests.conftest import FIXTURES

INPUT_SUFFIXES = (".txt", ".html")


def golden_cases() -> list[Path]:
    return sorted(
        path
        for path in FIXTURES.rglob("*")
        if path.suffix in INPUT_SUFFIXES and ".expected" not in path.name
    )


def expected_paths(case: Path) -> tuple[Path, Path]:
    stem = case.with_suffix("")
    return stem.with_name(stem.name + ".expected.txt"), stem.with_name(stem.name + ".expected.json")


def case_id(case: Path) -> str:
    return str(case.relative_to(FIXTURES))


def known_gap(case: Path) -> str | None:
    """The ``known_gap`` note of a case whose hand-written golden the cleaner does not meet yet.

    Such a case is an expected failure (strict: the day the cleaner meets it, the suite says so
    and the note is removed), and ``--update-goldens`` leaves its files alone.
    """
    meta_path = expected_paths(case)[1]
    if not meta_path.exists():
        return None
    return json.loads(meta_path.read_text("utf-8")).get("known_gap")


def golden_params() -> list:
    return [
        pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=gap))
        if (gap := known_gap(case))
        else case
        for case in golden_cases()
    ]


@pytest.mark.parametrize("case", golden_params(), ids=case_id)
def test_golden(case: Path, rulebook, update_goldens: bool) -> None:
    body_path, meta_path = expected_paths(case)
    expected_meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
    if update_goldens and "known_gap" in expected_meta:
        return
    kind = "html" if case.suffix == ".html" else "text"
    doc = clean(case.read_text("utf-8"), expected_meta.get("url"), kind=kind, rulebook=rulebook)
    produced_meta = {"title": doc.title, "metadata": doc.metadata, "sites": doc.sites}
    if "url" in expected_meta:
        produced_meta = {"url": expected_meta["url"], **produced_meta}
    if "known_gap" in expected_meta:
        produced_meta = {"known_gap": expected_meta["known_gap"], **produced_meta}
    if update_goldens:
        body_path.write_text(doc.text + "\n", "utf-8")
        meta_path.write_text(
            json.dumps(produced_meta, ensure_ascii=False, indent=2) + "\n", "utf-8"
        )
        return
    assert body_path.exists(), f"{body_path} missing: run pytest --update-goldens and review"
    assert doc.text + "\n" == body_path.read_text("utf-8")
    assert produced_meta == expected_meta


def test_there_are_golden_cases() -> None:
    assert len(golden_cases()) >= 5


@pytest.mark.parametrize("case", [c for c in golden_cases() if known_gap(c)], ids=case_id)
def test_known_gap_case_loses_nothing_but_to_the_region_finder(case: Path, rulebook) -> None:
    """A known-gap case loses nothing to the site rules, the generic rules or the other generic
    steps: with the body-region finder off, every line of its golden body comes out (its gap is
    the region finder's, or junk left in)."""
    from cleaner.pipeline import clean_text_stage, load_lines, make_document

    raw = case.read_text("utf-8")
    doc = make_document(raw, kind="text")
    doc.sites = [f.name for f in rulebook.find_sites(None, raw)]
    load_lines(doc, raw)
    clean_text_stage(doc, rulebook, region=False)
    kept = {line.text for line in doc.lines}
    body_path = expected_paths(case)[0]
    lost = [line for line in body_path.read_text("utf-8").splitlines() if line and line not in kept]
    assert lost == []
