"""`cleaner report`: the review page, its escaping, and its filter and search in a real browser.

The browser test needs Debian's chromium and chromium-driver (``.ci/run`` installs them and
sets CLEANER_BROWSER_TESTS=1, so in CI a missing browser fails the test instead of skipping).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.authoring.review_page import original_lines, render_page
from tests.conftest import ROOT

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
    bad.write_text('{"id": 1, "error": {"type": "InvalidJSON", "message": "m"}}\nnot json\n', "utf-8")
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
