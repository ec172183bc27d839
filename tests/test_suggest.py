"""`cleaner suggest`: template lines repeated across a site's pages become a draft rule file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cleaner.rulebook import Rulebook
from cleaner.ruletest import check_rulebook_examples
from cleaner.suggest import draft_rule_file, find_template
from tests.conftest import FIXTURES, ROOT

NEWSMAX = FIXTURES / "newsmax" / "putin-north-korea-2024-05.txt"
OTHER_BODIES = [
    FIXTURES / "bulb" / "putin-north-korea-2024-05.expected.txt",
    FIXTURES / "ndtv" / "putin-north-korea-2024-06-syndicated.expected.txt",
    FIXTURES / "generic" / "putin-north-korea-2024-06-premium.expected.txt",
]


def newsmax_pages() -> list[str]:
    """The Newsmax dump, and the same template carrying other stories, titles and tags."""
    page = NEWSMAX.read_text("utf-8")
    body = NEWSMAX.with_name(NEWSMAX.stem + ".expected.txt").read_text("utf-8").strip()
    lede = body.split("\n\n")[0]
    pages = [page]
    for number, path in enumerate(OTHER_BODIES):
        other = path.read_text("utf-8").strip()
        variant = page.replace(body, other).replace(lede, other.split("\n\n")[0])
        variant = variant.replace("Kremlin Says Putin Visit", f"Story {number} About")
        variant = variant.replace("axis of evil", f"topic {number}")
        pages.append(variant)
    return pages


def test_template_lines_found_and_story_lines_not() -> None:
    found = find_template(newsmax_pages())
    assert "WATCH TV LIVE" in " ".join(found.head)
    assert found.tail[0] == "© AFP 2024"
    story = NEWSMAX.with_name(NEWSMAX.stem + ".expected.txt").read_text("utf-8")
    assert not set(found.head + found.tail) & set(story.split("\n\n"))


def test_draft_loads_and_its_examples_pass(tmp_path: Path) -> None:
    draft = draft_rule_file(newsmax_pages(), "newsmax.example")
    path = tmp_path / "sites" / "newsmax.example.toml"
    path.parent.mkdir()
    path.write_text(draft, "utf-8")
    rulebook = Rulebook.load([tmp_path], bundled=False)
    assert check_rulebook_examples(rulebook) == []
    assert [f.name for f in rulebook.find_sites("https://www.newsmax.example/a")] == ["newsmax"]


def test_pages_without_repeats_give_an_empty_draft() -> None:
    draft = draft_rule_file([p.read_text("utf-8") for p in OTHER_BODIES], "x.example")
    assert "No line repeats" in draft and "[[rules]]" not in draft


def test_suggest_command_writes_the_draft(tmp_path: Path) -> None:
    inputs = []
    for number, text in enumerate(newsmax_pages()):
        inputs.append(tmp_path / f"page{number}.txt")
        inputs[-1].write_text(text, "utf-8")
    out = tmp_path / "draft.toml"
    command = [sys.executable, "-m", "cleaner.cli", "suggest", *map(str, inputs)]
    result = subprocess.run(
        [*command, "--domain", "newsmax.example", "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert 'kind = "cut-after"' in out.read_text("utf-8")
