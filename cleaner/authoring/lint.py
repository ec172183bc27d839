"""Lint rule files beyond what the loader checks: `cleaner test-rules` runs all of this.

The loader already refuses a file with an unknown key, a bad regex or selector, a rule with no
description or no junk example, or a duplicate id. Here: every rule's examples (junk caught,
keep left alone), rules with no keep example, files with no description, a rule that catches
a line of a golden body in its zone, an ``[html]`` selector that matches nothing in any fixture
page of its site, and dead rules: a rule that removed nothing over a corpus (``--corpus``) or over a
batch run (``--report``), counted only for files that applied to some document there.
Every problem is one ``path:line: subject: message`` line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import regex

from cleaner.document import Document
from cleaner.html.directives import SELECTOR_KEYS, Selector
from cleaner.rulebook.examples import catches, example_failures
from cleaner.rulebook.kinds import kind_of
from cleaner.rulebook.load import Rulebook
from cleaner.rulebook.rules import REGEX_TIMEOUT_SECONDS, Matcher, RegexTimeout, Rule, RuleFile
from cleaner.zones import Zones

if TYPE_CHECKING:
    from lxml import etree


@dataclass(frozen=True, slots=True)
class Problem:
    """One lint finding: where (``path:line``), about what (rule id or file), and what."""

    where: str
    subject: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.subject}: {self.message}"


def line_of(path: str, needle: str, default: int = 1) -> int:
    """The first line of a rule file holding ``needle`` (a selector), for error messages."""
    try:
        lines = Path(path).read_text("utf-8").splitlines()
    except OSError:
        return default
    quoted = json.dumps(needle)
    for number, text in enumerate(lines, 1):
        if quoted in text or f"'{needle}'" in text:
            return number
    return default


# --- the rules on their own ----------------------------------------------------------------


def example_problems(rulebook: Rulebook) -> list[Problem]:
    from cleaner.html.examples import html_example_failures

    problems = []
    for rule_file in rulebook.files:
        for rule in rule_file.rules:
            problems += [Problem(rule.source, rule.id, m) for m in example_failures(rule)]
            if not rule.examples.keep:
                message = "no examples.keep: add a body line the rule must leave alone"
                problems.append(Problem(rule.source, rule.id, message))
        for failure in html_example_failures(rule_file):
            where, _, message = failure.partition(": ")
            problems.append(Problem(f"{where}:1", rule_file.name, message))
        if not rule_file.description.strip():
            problems.append(Problem(f"{rule_file.path}:1", rule_file.name, "no description"))
    return problems


# --- slow patterns -------------------------------------------------------------------------

PROBE_LENGTHS = (300, 3_000)
"""Probe lengths: backtracking that explodes shows by a few hundred characters, one that grows
with the square of the line by a few thousand (a long paragraph of a text dump)."""
PROBE_TAILS = ("", "§", "!")
"""What ends a probe: nothing, or a character the pattern will not take there, so that a
nested repeat tries every way to split the run before it gives up."""
PROBE_UNITS = ("a", "A", "1", " ", ".", "a ", "1,")
"""Runs every pattern is probed with: a word, a number, spaces and the pairs they come in."""
PROBE_SHOWN = 8
"""Characters of a slow probe shown in the message (its run), then its last one."""
PROBE_RUN = regex.compile(r"[\p{L}\p{N}]{2,12}")
"""Letter runs of a pattern's own source ('ab' in '(ab|a)+$') are probed repeated too."""


def probes(source: str) -> list[str]:
    """Lines built to make a backtracking regex slow: runs of the characters the pattern
    names (and of common ones) repeated to a few thousand characters, then a tail."""
    units = dict.fromkeys([*PROBE_UNITS, *(c for c in source if c.isprintable() and c != "\\"),
                           *PROBE_RUN.findall(source)])  # fmt: skip
    return [
        (unit * (length // len(unit) + 1))[:length] + tail
        for length in PROBE_LENGTHS
        for unit in units
        for tail in PROBE_TAILS
    ]


def first_slow_probe(matcher: Matcher) -> str | None:
    """The first probe on which the matcher's regex runs past its timeout, if any."""
    if matcher.pattern is None:
        return None
    for probe in probes(matcher.pattern.pattern):
        try:
            matcher.search(probe)
        except RegexTimeout:
            return probe
    return None


def slow_pattern_problems(rulebook: Rulebook) -> list[Problem]:
    """Rules whose ``pattern`` (or ``until_pattern``) runs past the regex timeout on a probe:
    in a batch such a rule silently skips the lines it was written for, and costs time."""
    problems = []
    for rule in (r for f in rulebook.files for r in f.rules):
        for key, matcher in (("pattern", rule.marker), ("until_pattern", rule.until)):
            probe = first_slow_probe(matcher) if matcher is not None else None
            if probe is not None:
                shown = f"{probe[:PROBE_SHOWN]}...{probe[-1]}"
                message = (
                    f"slow {key}: runs past the {REGEX_TIMEOUT_SECONDS}s regex timeout on a "
                    f"{len(probe)}-character line ({shown!r}); a nested or overlapping repeat "
                    "such as (a+)+ lets one run be matched many ways: rewrite it so it cannot"
                )
                problems.append(Problem(rule.source, rule.id, message))
    return problems


# --- against fixtures ----------------------------------------------------------------------


def golden_body_problems(rulebook: Rulebook, fixtures: Iterable[Path]) -> list[Problem]:
    """Rules that catch a line of a golden body where the engine would apply them (trims
    excepted: they cut inside lines)."""
    problems = []
    rules = [r for f in rulebook.files for r in f.rules if not kind_of(r).residual_inline]
    for folder in fixtures:
        for path in sorted(folder.rglob("*.expected.txt")):
            for number, line, rule in golden_catches(rules, path.read_text("utf-8")):
                message = f"catches a line of golden body {path}:{number}: {line[:70]!r}"
                problems.append(Problem(rule.source, rule.id, message))
    return problems


BODY_BOUNDED_ZONES = ("head", "tail")
"""The zones a golden body bounds no narrower than its page did: bounded by the first and last
prose lines, which the body keeps."""


@dataclass(frozen=True, slots=True)
class GoldenLine:
    """A golden body's line and its line number in the expected file."""

    number: int
    text: str


def golden_catches(rules: list[Rule], body: str) -> Iterator[tuple[int, str, Rule]]:
    """(line number, line, rule) for each line of a golden body a rule catches in its zone.

    Zones are drawn over the body's lines as the engine draws them over a page's: a golden body
    holds fewer lines than the page did, so its head and tail reach at least as far as the
    engine's did (a ``head`` rule that would fire on the page is still caught here), and a
    ``head`` byline rule is not charged with a byline the page keeps below the story's deck,
    where the engine never applies it.
    """
    lines = [GoldenLine(n, text) for n, text in enumerate(body.splitlines(), 1) if text.strip()]
    zones = Zones.of(lines)
    for index, line in enumerate(lines):
        for rule in rules:
            zoned = rule.zone not in BODY_BOUNDED_ZONES or zones.contains(rule.zone, index)
            if zoned and catches(rule, line.text):
                yield line.number, line.text, rule


def fixture_url(page: Path) -> str | None:
    meta = page.with_name(page.name.removesuffix(page.suffix) + ".expected.json")
    try:
        url = json.loads(meta.read_text("utf-8")).get("url")
    except (OSError, ValueError, AttributeError):
        return None
    return url if isinstance(url, str) else None


def site_fixture_pages(
    rule_file: RuleFile, rulebook: Rulebook, fixtures: Iterable[Path]
) -> Iterator[Path]:
    """HTML fixture pages of a site: their URL finds the file, or they sit in its folder."""
    names = {rule_file.name, *rule_file.domains}
    for folder in fixtures:
        for page in sorted(folder.rglob("*.html")):
            url = fixture_url(page)
            if rule_file in rulebook.sites_for_url(url) or page.parent.name in names:
                yield page


def site_selectors(rule_file: RuleFile) -> list[tuple[str, Selector]]:
    """A file's ``[html]`` selectors with their keys, in the order the file documents them."""
    return [(key, s) for key in SELECTOR_KEYS for s in rule_file.html.selectors(key)]


def selectors_found(
    selectors: list[tuple[str, Selector]], tree: etree._Element
) -> set[tuple[str, Selector]]:
    """The selectors that match some element of a page (the lint's test of a used selector)."""
    from cleaner.html.prune import select

    return {(key, s) for key, s in selectors if select(tree, s.xpath)}


def selector_problems(rulebook: Rulebook, fixtures: list[Path]) -> list[Problem]:
    """``[html]`` selectors that match no element of any fixture page of their site: a typo,
    or a template the site no longer uses. One page of each template era is enough."""
    from cleaner.html.parse import PageError, parse_html

    problems = []
    for rule_file in rulebook.sites:
        selectors = site_selectors(rule_file)
        pages = list(site_fixture_pages(rule_file, rulebook, fixtures)) if selectors else []
        if not pages:
            continue
        trees = []
        for page in pages:
            try:
                trees.append(parse_html(page.read_bytes()))
            except (OSError, PageError) as exc:
                problems.append(Problem(f"{page}:1", rule_file.name, f"cannot read: {exc}"))
        found = set().union(*(selectors_found(selectors, tree) for tree in trees))
        for key, selector in selectors:
            if (key, selector) not in found:
                where = f"{rule_file.path}:{line_of(rule_file.path, selector.source)}"
                message = f"html.{key} selector {selector.source!r} matches nothing in "
                message += f"{len(pages)} fixture page(s)"
                problems.append(Problem(where, rule_file.name, message))
    return problems


# --- dead rules ----------------------------------------------------------------------------


def observable(rule: Rule) -> bool:
    """Rules whose work shows as a removal (a meta rule that keeps its line does not)."""
    return rule.remove


def dead_rule_problems(
    rulebook: Rulebook, fired: set[str], applied: set[str], source: str
) -> list[Problem]:
    """Rules that never fired, of files that applied to some document there.

    Site files apply by domain or signature; your own generic files apply to every document.
    The bundled generic files are written for every site on the web, so one corpus not
    exercising a rule of theirs says nothing: they are left out.
    """
    from cleaner.rulebook.load import bundled_rules_dir

    bundled = bundled_rules_dir().resolve()
    problems = []
    for rule_file in rulebook.files:
        own_generic = rule_file.generic and bundled not in Path(rule_file.path).resolve().parents
        if not (own_generic or (not rule_file.generic and rule_file.name in applied)):
            continue
        for rule in rule_file.rules:
            if observable(rule) and rule.id not in fired:
                problems.append(
                    Problem(rule.source, rule.id, f"dead rule: removed nothing {source}")
                )
    return problems


def corpus_usage(rulebook: Rulebook, docs: Iterable[Document]) -> tuple[set[str], set[str], int]:
    """Rule ids that removed something, site files that applied, and documents cleaned."""
    from cleaner.pipeline import clean_document

    fired: set[str] = set()
    applied: set[str] = set()
    count = 0
    for doc in docs:
        clean_document(doc, rulebook, validate=False)
        fired.update(removal.rule for removal in doc.removed)
        applied.update(doc.sites)
        count += 1
    return fired, applied, count


def report_usage(path: str) -> tuple[set[str], set[str]]:
    """Fired rule ids and applied site files from a batch ``--report`` file."""
    try:
        report = json.loads(Path(path).read_text("utf-8"))
        return set(report["rules_fired"]), set(report["sites"])
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ValueError(f"{path}: not a batch report ({exc})") from exc


# --- against pages -------------------------------------------------------------------------


def page_problems(rulebook: Rulebook, pages: Iterable[Document]) -> tuple[list[Problem], int]:
    """Site files that lower a page's quality (``cleaner.authoring.page_check``), each
    problem naming the rule (or the file's ``[html]`` directives) to blame; and how many pages
    some site file claimed."""
    from cleaner.authoring.page_check import baseline, fresh, page_effect, without, without_template
    from cleaner.pipeline import clean_document

    claims = []
    for page in pages:
        sites = rulebook.sites_named(clean_document(fresh(page), rulebook, validate=False).sites)
        claims += [(page, site) for site in sites]
    bases = [baseline(page, without(rulebook, site)) for page, site in claims]
    without_template(bases)  # what several pages keep is no page's sure story
    problems: list[Problem] = []
    for (page, site), base in zip(claims, bases, strict=True):
        effect = page_effect(page, site, rulebook, base)
        if effect.lowers:
            problems += [blamed_problem(site, label, effect.describe())
                         for label in effect.blamed]  # fmt: skip
    return problems, len({id(page) for page, _ in claims})


def blamed_problem(site: RuleFile, label: str, message: str) -> Problem:
    rule = next((r for r in site.rules if r.id == label), None)
    if rule is not None:
        return Problem(rule.source, rule.id, message)
    return Problem(f"{site.path}:{line_of(site.path, '[html]')}", label, message)
