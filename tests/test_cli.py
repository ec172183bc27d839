"""The command line through a real subprocess: output formats, explain, exit codes, errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import FIXTURES, run_cleaner

NEWSMAX = FIXTURES / "newsmax" / "putin-north-korea-2024-05.txt"


def cleaner(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    return run_cleaner(*args, stdin=stdin, text=True)


def test_clean_prints_the_golden_body() -> None:
    result = cleaner("clean", str(NEWSMAX))
    assert result.returncode == 0, result.stderr
    expected = NEWSMAX.with_name(NEWSMAX.stem + ".expected.txt").read_text("utf-8")
    assert result.stdout == expected


def test_clean_reads_stdin() -> None:
    result = cleaner("clean", "-", stdin=NEWSMAX.read_text("utf-8"))
    assert result.returncode == 0 and result.stdout.startswith("A visit by Russian President")


def test_clean_json_reports_title_sites_and_rule_of_every_removal() -> None:
    result = cleaner("clean", str(NEWSMAX), "--format", "json")
    record = json.loads(result.stdout)
    assert record["title"] == "Kremlin Says Putin Visit to North Korea 'Being Prepared'"
    assert record["sites"] == ["newsmax"]
    assert set(record) >= {"id", "url", "sites", "title", "metadata", "text", "removed"}
    removed_lines = {r["line"] for r in record["removed"]}
    source = NEWSMAX.read_text("utf-8").splitlines()
    body = set(record["text"].split("\n\n"))
    for number, line in enumerate(source, 1):
        if line.strip() and line.strip() not in body:
            assert number in removed_lines, f"line {number} vanished without a rule"
    assert all(r["rule"] for r in record["removed"])


def test_explain_marks_removed_lines_with_their_rule_and_no_colour_when_piped() -> None:
    result = cleaner("explain", str(NEWSMAX))
    assert result.returncode == 0
    assert "\x1b[" not in result.stdout
    assert " 7 - | Saturday, 25 May 2024 06:28 PM EDT  [newsmax.dateline-stamp]" in result.stdout
    assert " 9   | A visit by Russian President" in result.stdout


def test_url_selects_site_rules_by_domain(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    text = "\n\n".join(
        [
            "WATCH TV LIVE",
            "The senator said on Tuesday that the bill would pass before the summer recess.",
            "Lawmakers from both parties said they expected a close vote later in the week.",
        ]
    )
    page.write_text(text, "utf-8")
    record = json.loads(
        cleaner("clean", str(page), "--url", "https://www.newsmax.com/x", "--format", "json").stdout
    )
    assert record["sites"] == ["newsmax"]
    assert record["removed"][0]["rule"] == "newsmax.tv-banner"


def test_missing_file_is_a_one_line_error_with_exit_2() -> None:
    result = cleaner("clean", "no/such/file.txt")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no/such/file.txt" in result.stderr


def test_undecodable_bytes_are_decoded_not_crashed_on(tmp_path: Path) -> None:
    page = tmp_path / "latin1.txt"
    page.write_bytes(
        "Le ministre a déclaré vendredi que les négociations reprendraient à Genève.".encode(
            "cp1252"
        )
    )
    result = cleaner("clean", str(page))
    assert result.returncode == 0
    assert "déclaré" in result.stdout


def test_malformed_rule_folder_is_reported_with_path_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "sites" / "bad.com.toml"
    bad.parent.mkdir()
    bad.write_text('domains = ["bad.com"]\n[[rules]]\nid = "x"\nkind = "nope"\n', "utf-8")
    result = cleaner("clean", str(NEWSMAX), "--rules", str(tmp_path))
    assert result.returncode == 2
    assert f"{bad}:4: rule 'x': 'kind' must be one of" in result.stderr


def test_test_rules_command_passes_on_the_bundled_rules() -> None:
    result = cleaner("test-rules")
    assert result.returncode == 0, result.stdout
    assert result.stdout.strip().endswith(" 0 failed")


def test_usage_error_exits_2() -> None:
    assert cleaner("clean").returncode == 2


def test_html_file_is_decoded_by_its_declared_charset(tmp_path: Path) -> None:
    sentence = (
        "Министр заявил в пятницу, что переговоры продолжатся на следующей неделе в Женеве, "
        "сообщили официальные лица."
    )
    page = tmp_path / "page.html"
    html = (
        '<html><head><meta charset="koi8-r"><title>Переговоры</title></head><body>'
        f"<article><p>{sentence}</p><p>{sentence.replace('пятницу', 'субботу')}</p></article>"
        "</body></html>"
    )
    page.write_bytes(html.encode("koi8-r"))
    result = cleaner("clean", str(page))
    assert result.returncode == 0, result.stderr
    assert sentence in result.stdout


def test_no_validate_skips_the_verdict() -> None:
    record = json.loads(cleaner("clean", str(NEWSMAX), "--format", "json", "--no-validate").stdout)
    assert "verdict" not in record
    assert record["text"].startswith("A visit by Russian President")
    with_verdict = json.loads(cleaner("clean", str(NEWSMAX), "--format", "json").stdout)
    assert with_verdict["verdict"]["status"] in ("ok", "warn")


def test_batch_no_validate_writes_records_without_verdicts(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    text = NEWSMAX.read_text("utf-8")
    dump.write_text("".join(json.dumps({"id": str(n), "text": text}) + "\n" for n in range(3)))
    out = tmp_path / "out.jsonl"
    result = cleaner("clean", str(dump), "-o", str(out), "--no-validate", "--quiet", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["id"] for r in records] == ["0", "1", "2"]
    assert all("verdict" not in r and r["sites"] == ["newsmax"] for r in records)


def test_several_paths_are_one_batch_with_each_record_naming_its_source(tmp_path: Path) -> None:
    pages = sorted((FIXTURES / "html").glob("*.html"))[:2]
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"id": "r1", "text": NEWSMAX.read_text("utf-8")}) + "\n", "utf-8")
    paths = [str(pages[0]), str(dump), str(pages[1])]
    result = cleaner("clean", *paths, "--quiet")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["source"], r["id"]) for r in records] == [
        (paths[0], pages[0].name),
        (paths[1], "r1"),
        (paths[2], pages[1].name),
    ]
    alone = cleaner("clean", str(pages[1]))
    assert records[2]["text"] + "\n" == alone.stdout
    out = tmp_path / "out.jsonl"
    assert cleaner("clean", *paths, "-o", str(out), "--quiet").returncode == 0
    assert out.read_text("utf-8") == result.stdout


def test_stdin_does_not_mix_with_other_paths() -> None:
    result = cleaner("clean", str(NEWSMAX), "-", stdin="")
    assert result.returncode == 2
    assert result.stderr == "cleaner: '-' (stdin) cannot be mixed with other paths\n"


def test_a_copyright_line_is_removed_as_copyright_not_as_an_image_credit() -> None:
    page = "Flint tool\n\n© 2019 Science X Network\n\n" + NEWSMAX.read_text("utf-8")
    result = cleaner("clean", "-", "--format", "json", stdin=page)
    assert result.returncode == 0, result.stderr
    removed = json.loads(result.stdout)["removed"]
    (removal,) = [r for r in removed if r["text"] == "© 2019 Science X Network"]
    assert removal["rule"] == "generic.copyright"
    assert removal["reason"].startswith("Copyright")
