"""Dask shards by default: a few a worker, from the input's size, with a floor for small inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.batch.dask_engine import (
    LINES_PER_SHARD,
    MIN_SHARD_LINES,
    SHARDS_PER_WORKER,
    plan_dask_shards,
)
from tests.conftest import run_cleaner


def write_dump(path: Path, count: int) -> Path:
    lines = (
        json.dumps({"id": f"d{n}", "text": f"Record number {n} of the dump."}) for n in range(count)
    )
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_every_worker_gets_a_few_shards(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "dump.jsonl", 20_000)
    shards = plan_dask_shards([str(dump)], workers=2)
    assert len(shards) == 2 * SHARDS_PER_WORKER
    assert [(s.start, s.stop) for s in shards[:2]] == [(0, 3334), (3334, 6668)]
    assert shards[-1].start < 20_000


def test_a_small_input_is_not_cut_below_the_floor_and_a_big_one_not_above_the_cap(
    tmp_path: Path,
) -> None:
    small = write_dump(tmp_path / "small.jsonl", MIN_SHARD_LINES // 5)
    assert len(plan_dask_shards([str(small)], workers=8)) == 1
    medium = write_dump(tmp_path / "medium.jsonl", 2 * MIN_SHARD_LINES)
    # the last shard reads to the end of the file (stop None), so it meets any damage there
    assert [(s.start, s.stop) for s in plan_dask_shards([str(medium)], workers=8)] == [
        (0, MIN_SHARD_LINES),
        (MIN_SHARD_LINES, None),
    ]
    big = write_dump(tmp_path / "big.jsonl", SHARDS_PER_WORKER * LINES_PER_SHARD + 30)
    shards = plan_dask_shards([str(big)], workers=1)
    assert {s.stop - s.start for s in shards[:-1]} == {LINES_PER_SHARD}
    assert len(shards) == SHARDS_PER_WORKER + 1


def test_given_shard_lines_win_and_folders_count_their_pages(tmp_path: Path) -> None:
    dump = write_dump(tmp_path / "dump.jsonl", 2_000)
    assert len(plan_dask_shards([str(dump)], workers=2, lines=100)) == 20
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(3 * MIN_SHARD_LINES):
        (folder / f"page{n:04d}.txt").write_text(f"Page {n}.", "utf-8")
    shards = plan_dask_shards([str(folder)], workers=1)
    assert [(s.format, s.start, s.stop) for s in shards] == [
        ("files", 0, MIN_SHARD_LINES),
        ("files", MIN_SHARD_LINES, 2 * MIN_SHARD_LINES),
        ("files", 2 * MIN_SHARD_LINES, 3 * MIN_SHARD_LINES),
    ]


def test_the_dask_engine_spreads_a_dump_without_shard_lines(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    dump = write_dump(tmp_path / "dump.jsonl", 2 * MIN_SHARD_LINES + 10)
    local = tmp_path / "local.jsonl"
    assert run_cleaner("clean", str(dump), "-o", str(local), "--jobs", "1").returncode == 0
    parts = tmp_path / "parts"
    argv = ["clean", str(dump), "-o", str(parts), "--engine", "dask", "--jobs", "1", "--quiet"]
    result = run_cleaner(*argv)
    assert result.returncode == 0, result.stderr.decode()
    names = sorted(p.name for p in parts.glob("part-*.jsonl"))
    assert names == ["part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    records = [json.loads(line) for name in names for line in (parts / name).open("rb")]
    expected = [json.loads(line) for line in local.open("rb")]
    assert [r["id"] for r in records] == [r["id"] for r in expected]
    assert [r["text"] for r in records] == [r["text"] for r in expected]
