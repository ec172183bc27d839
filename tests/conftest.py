"""Shared test setup: the --update-goldens flag and a rulebook loaded once per session."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.rulebook.load import Rulebook

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TEXT_FIXTURES_MIN = 3
"""The fixtures hold more text inputs than this; fewer would mean the glob found none."""


def fixture_text_inputs() -> list[str]:
    """Every text fixture input (not its ``.expected.txt``), in path order."""
    texts = [
        path.read_text("utf-8")
        for path in sorted(FIXTURES.rglob("*.txt"))
        if not path.name.endswith(".expected.txt")
    ]
    assert len(texts) > TEXT_FIXTURES_MIN
    return texts


def run_cleaner(
    *args: str,
    stdin: bytes | str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
    text: bool = False,
    cwd: Path = ROOT,
) -> subprocess.CompletedProcess:
    """The real CLI in a subprocess, from the project root unless ``cwd`` says otherwise,
    output captured as bytes (as text with ``text=True``, and then ``stdin`` is text too)."""
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args],
        input=stdin,
        capture_output=True,
        text=text,
        cwd=cwd,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def cleaned_page_record(tmp_path: Path, html: str, *options: str) -> dict:
    """The JSON record of one HTML page cleaned through the real CLI (``options``: more
    arguments of ``clean``, such as ``--url URL``); the run must succeed."""
    page = tmp_path / "page.html"
    page.write_text(html, "utf-8")
    result = run_cleaner("clean", str(page), *options, "--format", "json", text=True)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


KETTLE_DESCRIPTION = (
    "A hard-anodised aluminium kettle that boils a litre of water in under four minutes on a"
    " small gas stove."
)


def kettle_page(declared_type: str, after_specifications: str) -> str:
    """A shop's page about one kettle, its JSON-LD declaring ``declared_type``: description and
    specifications, then ``after_specifications`` (reviews, a carousel) inside ``<main>``."""
    return f"""<html><head><title>Trail Kettle 1.2 L | Example Outfitters</title>
<script type="application/ld+json">{{"@context": "https://schema.org",
 "@type": "{declared_type}", "name": "Trail Kettle 1.2 L"}}</script></head><body>
<nav><a href="/">Home</a> <a href="/kettles">Kettles</a></nav>
<main><h1>Trail Kettle 1.2 L</h1>
<p>{KETTLE_DESCRIPTION}</p>
<p>The folding handle locks upright and stays cool, and the lid doubles as a small pan.</p>
<h2>Specifications</h2>
<ul><li>Capacity: 1.2 litres</li><li>Weight: 210 grams</li><li>Material: aluminium</li></ul>
{after_specifications}
</main><footer><p>Example Outfitters, 12 Harbour Road</p></footer></body></html>"""


def cleaned_batch(tmp_path: Path, pages: list[tuple[str, str]]) -> tuple[dict, dict, str]:
    """HTML pages (id, html) cleaned as one JSONL batch through the real CLI: the records by
    id, the batch report and what the run printed on stderr; the run must succeed."""
    dump = tmp_path / "pages.jsonl"
    dump.write_text("".join(json.dumps({"id": i, "html": h}) + "\n" for i, h in pages), "utf-8")
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    result = run_cleaner("clean", str(dump), "-o", str(out), "--report", str(report))
    assert result.returncode == 0, result.stderr.decode()
    records = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    return records, json.loads(report.read_text("utf-8")), result.stderr.decode()


def cleaned_dump(tmp_path: Path, lines: list[str]) -> tuple[str, str]:
    """The body and the ``explain`` listing of ``lines`` as a text dump cleaned through the
    real CLI by the generic pass only (no bundled site files); both runs must succeed."""
    dump = tmp_path / "dump.txt"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    body = run_cleaner("--no-bundled-sites", "clean", str(dump), text=True)
    listing = run_cleaner("--no-bundled-sites", "explain", str(dump), text=True)
    assert body.returncode == 0 and listing.returncode == 0, body.stderr + listing.stderr
    return body.stdout, listing.stdout


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
