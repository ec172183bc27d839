"""Batch cleaning end to end through the real CLI: every record accounted for, in order.

The dumps are built from the seed fixtures in a temporary folder, with a sprinkling of bad
records (invalid JSON and UTF-8, missing fields, binary junk, empty and oversized pages, an HTML
bomb); WARC input, the Dask engine, atomic output and exit statuses are checked the same way.
"""

from __future__ import annotations

import gc
import gzip
import json
import subprocess
from pathlib import Path

import pytest

from cleaner.batch.run import clean_record
from cleaner.io import MAX_RECORD_BYTES, FieldNames, Record
from tests.conftest import FIXTURES, ROOT, run_cleaner
from tests.test_io import html_page, write_warc

EXAMPLE = ROOT / "examples" / "newsmax-dump.txt"
DUMP_RECORDS = 10_000
FULL_PAGE_EVERY = 500
"""One record in this many is a whole seed page; the rest are short, so the test stays quick."""
BOMB_DEPTH = 100_000


def cleaner(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return run_cleaner(*args, stdin=stdin, timeout=300)


def seed_texts() -> list[str]:
    cases = sorted(p for p in FIXTURES.glob("*/*.txt") if ".expected" not in p.name)
    return [p.read_text("utf-8") for p in cases] or [EXAMPLE.read_text("utf-8")]


def story_record(index: int, texts: list[str], paragraphs: list[str]) -> bytes:
    if index % FULL_PAGE_EVERY == 0:
        text = texts[index // FULL_PAGE_EVERY % len(texts)]
    else:
        text = f"Story {index}\n\n{paragraphs[index * 7 % len(paragraphs)]}"
    record = {"id": f"doc-{index}", "url": f"https://news.example/{index}", "text": text}
    return json.dumps(record).encode() + b"\n"


BAD_RECORDS: list[tuple[bytes, str | None]] = [
    (b'{"id": "broken", "text": "no closing brace"\n', "InvalidJSON"),
    (b'{"id": "latin1", "text": "caf\xe9"}\n', "InvalidUTF8"),
    (b'{"id": "no-text", "url": "https://news.example/x"}\n', "MissingField"),
    (b"\x89PNG\x1a\x00\x00\x00\rIHDR\x00\x01\xff\xfe\n", "InvalidUTF8"),
    (json.dumps({"id": "controls", "text": "\x00\x01\x02\x03" * 50}).encode() + b"\n", "NotText"),
    (b'{"id": "empty", "text": ""}\n', "EmptyDocument"),
    (b'{"id": "blank-html", "html": "   "}\n', "EmptyDocument"),
    (b'{"id": "number", "text": 42}\n', "InvalidField"),
    (b'["not", "an", "object"]\n', "InvalidJSON"),
    (b'{"id": "surrogate", "text": "half \\ud800 a pair"}\n', "InvalidUTF8"),
    (json.dumps({"id": "huge", "text": "word " * (4 * 1024 * 1024)}).encode() + b"\n", None),
    (
        json.dumps(
            {"id": "bomb", "html": "<html><body>" + "<div>" * BOMB_DEPTH + "x" + "</div>" * 5}
        ).encode()
        + b"\n",
        "any",
    ),
]
"""Bad records and the error type each must give (None: DocumentTooLarge; any: no crash)."""


def build_dump(folder: Path) -> tuple[Path, dict[int, str | None]]:
    """A gzip JSONL dump of DUMP_RECORDS records; returns it and {line: expected error}."""
    texts = seed_texts()
    paragraphs = [p for t in texts for p in t.splitlines() if len(p.split()) >= 8]
    expected: dict[int, str | None] = {}
    lines: list[bytes] = []
    step = DUMP_RECORDS // (len(BAD_RECORDS) + 1)
    for index in range(DUMP_RECORDS - len(BAD_RECORDS)):
        lines.append(story_record(index, texts, paragraphs))
        if index % step == step - 1 and len(expected) < len(BAD_RECORDS):
            bad, error = BAD_RECORDS[len(expected)]
            lines.append(bad)
            expected[len(lines)] = error or "DocumentTooLarge"
    dump = folder / "dump.jsonl.gz"
    dump.write_bytes(gzip.compress(b"".join(lines), compresslevel=1))
    return dump, expected


def read_output(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_big_dump_cleans_with_every_record_accounted_for(tmp_path: Path) -> None:
    assert len(json.dumps({"text": "word " * (4 * 1024 * 1024)})) > MAX_RECORD_BYTES
    dump, expected_errors = build_dump(tmp_path)
    out, report_path = tmp_path / "clean.jsonl", tmp_path / "report.json"
    argv = ["clean", str(dump), "-o", str(out), "--jobs", "2", "--report", str(report_path)]
    result = cleaner(*argv)
    assert result.returncode == 0, result.stderr.decode()
    records = read_output(out)
    assert [r["line"] for r in records] == list(range(1, DUMP_RECORDS + 1))
    for record in records:
        assert ("error" in record) != ("text" in record), record
        expected = expected_errors.get(record["line"])
        if expected is None:
            assert record["id"] == f"doc-{record['line'] - bad_before(record, expected_errors)}"
            assert isinstance(record["removed"], list) and isinstance(record["sites"], list)
        elif expected != "any":
            assert record["error"]["type"] == expected, record
    report = json.loads(report_path.read_text("utf-8"))
    assert report["documents"] == DUMP_RECORDS
    assert report["cleaned"] + sum(report["errors"].values()) == DUMP_RECORDS
    assert report["cleaned"] == sum(1 for r in records if "text" in r)
    assert set(report["rules_never_fired"]).isdisjoint(report["rules_fired"])
    assert f"documents: {DUMP_RECORDS}" in result.stderr.decode()


def bad_before(record: dict, expected_errors: dict[int, str | None]) -> int:
    return 1 + sum(1 for line in expected_errors if line < record["line"])


def test_warc_cleans_the_same_way(tmp_path: Path) -> None:
    story = " ".join(p for p in seed_texts()[0].splitlines() if len(p.split()) >= 8)
    pages = [
        (f"https://news.example/{i}", html_page(f"Story {i}", story), "text/html") for i in range(3)
    ]
    pages.insert(1, ("https://news.example/logo.png", b"\x89PNG", "image/png"))
    pages.append(("https://news.example/empty", b"", "text/html"))
    warc = write_warc(tmp_path / "crawl.warc.gz", pages)
    out = tmp_path / "clean.jsonl.zst"
    result = cleaner("clean", str(warc), "-o", str(out), "--jobs", "2", "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    from cleaner.io.compression import open_read

    with open_read(str(out)) as stream:
        records = [json.loads(line) for line in stream]
    urls = [f"https://news.example/{i}" for i in range(3)]
    assert [r["url"] for r in records if "error" not in r] == urls
    assert [r["line"] for r in records] == [2, 6, 8, 10]
    assert records[-1]["error"]["type"] == "EmptyDocument"
    assert all(story.split()[3] in r["text"] for r in records[:3])


def test_dask_engine_gives_the_local_output(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    texts = seed_texts()
    paragraphs = [p for t in texts for p in t.splitlines() if len(p.split()) >= 8]
    lines = [story_record(i, texts, paragraphs) for i in range(120)]
    lines.insert(50, BAD_RECORDS[0][0])
    dump = tmp_path / "dump.jsonl"
    dump.write_bytes(b"".join(lines))
    local = tmp_path / "local.jsonl"
    assert cleaner("clean", str(dump), "-o", str(local), "--jobs", "1").returncode == 0
    parts = tmp_path / "parts"
    result = cleaner(
        "clean", str(dump), "-o", str(parts), "--engine", "dask", "--jobs", "1",
        "--shard-lines", "40", "--report", str(tmp_path / "report.json"),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    names = sorted(p.name for p in parts.glob("part-*.jsonl"))
    assert names == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl", "part-00003.jsonl"]
    manifest = json.loads((parts / "manifest.json").read_text("utf-8"))
    assert [part["part"] for part in manifest["parts"]] == names
    assert manifest["documents"] == sum(part["documents"] for part in manifest["parts"]) == 121
    dask_records = [json.loads(line) for n in names for line in (parts / n).open("rb")]
    local_records = read_output(local)
    assert len(dask_records) == len(local_records)
    for ours, theirs in zip(dask_records, local_records, strict=True):
        if not (timed_out(ours) or timed_out(theirs)):
            assert ours == theirs
    report = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert (report["documents"], report["errors"]) == (121, {"InvalidJSON": 1})


def timed_out(record: dict) -> bool:
    """A rule's regex hit its time limit: the output then depends on machine load, not input."""
    return any("timed out" in warning for warning in record.get("warnings", []))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.jsonl", "-o", "{tmp}/out.jsonl"], "missing.jsonl: cannot read"),
        (["{tmp}", "-o", "{tmp}/out.jsonl"], "no .jsonl, .warc, .txt or .html files"),
        (["{dump}", "-o", "{tmp}/no/such/folder/out.jsonl"], "out.jsonl: cannot write"),
    ],
)
def test_a_run_that_cannot_start_exits_1_with_one_line(
    tmp_path: Path, args: list[str], message: str
) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"id": "a", "text": "Some story text."}\n', "utf-8")
    empty = tmp_path / "empty"
    empty.mkdir()
    argv = [a.format(tmp=empty, dump=dump) for a in args]
    result = cleaner("clean", *argv)
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert message in stderr and stderr.count("\n") == 1, stderr
    assert list(empty.iterdir()) == []


def test_field_options_read_dotted_paths_from_stdin(tmp_path: Path) -> None:
    record = {"doc": {"key": "k1"}, "metadata": {"url": "https://a.example/x"}, "body": "A story."}
    out = tmp_path / "out.jsonl"
    result = cleaner(
        "clean", "-", "-o", str(out), "--id-field", "doc.key", "--url-field", "metadata.url",
        "--text-field", "body", "--jobs", "1", "--quiet",
        stdin=(json.dumps(record) + "\n").encode(),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    [cleaned] = read_output(out)
    assert (cleaned["id"], cleaned["line"], cleaned["url"]) == ("k1", 1, "https://a.example/x")


def test_a_single_page_without_output_stays_single_document() -> None:
    result = cleaner("clean", str(EXAMPLE))
    assert result.returncode == 0 and not result.stdout.startswith(b"{")


def test_clean_record_turns_any_failure_into_an_error_record(rulebook) -> None:
    fields = FieldNames()
    big = Record(7, "jsonl", b'{"id": "big", "text": "wor', oversize=MAX_RECORD_BYTES + 1)
    output = clean_record(big, rulebook, fields)
    assert (output["id"], output["error"]["type"]) == ("big", "DocumentTooLarge")
    unread = Record(3, "text", b"", id="gone.txt", error="cannot read: Permission denied")
    output = clean_record(unread, rulebook, fields)
    assert output == {
        "id": "gone.txt",
        "line": 3,
        "error": {"type": "UnreadableRecord", "message": "cannot read: Permission denied"},
    }
    page = Record(
        1, "html", html_page("Title", "Café society story.").replace(b"\xc3\xa9", b"\xe9")
    )
    # an undeclared windows-1252 page is decoded as such, not as an error or mojibake
    assert clean_record(page, rulebook, fields)["text"] == "Café society story."


def test_what_a_process_holds_after_its_first_record_is_frozen(rulebook) -> None:
    """The rulebook and the models outlive every record: the collector stops walking them."""
    page = Record(1, "html", html_page("Title", "A short story about the canal."))
    assert clean_record(page, rulebook, FieldNames())["text"] == "A short story about the canal."
    assert gc.get_freeze_count() > 0


def test_a_record_over_its_time_limit_becomes_an_error_record(rulebook) -> None:
    record = Record(5, "text", EXAMPLE.read_bytes(), id="slow")
    output = clean_record(record, rulebook, FieldNames(), seconds=1e-6)
    assert output["error"]["type"] == "RecordTimeout"
    assert clean_record(record, rulebook, FieldNames(), seconds=60)["id"] == "slow"


SITE_RULES = """name = "cachesite"
description = "A site for the rulebook cache test."
domains = ["cache.example"]

[[rules]]
id = "footer"
kind = "drop"
description = "The footer."
match = ["{footer}"]
examples.junk = ["{footer}"]
"""


def test_rulebook_cache_hits_until_a_rule_file_changes(tmp_path: Path, monkeypatch) -> None:
    from cleaner.rulebook import cache as rulebook_cache
    from cleaner.rulebook.load import Rulebook

    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("CLEANER_NO_CACHE", raising=False)
    site = tmp_path / "rules" / "sites" / "cache.example.toml"
    site.parent.mkdir(parents=True)
    site.write_text(SITE_RULES.format(footer="Read more"), "utf-8")
    first = rulebook_cache.load_rulebook_cached([tmp_path / "rules"])
    assert len(list((tmp_path / "cache").glob("rulebook-*.pickle"))) == 1

    def refuse(*_args, **_kwargs):
        raise AssertionError("loaded from TOML although the cache was fresh")

    monkeypatch.setattr(Rulebook, "load", refuse)
    cached = rulebook_cache.load_rulebook_cached([tmp_path / "rules"])
    assert [r.id for f in cached.files for r in f.rules] == [
        r.id for f in first.files for r in f.rules
    ]
    site.write_text(SITE_RULES.format(footer="Read more stories"), "utf-8")
    with pytest.raises(AssertionError, match="loaded from TOML"):
        rulebook_cache.load_rulebook_cached([tmp_path / "rules"])


class WorkerKiller(bytes):
    """A payload that kills the worker process that unpickles it, as a segfault would."""

    def __reduce__(self):
        import os

        return (os._exit, (3,))


def test_a_record_that_kills_its_worker_costs_only_that_record() -> None:
    from cleaner.batch.run import BatchSettings, parallel_outcomes

    records = [Record(n, "text", f"Story {n} has a line of text.".encode()) for n in range(1, 7)]
    records[2] = Record(3, "text", WorkerKiller(b"x"), id="killer")
    outcomes = list(parallel_outcomes(records, BatchSettings(), jobs=2))
    outputs = [json.loads(outcome.line) for outcome in outcomes]
    assert [o["line"] for o in outputs] == [1, 2, 3, 4, 5, 6]
    assert outputs[2]["error"]["type"] == "WorkerCrashed"
    assert all("text" in o for i, o in enumerate(outputs) if i != 2)


def test_a_page_is_decoded_by_its_declared_charset(rulebook) -> None:
    story = "Le café de la gare a rouvert ses portes ce matin, après deux ans de travaux longs."
    page = (
        '<html><head><meta charset="windows-1252"><title>Café</title></head>'
        f"<body><article><p>{story}</p><p>{story}</p></article></body></html>"
    ).encode("cp1252")
    output = clean_record(Record(1, "html", page, url="https://a.example/"), rulebook, FieldNames())
    assert "café" in output["text"], output
