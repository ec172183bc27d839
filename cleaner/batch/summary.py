"""The summary of a batch run: what came in, what came out, and which rules did the work.

Counts add up by construction: every input record is counted once, as cleaned or as an error.
Engines build one Summary per shard and merge them, so local and Dask runs report alike.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cleaner.authoring.lint import observable
from cleaner.authoring.triage import SiteTally, site_rows
from cleaner.rulebook.load import Rulebook

TOP_ROWS = 10
"""How many sites and rules the stderr summary lists; the JSON report lists all."""
NEED_SCORE_LISTED = 1.0
"""A site is named as needing rules when its evidence is worth at least one failing page
(``triage.need_score``): three pages of three failing (1.4) are, one of one (0.3) or two of
two (0.8) are not, so a run of one-page sites that failed does not fill the list."""
COUNTERS = ("errors", "verdicts", "sites", "rules_fired", "paths", "routes", "templated")


class Outcome(NamedTuple):
    """One cleaned (or failed) record as a worker returns it: the JSONL line and its tallies."""

    line: bytes
    error: str | None
    sites: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    verdict: str | None = None
    site: str = ""
    """The site the document counts under in the triage table (``triage.site_key``)."""
    left: tuple[str, ...] = ()
    """Its short kept lines, to find the template lines a site's pages keep."""
    blank: bool = False
    """A blank input line: no output record, counted apart from the documents."""
    warned: bool = False
    path: str | None = None
    """Which cleaning path made the body (``fallback``: a repair)."""
    route: str | None = None
    """HTML: how extraction read the page (``site``, ``fast``, ``full``); None for text."""
    damage: str | None = None
    """For a DamagedInput error record: where the input broke (file, offset, what is lost)."""
    template_lines: tuple[int, int] = (0, 0)
    """Kept lines its verdict flagged as site template, and template lines removed."""


@dataclass
class Summary:
    """Running totals over the records of a run."""

    documents: int = 0
    cleaned: int = 0
    blank_lines: int = 0
    warned: int = 0
    seconds: float | None = None
    errors: Counter = field(default_factory=Counter)
    verdicts: Counter = field(default_factory=Counter)
    sites: Counter = field(default_factory=Counter)
    rules_fired: Counter = field(default_factory=Counter)
    by_site: dict[str, SiteTally] = field(default_factory=dict)
    paths: Counter = field(default_factory=Counter)
    routes: Counter = field(default_factory=Counter)
    """HTML pages by extraction route (``cleaner.html.extract.Route``)."""
    damaged: list[str] = field(default_factory=list)
    """One line for each input whose stream broke: the run wrote what it could read of it."""
    templated: Counter = field(default_factory=Counter)
    """Site templates at work: documents with template lines flagged or removed, and lines."""
    site_templates: dict[str, Any] = field(default_factory=dict)
    """What the run learned of site templates (``TemplateMemory.report``) and its mode."""

    def add(self, outcome: Outcome) -> None:
        if outcome.blank:
            self.blank_lines += 1
            return
        self.documents += 1
        self.warned += outcome.warned
        if outcome.error is not None:
            self.errors[outcome.error] += 1
            self.damaged += [outcome.damage] if outcome.damage else []
            return
        self.cleaned += 1
        self.sites.update(outcome.sites or ("(no site)",))
        self.rules_fired.update(outcome.rules)
        if outcome.verdict is not None:
            self.verdicts[outcome.verdict] += 1
        if outcome.site:
            self.by_site.setdefault(outcome.site, SiteTally()).add(outcome.verdict, outcome.left)
        if outcome.path is not None:
            self.paths[outcome.path] += 1
        if outcome.route is not None:
            self.routes[outcome.route] += 1
        self.add_template_lines(*outcome.template_lines)

    def add_template_lines(self, flagged: int, removed: int) -> None:
        for name, count in (("flagged", flagged), ("removed", removed)):
            if count:
                self.templated[f"documents_{name}"] += 1
                self.templated[f"lines_{name}"] += count

    def merge(self, other: Summary) -> None:
        self.documents += other.documents
        self.cleaned += other.cleaned
        self.blank_lines += other.blank_lines
        self.warned += other.warned
        self.damaged += other.damaged
        for name in COUNTERS:
            getattr(self, name).update(getattr(other, name))
        for site, tally in other.by_site.items():
            self.by_site.setdefault(site, SiteTally()).merge(tally)

    def counts(self) -> dict[str, Any]:
        """The totals as plain data (for sending back from a Dask worker)."""
        return {
            "documents": self.documents,
            "cleaned": self.cleaned,
            "blank_lines": self.blank_lines,
            "warned": self.warned,
            "errors": dict(self.errors),
            "verdicts": dict(self.verdicts),
            "sites": dict(self.sites),
            "rules_fired": dict(self.rules_fired),
            "by_site": {site: tally.counts() for site, tally in self.by_site.items()},
            "paths": dict(self.paths),
            "routes": dict(self.routes),
            "templated": dict(self.templated),
            "damaged": list(self.damaged),
        }

    @classmethod
    def from_counts(cls, counts: dict[str, Any]) -> Summary:
        summary = cls(documents=counts["documents"], cleaned=counts["cleaned"])
        summary.blank_lines = counts.get("blank_lines", 0)
        summary.warned = counts.get("warned", 0)
        summary.damaged = list(counts.get("damaged", []))
        for name in COUNTERS:
            getattr(summary, name).update(counts.get(name, {}))
        summary.by_site = {
            s: SiteTally.from_counts(c) for s, c in counts.get("by_site", {}).items()
        }
        return summary

    def templated_counts(self) -> dict[str, int]:
        return {
            name: self.templated[name]
            for name in ("documents_flagged", "lines_flagged", "documents_removed", "lines_removed")
        }

    def report(self, rulebook: Rulebook) -> dict[str, Any]:
        """The full report: the totals, sorted, plus the rules that never fired of the files
        that could have: the generic files and the site files of the sites seen."""
        report = self.counts()
        for name in COUNTERS:
            report[name] = dict(getattr(self, name).most_common())
        report["rules_never_fired"] = sorted(
            rules_in_play(rulebook, self.sites) - set(self.rules_fired)
        )
        if self.seconds is not None:
            report["seconds"] = round(self.seconds, 3)
            report["docs_per_second"] = round(self.documents / max(self.seconds, 1e-9), 1)
        del report["by_site"], report["templated"]
        report["sites_table"] = site_rows(self.by_site)
        if self.site_templates:
            report["site_templates"] = {**self.site_templates, **self.templated_counts()}
        return report


def rules_in_play(rulebook: Rulebook, sites_seen: Iterable[str]) -> set[str]:
    """Ids of the removing rules that applied to some document of the run: every generic
    file's, and those of the site files that matched a document (a site absent from the crawl
    had no chance to fire)."""
    seen = set(sites_seen)
    return {
        rule.id
        for rule_file in rulebook.files
        if rule_file.generic or rule_file.name in seen
        for rule in rule_file.rules
        if observable(rule)
    }


def render_summary(report: dict[str, Any]) -> str:
    """The report as a few lines for stderr."""
    errors = sum(report["errors"].values())
    first = f"documents: {report['documents']}, cleaned: {report['cleaned']}, errors: {errors}"
    if report.get("blank_lines"):
        first += f", blank lines skipped: {report['blank_lines']}"
    lines = [first]
    if "seconds" in report:
        lines.append(f"time: {report['seconds']:.2f} s, {report['docs_per_second']:g} docs/s")
    lines += [f"  error {name}: {count}" for name, count in report["errors"].items()]
    if report.get("warned"):
        lines.append(f"documents with warnings: {report['warned']} (see their 'warnings' key)")
    if report["verdicts"]:
        lines.append("verdicts: " + ", ".join(f"{k} {v}" for k, v in report["verdicts"].items()))
    if report.get("paths"):
        repairs = report["paths"].get("fallback", 0)
        lines.append(f"repairs (site rules' body replaced by the generic path): {repairs}")
    if report.get("routes"):
        lines.append("HTML routes: " + ", ".join(f"{k} {v}" for k, v in report["routes"].items()))
    if report.get("site_templates"):
        lines.append(templates_line(report["site_templates"]))
    lines.append("sites: " + top(report["sites"]))
    lines.append("rules fired (documents): " + top(report["rules_fired"]))
    lines += [f"  {line}" for line in worst_sites(report.get("sites_table", []))]
    never = report["rules_never_fired"]
    shown = ", ".join(never[:TOP_ROWS]) + (" ..." if len(never) > TOP_ROWS else "")
    lines.append(
        f"rules never fired (of the generic rules and the seen sites' rules): {len(never)}"
        + (f" ({shown})" if never else "")
    )
    return "\n".join(lines) + "\n"


def top(counts: dict[str, int]) -> str:
    items = list(counts.items())
    shown = ", ".join(f"{name} {count}" for name, count in items[:TOP_ROWS])
    more = len(items) - TOP_ROWS
    return (shown or "none") + (f" (+{more} more)" if more > 0 else "")


def write_report(path: str, report: dict[str, Any]) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(report, handle, ensure_ascii=False, indent=2)
        handle.write("\n")


def worst_sites(rows: list[dict[str, Any]]) -> list[str]:
    """The sites most in need of rules, one line each: 'example.com: 412 documents, 38% fail,
    'Sign up for our newsletter' left on 91%'; sites of too little evidence are not named."""
    lines = []
    for row in rows[:TOP_ROWS]:
        if row.get("score", NEED_SCORE_LISTED) < NEED_SCORE_LISTED:
            break  # the table is in score order: the rest is weaker still
        if not row["fail"] and not row["left"]:
            continue
        text = f"{row['site']}: {row['documents']} documents, {100 * row['fail_share']:.0f}% fail"
        if row["left"]:
            first = row["left"][0]
            text += f", {first['line'][:60]!r} left on {100 * first['share']:.0f}%"
        lines.append(text)
    return (["sites needing rules (cleaner sites REPORT.json):"] if lines else []) + lines


def templates_line(learned: dict[str, Any]) -> str:
    """What the site templates did, in one line."""
    if learned["mode"] == "off":
        return "site templates: off" + (f" ({learned['note']})" if learned.get("note") else "")
    text = (
        f"site templates ({learned['mode']}): {learned['template_lines']} template lines on "
        f"{learned['sites']} sites; flagged in {learned['documents_flagged']} documents "
        f"({learned['lines_flagged']} lines)"
    )
    if learned["mode"] == "remove":
        text += f", removed from {learned['documents_removed']} ({learned['lines_removed']} lines)"
    return text
