"""`cleaner report RESULTS.jsonl -o report.html`: one self-contained page to review a batch.

The page holds the sites table (``cleaner.authoring.triage``), verdict counts, a chart of how
much of each document was removed, and per document its original lines, removed ones struck through
and labelled with the rule that removed them, validator findings highlighted. A checkbox shows
only failed documents and a search box filters by text. Everything crawled is HTML-escaped,
no record data is put inside the script, and a Content-Security-Policy lets only the page's
own script (by its hash) run, so a page holding ``<script>`` shows as text and does nothing.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from pathlib import Path
from typing import Any

from cleaner.authoring.triage import read_records, site_key, site_rows, tallies_from_records

MAX_DOCUMENTS = 2_000
"""Documents shown in full (failed ones first); a bigger run is summarised beyond this."""
CHART_BINS = 10
CHART_WIDTH, CHART_HEIGHT = 420, 120
STATUSES = ("fail", "warn", "ok", "none", "error")

STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px}
th{background:#f2f2f2}.num{text-align:right}.left{color:#555;font-size:12px}
.controls{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #ddd}
.doc{border:1px solid #ddd;margin:.6em 0;padding:.3em .6em}.doc summary{cursor:pointer}
.status-fail summary{color:#a00}.status-warn summary{color:#a60}
.line{white-space:pre-wrap;font-family:ui-monospace,monospace;font-size:12px}
.line .n{color:#999;display:inline-block;width:3.5em}
.removed del{color:#888}.rule{background:#eee;border-radius:3px;padding:0 4px;margin-left:6px}
.finding{background:#fff3b0}.finding-note{color:#a00;font-size:11px;margin-left:6px}
.bar{fill:#4a7bd0}.error{color:#a00}
"""

SCRIPT = """
(function () {
  var docs = Array.prototype.slice.call(document.querySelectorAll('.doc'));
  var onlyFailed = document.getElementById('only-failed');
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  function apply() {
    var term = search.value.trim().toLowerCase();
    var count = 0;
    docs.forEach(function (doc) {
      var visible = (!onlyFailed.checked || doc.getAttribute('data-status') === 'fail') &&
        (!term || doc.textContent.toLowerCase().indexOf(term) >= 0);
      doc.hidden = !visible;
      if (visible) { count += 1; }
    });
    shown.textContent = String(count);
  }
  onlyFailed.addEventListener('change', apply);
  search.addEventListener('input', apply);
  apply();
})();
"""


def esc(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def read_results(path: str) -> list[dict[str, Any]]:
    """Cleaned records of a JSONL (or JSON) file; ValueError names a bad line."""
    return list(read_records(path))


# --- one document ---------------------------------------------------------------------------


def status_of(record: dict[str, Any]) -> str:
    if "error" in record:
        return "error"
    verdict = record.get("verdict")
    status = verdict.get("status") if isinstance(verdict, dict) else None
    return status if status in STATUSES else "none"


def original_lines(record: dict[str, Any]) -> list[tuple[int | None, str, str | None]]:
    """(input line number, text, rule that removed it or None), in input order."""
    body = [line for line in str(record.get("text") or "").split("\n\n") if line]
    removed = [r for r in record.get("removed") or [] if isinstance(r, dict)]
    kept_numbers = record.get("kept")
    if isinstance(kept_numbers, list) and len(kept_numbers) == len(body):
        lines = [(n, text, None) for n, text in zip(kept_numbers, body, strict=True)]
    else:  # records from before "kept" existed: removed lines first, then the body
        lines = [(None, text, None) for text in body]
    lines += [(r.get("line"), str(r.get("text", "")), str(r.get("rule", "?"))) for r in removed]
    return sorted(lines, key=lambda item: item[0] if isinstance(item[0], int) else 10**9)


def findings_by_line(record: dict[str, Any]) -> tuple[dict[int, list[dict]], dict[str, list]]:
    """Findings keyed by input line, and by text for those that only know the cleaned line."""
    verdict = record.get("verdict")
    findings = verdict.get("findings", []) if isinstance(verdict, dict) else []
    by_number: dict[int, list[dict]] = {}
    by_text: dict[str, list[dict]] = {}
    for finding in findings if isinstance(findings, list) else []:
        if not isinstance(finding, dict):
            continue
        number = finding.get("original_line")
        if isinstance(number, int):
            by_number.setdefault(number, []).append(finding)
        elif finding.get("text"):
            by_text.setdefault(str(finding["text"]).strip(), []).append(finding)
    return by_number, by_text


def removed_share(record: dict[str, Any]) -> float:
    lines = original_lines(record)
    return sum(1 for _, _, rule in lines if rule) / len(lines) if lines else 0.0


def line_html(number: int | None, text: str, rule: str | None, findings: list[dict]) -> str:
    label = esc(number) if number is not None else ""
    classes = ["line", "removed" if rule else "kept"] + (["finding"] if findings else [])
    content = f"<del>{esc(text)}</del><span class='rule'>{esc(rule)}</span>" if rule else esc(text)
    notes = "".join(
        f"<span class='finding-note'>{esc(f.get('severity'))} {esc(f.get('code'))}: "
        f"{esc(f.get('message'))} [{esc(f.get('detector'))}]</span>"
        for f in findings
    )
    return f"<div class='{' '.join(classes)}'><span class='n'>{label}</span>{content}{notes}</div>"


def document_html(record: dict[str, Any]) -> str:
    status = status_of(record)
    name = record.get("id") or record.get("url") or f"line {record.get('line')}"
    head = (
        f"<summary><b>{esc(status)}</b> {esc(name)} <span class='left'>{esc(site_key(record))}"
        f" · {esc(record.get('url') or '')} · removed {100 * removed_share(record):.0f}%"
        f"</span></summary>"
    )
    if status == "error":
        error = record.get("error") if isinstance(record.get("error"), dict) else {}
        body = f"<p class='error'>{esc(error.get('type'))}: {esc(error.get('message'))}</p>"
    else:
        by_number, by_text = findings_by_line(record)
        title = f"<p>title: <b>{esc(record.get('title'))}</b></p>"
        rows = [
            line_html(n, text, rule, by_number.get(n, []) if n else by_text.get(text.strip(), []))
            for n, text, rule in original_lines(record)
        ]
        body = title + "".join(rows)
    return f"<details class='doc status-{status}' data-status='{status}'>{head}{body}</details>"


# --- the whole page ------------------------------------------------------------------------


def verdict_table(records: list[dict[str, Any]]) -> str:
    counts = Counter(status_of(r) for r in records)
    cells = "".join(
        f"<tr><td>{s}</td><td class='num'>{counts.get(s, 0)}</td></tr>" for s in STATUSES
    )
    return f"<table id='verdicts'><tr><th>verdict</th><th>documents</th></tr>{cells}</table>"


def sites_table(records: list[dict[str, Any]]) -> str:
    rows = site_rows(tallies_from_records(records))
    body = "".join(
        f"<tr><td>{esc(r['site'])}</td><td class='num'>{r['documents']}</td>"
        f"<td class='num'>{r['fail']}</td><td class='num'>{100 * r['fail_share']:.0f}%</td><td>"
        + "<br>".join(
            f"<span class='left'>{100 * i['share']:.0f}%: {esc(i['line'])}</span>"
            for i in r["left"]
        )
        + "</td></tr>"
        for r in rows
    )
    header = "<tr><th>site</th><th>docs</th><th>fail</th><th>fail %</th><th>lines left</th></tr>"
    return f"<table id='sites'>{header}{body}</table>"


def removal_chart(records: list[dict[str, Any]]) -> str:
    """An SVG histogram: how many documents had each tenth of their lines removed."""
    shares = [removed_share(r) for r in records if "error" not in r]
    bins = Counter(min(int(share * CHART_BINS), CHART_BINS - 1) for share in shares)
    tallest = max(bins.values(), default=1)
    width = CHART_WIDTH / CHART_BINS
    bars = []
    for index in range(CHART_BINS):
        height = (CHART_HEIGHT - 20) * bins.get(index, 0) / tallest
        x, y = index * width, CHART_HEIGHT - 20 - height
        tip = f"{index * 10}-{index * 10 + 10}% removed: {bins.get(index, 0)} documents"
        bars.append(
            f"<rect class='bar' x='{x + 2:.0f}' y='{y:.0f}' width='{width - 4:.0f}' "
            f"height='{height:.0f}'><title>{tip}</title></rect>"
            f"<text x='{x + width / 2:.0f}' y='{CHART_HEIGHT - 6}' font-size='10' "
            f"text-anchor='middle'>{index * 10}%</text>"
        )
    return (
        f"<svg id='removal-chart' width='{CHART_WIDTH}' height='{CHART_HEIGHT}' role='img' "
        f"aria-label='documents by share of lines removed'>{''.join(bars)}</svg>"
    )


def script_hash() -> str:
    digest = hashlib.sha256(SCRIPT.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def render_page(records: list[dict[str, Any]], source: str) -> str:
    """The whole review page as one HTML string."""
    order = sorted(range(len(records)), key=lambda i: (status_of(records[i]) != "fail", i))
    shown = [records[i] for i in order[:MAX_DOCUMENTS]]
    more = len(records) - len(shown)
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src '{script_hash()}'"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>cleaner report: {esc(Path(source).name)}</title><style>{STYLE}</style></head><body>
<h1>cleaner report: {esc(Path(source).name)}</h1>
<p>{len(records)} documents</p>
<h2>Verdicts</h2>{verdict_table(records)}
<h2>Sites</h2><p class="left">Ranked by failing documents, then by the lines their pages keep
most often (template no rule caught).</p>{sites_table(records)}
<h2>Share of each document removed</h2>{removal_chart(records)}
<h2>Documents</h2>
<div class="controls"><label><input type="checkbox" id="only-failed"> only failed</label>
<input type="search" id="search" placeholder="search text, rule id, URL" size="40">
<span><span id="shown">{len(shown)}</span> shown</span></div>
{"".join(document_html(r) for r in shown)}
{f"<p>{more} more documents not shown (the page shows {MAX_DOCUMENTS}).</p>" if more else ""}
<script>{SCRIPT}</script>
</body></html>
"""
