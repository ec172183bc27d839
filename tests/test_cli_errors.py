"""What a user sees when something goes wrong on the command line: one line and exit 2, no
traceback; content the cleaner lost without a rule is reported on stderr; options that do not
apply are refused; the basics (``--version``, ``--help``, ``py.typed``) are there.

Every test runs the real CLI in a subprocess, as a user would.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest

import cleaner as package
from tests.conftest import ROOT, run_cleaner

EXAMPLE = ROOT / "examples" / "newsmax-dump.txt"
STORY = "A story line that is long enough to read as prose, with words and a clause or two."
SLOW_RULE = """name = "slow"
description = "A pattern that backtracks without end on long runs of one letter."

[[rules]]
id = "slow-line"
kind = "drop"
description = "Lines of a's."
pattern = '(a|aa)+$'
examples.junk = ["aaa"]
examples.keep = ["A story line."]
"""


def cleaner(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    return run_cleaner(*args, stdin=stdin, env=env, timeout=60)


def one_line(result: subprocess.CompletedProcess) -> str:
    stderr = result.stderr.decode()
    assert stderr.count("\n") == 1 and "Traceback" not in stderr, stderr
    return stderr


def test_a_page_over_the_element_limit_is_one_line_and_exit_2(tmp_path: Path) -> None:
    page = tmp_path / "huge.html"
    page.write_text("<html><body>" + "<b></b>" * 310_000 + "</body></html>", "utf-8")
    result = cleaner("clean", str(page))
    assert result.returncode == 2
    assert "elements, over the" in one_line(result)


def test_stdout_on_a_full_device_is_one_line_and_exit_2() -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-m", "cleaner", "clean", str(EXAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            timeout=60,
        )
    assert result.returncode == 2
    assert "No space left on device" in one_line(result)


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    dump = tmp_path / "big.jsonl"
    paragraph = " ".join([STORY] * 40)
    records = [{"id": str(i), "text": f"Story {i}\n\n{paragraph}"} for i in range(80)]
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    reader = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "clean", str(dump), "--jobs", "1", "--quiet"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert reader.stdout is not None and reader.stderr is not None
    assert json.loads(reader.stdout.readline())["id"] == "0"
    reader.stdout.close()  # as `| head -1` does
    stderr = reader.stderr.read().decode()
    assert reader.wait(timeout=60) == 141
    assert stderr == ""


def test_the_dask_engine_without_its_extra_names_the_extra(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"id": "a", "text": STORY}) + "\n", "utf-8")
    hide_distributed = (
        "import sys; sys.modules['distributed'] = None; from cleaner.cli.main import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    argv = ["clean", str(dump), "-o", str(tmp_path / "out"), "--engine", "dask"]
    result = subprocess.run(
        [sys.executable, "-c", hide_distributed, *argv], capture_output=True, cwd=ROOT, timeout=60
    )
    assert result.returncode == 2
    assert "pip install 'crawl-cleaner[dask]'" in one_line(result)
    assert not (tmp_path / "out").exists()


def test_an_unreachable_scheduler_fails_fast_and_leaves_no_folder(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"id": "a", "text": STORY}) + "\n", "utf-8")
    out = tmp_path / "out"
    result = cleaner(
        "clean", str(dump), "-o", str(out), "--engine", "dask",
        "--scheduler", "tcp://127.0.0.1:9",
        env={"DASK_DISTRIBUTED__COMM__TIMEOUTS__CONNECT": "1s"},
    )  # fmt: skip
    assert result.returncode == 2
    assert "--scheduler tcp://127.0.0.1:9" in one_line(result)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.jsonl"]


def test_a_page_cut_by_the_parser_depth_limit_says_so_on_stderr(tmp_path: Path) -> None:
    page = tmp_path / "deep.html"
    nested = "<div>" * 300 + f"<p>{STORY}</p>" + "</div>" * 300
    page.write_text(f"<html><body>{nested}</body></html>", "utf-8")
    result = cleaner("clean", str(page))
    assert result.returncode == 0
    stderr = result.stderr.decode()
    assert "cleaner: warning: the HTML parser stopped at its limit" in stderr
    assert "nothing is left of the page" in stderr


def test_a_regex_that_timed_out_is_reported_on_stderr(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    (rules / "generic").mkdir(parents=True)
    (rules / "generic" / "slow.toml").write_text(SLOW_RULE, "utf-8")
    page = tmp_path / "page.txt"
    page.write_text(f"{STORY}\n\n{'a' * 60}é\n", "utf-8")  # not plain: no prefilter
    result = cleaner("clean", str(page), "--rules", str(rules))
    assert result.returncode == 0
    assert "cleaner: warning: regex of rule slow.slow-line timed out" in result.stderr.decode()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["clean", str(EXAMPLE), "--report", "r.json"], "--report: batch mode only"),
        (["clean", str(EXAMPLE), "--jobs", "2"], "--jobs: batch mode only"),
        (["clean", "{dump}", "--format", "text"], "--format applies to one page"),
        (["clean", "{dump}", "--kind", "html"], "--kind applies to one page"),
        (["clean", "{dump}", "--shard-lines", "5"], "--shard-lines: applies to --engine dask"),
    ],
)
def test_options_that_do_not_apply_are_errors(
    tmp_path: Path, args: list[str], message: str
) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"id": "a", "text": STORY}) + "\n", "utf-8")
    result = cleaner(*[a.format(dump=dump) for a in args])
    assert result.returncode == 2
    assert message in one_line(result)
    assert result.stdout == b""


def test_version_comes_from_the_package_metadata() -> None:
    result = cleaner("--version")
    assert result.returncode == 0
    assert result.stdout.decode().strip() == f"cleaner {version('crawl-cleaner')}"
    assert package.__version__ == version("crawl-cleaner")


def test_the_package_is_marked_typed() -> None:
    assert (Path(package.__file__).parent / "py.typed").is_file()


@pytest.mark.parametrize("command", ["clean", "explain", "validate", "test-rules", "suggest"])
def test_help_documents_every_option(command: str) -> None:
    from cleaner.cli.main import build_parser

    parser = build_parser()
    [commands] = [a for a in parser._actions if a.dest == "command"]
    subparser = commands.choices[command]
    result = cleaner(command, "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.decode().split())
    for action in subparser._actions:
        assert action.help, f"{command} {action.option_strings or action.dest} has no help"
        for option in action.option_strings:
            assert option in text
    if command == "test-rules":
        assert "--rules DIR" in text


def test_clean_accepts_bytes_decoded_by_their_charset() -> None:
    page = (
        "<html><head><meta charset='iso-8859-1'><title>Caf\xe9</title></head><body>"
        "<p>Le caf\xe9 de la gare a rouvert ses portes lundi, apr\xe8s trois ans de travaux "
        "et une longue attente des habitants du quartier.</p></body></html>"
    ).encode("latin-1")
    doc = package.clean(page, validate=False)
    assert "café de la gare" in doc.text and "après" in doc.text
    text = package.clean(STORY.encode("utf-8"), validate=False)
    assert text.text == STORY


def test_a_batch_summary_counts_documents_with_warnings(tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    (rules / "generic").mkdir(parents=True)
    (rules / "generic" / "slow.toml").write_text(SLOW_RULE, "utf-8")
    slow = f"{STORY}\n\n{'a' * 60}é"  # not plain: left to regex, which times out
    records = [{"id": "slow", "text": slow}, {"id": "plain", "text": STORY}]
    dump = tmp_path / "d.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    out = tmp_path / "out.jsonl"
    result = cleaner("clean", str(dump), "-o", str(out), "--jobs", "1", "--rules", str(rules))
    assert result.returncode == 0
    assert "documents with warnings: 1 (see their 'warnings' key)" in result.stderr.decode()
    slow, plain = (json.loads(line) for line in out.read_bytes().splitlines())
    assert "timed out" in slow["warnings"][0] and "warnings" not in plain


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_a_regex_timeout_is_warned_once_per_rule_and_document(tmp_path: Path, suffix: str) -> None:
    """The page needs several cleaning passes (the first removes furniture), and the slow line
    stays in the body for all of them: each pass used to time out and warn again. (Not plain,
    for its ``é``: the prefilter would rule the line out without a search.)"""
    rules = tmp_path / "rules"
    (rules / "generic").mkdir(parents=True)
    (rules / "generic" / "slow.toml").write_text(SLOW_RULE, "utf-8")
    paragraphs = ["A title", STORY, "a" * 60 + "é!", "Advertisement", f"{STORY} More.",
                  "Share on Facebook", f"{STORY} Again."]  # fmt: skip
    page = tmp_path / f"page{suffix}"
    if suffix == ".html":
        body = "".join(f"<p>{p}</p>" for p in paragraphs)
        page.write_text(f"<html><body><article>{body}</article></body></html>", "utf-8")
    else:
        page.write_text("\n\n".join(paragraphs) + "\n", "utf-8")
    result = cleaner("clean", str(page), "--rules", str(rules))
    assert result.returncode == 0
    warnings = [line for line in result.stderr.decode().splitlines() if "timed out" in line]
    assert warnings == [
        f"cleaner: warning: regex of rule slow.slow-line timed out on line {'a' * 60!r}"
    ]
    out = tmp_path / "out.jsonl"
    batch = cleaner("clean", str(page), "-o", str(out), "--rules", str(rules), "--quiet")
    assert batch.returncode == 0
    (record,) = [json.loads(line) for line in out.read_bytes().splitlines()]
    assert [w for w in record["warnings"] if "timed out" in w] == [
        warnings[0].removeprefix("cleaner: warning: ")
    ]
