"""`cleaner report RESULTS.jsonl -o report.html`: one self-contained page to review a batch.

The page holds the sites table (``cleaner.authoring.triage``), verdict counts, a chart of how
much of each document was removed, and documents with their original lines, removed ones struck
through and labelled with the rule that removed them; a failed or doubtful document says why
(the verdict's reason) and its evidence lines (the findings' lines) are highlighted. A checkbox
shows only failed documents and a search box filters by text.

The page stays small for a run of any size: the tables and the chart count every record as it
streams by, while the documents shown are all the failed ones up to FAILED_SHOWN_MAX and an
even sample of the rest up to DOCUMENTS_SHOWN, chosen by a hash of each record's place in the
run (the same results make the same page), each cut at DOCUMENT_CHARS_SHOWN; the page says
what it shows. Everything crawled is HTML-escaped, no record data is put inside the script, and
a Content-Security-Policy lets only the page's own script (by its hash) run, so a page holding
``<script>`` shows as text and does nothing.
"""

from __future__ import annotations

import base64
import hashlib
import heapq
import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.authoring.triage import SiteTally, site_key, site_rows, tally_record

DOCUMENTS_SHOWN = 500
"""Documents shown in full: at about 8 KB each, a page of 4 MB that a browser opens at once."""
FAILED_SHOWN_MAX = 300
"""Failed documents shown (all of them up to this); the rest of DOCUMENTS_SHOWN is a sample of
the other verdicts, so a run that fails badly still shows what passing looks like."""
DOCUMENT_CHARS_SHOWN = 20_000
"""Characters of one document's lines shown (about ten printed pages; a story is rarely
longer); the rest is counted, and evidence lines are shown wherever they are."""
SITES_SHOWN = 300
"""Rows of the sites table on the page; ``cleaner sites`` lists them all."""
PAGE_BYTES_MAX = 10 * 1024 * 1024
"""The page is never larger: sampled documents that would pass it are left out (and counted)."""
NOTE_BYTES_MAX = 4096
"""Room kept within PAGE_BYTES_MAX for the note on what is shown and the controls (they take a
few hundred bytes)."""
CHART_BINS = 10
CHART_WIDTH, CHART_HEIGHT = 420, 120
STATUSES = ("fail", "warn", "ok", "none", "error")
QUOTED_CHARS = 120
"""Characters of an evidence line quoted in the list of why (the line itself is shown below)."""
EVIDENCE_STATUSES = ("fail", "warn")
"""Verdicts whose reason and evidence a document's summary line shows."""


STYLE = """
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:2px 8px}
th{background:#f2f2f2}.num{text-align:right}.left{color:#555;font-size:12px}
.controls{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #ddd}
.doc{border:1px solid #ddd;margin:.6em 0;padding:.3em .6em}.doc summary{cursor:pointer}
.status-fail summary{color:#a00}.status-warn summary{color:#a60}
.line{white-space:pre-wrap;overflow-wrap:anywhere;font-family:ui-monospace,monospace;font-size:12px}
.line .n{color:#999;display:inline-block;width:3.5em}
.removed del{color:#888}.rule{background:#eee;border-radius:3px;padding:0 4px;margin-left:6px}
.finding{background:#fff3b0}.finding-note{color:#a00;font-size:11px;margin-left:6px}
.bar{fill:#4a7bd0}.error{color:#a00}.why{color:#a00}.evidence{margin:.2em 0 .5em}
.reason{font-weight:normal}.shown-note{background:#f6f6f6;padding:.4em .6em}
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


# --- one document ---------------------------------------------------------------------------


def status_of(record: dict[str, Any]) -> str:
    if "error" in record:
        return "error"
    verdict = record.get("verdict")
    status = verdict.get("status") if isinstance(verdict, dict) else None
    return status if status in STATUSES else "none"


def verdict_of(record: dict[str, Any]) -> dict[str, Any]:
    verdict = record.get("verdict")
    return verdict if isinstance(verdict, dict) else {}


def original_lines(record: dict[str, Any]) -> list[tuple[int | None, str, str | None]]:
    """(input line number, text, rule that removed it or None), in input order."""
    body = body_lines(record)
    removed = [r for r in record.get("removed") or [] if isinstance(r, dict)]
    kept_numbers = record.get("kept")
    if isinstance(kept_numbers, list) and len(kept_numbers) == len(body):
        lines = [(n, text, None) for n, text in zip(kept_numbers, body, strict=True)]
    else:  # records from before "kept" existed: removed lines first, then the body
        lines = [(None, text, None) for text in body]
    lines += [(r.get("line"), str(r.get("text", "")), str(r.get("rule", "?"))) for r in removed]
    return sorted(lines, key=lambda item: item[0] if isinstance(item[0], int) else 10**9)


def body_lines(record: dict[str, Any]) -> list[str]:
    """The cleaned body's lines (paragraphs one blank line apart, as ``cleaner clean`` writes)."""
    return [line for line in str(record.get("text") or "").split("\n\n") if line]


def findings_of(record: dict[str, Any]) -> list[dict[str, Any]]:
    findings = verdict_of(record).get("findings")
    return [f for f in findings if isinstance(f, dict)] if isinstance(findings, list) else []


def input_line_of(finding: dict[str, Any], kept: list[Any] | None) -> int | None:
    """The input line a finding points at: its ``original_line``, else its body line (the
    cleaned text's own numbering, 1, 3, 5, ... as ``cleaner clean`` writes paragraphs) mapped
    through the record's ``kept`` input line numbers."""
    number = finding.get("original_line")
    if isinstance(number, int) and number > 0:
        return number
    line = finding.get("line")
    if isinstance(line, int) and line > 0 and line % 2 and kept:
        index = (line - 1) // 2
        if index < len(kept) and isinstance(kept[index], int):
            return kept[index]
    return None


def findings_by_line(record: dict[str, Any]) -> tuple[dict[int, list[dict]], dict[str, list]]:
    """Findings keyed by input line, and by text for those whose line cannot be placed."""
    kept = record.get("kept") if isinstance(record.get("kept"), list) else None
    by_number: dict[int, list[dict]] = {}
    by_text: dict[str, list[dict]] = {}
    for finding in findings_of(record):
        number = input_line_of(finding, kept)
        if number is not None:
            by_number.setdefault(number, []).append(finding)
        elif finding.get("text"):
            by_text.setdefault(str(finding["text"]).strip(), []).append(finding)
    return by_number, by_text


def removed_share(record: dict[str, Any]) -> float:
    """The share of the input's words the cleaning removed: counted against ``input_words``
    (for HTML the page's visible text, not only what extraction kept), else, for records
    written before it existed, the share of the extracted lines removed."""
    total = record.get("input_words")
    if isinstance(total, int) and not isinstance(total, bool) and total > 0:
        kept = len(str(record.get("text") or "").split())
        return max(0.0, 1.0 - kept / total)
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


def why_html(record: dict[str, Any], status: str) -> str:
    """Why a failed or doubtful document got its verdict: the reason, then each finding with
    the input line it points at (the evidence highlighted below)."""
    if status not in EVIDENCE_STATUSES:
        return ""
    reason = verdict_of(record).get("reason") or "(the verdict gives no reason)"
    kept = record.get("kept") if isinstance(record.get("kept"), list) else None
    items = []
    for finding in findings_of(record):
        number = input_line_of(finding, kept)
        where = f"line {number}" if number is not None else "the document"
        text = str(finding.get("text") or "")
        quoted = f" “{esc(text[:QUOTED_CHARS])}”" if text else ""
        items.append(
            f"<li class='evidence-line' data-line='{esc(number or '')}'>{esc(where)}: "
            f"{esc(finding.get('severity'))} {esc(finding.get('code'))}: "
            f"{esc(finding.get('message'))}{quoted}</li>"
        )
    evidence = f"<ul class='evidence'>{''.join(items)}</ul>" if items else ""
    return f"<p class='why'><b>{esc(status)}</b>: {esc(reason)}</p>{evidence}"


def document_html(record: dict[str, Any]) -> str:
    status = status_of(record)
    name = record.get("id") or record.get("url") or f"line {record.get('line')}"
    reason = verdict_of(record).get("reason") if status in EVIDENCE_STATUSES else None
    head = (
        f"<summary><b>{esc(status)}</b>"
        + (f"<span class='reason'>: {esc(reason)}</span>" if reason else "")
        + f" {esc(name)} <span class='left'>{esc(site_key(record))}"
        f" · {esc(record.get('url') or '')} · removed {100 * removed_share(record):.0f}%"
        f"</span></summary>"
    )
    if status == "error":
        error = record.get("error") if isinstance(record.get("error"), dict) else {}
        body = f"<p class='error'>{esc(error.get('type'))}: {esc(error.get('message'))}</p>"
    else:
        title = f"<p>title: <b>{esc(record.get('title'))}</b></p>"
        body = why_html(record, status) + title + lines_html(record)
    return f"<details class='doc status-{status}' data-status='{status}'>{head}{body}</details>"


def lines_html(record: dict[str, Any], budget: int = DOCUMENT_CHARS_SHOWN) -> str:
    """The document's lines, up to ``budget`` characters; evidence lines past it still show."""
    by_number, by_text = findings_by_line(record)
    rows, hidden = [], 0
    for number, text, rule in original_lines(record):
        found = by_number.get(number, []) if number else by_text.get(text.strip(), [])
        if budget < len(text) and not found:
            hidden += 1
            continue
        budget -= len(text)
        rows.append(line_html(number, text, rule, found))
    more = f"<p class='left'>{hidden} more lines not shown</p>" if hidden else ""
    return "".join(rows) + more


# --- the whole run, streamed -----------------------------------------------------------------


@dataclass
class Sample:
    """The ``size`` records of smallest key seen so far (bottom-k sampling), rendered: memory
    stays bounded however many records stream by, and the same keys give the same sample."""

    size: int
    seen: int = 0
    heap: list[tuple[int, int, str]] = field(default_factory=list)
    """(-key, order, document HTML): the largest kept key on top, to be replaced first."""

    def offer(self, key: int, order: int, record: dict[str, Any]) -> None:
        self.seen += 1
        if len(self.heap) < self.size:
            heapq.heappush(self.heap, (-key, order, document_html(record)))
        elif key < -self.heap[0][0]:
            heapq.heapreplace(self.heap, (-key, order, document_html(record)))

    def first(self, count: int) -> list[tuple[int, str]]:
        """(order, HTML) of the ``count`` records of smallest key."""
        smallest = sorted(self.heap, reverse=True)[:count]
        return [(order, page) for _, order, page in smallest]


def sample_key(record: dict[str, Any], order: int) -> int:
    """A hash of the record's place in the run (its source, line and id)."""
    place = f"{record.get('source')}\0{record.get('line', order)}\0{record.get('id')}"
    return int.from_bytes(hashlib.blake2b(place.encode("utf-8"), digest_size=8).digest(), "big")


@dataclass
class Review:
    """What the page shows of a run: counts over every record, and the documents sampled."""

    shown: int = DOCUMENTS_SHOWN
    failed_max: int = FAILED_SHOWN_MAX
    documents: int = 0
    statuses: Counter = field(default_factory=Counter)
    bins: Counter = field(default_factory=Counter)
    tallies: dict[str, SiteTally] = field(default_factory=dict)
    samples: dict[str, Sample] = field(default_factory=dict)

    def add(self, record: dict[str, Any]) -> None:
        status = status_of(record)
        self.documents += 1
        self.statuses[status] += 1
        if status != "error":
            share = removed_share(record)
            self.bins[min(int(share * CHART_BINS), CHART_BINS - 1)] += 1
        tally_record(self.tallies, record)
        size = min(self.shown, self.failed_max) if status == "fail" else self.shown
        sample = self.samples.setdefault(status, Sample(size))
        sample.offer(sample_key(record, self.documents), self.documents, record)

    def quotas(self) -> dict[str, int]:
        """How many documents of each verdict to show: the failed ones up to ``failed_max``,
        then equal shares of what is left of ``shown`` for the others (a share a verdict
        cannot fill goes to the rest)."""
        quota = {"fail": min(self.statuses["fail"], self.failed_max, self.shown)}
        room = self.shown - quota["fail"]
        others = [s for s in STATUSES if s != "fail" and self.statuses[s]]
        for s in others:
            quota[s] = 0
        while room > 0:
            open_ = [s for s in others if quota[s] < self.statuses[s]]
            if not open_:
                break
            share = max(1, room // len(open_))
            for s in open_:
                take = min(share, self.statuses[s] - quota[s], room)
                quota[s] += take
                room -= take
        return quota

    def chosen(self) -> dict[str, list[tuple[int, str]]]:
        """(order, HTML) of the documents to show, by verdict."""
        return {s: self.samples[s].first(n) for s, n in self.quotas().items() if n}


def gather(records: Iterable[dict[str, Any]], shown: int = DOCUMENTS_SHOWN) -> Review:
    """One pass over the records: counts, site tallies and the sample of documents."""
    review = Review(shown=shown)
    for record in records:
        review.add(record)
    return review


# --- the whole page ------------------------------------------------------------------------


def verdict_table(statuses: Counter) -> str:
    cells = "".join(
        f"<tr><td>{s}</td><td class='num'>{statuses.get(s, 0)}</td></tr>" for s in STATUSES
    )
    return f"<table id='verdicts'><tr><th>verdict</th><th>documents</th></tr>{cells}</table>"


def sites_table(tallies: dict[str, SiteTally], limit: int = SITES_SHOWN) -> str:
    rows = site_rows(tallies)
    body = "".join(
        f"<tr><td>{esc(r['site'])}</td><td class='num'>{r['documents']}</td>"
        f"<td class='num'>{r['fail']}</td><td class='num'>{100 * r['fail_share']:.0f}%</td>"
        f"<td class='num'>{r['score']:.1f}</td><td>"
        + "<br>".join(
            f"<span class='left'>{100 * i['share']:.0f}%: {esc(i['line'])}</span>"
            for i in r["left"]
        )
        + "</td></tr>"
        for r in rows[:limit]
    )
    header = (
        "<tr><th>site</th><th>docs</th><th>fail</th><th>fail %</th><th>need</th>"
        "<th>lines left</th></tr>"
    )
    rest = rows[limit:]
    more = (
        f"<p class='left'>{len(rest)} more sites ({sum(r['documents'] for r in rest)} "
        "documents) not listed here: <code>cleaner sites RESULTS</code> lists every site.</p>"
        if rest
        else ""
    )
    return f"<table id='sites'>{header}{body}</table>{more}"


def removal_chart(bins: Counter) -> str:
    """An SVG histogram: how many documents had each tenth of their input's words removed."""
    tallest = max(bins.values(), default=1)
    width = CHART_WIDTH / CHART_BINS
    bars = []
    for index in range(CHART_BINS):
        height = (CHART_HEIGHT - 20) * bins.get(index, 0) / tallest
        x, y = index * width, CHART_HEIGHT - 20 - height
        tip = f"{index * 10}-{index * 10 + 10}% removed: {bins.get(index, 0)} documents"
        bars.append(
            f"<rect class='bar' x='{x + 2:.0f}' y='{y:.0f}' width='{width - 4:.0f}' "
            f"height='{height:.0f}' data-documents='{bins.get(index, 0)}'><title>{tip}</title>"
            f"</rect><text x='{x + width / 2:.0f}' y='{CHART_HEIGHT - 6}' font-size='10' "
            f"text-anchor='middle'>{index * 10}%</text>"
        )
    return (
        f"<svg id='removal-chart' width='{CHART_WIDTH}' height='{CHART_HEIGHT}' role='img' "
        f"aria-label='documents by share of their input removed'>{''.join(bars)}</svg>"
    )


def script_hash() -> str:
    digest = hashlib.sha256(SCRIPT.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def shown_note(review: Review, shown: dict[str, int], cut: int) -> str:
    """What the documents section holds, in words: 'showing 500 of 100000 documents: all 120
    failed ones (up to 300), and a sample of the rest: 127 of 9000 warn, ...'."""
    total = sum(shown.values())
    if total == review.documents:
        return f"Showing all {total} documents."
    fails, failed = shown.get("fail", 0), review.statuses["fail"]
    cap = min(review.failed_max, review.shown)
    if fails == failed:
        fail_part = f"all {failed} failed ones (up to {cap})"
    else:
        fail_part = f"{fails} of the {failed} failed ones (up to {cap})"
    rest = ", ".join(
        f"{shown.get(s, 0)} of {review.statuses[s]} {s}"
        for s in STATUSES
        if s != "fail" and review.statuses[s]
    )
    text = (
        f"Showing {total} of {review.documents} documents: {fail_part}, and a sample of "
        f"the rest: {rest or 'none'}. The sample is drawn by a hash of each record's place in "
        "the run, so the same results give the same page; the tables and the chart above count "
        "every document."
    )
    if cut:
        text += f" {cut} sampled documents were left out to keep the page under "
        text += f"{PAGE_BYTES_MAX // (1024 * 1024)} MB."
    return text


def documents_within(review: Review, budget: int) -> tuple[list[str], dict[str, int], int]:
    """The documents' HTML (failed first, then input order) within ``budget`` bytes, how many
    of each verdict made it, and how many were left out for size."""
    chosen = review.chosen()
    ordered = sorted(
        ((status != "fail", order, status, page) for status, items in chosen.items()
         for order, page in items)
    )  # fmt: skip
    pages, shown, cut = [], Counter(), 0
    for _, _, status, page in ordered:
        size = len(page.encode("utf-8"))
        if size > budget:
            cut += 1
            continue
        budget -= size
        pages.append(page)
        shown[status] += 1
    return pages, dict(shown), cut


def render_review(review: Review, source: str) -> str:
    """The whole review page as one HTML string."""
    name = esc(Path(source).name)
    policy = f"default-src 'none'; style-src 'unsafe-inline'; script-src '{script_hash()}'"
    top = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<title>cleaner report: {name}</title><style>{STYLE}</style></head><body>
<h1>cleaner report: {name}</h1>
<p>{review.documents} documents</p>
<h2>Verdicts</h2>{verdict_table(review.statuses)}
<h2>Sites</h2><p class="left">Ranked by the evidence that a site needs rules ("need": its
failing pages and the pages keeping its most common template line, each counted only as far as
the site's number of pages supports it, so a one-page site that failed ranks low).</p>
{sites_table(review.tallies)}
<h2>Share of each document removed</h2><p class="left">Of the input's words: for HTML, the
page's visible text before extraction; for a text dump, the whole dump.</p>
{removal_chart(review.bins)}
<h2>Documents</h2>
"""
    tail = f"\n<script>{SCRIPT}</script>\n</body></html>\n"
    room = PAGE_BYTES_MAX - len((top + tail).encode("utf-8")) - NOTE_BYTES_MAX
    pages, shown, cut = documents_within(review, room)
    controls = f"""<p class="shown-note" id="shown-note">{esc(shown_note(review, shown, cut))}</p>
<div class="controls"><label><input type="checkbox" id="only-failed"> only failed</label>
<input type="search" id="search" placeholder="search text, rule id, URL" size="40">
<span><span id="shown">{len(pages)}</span> shown</span></div>
"""
    return top + controls + "".join(pages) + tail


def render_page(
    records: Iterable[dict[str, Any]], source: str, shown: int = DOCUMENTS_SHOWN
) -> str:
    """The review page of cleaned records (any iterable: they are read once)."""
    return render_review(gather(records, shown), source)
