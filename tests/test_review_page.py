"""`cleaner report`: the review page, its escaping, and its filter and search in a real browser.

The browser test needs Debian's chromium and chromium-driver (``.ci/run`` installs them and
sets CLEANER_BROWSER_TESTS=1, so in CI a missing browser fails the test instead of skipping).
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from cleaner.authoring.review_page import original_lines, render_page
from tests.conftest import ROOT, run_cleaner

INJECTED = "<script>document.title='pwned';window.injected=1</script>"
INJECTED_IMG = '<img src=x onerror="window.injected=2">'
STORY = "The town council voted on Tuesday to rebuild the harbour wall that storms broke."


def records() -> list[dict]:
    failing = {
        "id": "bad-1", "url": "https://example.com/a", "sites": [], "title": "Harbour wall",
        "text": f"{STORY}\n\nSign up for our newsletter", "kept": [3, 4],
        "removed": [{"line": 1, "text": "Home | World", "rule": "generic.nav", "reason": ""},
                    {"line": 2, "text": "Harbour wall", "rule": "generic.title", "reason": ""}],
        "verdict": {"status": "fail", "words": 20, "findings": [
            {"code": "residual-junk", "line": 3, "original_line": 4,
             "text": "Sign up for our newsletter", "detector": "junk.signup",
             "severity": "high", "message": "a sign-up appeal"}]},
    }  # fmt: skip
    hostile = {
        "id": "hostile", "url": "https://evil.example/x", "sites": [], "title": INJECTED,
        "text": f"{INJECTED}\n\n{INJECTED_IMG}\n\nA plain story line about the library opening.",
        "kept": [1, 2, 3], "removed": [], "verdict": {"status": "ok", "words": 9, "findings": []},
    }  # fmt: skip
    error = {"id": "broken", "line": 3, "error": {"type": "InvalidJSON", "message": "not JSON"}}
    return [failing, hostile, error]


def write_results(tmp_path: Path) -> Path:
    path = tmp_path / "results.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records()), "utf-8")
    return path


def test_lines_come_back_in_input_order_with_their_rules() -> None:
    lines = original_lines(records()[0])
    assert [(n, rule) for n, _, rule in lines] == [
        (1, "generic.nav"), (2, "generic.title"), (3, None), (4, None)
    ]  # fmt: skip


def test_crawled_text_is_escaped() -> None:
    page = render_page(records(), "results.jsonl")
    assert INJECTED not in page and "&lt;script&gt;document.title" in page
    assert INJECTED_IMG not in page
    assert page.count("<script>") == 1  # the page's own script only


def test_report_command_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "report", str(write_results(tmp_path)),
         "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    page = out.read_text("utf-8")
    for element in ("id='sites'", "id='verdicts'", "id='removal-chart'", 'id="only-failed"'):
        assert element in page
    assert "generic.title" in page and "residual-junk" in page


def test_report_command_names_a_bad_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": 1, "error": {"type": "InvalidJSON", "message": "m"}}\nnot json\n', "utf-8"
    )
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "report", str(bad), "-o", str(tmp_path / "r.html")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2 and f"{bad}:2: not a JSON record" in result.stderr
    assert not (tmp_path / "r.html").exists()


def browser_or_skip():
    """A headless chromium driven by selenium; in CI a missing piece fails loudly."""
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    try:
        from selenium import webdriver
    except ImportError:
        missing.append("selenium (the dev extra)")
    if missing:
        reason = (
            f"browser test needs {', '.join(missing)} (apt-get install chromium chromium-driver)"
        )
        if os.environ.get("CLEANER_BROWSER_TESTS") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1200,900"):  # fmt: skip
        options.add_argument(argument)
    return webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))


def visible_documents(driver) -> list[str]:
    return [d.get_attribute("data-status") for d in driver.find_elements("css selector", ".doc")
            if d.is_displayed()]  # fmt: skip


def test_page_in_a_real_browser_filters_searches_and_runs_no_injected_script(
    tmp_path: Path,
) -> None:
    out = tmp_path / "report.html"
    out.write_text(render_page(records(), "results.jsonl"), "utf-8")
    driver = browser_or_skip()
    try:
        driver.get(out.as_uri())
        assert driver.title == "cleaner report: results.jsonl"
        assert driver.execute_script("return window.injected === undefined")
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        lines = driver.find_elements("css selector", ".line")
        assert any(INJECTED in line.text for line in lines)  # shown as text
        assert len(driver.find_elements("css selector", "img")) == 0
        struck = driver.find_elements("css selector", ".removed del")
        assert [s.text for s in struck] == ["Home | World", "Harbour wall"]
        labels = driver.find_elements("css selector", ".removed .rule")
        assert [label.text for label in labels] == ["generic.nav", "generic.title"]
        (finding,) = driver.find_elements("css selector", ".finding")
        assert "Sign up for our newsletter" in finding.text and "residual-junk" in finding.text
        assert finding.value_of_css_property("background-color") == "rgba(255, 243, 176, 1)"
        assert sorted(visible_documents(driver)) == ["error", "fail", "ok"]
        driver.find_element("id", "only-failed").click()
        assert visible_documents(driver) == ["fail"]
        assert driver.find_element("id", "shown").text == "1"
        driver.find_element("id", "only-failed").click()
        driver.find_element("id", "search").send_keys("library opening")
        assert visible_documents(driver) == ["ok"]
        driver.find_element("id", "search").clear()
        driver.find_element("id", "search").send_keys("harbour")
        assert visible_documents(driver) == ["fail"]
        assert driver.save_screenshot(str(tmp_path / "report.png"))
        assert (tmp_path / "report.png").stat().st_size > 0
    finally:
        driver.quit()


def test_report_reads_the_json_of_a_single_clean(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps(records()[0], indent=2), "utf-8")
    out = tmp_path / "one.html"
    result = subprocess.run(
        [sys.executable, "-m", "cleaner", "report", str(single), "-o", str(out)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "data-status='fail'" in out.read_text("utf-8")


# --- why a document failed, what share was removed, and a page for a run of any size ----------

JUNK_REASON = "an estimated 40% of the kept words are junk"


def failing_records() -> list[dict]:
    """A fail whose findings know only their body line (the cleaned text's numbering), a fail
    with no findings at all, and a passing document."""
    junk = {
        "id": "junk-left", "url": "https://leaky.example/a", "sites": [], "title": "Harbour",
        "text": f"{STORY}\n\nShare on Facebook\n\nRead more: our top stories\n\n{STORY}",
        "kept": [2, 3, 4, 6], "input_words": 60,
        "removed": [{"line": 1, "text": "Menu", "rule": "generic.nav", "reason": ""},
                    {"line": 5, "text": "Advertisement", "rule": "generic.ad", "reason": ""}],
        "verdict": {"status": "fail", "reason": JUNK_REASON, "words": 40, "findings": [
            {"code": "residual-junk", "line": 3, "original_line": None,
             "text": "Share on Facebook", "detector": "junk.share", "severity": "high",
             "message": "a share button"},
            {"code": "link-list", "line": 5, "original_line": None,
             "text": "Read more: our top stories", "detector": "structure.links",
             "severity": "medium", "message": "a teaser link"}]},
    }  # fmt: skip
    empty = {
        "id": "stub", "url": "https://thin.example/b", "sites": [], "title": "Stub",
        "text": "Photo: Reuters", "kept": [2], "input_words": 30,
        "removed": [{"line": 1, "text": "Home", "rule": "generic.nav", "reason": ""}],
        "verdict": {"status": "fail", "reason": "too-short: only 2 words left", "words": 2,
                    "findings": []},
    }  # fmt: skip
    fine = {
        "id": "fine", "url": "https://ok.example/c", "sites": [], "title": "Fine",
        "text": STORY, "kept": [1], "input_words": 14, "removed": [],
        "verdict": {"status": "ok", "reason": "", "words": 14, "findings": []},
    }  # fmt: skip
    return [junk, empty, fine]


def report_page(tmp_path: Path, records: list[dict], *args: str) -> Path:
    results = tmp_path / "results.jsonl"
    results.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    out = tmp_path / "report.html"
    result = run_cleaner("report", str(results), "-o", str(out), *args, text=True)
    assert result.returncode == 0, result.stderr
    return out


def test_a_failed_document_says_why_and_highlights_its_evidence_in_a_browser(
    tmp_path: Path,
) -> None:
    out = report_page(tmp_path, failing_records())
    driver = browser_or_skip()
    try:
        driver.get(out.as_uri())
        docs = driver.find_elements("css selector", ".doc")
        summaries = [s.text for s in driver.find_elements("css selector", ".doc summary")]
        assert any(JUNK_REASON in text and "junk-left" in text for text in summaries)
        assert any("too-short: only 2 words left" in text for text in summaries)
        assert next(text for text in summaries if "fine" in text).startswith("ok fine ")
        driver.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        junk = next(d for d in docs if "junk-left" in d.text)
        assert junk.find_element("css selector", ".why").text == f"fail: {JUNK_REASON}"
        evidence = [e.text for e in junk.find_elements("css selector", ".evidence-line")]
        assert evidence == [
            "line 3: high residual-junk: a share button “Share on Facebook”",
            "line 4: medium link-list: a teaser link “Read more: our top stories”",
        ]
        marked = junk.find_elements("css selector", ".line.finding")
        assert [m.find_element("css selector", ".n").text for m in marked] == ["3", "4"]
        assert marked[0].value_of_css_property("background-color") == "rgba(255, 243, 176, 1)"
        stub = next(d for d in docs if "stub" in d.text)
        assert stub.find_element("css selector", ".why").text == (
            "fail: too-short: only 2 words left"
        )
        assert stub.find_elements("css selector", ".evidence-line") == []
        assert stub.find_elements("css selector", ".line.finding") == []
    finally:
        driver.quit()


NAV_ITEMS = 60
FOOTER = " ".join(["Terms of use and privacy policy apply to all readers of this site."] * 8)


def nav_heavy_page(story: str) -> str:
    nav = "".join(f"<li><a href='/s{n}'>Section {n}</a></li>" for n in range(NAV_ITEMS))
    paragraphs = "".join(f"<p>{story} Part {n}.</p>" for n in range(4))
    return (
        "<!DOCTYPE html><html><head><title>Harbour wall rebuilt</title></head><body>"
        f"<nav><ul>{nav}</ul></nav><article><h1>Harbour wall rebuilt</h1>{paragraphs}"
        f"</article><footer><p>{FOOTER}</p></footer></body></html>"
    )


def test_html_removed_share_counts_the_page_text(tmp_path: Path) -> None:
    dump = tmp_path / "pages.jsonl"
    record = {"id": "p1", "url": "https://harbour.example/wall", "html": nav_heavy_page(STORY)}
    dump.write_text(json.dumps(record) + "\n", "utf-8")
    cleaned = tmp_path / "cleaned.jsonl"
    result = run_cleaner("clean", str(dump), "-o", str(cleaned), "--jobs", "1", text=True)
    assert result.returncode == 0, result.stderr
    (output,) = [json.loads(line) for line in cleaned.read_text("utf-8").splitlines()]
    kept = len(output["text"].split())
    assert STORY in output["text"] and "Section 7" not in output["text"]
    assert output["input_words"] >= kept + 2 * NAV_ITEMS + len(FOOTER.split())
    share = 1 - kept / output["input_words"]
    assert share > 0.5
    page = report_page(tmp_path, [output]).read_text("utf-8")
    assert f"removed {100 * share:.0f}%" in page
    tenth = int(share * 10)
    assert f"data-documents='1'><title>{tenth * 10}-{tenth * 10 + 10}% removed" in page


RUN_DOCUMENTS = 20_500
RUN_FAILS = 120
RUN_WARNS = 1_000
RUN_ERRORS = 80
RUN_SITES = 2_000
RUN_PAGE_BYTES = 6 * 1024 * 1024
"""500 documents of this run's size (some 3 KB each on the page) with the tables: well under
this, and far under the 16 MB a page of every document once took at 2,000."""


def big_run_record(n: int) -> dict:
    if n % (RUN_DOCUMENTS // RUN_ERRORS) == 1:
        return {"id": f"d{n}", "line": n, "error": {"type": "InvalidJSON", "message": "x"}}
    status = "fail" if n % (RUN_DOCUMENTS // RUN_FAILS) == 0 else (
        "warn" if n % (RUN_DOCUMENTS // RUN_WARNS) == 3 else "ok")  # fmt: skip
    story = "\n\n".join(STORY.replace("Tuesday", f"day {n} {k}") for k in range(6))
    return {
        "id": f"d{n}", "line": n, "url": f"https://site{n % RUN_SITES}.example/{n}",
        "sites": [], "title": f"Story {n}", "text": story, "kept": [3, 4, 5, 6, 7, 8],
        "input_words": 140,
        "removed": [{"line": 1, "text": "Home | World | Sport", "rule": "generic.nav"},
                    {"line": 2, "text": "Advertisement", "rule": "generic.ad"}],
        "verdict": {"status": status, "reason": "" if status == "ok" else f"{status} {n}",
                    "words": 84, "findings": []},
    }  # fmt: skip


def test_a_page_for_a_large_run_is_bounded_and_says_what_it_shows(tmp_path: Path) -> None:
    records = [big_run_record(n) for n in range(1, RUN_DOCUMENTS + 1)]
    counts = Counter("error" if "error" in r else r["verdict"]["status"] for r in records)
    out = report_page(tmp_path, records)
    page = out.read_text("utf-8")
    assert out.stat().st_size < RUN_PAGE_BYTES
    assert page.count("<details class='doc") == 500
    assert page.count("data-status='fail'") == counts["fail"] == RUN_FAILS
    note = html.unescape(page.split('id="shown-note">')[1].split("</p>")[0])
    assert note.startswith(
        f"Showing 500 of {RUN_DOCUMENTS} documents: all {RUN_FAILS} failed ones (up to 300), "
        "and a sample of the rest: "
    )
    shown = {s: page.count(f"data-status='{s}'") for s in ("warn", "ok", "error")}
    for status, number in shown.items():
        assert f"{number} of {counts[status]} {status}" in note
    # the rest in equal shares: every error (fewer than a third), warn and ok alike
    assert shown["error"] == counts["error"] < (500 - RUN_FAILS) // 3
    assert shown["warn"] + shown["ok"] == 500 - RUN_FAILS - counts["error"]
    assert abs(shown["warn"] - shown["ok"]) <= 1
    assert f"<td>ok</td><td class='num'>{counts['ok']}</td>" in page  # counts every record
    assert f"{RUN_SITES - 300} more sites" in page
    again = report_page(tmp_path, records).read_text("utf-8")
    assert again == page  # the sample is drawn the same way each time


def test_failed_documents_past_the_cap_are_sampled_and_the_page_says_so() -> None:
    records = [big_run_record(n) for n in range(1, 801) if n % 256 != 1]  # no error records
    for record in records[:400]:
        record["verdict"]["status"] = "fail"
    failed = sum(r["verdict"]["status"] == "fail" for r in records)
    page = render_page(records, "run.jsonl", shown=350)
    assert page.count("data-status='fail'") == 300 and page.count("<details class='doc") == 350
    assert (
        f"Showing 350 of {len(records)} documents: 300 of the {failed} failed ones (up to 300), "
        f"and a sample of the rest: " in html.unescape(page)
    )


def test_documents_that_would_pass_the_byte_bound_are_left_out_and_counted() -> None:
    from cleaner.authoring.review_page import documents_within, gather, shown_note

    review = gather(big_run_record(n) for n in range(1, 201))
    pages, shown, cut = documents_within(review, 20_000)
    assert sum(len(p.encode("utf-8")) for p in pages) <= 20_000 and cut == 200 - len(pages)
    assert f"{cut} sampled documents were left out" in shown_note(review, shown, cut)
