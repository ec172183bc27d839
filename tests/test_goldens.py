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


@pytest.mark.parametrize("case", golden_cases(), ids=case_id)
def test_golden(case: Path, rulebook, update_goldens: bool) -> None:
    body_path, meta_path = expected_paths(case)
    expected_meta = json.loads(meta_path.read_text("utf-8")) if meta_path.exists() else {}
    kind = "html" if case.suffix == ".html" else "text"
    doc = clean(case.read_text("utf-8"), expected_meta.get("url"), kind=kind, rulebook=rulebook)
    produced_meta = {"title": doc.title, "metadata": doc.metadata, "sites": doc.sites}
    if "url" in expected_meta:
        produced_meta = {"url": expected_meta["url"], **produced_meta}
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
