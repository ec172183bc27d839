"""The datatrove step in a real LocalPipelineExecutor: JSONL and WARC in, cleaned JSONL out.

Documents are cleaned as ``cleaner.clean`` cleans them, carry title, sites, removals and
verdict in their metadata, and those the validator fails go to the exclusion writer.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader, WarcReader
from datatrove.pipeline.writers import JsonlWriter

import cleaner
from cleaner.integrations.datatrove import CleanerStep
from tests.conftest import ROOT
from tests.test_io import html_page, write_warc

EXAMPLE = ROOT / "examples" / "newsmax-dump.txt"
STORY = (
    "The council voted on Tuesday to reopen the old library, after a campaign that lasted "
    "three years and drew support from every school in the district."
)


def run_pipeline(reader, tmp_path: Path, **step_args) -> tuple[list[dict], list[dict]]:
    kept, dropped = tmp_path / "kept", tmp_path / "dropped"
    step = CleanerStep(exclusion_writer=JsonlWriter(str(dropped)), **step_args)
    pipeline = [reader, step, JsonlWriter(str(kept))]
    LocalPipelineExecutor(pipeline, tasks=1, workers=1, logging_dir=str(tmp_path / "logs")).run()
    return read_jsonl_gz(kept), read_jsonl_gz(dropped)


def read_jsonl_gz(folder: Path) -> list[dict]:
    return [json.loads(line) for p in sorted(folder.glob("*.jsonl.gz")) for line in gzip.open(p)]


def test_jsonl_documents_are_cleaned_and_failures_excluded(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    example = EXAMPLE.read_text("utf-8")
    records = [
        {"id": "story", "text": example},
        {"id": "menu", "text": "Home\n\nNews\n\nSport\n\nWeather"},
        {"id": "blank", "text": "   "},
    ]
    (source / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    kept, dropped = run_pipeline(JsonlReader(str(source)), tmp_path, drop_failed=True)
    expected = cleaner.clean(example)
    [story] = kept
    assert story["id"] == "story" and story["text"] == expected.text
    metadata = story["metadata"]
    assert metadata["title"] == expected.title and metadata["sites"] == expected.sites
    assert metadata["removals"] == len(expected.removed) > 0
    assert metadata["verdict"] == expected.verdict.status != "fail"
    whole = expected.verdict.to_dict()
    assert metadata["verdict_reason"] == whole["reason"]
    assert metadata["page_type"] == whole["page_type"] == "unknown"  # a dump with no URL
    for key in ("quality", "junk_share", "lost_share"):
        assert metadata[key] == whole[key]
    assert 0 < metadata["quality"] <= 1
    menu, blank = dropped
    assert (blank["id"], blank["metadata"]["filter_reason"]) == ("blank", "empty")
    assert menu["id"] == "menu"
    assert (menu["metadata"]["filter_reason"], menu["metadata"]["verdict"]) == (
        "verdict_fail",
        "fail",
    )


def test_warc_pages_are_cleaned_with_their_url(tmp_path: Path) -> None:
    source = tmp_path / "in"
    source.mkdir()
    page = html_page("Library reopens", STORY)
    write_warc(source / "crawl.warc.gz", [("https://news.example/library", page, "text/html")])
    kept, dropped = run_pipeline(WarcReader(str(source)), tmp_path)
    [doc] = kept
    assert doc["text"] == STORY
    assert doc["metadata"]["url"] == "https://news.example/library"
    assert doc["metadata"]["verdict"] in ("ok", "warn")
    # a short page that declares no type and reads as no story: a service page
    assert doc["metadata"]["page_type"] == "service"
    assert doc["metadata"]["quality"] > 0
    assert dropped == []
