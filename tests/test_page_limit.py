"""One page over the size limit is refused in one line; the limit is the batch record limit
unless ``--max-bytes`` says otherwise."""

from __future__ import annotations

from pathlib import Path

from cleaner.io import MAX_RECORD_BYTES
from tests.conftest import run_cleaner

MIB = 1024 * 1024
STORY = (
    "The council voted on Tuesday to raise the minimum age for buying cigarettes from 18 to "
    "21, making the city by far the most populous place in the country with such a limit.\n\n"
)


def test_a_page_over_the_default_limit_is_refused_in_one_line(tmp_path: Path) -> None:
    page = tmp_path / "big.txt"
    page.write_text(STORY * (MAX_RECORD_BYTES // len(STORY) + 1), "utf-8")
    size = page.stat().st_size
    assert size > MAX_RECORD_BYTES
    result = run_cleaner("clean", str(page), text=True)
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip().splitlines() == [
        f"cleaner: {page}: {size} bytes is over the {MAX_RECORD_BYTES} byte limit for one page "
        "(--max-bytes raises it)"
    ]
    assert f"default {MAX_RECORD_BYTES // MIB} MiB" in " ".join(
        run_cleaner("clean", "--help", text=True).stdout.split()
    )


def test_max_bytes_lowers_and_raises_the_limit_for_one_page(tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text(STORY * 3, "utf-8")
    size = page.stat().st_size
    refused = run_cleaner("clean", str(page), "--max-bytes", str(size - 1), text=True)
    assert refused.returncode == 2
    assert f"{size} bytes is over the {size - 1} byte limit" in refused.stderr
    kept = run_cleaner("clean", str(page), "--max-bytes", str(size), text=True)
    assert kept.returncode == 0, kept.stderr
    assert "The council voted on Tuesday" in kept.stdout
    assert run_cleaner("clean", str(page), "--max-bytes", "0", text=True).returncode == 2


def test_max_bytes_is_refused_in_batch_mode(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    dump.write_text('{"id": "a", "text": "One line."}\n', "utf-8")
    out = tmp_path / "out.jsonl"
    result = run_cleaner("clean", str(dump), "-o", str(out), "--max-bytes", "5", text=True)
    assert result.returncode == 2
    assert "--max-bytes applies to one page" in result.stderr
    assert f"over {MAX_RECORD_BYTES} bytes is an error record" in result.stderr
    assert not out.exists()
