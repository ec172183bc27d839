"""The verdict users filter on: the page's type, one verdict per document (``cleaner validate``
on a run's output gives the run's status), evidence for every fail, and the pages the issue
names: clean pages that must not fail and their broken counterparts that must.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from cleaner.html.page_type import PAGE_TYPES, page_type, url_page_type
from cleaner.html.parse import parse_html
from cleaner.pipeline import clean
from tests.conftest import FIXTURES, run_cleaner


def html(head: str = "", body: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


LD = '<script type="application/ld+json">{{"@type": "{}"}}</script>'
PROSE = (
    "The council voted on Tuesday to reopen the old library after a campaign that lasted "
    "three years and drew support from every school in the district. "
) * 4


@pytest.mark.parametrize(
    ("page", "url", "expected"),
    [
        (html(LD.format("DiscussionForumPosting")), "https://forum.example/t/help/12", "forum"),
        (html('<meta name="generator" content="Discourse 3.4">'), "https://x.example/", "forum"),
        (html(LD.format("Product")), "https://shop.example/products/mug", "product"),
        (html(LD.format("CollectionPage") + LD.format("Product")),
         "https://shop.example/collections/mugs", "collection"),
        (html('<meta name="generator" content="mkdocs-1.6.1">'),
         "https://lib.example/guide/", "documentation"),
        (html(LD.format("TechArticle")), "https://dev.example/x", "documentation"),
        (html(LD.format("NewsArticle"), f"<p>{PROSE}</p>"), "https://news.example/a/1", "article"),
        (html('<meta property="og:type" content="article">'), "https://b.example/p", "article"),
        (html(LD.format("ItemList")), "https://news.example/topics/rail", "listing"),
        (html(body=f"<p>{PROSE}</p>" * 9), "https://news.example/2024/story", "article"),
        (html(body="<p>We repair roofs. Call us today.</p>"), "https://roofs.example/services/",
         "service"),
    ],
    ids=lambda value: value if value in PAGE_TYPES else "",
)  # fmt: skip
def test_page_type_from_markup_and_url(page: str, url: str, expected: str) -> None:
    assert page_type(parse_html(page), url) == expected


def test_a_text_dump_has_a_type_only_when_its_url_says_one() -> None:
    assert url_page_type("https://community.example/t/a-thread/42") == "forum"
    assert url_page_type("https://docs.example/en/start") == "documentation"
    assert url_page_type("https://news.example/2024/05/story") == "unknown"
    assert url_page_type(None) == "unknown"
    assert clean("A line of text.\n\nAnother.", url=None).page_type == "unknown"


# --- one verdict per document ------------------------------------------------------------


def test_validate_on_a_runs_output_gives_the_runs_status(tmp_path: Path) -> None:
    """Batch-clean the fixture pages (text dumps and HTML) to JSONL through the CLI; ``cleaner
    validate`` on that output recomputes each document's verdict from its record."""
    pages = tmp_path / "pages"
    pages.mkdir()
    sources = [p for p in FIXTURES.rglob("*") if is_page(p)]
    for source in sources:
        shutil.copy(source, pages / f"{source.parent.name}-{source.name}")
    out = tmp_path / "out.jsonl"
    assert run_cleaner("clean", str(pages), "-o", str(out)).returncode == 0
    run = {r["id"]: r for r in map(json.loads, out.read_text("utf-8").splitlines())}
    checked = run_cleaner("validate", "--format", "json", str(out), text=True)
    again = [json.loads(line) for line in checked.stdout.splitlines()]
    assert len(again) == len(run) >= len(sources) - 1 > 10
    for record in again:
        verdict = run[record["id"]]["verdict"]
        assert (record["status"], record["reason"], record["quality"]) == (
            verdict["status"], verdict["reason"], verdict["quality"],
        ), record["id"]  # fmt: skip
        assert "missing" not in record
    assert {r["verdict"]["status"] for r in run.values()} >= {"ok", "fail"}


def is_page(path: Path) -> bool:
    name = path.name
    if not path.is_file() or "expected" in name or name.startswith("README"):
        return False
    return name.endswith((".txt", ".html", ".html.gz"))


def test_a_body_alone_says_what_evidence_it_lacks(tmp_path: Path) -> None:
    body = tmp_path / "body.txt"
    body.write_text(PROSE, "utf-8")
    result = run_cleaner("validate", str(body), text=True)
    assert "judged without the page and the removed lines" in result.stdout
    record = json.loads(run_cleaner("validate", "--format", "json", str(body), text=True).stdout)
    assert record["missing"] == ["page", "removed lines"]


def test_an_edited_body_is_judged_afresh(tmp_path: Path) -> None:
    """A record whose text no longer matches its verdict's basis is not judged on the basis."""
    doc = clean(f"{PROSE}\n\n{PROSE[::-1]}")
    record = doc.to_dict()
    record["text"] = PROSE
    path = tmp_path / "edited.jsonl"
    path.write_text(json.dumps(record) + "\n", "utf-8")
    verdict = json.loads(run_cleaner("validate", "--format", "json", str(path), text=True).stdout)
    assert verdict["missing"] == ["page"]
