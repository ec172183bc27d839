"""Batch readers and writer: JSONL (plain, gz, zst), WARC, folders, shards, atomic output."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest
import zstandard
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from cleaner.io import (
    AtomicJsonlWriter,
    InputUnreadable,
    OutputUnwritable,
    Shard,
    plan_shards,
    read_shard,
)
from cleaner.io.compression import open_read
from cleaner.io.jsonl import HEAD_BYTES, bounded_lines, field_from_head, get_field

LINES = [json.dumps({"id": f"r{i}", "text": f"Line {i}."}) for i in range(10)]


def write_dump(path: Path, lines: list[str]) -> Path:
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def html_page(title: str, body: str) -> bytes:
    return f"<html><head><title>{title}</title></head><body><p>{body}</p></body></html>".encode()


def write_warc(path: Path, pages: list[tuple[str, bytes, str]]) -> Path:
    """A WARC with a request before each response; ``pages`` is (url, payload, content type)."""
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for url, payload, content_type in pages:
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET /\r\n"))
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], "HTTP/1.1")
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(payload), http_headers=headers
            )
            writer.write_record(record)
    return path


def records_of(path: Path, **shard_args) -> list:
    return [r for shard in plan_shards(str(path), **shard_args) for r in read_shard(shard)]


@pytest.mark.parametrize("name", ["d.jsonl", "d.jsonl.gz", "d.jsonl.zst"])
def test_jsonl_reads_every_line_with_its_position(tmp_path: Path, name: str) -> None:
    dump = write_dump(tmp_path / name, [LINES[0], "", "   ", *LINES[1:]])
    everything = records_of(dump)
    assert [(r.line, r.format) for r in everything[1:3]] == [(2, "blank"), (3, "blank")]
    records = [r for r in everything if r.format != "blank"]
    assert [r.line for r in records] == [1, *range(4, 13)]
    assert [json.loads(r.payload)["id"] for r in records] == [f"r{i}" for i in range(10)]
    assert {r.format for r in records} == {"jsonl"}


def test_line_range_shards_cover_the_file_once(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "d.jsonl.gz", LINES)
    shards = plan_shards(str(dump), lines_per_shard=3)
    assert [(s.start, s.stop) for s in shards] == [(0, 3), (3, 6), (6, 9), (9, None)]
    assert [r.line for r in records_of(dump, lines_per_shard=3)] == list(range(1, 11))


def test_an_oversized_line_is_skipped_in_bounded_reads() -> None:
    stream = io.BytesIO(b"short\n" + b"x" * 100_000 + b"\nafter\n")
    lines = list(bounded_lines(stream, limit=5000))
    assert lines == [(b"short\n", 6), (b"x" * HEAD_BYTES, 100_001), (b"after\n", 6)]


def test_the_id_of_an_oversized_line_is_read_from_its_head() -> None:
    head = b'{"text": "a \\" b", "id": "big-1", "n": 7, "url": "https://a.example/"' + b"x" * 50
    assert field_from_head(head, "id") == "big-1"
    assert field_from_head(head, "n") == "7"
    assert field_from_head(head, "url") == "https://a.example/"
    assert field_from_head(head, "metadata.id") is None
    assert field_from_head(b'{"text": "id: \\"id\\": \\"fake\\""', "id") is None


def test_dotted_field_paths_reach_inside_and_prefer_literal_keys() -> None:
    record = {"metadata": {"url": "https://a.example/x"}, "warc.id": "w1"}
    assert get_field(record, "metadata.url") == "https://a.example/x"
    assert get_field(record, "warc.id") == "w1"
    assert get_field(record, "metadata.missing") is None
    assert get_field({"metadata": "flat"}, "metadata.url") is None


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_yields_html_responses_with_url_id_and_position(tmp_path: Path, name: str) -> None:
    pages = [
        ("https://a.example/1", html_page("One", "First story."), "text/html; charset=utf-8"),
        ("https://a.example/logo.png", b"\x89PNG\r\n", "image/png"),
        ("https://a.example/2", html_page("Two", "Second story."), "text/html"),
    ]
    records = records_of(write_warc(tmp_path / name, pages))
    assert [r.url for r in records] == ["https://a.example/1", "https://a.example/2"]
    assert [r.line for r in records] == [2, 6]  # a request precedes every response
    assert all(r.id and r.id.startswith("<urn:uuid:") for r in records)
    assert b"Second story." in records[1].payload and records[1].format == "html"


def test_a_folder_lists_dumps_then_pages_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "pages" / "b").mkdir(parents=True)
    (tmp_path / "pages" / "b" / "two.html").write_bytes(html_page("Two", "Body."))
    (tmp_path / "pages" / "a.txt").write_text("Story text.", "utf-8")
    (tmp_path / "pages" / ".hidden.txt").write_text("skip me", "utf-8")
    write_dump(tmp_path / "pages" / "z.jsonl", LINES[:2])
    shards = plan_shards(str(tmp_path / "pages"))
    assert [s.format for s in shards] == ["jsonl", "files"]
    records = [r for s in shards for r in read_shard(s)]
    assert [(r.source, r.line) for r in records[:2]] == [("z.jsonl", 1), ("z.jsonl", 2)]
    assert [(r.id, r.format, r.line) for r in records[2:]] == [
        ("a.txt", "text", 1),
        ("b/two.html", "html", 2),
    ]


def test_missing_input_and_empty_folder_are_unreadable(tmp_path: Path) -> None:
    with pytest.raises(InputUnreadable, match="no such file"):
        plan_shards(str(tmp_path / "nope.jsonl"))
    with pytest.raises(InputUnreadable, match=r"no \.jsonl"):
        plan_shards(str(tmp_path))


def test_a_truncated_gzip_stream_ends_in_a_damage_record(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "d.jsonl.gz", LINES * 50)
    dump.write_bytes(dump.read_bytes()[:-40])
    *readable, last = read_shard(Shard(str(dump), "jsonl"))
    assert [r.damage for r in readable] == [None] * len(readable)
    assert last.line == len(readable) + 1 and last.damage is not None
    assert last.damage.startswith(f"{dump}: damaged input")


def test_line_shards_of_a_truncated_dump_end_open_so_the_last_reports_it(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "d.jsonl.gz", LINES * 50)
    dump.write_bytes(dump.read_bytes()[:-40])
    shards = plan_shards(str(dump), lines_per_shard=100)
    assert shards[-1].stop is None
    records = [r for shard in shards for r in read_shard(shard)]
    assert [r.line for r in records] == list(range(1, len(records) + 1))
    assert [r.damage is not None for r in records].count(True) == 1 and records[-1].damage


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz", "out.jsonl.zst"])
def test_writer_renames_into_place_and_compresses_by_extension(tmp_path: Path, name: str) -> None:
    target = tmp_path / name
    with AtomicJsonlWriter(str(target)) as writer:
        writer.write(b'{"a": 1}\n')
        assert not target.exists()
    assert list(tmp_path.iterdir()) == [target]
    with open_read(str(target)) as stream:
        assert stream.read() == b'{"a": 1}\n'


def test_writer_leaves_nothing_when_the_run_fails(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError), AtomicJsonlWriter(str(target)) as writer:
        writer.write(b'{"a": 1}\n')
        raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []


def test_writer_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OutputUnwritable, match="cannot write"):
        AtomicJsonlWriter(str(tmp_path / "missing" / "out.jsonl")).__enter__()
