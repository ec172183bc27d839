"""The repair stage: site rules that select an empty container or page chrome, or cut most of
a story, are repaired by the generic path, and the record says which path won and why."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from cleaner.pipeline import clean
from cleaner.rulebook.load import Rulebook
from tests.conftest import ROOT

STORY = [
    "The storm reached the coast early on Tuesday, flooding streets in three towns and cutting"
    " power to about forty thousand homes, the regional utility said.",
    "Emergency crews worked through the night to clear fallen trees from the main roads, and"
    " schools in the worst-hit districts stayed closed for the rest of the week.",
    "Forecasters had warned for days that the system would strengthen as it crossed the warm"
    " waters of the bay, but its speed surprised even the most experienced of them.",
    "Residents who had refused to leave described water rising to the windows of their ground"
    " floors within an hour, and many spent the night on the upper floors of neighbours.",
    "The governor declared a state of emergency and asked for federal help with the clean-up,"
    " which officials said could take months and cost hundreds of millions of dollars.",
]
TOOLBAR = "".join(
    f"<div>{label}</div>"
    for label in (
        "Wayback Machine", "Enter a URL or words", "Go", "Captures", "12 captures",
        "01 Jan 2005 - 03 Mar 2009", "Sep", "Oct", "Nov", "Close", "Help", "About this capture",
        "Collected by", "Organization: Alexa Crawls", "Starting in 1996",
        "Alexa Internet has been donating their crawl data", "Timestamps", "Prev", "Next",
    )
)  # fmt: skip


def page(extra: str = "") -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in STORY)
    return (
        "<html><head><title>Storm floods coastal towns</title></head><body>"
        f"<div id='wm-ipp'>{TOOLBAR}</div>{extra}"
        "<div class='nav'><a href='/'>Home</a> <a href='/world'>World</a></div>"
        f"<article><h1>Storm floods coastal towns</h1>{paragraphs}</article>"
        "<div class='footer'>Copyright 2009 Example News. All rights reserved.</div>"
        "</body></html>"
    )


EXAMPLE_CONTAINERS = {
    "div.story-body": "<div class='story-body'><p>Body.</p></div>",
    "#wm-ipp": "<div id='wm-ipp'><p>Body.</p></div>",
    "article": "<article><p>Body.</p></article>",
}


def site_rulebook(tmp_path: Path, body_selector: str, rules: str = "") -> Rulebook:
    """The bundled rules plus one site, example.com, whose body selector is ``body_selector``."""
    folder = tmp_path / "rules"
    (folder / "sites").mkdir(parents=True)
    example = EXAMPLE_CONTAINERS[body_selector]
    (folder / "sites" / "example.com.toml").write_text(
        'description = "A test site."\ndomains = ["example.com"]\n'
        f'[html]\nbody = ["{body_selector}"]\n'
        f'[[html.examples]]\nhtml = "{example}"\nkeep = ["Body."]\n{rules}',
        "utf-8",
    )
    return Rulebook.load([folder])


def test_a_body_selector_on_an_empty_container_is_repaired(tmp_path: Path) -> None:
    rulebook = site_rulebook(tmp_path, "div.story-body")
    html = page("<div class='story-body'><div class='ad-slot'></div></div>")
    doc = clean(html, url="https://example.com/2009/storm", rulebook=rulebook)
    assert doc.path == "fallback", doc.path_reason
    assert "empty body" in doc.path_reason
    assert STORY[0] in doc.text and STORY[-1] in doc.text
    assert doc.verdict.status != "fail"
    record = doc.to_dict()
    assert record["path"] == "fallback" and record["path_reason"] == doc.path_reason


def test_a_body_selector_on_the_archive_toolbar_is_repaired(tmp_path: Path) -> None:
    rulebook = site_rulebook(tmp_path, "#wm-ipp")
    doc = clean(page(), url="https://example.com/2005/storm", rulebook=rulebook)
    assert doc.path == "fallback", doc.path_reason
    assert "navigation-shaped" in doc.path_reason or "only" in doc.path_reason
    assert STORY[2] in doc.text and "Wayback Machine" not in doc.text


def test_a_right_body_selector_is_kept(tmp_path: Path) -> None:
    rulebook = site_rulebook(tmp_path, "article")
    doc = clean(page(), url="https://example.com/2009/storm", rulebook=rulebook)
    assert doc.path == "site" and not doc.path_reason
    assert doc.text.split("\n\n")[0] == STORY[0]


CUT_RULE = """
[[rules]]
id = "footer-cut"
kind = "cut-after"
description = "The site's footer marker."
contains = ["schools in the worst-hit districts"]
examples = { junk = ["schools in the worst-hit districts"] }
"""


def test_a_text_cut_rule_that_removes_most_of_the_story_is_repaired(tmp_path: Path) -> None:
    rulebook = site_rulebook(tmp_path, "article", CUT_RULE)
    dump = "\n\n".join(["Storm floods coastal towns", *STORY, "Example News"])
    site_only = clean(dump, url="https://example.com/storm", kind="text", rulebook=rulebook)
    assert site_only.path == "fallback", site_only.path_reason
    assert "cut rules removed" in site_only.path_reason
    assert all(line in site_only.text for line in STORY[1:])


def test_generic_pages_say_so() -> None:
    doc = clean("\n\n".join(STORY), kind="text")
    assert doc.path == "generic" and doc.to_dict()["path"] == "generic"


def test_an_empty_body_fails_with_its_reason_and_says_so_on_stderr(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><div><img src='a.png'></div></body></html>", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", str(empty)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0 and not result.stdout.strip()
    assert "empty body" in result.stderr and "fail" in result.stderr
    as_json = subprocess.run(
        [sys.executable, "-m", "cleaner", "clean", "--format", "json", str(empty)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    verdict = json.loads(as_json.stdout)["verdict"]
    assert verdict["status"] == "fail" and verdict["reason"].startswith("empty-body")


def test_a_fallback_body_is_cleaned_again_under_its_input_line_numbers() -> None:
    # a misplaced GlobalTalk line above the story makes the newsmax cut leave an empty site body,
    # the generic path is judged better; the footer it kept is what a second cleaning would
    # remove (the footer rule), so the first removes it already
    footer = (
        "Newsmax, Moneynews, Newsmax Health, and Independent. American. are registered"
        " trademarks of Newsmax Media, Inc. Newsmax TV, and Newsmax World are trademarks of"
        " Newsmax Media, Inc."
    )
    banners = ["date 2024-05-25 WATCH TV LIVE"] * 3
    dump = "\n".join([*banners, "GlobalTalk", *STORY[:2], footer]) + "\n"
    doc = clean(dump, kind="text")
    assert doc.path == "fallback" and "cleaning its body again: 1 more removed" in doc.path_reason
    assert [line.number for line in doc.lines] == [5, 6]
    assert {(r.line, r.rule) for r in doc.removed} >= {(7, "newsmax.trademark-footer")}
    assert clean(doc.text, kind="text").text == doc.text
