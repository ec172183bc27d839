"""Batch runs lose nothing, mix nothing and overwrite nothing they should not, through the CLI.

Two Dask runs into one folder, concatenated .zst frames, ``kill -9`` of the main process, blank
lines, JSONL piped to ``cleaner clean -``, ``-o`` onto a FIFO, a symlink or the input itself, the
summary's timing and the rulebook cache's pruning: each runs the real CLI in a subprocess.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import zstandard

from tests.conftest import ROOT, run_cleaner

STORY = "A story line that is long enough to read as prose, with words and a clause or two."
KILL_WAIT_SECONDS = 5.0
"""How long the workers of a killed run may take to go (they poll their parent every 1 s)."""


def cleaner(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return run_cleaner(*args, stdin=stdin, env=env, timeout=120)


def jsonl(count: int, *, blank_after: tuple[int, ...] = ()) -> bytes:
    lines = []
    for i in range(count):
        lines.append(json.dumps({"id": f"d{i}", "text": f"Story {i}\n\n{STORY}"}) + "\n")
        lines += ["\n"] * (i in blank_after)
    return "".join(lines).encode()


def test_a_second_dask_run_is_refused_then_replaces_the_folder_whole(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(jsonl(6))
    out = tmp_path / "out"
    base = ["clean", str(dump), "-o", str(out), "--engine", "dask", "--jobs", "1", "--quiet"]
    assert cleaner(*base, "--shard-lines", "1").returncode == 0
    assert len(list(out.glob("part-*.jsonl"))) == 6
    refused = cleaner(*base, "--shard-lines", "3")
    assert refused.returncode == 2
    assert "--overwrite" in refused.stderr.decode()
    assert cleaner(*base, "--shard-lines", "3", "--overwrite").returncode == 0
    parts = sorted(out.glob("part-*.jsonl"))
    assert [p.name for p in parts] == ["part-00000.jsonl", "part-00001.jsonl"]
    lines = [line for p in parts for line in p.read_bytes().splitlines()]
    assert [json.loads(line)["id"] for line in lines] == [f"d{i}" for i in range(6)]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [(p["part"], p["documents"]) for p in manifest["parts"]] == [
        ("part-00000.jsonl", 3),
        ("part-00001.jsonl", 3),
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.jsonl", "out"]


def test_concatenated_zst_frames_are_all_read(tmp_path: Path) -> None:
    frames = zstandard.ZstdCompressor().compress(jsonl(2))
    dump = tmp_path / "d.jsonl.zst"
    dump.write_bytes(frames + frames)
    out = tmp_path / "out.jsonl"
    assert cleaner("clean", str(dump), "-o", str(out), "--jobs", "1", "--quiet").returncode == 0
    assert len(out.read_bytes().splitlines()) == 4


def children_of(pid: int) -> list[int]:
    psutil = pytest.importorskip("psutil")
    return [child.pid for child in psutil.Process(pid).children(recursive=True)]


def test_workers_die_with_a_killed_run_and_a_rerun_clears_its_temp_file(tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(jsonl(20_000))
    out = tmp_path / "out.jsonl"
    run = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", str(dump), "-o", str(out), "--jobs", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    temp = out.with_name(f".out.jsonl.{socket.gethostname()}.{run.pid}.tmp")
    deadline = time.monotonic() + 60
    while not (temp.exists() and len(children_of(run.pid)) >= 2):
        assert time.monotonic() < deadline and run.poll() is None
        time.sleep(0.05)
    workers = children_of(run.pid)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    gone_by = time.monotonic() + KILL_WAIT_SECONDS
    while any(psutil.pid_exists(w) and psutil.Process(w).status() != "zombie" for w in workers):
        assert time.monotonic() < gone_by, "workers outlived their parent"
        time.sleep(0.1)
    assert temp.exists() and not out.exists()
    small = tmp_path / "small.jsonl"
    small.write_bytes(jsonl(2))
    assert cleaner("clean", str(small), "-o", str(out), "--jobs", "1").returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.jsonl", "out.jsonl", "small.jsonl"]


def test_blank_lines_are_counted_in_the_summary_and_report(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(jsonl(4, blank_after=(0, 2)))
    report = tmp_path / "report.json"
    out = tmp_path / "out.jsonl"
    result = cleaner("clean", str(dump), "-o", str(out), "--jobs", "1", "--report", str(report))
    assert result.returncode == 0
    assert "documents: 4, cleaned: 4, errors: 0, blank lines skipped: 2" in result.stderr.decode()
    counts = json.loads(report.read_text("utf-8"))
    assert (counts["documents"], counts["blank_lines"]) == (4, 2)
    assert len(out.read_bytes().splitlines()) == 4


def test_the_summary_gives_elapsed_time_and_docs_per_second(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(jsonl(3))
    report = tmp_path / "report.json"
    args = ["clean", str(dump), "-o", str(tmp_path / "o.jsonl"), "--jobs", "1"]
    result = cleaner(*args, "--report", str(report))
    summary_lines = result.stderr.decode().splitlines()
    assert any(line.startswith("time: ") and line.endswith(" docs/s") for line in summary_lines)
    counts = json.loads(report.read_text("utf-8"))
    assert counts["seconds"] > 0 and counts["docs_per_second"] > 0


def test_jsonl_on_stdin_is_a_batch_run_with_jsonl_on_stdout() -> None:
    result = cleaner("clean", "-", "--jobs", "1", stdin=jsonl(3))
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["id"], r["line"]) for r in records] == [("d0", 1), ("d1", 2), ("d2", 3)]
    assert records[0]["text"].endswith(STORY)
    assert "documents: 3" in result.stderr.decode()


def test_a_text_page_on_stdin_is_still_one_page() -> None:
    result = cleaner("clean", "-", stdin=f"Title\n\n{STORY}\n".encode())
    assert result.returncode == 0
    assert not result.stdout.startswith(b"{")


def test_output_onto_a_fifo_is_written_through(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(jsonl(2))
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def drain() -> None:
        with open(fifo, "rb") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    result = cleaner("clean", str(dump), "-o", str(fifo), "--jobs", "1", "--quiet")
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr.decode()
    assert fifo.is_fifo()
    assert len(received[0].splitlines()) == 2


def test_output_onto_stdout_by_its_proc_path_is_written_through(tmp_path: Path) -> None:
    # /proc/self/fd/1 stands for /dev/stdout: a code regression that renamed over the target
    # must not be able to replace a system file when the tests run as root
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(jsonl(2))
    result = cleaner("clean", str(dump), "-o", "/proc/self/fd/1", "--jobs", "1", "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["d0", "d1"]


def test_output_through_a_symlink_keeps_the_link(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_bytes(jsonl(2))
    real = tmp_path / "real.jsonl"
    real.write_bytes(b"old\n")
    link = tmp_path / "link.jsonl"
    link.symlink_to(real)
    result = cleaner("clean", str(dump), "-o", str(link), "--jobs", "1", "--quiet")
    assert result.returncode == 0, result.stderr.decode()
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert [json.loads(line)["id"] for line in real.read_bytes().splitlines()] == ["d0", "d1"]


def test_output_onto_the_input_is_refused(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    original = jsonl(2)
    dump.write_bytes(original)
    result = cleaner("clean", str(dump), "-o", str(dump), "--jobs", "1")
    assert result.returncode == 2
    assert "is the input" in result.stderr.decode()
    assert dump.read_bytes() == original


def test_the_rulebook_cache_prunes_old_entries_and_dead_temp_files(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    month_ago = time.time() - 40 * 86400
    old = cache / "rulebook-0123456789abcdef0123456789abcdef.pickle"
    old.write_bytes(b"stale")
    temp = cache / ".rulebook-abc.pickle.99999.tmp"
    temp.write_bytes(b"half")
    for path in (old, temp):
        os.utime(path, (month_ago, month_ago))
    result = cleaner("clean", str(ROOT / "examples" / "newsmax-dump.txt"), env={
        "CLEANER_CACHE_DIR": str(cache), "CLEANER_NO_CACHE": ""
    })  # fmt: skip
    assert result.returncode == 0
    names = [p.name for p in cache.iterdir() if not p.name.startswith("hyperscan-")]
    assert len(names) == 1 and names[0].startswith("rulebook-") and old.name not in names


INTERRUPT_SECONDS = 5.0
"""A functional bound, not a speed test: an interrupted run used to take 6-12 s to end (the
workers finished their chunks of big pages first); now it ends in well under a second."""
HTML_PAGES = sorted(
    p for p in (ROOT / "fixtures" / "html").glob("*.html") if ".expected" not in p.name
)


def page_dump(path: Path, count: int) -> None:
    """``count`` JSONL records of whole HTML pages: each takes a worker a while to clean."""
    pages = [p.read_text("utf-8") for p in HTML_PAGES]
    with path.open("w", encoding="utf-8") as handle:
        for i in range(count):
            handle.write(json.dumps({"id": f"p{i}", "html": pages[i % len(pages)]}) + "\n")


def interrupt_when(started: Path, args: list[str], folder: Path) -> tuple[int, str, float]:
    """Run ``cleaner clean ARGS``, press Ctrl-C once ``started``'s glob matches in ``folder``;
    return the exit status, stderr and the seconds from Ctrl-C to the end."""
    run = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", *args, "--quiet"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        start_new_session=True,  # its own process group, as a terminal's job
        # an ignored SIGINT is inherited across exec: whatever this test process inherited or
        # an earlier test set, the run under test gets Ctrl-C as a terminal would send it
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while not list(folder.glob(str(started))):
        assert time.monotonic() < deadline and run.poll() is None
        time.sleep(0.05)
    time.sleep(0.5)  # the workers are busy with their chunks
    pressed = time.monotonic()
    os.killpg(run.pid, signal.SIGINT)  # a terminal's Ctrl-C goes to every process of the job
    try:
        status = run.wait(timeout=60)
    finally:
        run.kill()
    seconds = time.monotonic() - pressed
    assert run.stderr is not None
    return status, run.stderr.read().decode(), seconds


def test_ctrl_c_ends_a_local_run_at_once_with_one_line_and_no_output(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    page_dump(dump, 400)
    out = tmp_path / "out.jsonl"
    status, stderr, seconds = interrupt_when(
        Path(".out.jsonl.*.tmp"), [str(dump), "-o", str(out), "--jobs", "2"], tmp_path
    )
    assert (status, stderr) == (130, "cleaner: interrupted; no output was written\n")
    assert seconds < INTERRUPT_SECONDS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.jsonl"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_on_the_dask_engine_ends_at_once_with_one_line_and_no_output(
    tmp_path: Path, jobs: str
) -> None:
    pytest.importorskip("distributed")
    dump = tmp_path / "d.jsonl"
    page_dump(dump, 400)
    out = tmp_path / "out"
    args = [str(dump), "-o", str(out), "--engine", "dask", "--jobs", jobs, "--shard-lines", "10"]
    status, stderr, seconds = interrupt_when(Path(".out.*.tmp/part-*.jsonl"), args, tmp_path)
    assert (status, stderr) == (130, "cleaner: interrupted; no output was written\n")
    assert seconds < INTERRUPT_SECONDS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.jsonl"]
