"""Every command and code block in the README and docs/ runs as written on the repository's files.

The convention the Markdown files follow (docs/contributing.md says it for writers):

- A ```sh block holds commands, each on a line starting with ``$ `` (a line ending in ``\\``
  continues on the next). The lines under a command are what it prints (stdout and stderr
  together): each shown line must match one of its lines, in order, where ``...`` inside a line
  stands for any text; a line ``...`` alone marks lines left out.
- A ```python block is a script, run on its own.
- Every block of one Markdown file runs in one scratch folder holding copies of ``examples/``,
  ``fixtures/`` and ``rules/``, in file order, so a later block sees what an earlier one wrote.
  ``cleaner`` is this checkout's command (``python3 -m cleaner``); a leading
  ``pip install ... &&`` is left out (installing is CI's job, in ``.ci/run``).
- Every command must exit 0, except the last of a block preceded by ``<!-- exit: N -->``.
- A block preceded by ``<!-- not-run: reason -->`` is not run; the reason is required and few
  blocks may have one.
- Any other fence (toml, json, text, none) is an illustration and is not run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").glob("*.md")])
BENCH_DOCS = [ROOT / "bench" / "README.md"]
COPIED = ("examples", "fixtures", "rules")
MAX_NOT_RUN = 5
"""Blocks of the README and docs/ that cannot run in a test (installing, a cluster, the whole
suite); more than this means the docs drifted from what a user can try."""
COMMAND_TIMEOUT = 120
FENCE = re.compile(r"^```(\w*)\s*$")
NOT_RUN = re.compile(r"^<!--\s*not-run:\s*(.*?)\s*-->$")
EXIT = re.compile(r"^<!--\s*exit:\s*(\d+)\s*-->$")
PIP_PREFIX = re.compile(r"^pip install \S+( \S+)* && ")


@dataclass
class Block:
    path: Path
    line: int
    lang: str
    lines: list[str]
    not_run: str | None = None
    exit_code: int = 0

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}"


@dataclass
class Command:
    text: str
    shown: list[str] = field(default_factory=list)


def blocks_of(path: Path) -> list[Block]:
    """The fenced blocks of a Markdown file with the marks on the line before each."""
    blocks, current, previous = [], None, ""
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        fence = FENCE.match(line)
        if current is None and fence:
            current = Block(path, number, fence.group(1), [])
            if mark := NOT_RUN.match(previous.strip()):
                current.not_run = mark.group(1)
            if mark := EXIT.match(previous.strip()):
                current.exit_code = int(mark.group(1))
        elif current is not None and line.startswith("```"):
            blocks.append(current)
            current = None
        elif current is not None:
            current.lines.append(line)
        if line.strip():
            previous = line
    assert current is None, f"{path}: unclosed fence at line {current.line}"
    return blocks


def commands_of(block: Block) -> list[Command]:
    """The ``$ `` commands of a sh block, continuation lines joined, with their shown output."""
    commands: list[Command] = []
    continued = False
    for line in block.lines:
        if continued:
            commands[-1].text = commands[-1].text[:-1] + " " + line.strip()
        elif line.startswith("$ "):
            commands.append(Command(line[2:]))
        else:
            assert commands, f"{block.where}: output before any command: {line!r}"
            commands[-1].shown.append(line)
        continued = bool(commands) and commands[-1].text.endswith("\\") and not commands[-1].shown
    return commands


def runnable(block: Block) -> bool:
    return block.lang in ("sh", "python") and block.not_run is None


def scratch_folder(tmp: Path) -> dict[str, str]:
    """Copy the shipped inputs into tmp and return the environment the commands run in."""
    for name in COPIED:
        shutil.copytree(ROOT / name, tmp / name)
    bin_dir = tmp / ".bin"
    bin_dir.mkdir()
    shims = {"cleaner": f'exec "{sys.executable}" -m cleaner "$@"'}
    shims |= {name: f'exec "{sys.executable}" "$@"' for name in ("python", "python3")}
    for name, body in shims.items():
        shim = bin_dir / name
        shim.write_text(f"#!/bin/sh\n{body}\n")
        shim.chmod(0o755)
    env = dict(os.environ)
    env["PATH"] = f"{bin_dir}{os.pathsep}{env['PATH']}"
    env["PYTHONPATH"] = str(ROOT)
    env["CLEANER_CACHE_DIR"] = str(tmp / ".cache")
    env.pop("COLUMNS", None)
    return env


def shown_matches(shown: list[str], printed: list[str]) -> str | None:
    """None when every shown line matches a printed line in order; else the first that does not."""
    position = 0
    for line in shown:
        if line.strip() == "...":
            continue
        pattern = re.compile(".*".join(re.escape(part) for part in line.rstrip().split("...")))
        while position < len(printed) and not pattern.fullmatch(printed[position].rstrip()):
            position += 1
        if position == len(printed):
            return line
        position += 1
    return None


def run_captured(argv: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    """One documented command or script, its output captured as text, its status returned."""
    return subprocess.run(
        argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=COMMAND_TIMEOUT, check=False
    )


def run_block(block: Block, cwd: Path, env: dict[str, str]) -> None:
    if block.lang == "python":
        script = cwd / f".block-{block.line}.py"
        script.write_text("\n".join(block.lines) + "\n", "utf-8")
        done = run_captured([sys.executable, str(script)], cwd, env)
        assert done.returncode == 0, f"{block.where}: python block failed:\n{done.stderr[-3000:]}"
        return
    commands = commands_of(block)
    assert commands, f"{block.where}: a sh block with no '$ ' command"
    for index, command in enumerate(commands):
        text = PIP_PREFIX.sub("", command.text)
        done = run_captured(["bash", "-o", "pipefail", "-c", text], cwd, env)
        printed = (done.stdout + done.stderr).splitlines()
        expected_exit = block.exit_code if index == len(commands) - 1 else 0
        assert done.returncode == expected_exit, (
            f"{block.where}: `{text}` exited {done.returncode}, not {expected_exit}:\n"
            + "\n".join(printed[-40:])
        )
        missing = shown_matches(command.shown, printed)
        assert missing is None, (
            f"{block.where}: `{text}` did not print {missing!r}; it printed:\n"
            + "\n".join(printed[:60])
        )


RUNNABLE_DOCS = [doc for doc in DOCS if any(runnable(b) for b in blocks_of(doc))]


@pytest.mark.parametrize("doc", RUNNABLE_DOCS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_block_runs(doc: Path, tmp_path: Path) -> None:
    blocks = [b for b in blocks_of(doc) if runnable(b)]
    env = scratch_folder(tmp_path)
    for block in blocks:
        run_block(block, tmp_path, env)


def test_few_blocks_are_not_run_and_each_says_why() -> None:
    marked = [b for doc in DOCS for b in blocks_of(doc) if b.not_run is not None]
    assert all(b.not_run for b in marked), [b.where for b in marked if not b.not_run]
    assert len(marked) <= MAX_NOT_RUN, [f"{b.where}: {b.not_run}" for b in marked]
    bench = [b for doc in BENCH_DOCS for b in blocks_of(doc) if b.lang == "sh"]
    assert all(b.not_run for b in bench), "bench/README.md: a sh block without a not-run reason"


def test_shell_blocks_only_hold_commands_and_output() -> None:
    """A sh block's first line is a command: a block of bare commands would never be run."""
    for doc in DOCS + BENCH_DOCS:
        for block in blocks_of(doc):
            if block.lang == "sh":
                assert block.lines and block.lines[0].startswith("$ "), block.where
            assert block.lang not in ("bash", "console", "shell"), f"{block.where}: use ```sh"


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = [
        c.text for b in blocks_of(ROOT / "README.md") if b.lang == "sh" for c in commands_of(b)
    ]
    tests = [c for c in readme if c.endswith("python3 -m pytest")]
    assert tests, "the README shows no test command"
    ci = (ROOT / ".ci" / "run").read_text("utf-8").splitlines()
    for command in tests:
        install, run = command.split(" && ")
        assert run in ci, f".ci/run does not run {run!r}"
        target = install.removeprefix("pip install ").strip("'\"")
        installs = [line.split()[-1].strip("'\"") for line in ci if "pip install" in line]
        assert target in installs, f".ci/run does not install {target!r}"


def anchors_of(doc: Path) -> set[str]:
    """The fragment GitHub gives each heading: lower case, punctuation dropped, spaces to '-'."""
    headings = re.findall(r"^#+ (.+)$", doc.read_text("utf-8"), flags=re.M)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_docs_link_only_to_files_the_repository_has() -> None:
    """Relative links resolve, to a heading that exists; nothing points outside the repository."""
    link = re.compile(r"\]\(([^)#\s]*)(?:#([^)\s]*))?\)")
    readmes = [ROOT / "fixtures" / "README.md", ROOT / "examples" / "README.md"]
    for doc in [*DOCS, *BENCH_DOCS, *readmes]:
        text = doc.read_text("utf-8")
        assert "BODY.md" not in text, f"{doc}: names a file outside the repository"
        assert "../shared" not in text, f"{doc}: names a folder outside the repository"
        for target, anchor in link.findall(text):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            path = (doc.parent / target) if target else doc
            assert path.exists(), f"{doc.relative_to(ROOT)}: broken link {target}"
            if anchor and path.suffix == ".md":
                assert anchor in anchors_of(path), (
                    f"{doc.relative_to(ROOT)}: no #{anchor} in {target}"
                )


def test_crawl_example_is_the_fixture_pages() -> None:
    """examples/crawl.jsonl is made of the text fixtures, so it holds no page the fixtures lack."""
    import json

    records = [
        json.loads(line) for line in (ROOT / "examples" / "crawl.jsonl").open(encoding="utf-8")
    ]
    for record in records:
        assert record["text"] == (ROOT / "fixtures" / f"{record['id']}.txt").read_text("utf-8")


def test_files_the_docs_name_exist() -> None:
    """A repository path in backticks (`cleaner/html/decode.py`, `bench/splits.py`) exists."""
    path = re.compile(r"`((?:cleaner|bench|tests|rules|examples|fixtures|docs)/[\w./-]*)`")
    for doc in [*DOCS, *BENCH_DOCS]:
        for name in path.findall(doc.read_text("utf-8")):
            if any(mark in name for mark in ("<", "*", "NNNNN", "DOMAIN")):
                continue
            assert (ROOT / name).exists(), (
                f"{doc.relative_to(ROOT)}: names {name}, which is not there"
            )


def test_python_names_the_docs_use_exist() -> None:
    """A dotted name in backticks (`cleaner.html.decode.decode_html`) imports as written."""
    import importlib

    dotted = re.compile(r"`(cleaner(?:\.\w+)+)")
    for doc in [*DOCS, *BENCH_DOCS]:
        for name in set(dotted.findall(doc.read_text("utf-8"))):
            parts = name.split(".")
            for cut in range(len(parts), 0, -1):
                try:
                    found = importlib.import_module(".".join(parts[:cut]))
                except ImportError:
                    continue
                for attribute in parts[cut:]:
                    assert hasattr(found, attribute), f"{doc.relative_to(ROOT)}: no {name}"
                    found = getattr(found, attribute)
                break
