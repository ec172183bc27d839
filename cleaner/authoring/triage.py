"""Which sites need rules: cleaned documents grouped by site and ranked.

A document's site is the rule file that matched it, else its URL's registrable domain
(``cleaner.domains``). Sites are
ranked by the evidence that rules would pay (``need_score``): how many pages they have, how many
of them the validator failed, and the lines their pages keep most often (a line left on many
pages of one site is template no rule caught: "Sign up for our newsletter" left on 91% of
example.com). A one-page site that failed is weak evidence and ranks below a large site where a
share of the pages fail. Batch runs tally this as they go
(``cleaner.batch.summary``); ``cleaner sites`` and ``cleaner report`` read it back from a
``--report`` file or from the output JSONL.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cleaner.domains import registrable_domain
from cleaner.text import squash_whitespace

NO_SITE = "(no site)"
LEFT_LINE_MAX_CHARS = 200
"""Template lines are short; longer kept lines are story and are not tallied."""
MAX_TALLIED_LINES = 5_000
"""Distinct lines a site's tally holds; past it, lines seen once are dropped (a template line
recurs, so it survives), which keeps memory flat over a dump of any size."""
LEFT_MIN_DOCUMENTS = 2
LEFT_MIN_SHARE = 0.2
"""A kept line is reported as left template when on at least this share of a site's pages."""
LEFT_SHOWN = 5
EVIDENCE_Z = 1.645
"""A site's failing (or template-keeping) share is taken at the lower end of its one-sided 95%
Wilson interval: one failing page of one is a share of 0.27, five of five 0.65, 30 of 100 0.23;
the fewer the pages, the less a share of them is believed."""
LEFT_LINE_WEIGHT = 0.5
"""A page keeping a template line counts half a failing page: a fail is a body materially wrong
(about a sixth of its words), a left line is usually one short line of junk."""
MAX_REMEMBERED_BODIES = 100_000
"""Bodies a site's tally remembers to skip exact duplicates (a story crawled twice would
otherwise read as template); past it, new bodies are counted without the check."""


def site_key(record: dict[str, Any]) -> str:
    """The site a cleaned record counts under: its matched rule file, else its domain."""
    sites = record.get("sites") or []
    if sites and isinstance(sites[0], str):
        return sites[0]
    url = record.get("url")
    return registrable_domain(url if isinstance(url, str) else None) or NO_SITE


def left_lines(text: str) -> tuple[str, ...]:
    """The short kept lines of a body, each once, in order."""
    found = (squash_whitespace(line) for line in text.split("\n"))
    return tuple(dict.fromkeys(line for line in found if line and len(line) <= LEFT_LINE_MAX_CHARS))


def verdict_status(record: dict[str, Any]) -> str | None:
    verdict = record.get("verdict")
    status = verdict.get("status") if isinstance(verdict, dict) else None
    return status if isinstance(status, str) else None


@dataclass
class SiteTally:
    """Running counts of one site: documents, verdicts, and the kept lines pages share."""

    documents: int = 0
    verdicts: Counter = field(default_factory=Counter)
    left: Counter = field(default_factory=Counter)
    bodies: set[str] = field(default_factory=set, repr=False)

    def add(self, status: str | None, lines: tuple[str, ...]) -> None:
        self.documents += 1
        if status:
            self.verdicts[status] += 1
        digest = hashlib.blake2b("\n".join(lines).encode("utf-8"), digest_size=8).hexdigest()
        if digest in self.bodies:
            return
        if len(self.bodies) < MAX_REMEMBERED_BODIES:
            self.bodies.add(digest)
        self.left.update(lines)
        self.bound()

    def merge(self, other: SiteTally) -> None:
        self.documents += other.documents
        self.verdicts.update(other.verdicts)
        self.left.update(other.left)
        self.bound()

    def bound(self) -> None:
        if len(self.left) > MAX_TALLIED_LINES:
            self.left = Counter({line: n for line, n in self.left.items() if n > 1})

    def counts(self) -> dict[str, Any]:
        return {"documents": self.documents, "verdicts": dict(self.verdicts),
                "left": dict(self.left)}  # fmt: skip

    @classmethod
    def from_counts(cls, counts: dict[str, Any]) -> SiteTally:
        return cls(counts["documents"], Counter(counts["verdicts"]), Counter(counts["left"]))

    def row(self, site: str) -> dict[str, Any]:
        """The site's line of the triage table."""
        needed = max(LEFT_MIN_DOCUMENTS, LEFT_MIN_SHARE * self.documents)
        shown = [(line, n) for line, n in self.left.most_common() if n >= needed][:LEFT_SHOWN]
        fail = self.verdicts.get("fail", 0)
        left = max((n for _, n in shown), default=0)
        return {
            "site": site,
            "documents": self.documents,
            "fail": fail,
            "warn": self.verdicts.get("warn", 0),
            "fail_share": round(fail / self.documents, 4) if self.documents else 0.0,
            "score": round(need_score(self.documents, fail, left), 2),
            "left": [
                {"line": line, "documents": n, "share": round(n / self.documents, 4)}
                for line, n in shown
            ],
        }


def need_score(documents: int, fail: int, left: int) -> float:
    """How many of a site's pages show it needs rules, counting only what its page count
    supports: the lower bound of its failing share, plus LEFT_LINE_WEIGHT times that of its
    pages keeping its most common template line, times its pages."""
    if not documents:
        return 0.0
    believed = share_lower_bound(fail, documents)
    believed += LEFT_LINE_WEIGHT * share_lower_bound(left, documents)
    return documents * believed


def share_lower_bound(hits: int, total: int, z: float = EVIDENCE_Z) -> float:
    """The lower end of the Wilson score interval of the share ``hits / total``."""
    if not total or not hits:
        return 0.0
    share, spread = hits / total, z * z / total
    centre = share + spread / 2
    margin = z * math.sqrt(share * (1 - share) / total + spread / (4 * total))
    return max(0.0, (centre - margin) / (1 + spread))


def site_rows(tallies: dict[str, SiteTally]) -> list[dict[str, Any]]:
    """The triage table: the sites with the most evidence of needing rules first."""
    rows = [tally.row(site) for site, tally in tallies.items()]
    return sorted(rows, key=lambda r: (-r["score"], -r["fail"], -r["documents"], r["site"]))


def tallies_from_records(records: Iterable[dict[str, Any]]) -> dict[str, SiteTally]:
    """Tallies over cleaned records (error records are skipped)."""
    tallies: dict[str, SiteTally] = {}
    for record in records:
        tally_record(tallies, record)
    return tallies


def tally_record(tallies: dict[str, SiteTally], record: dict[str, Any]) -> None:
    """Count one cleaned record under its site (an error record is not counted)."""
    if "error" in record or not isinstance(record.get("text"), str):
        return
    tally = tallies.setdefault(site_key(record), SiteTally())
    tally.add(verdict_status(record), left_lines(record["text"]))


def read_json_file(path: str) -> list[dict[str, Any]] | dict[str, Any] | None:
    """The whole file as one JSON value when its first line is not a record on its own
    (a ``--report`` file, ``cleaner clean --format json`` output); None for JSONL."""
    from cleaner.io.compression import open_read

    try:
        with open_read(path) as stream:
            first = stream.readline()
            try:
                json.loads(first)
                return None
            except ValueError:
                return json.loads(first + stream.read())
    except (OSError, EOFError) as exc:
        raise ValueError(f"{path}: cannot read: {getattr(exc, 'strerror', None) or exc}") from exc
    except (ValueError, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: not a report, JSON or JSONL of cleaned records") from exc


def read_records(path: str) -> Iterator[dict[str, Any]]:
    """Cleaned records of a JSONL file (plain, .gz, .zst) or of one JSON document, streamed.

    ValueError names the first line that is not JSON, and the first record that is not what
    ``cleaner clean`` writes (raw crawl records, a report): nothing is counted from such a file.
    """
    from cleaner.io.cleaned import jsonl_values

    whole = read_json_file(path)
    if whole is None:
        numbered = jsonl_values(path)
    else:
        numbered = enumerate(whole if isinstance(whole, list) else [whole], 1)
    for number, record in numbered:
        if not is_cleaned_record(record):
            raise ValueError(f"{path}:{number}: {NOT_CLEANED}")
        yield record


NOT_CLEANED = (
    "not a cleaned record: expected the output of `cleaner clean` (records with 'text' and "
    "'removed', or error records), not its input"
)


def is_cleaned_record(record: Any) -> bool:
    """A record ``cleaner clean`` writes: a cleaned document, or an error record."""
    if not isinstance(record, dict):
        return False
    if "error" in record:
        return "text" not in record
    return isinstance(record.get("text"), str) and isinstance(record.get("removed"), list)


def read_site_rows(path: str) -> list[dict[str, Any]]:
    """The triage table from a ``--report`` JSON file or from cleaned records (JSONL).

    Raises ValueError with a one-line reason when the file is neither.
    """
    report = read_json_file(path)
    if isinstance(report, dict) and isinstance(report.get("sites_table"), list):
        return report["sites_table"]
    if isinstance(report, dict) and "rules_fired" in report:
        raise ValueError(f"{path}: a report without a sites table (made by an older cleaner)")
    return site_rows(tallies_from_records(read_records(path)))


def render_sites(rows: list[dict[str, Any]], limit: int | None = None) -> str:
    """The table for a terminal: one line per site, then its most-left lines indented.
    ``need`` is the site's ``need_score``, the order of the table."""
    out = [f"{'site':<30} {'docs':>7} {'fail':>7} {'fail%':>6} {'need':>7}"]
    for row in rows[:limit] if limit else rows:
        out.append(
            f"{row['site']:<30} {row['documents']:>7} {row['fail']:>7} "
            f"{100 * row['fail_share']:>5.0f}% {row.get('score', 0):>7.1f}"
        )
        out += [
            f"    left on {100 * item['share']:.0f}% ({item['documents']}): {item['line']!r}"
            for item in row["left"]
        ]
    return "\n".join(out) + "\n"
