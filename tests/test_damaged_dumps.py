"""A damaged dump loses only what is damaged, through the real CLI.

A truncated ``.jsonl.gz``, ``.jsonl.zst`` or ``.warc.gz`` gives every record before the cut,
cleaned, then one DamagedInput error record naming the file and the decompressed byte offset
where the stream broke; the output is written whole and the exit status is 1. In a folder of
shards only the damaged shard loses its tail, on the local engine and on the Dask engine.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import zlib
from pathlib import Path

import pytest
import zstandard

from tests.conftest import run_cleaner
from tests.test_io import html_page, write_warc

STORY = "A story line that is long enough to read as prose, with words and a clause or two."
ZSTD_RECORDS = 4000
"""Enough records that the compressed stream spans several zstd blocks (128 KB each), so a
cut in the middle leaves whole blocks before it."""


def cleaner(*args: str) -> subprocess.CompletedProcess:
    return run_cleaner(*args, timeout=300, text=True)


def jsonl(count: int, prefix: str = "d") -> bytes:
    return "".join(
        json.dumps({"id": f"{prefix}{i}", "text": f"Story {i}\n\n{STORY} {i}"}) + "\n"
        for i in range(count)
    ).encode()


def cut_in_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def readable_gzip_lines(cut: bytes) -> int:
    """Complete lines a gzip stream cut short still gives (what a careful reader can save)."""
    text = zlib.decompressobj(wbits=31).decompress(cut)
    return text.count(b"\n")


def readable_zstd_lines(cut: bytes) -> int:
    text = zstandard.ZstdDecompressor().decompressobj().decompress(cut)
    return text.count(b"\n")


def output_records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def damaged(records: list[dict]) -> list[dict]:
    return [r for r in records if r.get("error", {}).get("type") == "DamagedInput"]


@pytest.mark.parametrize(
    ("name", "compress", "readable"),
    [
        ("d.jsonl.gz", gzip.compress, readable_gzip_lines),
        ("d.jsonl.zst", zstandard.ZstdCompressor().compress, readable_zstd_lines),
    ],
)
def test_a_truncated_jsonl_dump_keeps_every_readable_record(
    tmp_path: Path, name: str, compress, readable
) -> None:
    cut = cut_in_half(compress(jsonl(ZSTD_RECORDS)))
    dump = tmp_path / name
    dump.write_bytes(cut)
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    result = cleaner("clean", str(dump), "-o", str(out), "--jobs", "2", "--report", str(report))
    assert result.returncode == 1
    records = output_records(out)
    saved = readable(cut)
    assert saved > 0
    assert [r["id"] for r in records[:-1]] == [f"d{i}" for i in range(saved)]
    assert all("error" not in r for r in records[:-1])
    assert damaged(records) == [records[-1]]
    message = records[-1]["error"]["message"]
    assert str(dump) in message and "byte" in message and "decompressed" in message
    assert records[-1]["line"] == saved + 1
    offset = len(b"".join(jsonl(ZSTD_RECORDS).splitlines(keepends=True)[:saved]))
    assert f"byte {offset} of the decompressed stream" in message
    summary = json.loads(report.read_text("utf-8"))
    assert summary["errors"] == {"DamagedInput": 1}
    assert summary["cleaned"] == saved and summary["damaged"] == [message]
    damage_lines = [line for line in result.stderr.splitlines() if "damaged input" in line]
    assert damage_lines == [f"cleaner: {message} (a DamagedInput error record in the output)"]


def test_a_truncated_warc_keeps_its_readable_pages(tmp_path: Path) -> None:
    pages = [(f"https://news.example/{i}", html_page(f"Story {i}", STORY), "text/html")
             for i in range(30)]  # fmt: skip
    warc = write_warc(tmp_path / "w.warc.gz", pages)
    warc.write_bytes(cut_in_half(warc.read_bytes()))
    out = tmp_path / "out.jsonl"
    result = cleaner("clean", str(warc), "-o", str(out), "--jobs", "1", "--quiet")
    assert result.returncode == 1
    records = output_records(out)
    assert damaged(records) == [records[-1]]
    assert str(warc) in records[-1]["error"]["message"]
    kept = [r["url"] for r in records[:-1]]
    assert len(kept) >= 10 and kept == [f"https://news.example/{i}" for i in range(len(kept))]
    assert result.stderr.count("\n") == 1 and "damaged input" in result.stderr


def shard_folder(tmp_path: Path) -> tuple[Path, int]:
    """Three shards, the middle one a truncated gzip; returns the folder and the middle's
    readable record count."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.jsonl").write_bytes(jsonl(20, "a"))
    cut = cut_in_half(gzip.compress(jsonl(ZSTD_RECORDS, "b")))
    (folder / "b.jsonl.gz").write_bytes(cut)
    (folder / "c.jsonl").write_bytes(jsonl(20, "c"))
    return folder, readable_gzip_lines(cut)


def expected_ids(saved: int) -> list[str]:
    return (
        [f"a{i}" for i in range(20)]
        + [f"b{i}" for i in range(saved)]
        + [None]
        + [f"c{i}" for i in range(20)]
    )


def test_one_truncated_shard_of_a_folder_costs_only_its_tail(tmp_path: Path) -> None:
    folder, saved = shard_folder(tmp_path)
    out = tmp_path / "out.jsonl.gz"
    result = cleaner("clean", str(folder), "-o", str(out), "--jobs", "2", "--quiet")
    assert result.returncode == 1
    records = [json.loads(line) for line in gzip.decompress(out.read_bytes()).splitlines()]
    assert [r["id"] for r in records] == expected_ids(saved)
    (bad,) = damaged(records)
    assert bad["source"] == "b.jsonl.gz" and "b.jsonl.gz" in bad["error"]["message"]


def test_the_dask_engine_publishes_every_shard_of_a_damaged_folder(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    folder, saved = shard_folder(tmp_path)
    out = tmp_path / "out"
    result = cleaner(
        "clean", str(folder), "-o", str(out), "--engine", "dask", "--jobs", "1",
        "--shard-lines", "1000", "--quiet",
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    records = [r for p in sorted(out.glob("part-*.jsonl")) for r in output_records(p)]
    assert [r["id"] for r in records] == expected_ids(saved)
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["documents"] == len(records)
    assert result.stderr.count("\n") == 1 and "b.jsonl.gz: damaged input" in result.stderr
