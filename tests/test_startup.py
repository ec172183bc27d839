"""What a run imports: the text path leaves the HTML extractor and the WARC reader unloaded.

Importing trafilatura (with lxml's HTML parser, htmldate's extractors and their word lists) or
warcio (with fsspec) costs a tenth of a second or more of every process start; a run that
cleans text records from a JSONL file needs neither.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cleaner

TEXT_RECORD = {
    "id": "1",
    "url": "https://news.example.com/a/1",
    "text": "Share on facebook\n\nThe council voted on Tuesday to close the old bridge, "
    "citing repairs that would cost more than a new one.\n\nRead more",
}
HTML_ONLY = ("trafilatura", "warcio")
"""Top-level packages only HTML pages or WARC input need."""


def imported_modules(stderr: str) -> set[str]:
    """The modules ``-X importtime`` says were imported."""
    return {
        line.rsplit("|", 1)[1].strip()
        for line in stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }


def test_text_run_imports_no_html_extractor_nor_warc_reader(tmp_path: Path) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps(TEXT_RECORD) + "\n", "utf-8")
    out = tmp_path / "out.jsonl"
    env = {"PYTHONPROFILEIMPORTTIME": "1", "CLEANER_CACHE_DIR": str(tmp_path / "cache")}
    for _ in range(2):  # the first run fills the rulebook cache, the second reads it
        done = run_cleaner("clean", str(source), "-o", str(out), "--jobs", "1", "--quiet", env=env)
        assert done.returncode == 0, done.stderr
        modules = imported_modules(done.stderr.decode())
        assert "cleaner.pipeline" in modules  # the report is real: the cleaner was imported
        assert not [m for m in modules if m.split(".")[0] in HTML_ONLY]
    assert json.loads(out.read_text("utf-8"))["text"].startswith("The council voted")
