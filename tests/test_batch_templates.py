"""The batch's template memory: lines most pages of a site share are template; memory is bounded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner.batch.templates import (
    TEMPLATE_MIN_PAGES,
    TEMPLATE_MIN_SHARE,
    TemplateMemory,
)
from cleaner.generic.region import TEMPLATE_MIN_WORDS
from cleaner.text import word_count
from tests.conftest import run_cleaner

MENU = ["Home", "World", "Sign up for our daily newsletter"]


def page(story: str) -> list[str]:
    return [*MENU, story, "© 2024 Example Media"]


def test_lines_on_most_pages_of_a_site_are_template_and_story_lines_are_not() -> None:
    memory = TemplateMemory()
    for n in range(TEMPLATE_MIN_PAGES):
        memory.observe("example.com", page(f"Story number {n} says something new."))
    assert memory.is_template("example.com", "Sign up for our  daily newsletter")
    assert not memory.is_template("example.com", "Story number 0 says something new.")
    assert not memory.is_template("other.org", "Home")
    share = memory.template_share("example.com", page("A fresh story."))
    assert share == 4 / 5


def test_too_few_pages_teach_nothing() -> None:
    memory = TemplateMemory()
    for _ in range(TEMPLATE_MIN_PAGES - 1):
        memory.observe("example.com", MENU)
    assert not memory.is_template("example.com", "Home")


def test_a_line_on_a_minority_of_pages_is_not_template() -> None:
    memory = TemplateMemory()
    for n in range(20):  # on 3 of 20 pages: under TEMPLATE_MIN_SHARE
        extra = ["Related: the budget"] if n < TEMPLATE_MIN_PAGES else []
        memory.observe("example.com", [*MENU, *extra, f"Story {n}."])
    assert TEMPLATE_MIN_PAGES / 20 < TEMPLATE_MIN_SHARE
    assert not memory.is_template("example.com", "Related: the budget")


def test_memory_is_bounded_and_forgets_the_least_recent_site() -> None:
    memory = TemplateMemory(max_sites=2, max_lines=3)
    for site in ("a.com", "b.com", "a.com", "c.com"):
        memory.observe(site, ["one", "two", "three", "four", "five"])
    assert list(memory.sites) == ["a.com", "c.com"]
    assert memory.forgotten == 1
    assert all(len(lines.counts) <= 3 for lines in memory.sites.values())


def test_the_lines_of_all_sites_together_are_bounded() -> None:
    memory = TemplateMemory(max_total=8)
    for site in ("a.com", "b.com", "c.com"):
        memory.observe(site, ["one", "two", "three", "four", "five"])
    assert list(memory.sites) == ["c.com"] and memory.total == 5 + 1 + 5  # lines, digest, page
    assert memory.forgotten == 2


def test_the_same_input_order_learns_the_same_memory() -> None:
    pages = [(f"site{n % 3}.com", page(f"Story {n}.")) for n in range(12)]
    first, second = TemplateMemory(), TemplateMemory()
    for site, lines in pages:
        first.observe(site, lines)
        second.observe(site, lines)
    assert first.report() == second.report()
    assert first.report()["template_lines"] > 0


# --- through the real CLI ---------------------------------------------------------------------

STORIES = [
    "The city council voted on Tuesday to extend the tram line to the northern districts.",
    "Local bakers say the price of flour has doubled since spring, and shops cut their hours.",
    "A new public library opened downtown this weekend, drawing hundreds of eager visitors.",
    "Firefighters spent the night containing a blaze at a disused warehouse near the river.",
    "The regional football club announced its new coach, a former player of the youth team.",
]
TEMPLATE_LINE = (
    "The Town Crier has served the readers of the valley for more than forty years from its "
    "small office on Mill Street."
)
"""Prose no rule names, on every page of the site: only the batch can tell it is template."""


def story_record(record_id: str, n: int, story: str) -> dict:
    """A record of the made-up site: headline ``n``, ``story`` in three paragraphs around
    TEMPLATE_LINE."""
    paragraphs = [
        story,
        story.replace(".", ", according to people who followed the matter closely."),
        TEMPLATE_LINE,
        story.replace(".", ", and more details are expected later this week."),
    ]
    text = f"Headline number {n}\n\n" + "\n\n".join(paragraphs) + "\n"
    url = f"https://www.towncrier.example/news/{n}"
    return {"id": record_id, "url": url, "text": text}


def site_dump(path: Path) -> Path:
    """Five pages of one made-up site sharing TEMPLATE_LINE inside the story, and one page of
    another site that holds the same line once (its memory has too few pages to learn it)."""
    records = []
    for n, story in enumerate(STORIES):
        records.append(story_record(f"p{n}", n, story))
    other = records[0] | {"id": "other", "url": "https://elsewhere.example/a"}
    records.insert(2, other)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def clean_dump(dump: Path, out: Path, *options: str) -> tuple[list[dict], dict]:
    report = out.with_suffix(".report.json")
    result = run_cleaner("clean", str(dump), "-o", str(out), "--report", str(report), *options)
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    return records, json.loads(report.read_text("utf-8"))


def codes(record: dict) -> list[str]:
    return [finding["code"] for finding in record["verdict"]["findings"]]


def test_a_template_line_of_a_site_is_flagged_and_reported(tmp_path: Path) -> None:
    dump = site_dump(tmp_path / "site.jsonl")
    records, report = clean_dump(
        dump, tmp_path / "flag.jsonl", "--jobs", "1", "--site-templates", "flag"
    )
    learned = report["site_templates"]
    assert (learned["mode"], learned["sites"], learned["template_lines"]) == ("flag", 2, 1)
    assert learned["top_sites"] == [{"site": "towncrier.example", "template_lines": 1}]
    assert (learned["documents_flagged"], learned["lines_flagged"]) == (5, 5)
    for record in records:
        assert TEMPLATE_LINE in record["text"]  # flagged, not removed
        if record["id"] == "other":
            assert "site-template" not in codes(record)
            continue
        assert record["verdict"]["status"] == "fail"
        assert "site-template" in record["verdict"]["reason"]
        flagged = [f for f in record["verdict"]["findings"] if f["code"] == "site-template"]
        assert [f["text"] for f in flagged] == [TEMPLATE_LINE]
        assert flagged[0]["kind"] == "kept-junk" and flagged[0]["severity"] == "high"


def test_off_learns_nothing_and_the_same_pages_pass(tmp_path: Path) -> None:
    dump = site_dump(tmp_path / "site.jsonl")
    records, report = clean_dump(dump, tmp_path / "off.jsonl", "--site-templates", "off")
    learned = report["site_templates"]
    assert learned["mode"] == "off" and "sites" not in learned
    assert learned["documents_flagged"] == learned["documents_removed"] == 0
    assert all("site-template" not in codes(r) for r in records)
    assert {r["verdict"]["status"] for r in records} == {"ok"}


@pytest.mark.parametrize("mode", ["flag", "remove"])
def test_validate_on_the_output_recomputes_the_runs_verdicts(tmp_path: Path, mode: str) -> None:
    dump = site_dump(tmp_path / "site.jsonl")
    out = tmp_path / f"{mode}.jsonl"
    records, _ = clean_dump(dump, out, "--jobs", "1", "--site-templates", mode)
    result = run_cleaner("validate", "--format", "json", str(out), text=True)
    judged = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(judged) == len(records)
    for again, record in zip(judged, records, strict=True):
        verdict = record["verdict"]
        assert (again["status"], again["reason"], again["quality"]) == (
            verdict["status"], verdict["reason"], verdict["quality"],
        ), record["id"]  # fmt: skip
    # flagged, the template fails its pages; removed, it leaves them clean
    assert ("fail" in {again["status"] for again in judged}) == (mode == "flag")


@pytest.mark.parametrize("flags", [(), ("--site-templates", "remove")], ids=["default", "remove"])
def test_remove_takes_the_template_line_out_with_its_rule_and_reason(
    tmp_path: Path, flags: tuple[str, ...]
) -> None:
    """``remove``, the default: the template line goes, with its rule and reason."""
    dump = site_dump(tmp_path / "site.jsonl")
    records, report = clean_dump(dump, tmp_path / "remove.jsonl", *flags)
    assert report["site_templates"]["mode"] == "remove"
    assert (report["site_templates"]["documents_removed"], report["rules_fired"].get(
        "batch.site-template")) == (5, 5)  # fmt: skip
    for record in records:
        removed = [r for r in record["removed"] if r["rule"] == "batch.site-template"]
        if record["id"] == "other":
            assert not removed and TEMPLATE_LINE in record["text"]
            continue
        assert [r["text"] for r in removed] == [TEMPLATE_LINE] and removed[0]["reason"]
        assert TEMPLATE_LINE not in record["text"]
        assert record["verdict"]["status"] != "fail"
        # only removed: the body is the input's lines, in order
        kept = record["text"].split("\n\n")
        source = next(json.loads(line) for line in dump.open() if record["id"] in line)
        lines = [line for line in source["text"].splitlines() if line.strip()]
        assert kept == [line for line in lines if line in kept]


def test_the_output_is_the_same_for_one_or_two_jobs_and_each_run(tmp_path: Path) -> None:
    dump = site_dump(tmp_path / "site.jsonl")
    for mode in ("flag", "remove"):
        outputs = []
        for n, jobs in enumerate(("1", "2", "2")):
            out = tmp_path / f"{mode}-{n}.jsonl"
            clean_dump(dump, out, "--jobs", jobs, "--site-templates", mode)
            outputs.append(out.read_bytes())
        assert outputs[0] == outputs[1] == outputs[2]


def test_stdin_is_read_once_so_no_templates_are_learned_and_the_summary_says_so(
    tmp_path: Path,
) -> None:
    dump = site_dump(tmp_path / "site.jsonl")
    result = run_cleaner("clean", "-", "--jobs", "1", stdin=dump.read_bytes())
    assert result.returncode == 0, result.stderr.decode()
    assert "site templates: off (stdin is read once" in result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert len(records) == len(STORIES) + 1
    assert all("site-template" not in codes(r) for r in records)


def test_the_dask_engine_learns_the_same_templates_as_the_local_one(tmp_path: Path) -> None:
    pytest.importorskip("distributed")
    dump = site_dump(tmp_path / "site.jsonl")
    local, _ = clean_dump(dump, tmp_path / "local.jsonl", "--jobs", "1")
    parts, report = tmp_path / "parts", tmp_path / "dask-report.json"
    result = run_cleaner(
        "clean", str(dump), "-o", str(parts), "--engine", "dask", "--jobs", "1",
        "--shard-lines", "2", "--report", str(report), timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for p in sorted(parts.glob("part-*.jsonl")) for line in p.open()]
    assert records == local
    learned = json.loads(report.read_text("utf-8"))["site_templates"]
    assert (learned["template_lines"], learned["documents_removed"]) == (1, 5)


def test_pages_of_a_site_with_too_few_pages_are_counted_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counting pass reads the lines of the pages of sites that can have a template line;
    the one page of another site is counted (its site's page total) but not parsed."""
    from functools import partial

    import cleaner.batch.run as run
    from cleaner.io import FieldNames
    from cleaner.io.shards import plan_inputs

    dump = site_dump(tmp_path / "site.jsonl")
    records = partial(run.shard_records, plan_inputs([str(dump)]))
    read: list[str | None] = []
    real = run.page_text_lines
    monkeypatch.setattr(run, "page_text_lines", lambda doc: read.append(doc.url) or real(doc))
    memory = run.learn_templates(records, FieldNames())
    assert "https://elsewhere.example/a" not in read and len(read) == len(STORIES)
    assert memory.sites["elsewhere.example"].pages == 1
    assert memory.report()["template_lines"] == 1


def test_a_dump_without_urls_is_read_once_by_the_counting_pass(tmp_path: Path) -> None:
    """No record names a site: the counting pass reads the records for their URLs only, and
    learns what it learned reading them all (nothing), without a second reading."""
    import cleaner.batch.run as run
    from cleaner.io import FieldNames
    from cleaner.io.shards import plan_inputs

    dump = tmp_path / "no-urls.jsonl"
    lines = [json.dumps({"id": f"p{n}", "text": story}) for n, story in enumerate(STORIES)]
    dump.write_text("\n".join(lines) + "\n", "utf-8")
    readings: list[int] = []

    def records():  # the counting pass reads the input through this
        readings.append(1)
        return run.shard_records(plan_inputs([str(dump)]))

    memory = run.learn_templates(records, FieldNames())
    assert len(readings) == 1
    assert memory.report() == run.TemplateMemory().report()
    assert memory.frozen() == run.TemplateMemory().frozen()


# --- a page in the run more than once is counted once ----------------------------------------


def test_a_copy_of_a_page_counted_is_not_counted_again() -> None:
    """The same lines (order, repeats, blank lines and spacing aside) or the same URL: a copy."""
    story = ["A story told once.", "Its second paragraph."]
    memory = TemplateMemory()
    memory.observe("example.com", page(story[0]) + story[1:], "https://example.com/a")
    copy = ["", story[1], *page(story[0]), story[1], "Home  "]
    memory.observe("example.com", copy, "https://example.com/a-copy")
    recrawl = [*page(story[0]), *story[1:], "Updated 5 minutes ago"]
    memory.observe("example.com", recrawl, "https://example.com/a#comments")
    assert (memory.sites["example.com"].pages, memory.repeated) == (1, 2)
    memory.observe("example.com", page("Another story."), "https://example.com/b")
    memory.observe("example.com", page("A third story."))
    assert memory.sites["example.com"].pages == 3
    assert memory.is_template("example.com", "Home")
    assert not memory.is_template("example.com", story[1])
    assert memory.report()["pages_repeated"] == 2


def test_copies_are_told_for_a_bounded_number_of_pages_per_site() -> None:
    memory = TemplateMemory(max_pages=2)
    for n in range(4):
        memory.observe("example.com", [f"Story {n}."])
    assert len(memory.sites["example.com"].seen) == 2
    memory.observe("example.com", ["Story 1."])  # remembered: a copy
    memory.observe("example.com", ["Story 3."])  # past the cap: counted again
    assert (memory.sites["example.com"].pages, memory.repeated) == (5, 1)


FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ndtv"
NDTV_STORY = "putin-north-korea-2024-06-syndicated"
NDTV_OTHERS = ("list-ending-2024-06", "native-short-2024-06")


def test_a_story_in_the_run_three_times_keeps_every_line_with_remove(tmp_path: Path) -> None:
    """A re-crawl: the NDTV fixture three times (at three URLs) beside two other pages of the
    site. Counted once, its story lines are on one page of three, not template."""
    names = [NDTV_STORY, NDTV_OTHERS[0], NDTV_STORY, NDTV_OTHERS[1], NDTV_STORY]
    records = [
        {
            "id": f"{n}-{name}",
            "url": f"https://www.ndtv.com/world-news/{name}-{n}",
            "text": (FIXTURES / f"{name}.txt").read_text("utf-8"),
        }
        for n, name in enumerate(names)
    ]
    dump = tmp_path / "recrawl.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    out, report = clean_dump(dump, tmp_path / "out.jsonl", "--site-templates", "remove")
    for record, name in zip(out, names, strict=True):
        expected = (FIXTURES / f"{name}.expected.txt").read_text("utf-8").strip()
        assert record["text"].strip() == expected, record["id"]
        assert not [r for r in record["removed"] if r["rule"] == "batch.site-template"]
    assert (report["site_templates"]["pages"], report["site_templates"]["pages_repeated"]) == (
        3, 2,
    )  # fmt: skip


def test_near_copies_of_a_story_count_once_and_keep_every_line_with_remove(
    tmp_path: Path,
) -> None:
    """A print copy and a re-crawl at other addresses, each with a line changed (a comment
    count, an added sentence): counted once, the story lines are on one page of three."""
    story = (FIXTURES / f"{NDTV_STORY}.txt").read_text("utf-8")
    copies = [
        story,
        story.replace("\n", "\nPrint this page\n", 1),
        story + "\nThis story was updated with the latest figures on Friday evening.\n",
    ]
    texts = [copies[0], NDTV_OTHERS[0], copies[1], NDTV_OTHERS[1], copies[2]]
    records = [
        {
            "id": f"page-{n}",
            "url": f"https://www.ndtv.com/world-news/page-{n}",
            "text": text if text in copies else (FIXTURES / f"{text}.txt").read_text("utf-8"),
        }
        for n, text in enumerate(texts)
    ]
    assert len({r["text"] for r in records}) == len(records)  # no two alike
    dump = tmp_path / "copies.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    out, report = clean_dump(dump, tmp_path / "out.jsonl", "--site-templates", "remove")
    for record in out:
        assert not [r for r in record["removed"] if r["rule"] == "batch.site-template"]
    expected = (FIXTURES / f"{NDTV_STORY}.expected.txt").read_text("utf-8").strip()
    assert out[0]["text"].strip() == expected
    assert (report["site_templates"]["pages"], report["site_templates"]["pages_repeated"]) == (
        3, 2,
    )  # fmt: skip


def test_two_stories_of_a_site_are_not_near_copies() -> None:
    """Pages sharing a template and a quoted paragraph are each counted."""
    memory = TemplateMemory()
    shared = "The minister said the talks would resume next week in the capital, officials say."
    for n in range(3):
        own = [
            f"Paragraph {k} of story {n} tells its own news about the day and the town."
            for k in range(5)
        ]
        memory.observe("example.com", ["Home", "News", shared, *own, "Contact us"])
    assert (memory.sites["example.com"].pages, memory.repeated) == (3, 0)


# --- one story many times among other stories of the site ------------------------------------

REPEATED = [
    "The harbour authority confirmed on Monday that the old ferry terminal will close in May.",
    "Commuters who rely on the morning crossing will be offered a bus service around the bay.",
    "Union officials said the staff of the terminal had been told of the plan only last week.",
    "The authority expects the new terminal on the eastern pier to open early next spring.",
]


def repeated_story_dump(path: Path, order: list[int] | None = None) -> Path:
    """Six copies of one story (each with its own changed line: a comment count, a crawl
    time) and six other stories of the site, all holding TEMPLATE_LINE; ``order`` permutes
    the records."""
    records = []
    for n in range(6):
        paragraphs = [*REPEATED[:2], TEMPLATE_LINE, *REPEATED[2:]]
        text = "Ferry terminal to close\n\n" + "\n\n".join(paragraphs)
        text += f"\n\nComments ({n * 7 + 3})\n"
        url = f"https://www.towncrier.example/news/ferry-{n}"
        records.append({"id": f"copy-{n}", "url": url, "text": text})
    for n, story in enumerate([*STORIES, STORIES[0].replace("Tuesday", "Friday")]):
        records.append(story_record(f"story-{n}", n, story))
    if order is not None:
        records = [records[i] for i in order]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    return path


def test_a_story_in_the_run_six_times_is_one_story_to_the_memory() -> None:
    memory = TemplateMemory()
    for n in range(6):
        memory.observe("example.com", [*page(REPEATED[0]), *REPEATED[1:], f"Comments ({n})"])
    for n in range(4):
        memory.observe("example.com", page(f"Story number {n} says something new."))
    assert memory.report()["pages"] == 5 and memory.report()["pages_repeated"] == 5
    assert memory.is_template("example.com", MENU[0])
    assert not any(memory.is_template("example.com", line) for line in REPEATED)


def test_a_story_in_the_run_six_times_keeps_every_line_and_loses_the_footer(
    tmp_path: Path,
) -> None:
    """The footer (TEMPLATE_LINE) stands on seven distinct stories: removed from every page;
    the repeated story's lines stand on one story, however many copies: kept in every copy."""
    dump = repeated_story_dump(tmp_path / "repeated.jsonl")
    out, report = clean_dump(dump, tmp_path / "out.jsonl", "--site-templates", "remove")
    assert (report["site_templates"]["pages"], report["site_templates"]["pages_repeated"]) == (
        7, 5,
    )  # fmt: skip
    for record in out:
        removed = [r["text"] for r in record["removed"] if r["rule"] == "batch.site-template"]
        assert removed == [TEMPLATE_LINE], record["id"]
        if record["id"].startswith("copy-"):
            assert [line for line in record["text"].split("\n\n") if line in REPEATED] == REPEATED


def test_the_input_order_does_not_change_the_output(tmp_path: Path) -> None:
    texts = []
    for name, order in (("given", None), ("shuffled", [7, 2, 11, 0, 5, 9, 1, 4, 10, 3, 8, 6])):
        dump = repeated_story_dump(tmp_path / f"{name}.jsonl", order)
        out, _ = clean_dump(dump, tmp_path / f"{name}-out.jsonl", "--site-templates", "remove")
        texts.append({record["id"]: (record["text"], record["removed"]) for record in out})
    assert texts[0] == texts[1]


ONE_WORD_LINE = "Riverside"
"""A one-word line on every page of the site, inside the story: a piece of a sentence a dump
split at a link as often as chrome (``TEMPLATE_MIN_WORDS``)."""


def test_a_one_word_template_line_stays_as_the_region_finder_reads_it(tmp_path: Path) -> None:
    """The batch's removal and the region finder read one rule (``is_template_scored``): a
    recurring line under ``TEMPLATE_MIN_WORDS`` words is not removed as template, while the
    recurring sentence beside it is."""
    assert word_count(ONE_WORD_LINE) < TEMPLATE_MIN_WORDS
    records = []
    for n, story in enumerate(STORIES):
        record = story_record(f"p{n}", n, story)
        both = f"{ONE_WORD_LINE}\n\n{TEMPLATE_LINE}"
        record["text"] = record["text"].replace(TEMPLATE_LINE, both)
        records.append(record)
    dump = tmp_path / "site.jsonl"
    dump.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    out, _ = clean_dump(dump, tmp_path / "out.jsonl")
    for record in out:
        removed = [r["text"] for r in record["removed"] if r["rule"] == "batch.site-template"]
        assert removed == [TEMPLATE_LINE], record["id"]
        assert ONE_WORD_LINE in record["text"].split("\n\n"), record["id"]
