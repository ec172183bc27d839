"""Shared test setup: the --update-goldens flag and a rulebook loaded once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaner.rulebook import Rulebook

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite fixtures' expected files from the cleaner's output (review the diff!)",
    )


@pytest.fixture(scope="session")
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    return Rulebook.load()
