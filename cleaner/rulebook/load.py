"""Load, check and compile rule files into a Rulebook, and find the rule files for a document.

A rule file with any error loads not at all: every problem is reported as ``path:line: message``
naming the key and what is allowed. Site lookup costs the same with ten files or ten thousand:
domains are a dict walk over the host's labels, signatures one Aho-Corasick pass over the text.
"""

from __future__ import annotations

import copy
import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import ahocorasick
import regex

from cleaner.html.directives import HtmlDirectives, HtmlExample, Selector
from cleaner.rulebook.rules import KINDS, META_FIELDS, Examples, Matcher, Rule, RuleFile
from cleaner.text import normalize, normalize_text
from cleaner.zones import ZONES

FILE_KEYS = {"name", "description", "domains", "signatures", "html", "rules"}
RULE_KEYS = {
    "id", "kind", "description", "match", "contains", "pattern", "case_sensitive", "max_words",
    "zone", "inclusive", "until", "until_contains", "until_pattern", "field", "remove", "split",
    "examples",
}  # fmt: skip
HTML_KEYS = {"body", "strip", "strip_id_or_class", "title", "author", "date", "examples"}
EXAMPLE_KEYS = {"junk", "keep"}
HTML_EXAMPLE_KEYS = {"html", "keep", "drop", "title"}
RULE_ID = regex.compile(r"^[a-z0-9][a-z0-9-]*$")
SIGNATURE_MIN_CHARS = 8
SCHEMA_FILE = "schema.json"
"""The JSON Schema of rule files, beside them in rules/ (and in the wheel)."""


class RuleFileError(Exception):
    """One or more problems in rule files; ``problems`` holds ``path:line: message`` strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class KeyLocator:
    """Finds the line of a key in a TOML file, so errors can point at it."""

    lines: list[str]

    def table_start(self, header: str, index: int) -> int:
        seen = -1
        for number, text in enumerate(self.lines, 1):
            if text.strip().startswith(header):
                seen += 1
                if seen == index:
                    return number
        return 1

    def key_line(self, key: str, start: int = 1) -> int:
        for number in range(start, len(self.lines) + 1):
            text = self.lines[number - 1].strip()
            if number > start and text.startswith("["):
                break
            if text.startswith(f"{key} ") or text.startswith(f"{key}="):
                return number
        return start


@dataclass
class FileChecker:
    """Validates one parsed rule file, collecting every problem before anything compiles."""

    path: str
    locator: KeyLocator
    problems: list[str] = field(default_factory=list)

    def report(self, line: int, message: str) -> None:
        self.problems.append(f"{self.path}:{line}: {message}")

    def expect_strings(self, value: Any, key: str, line: int) -> list[str]:
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
            self.report(line, f"'{key}' must be a non-empty string or a list of them")
            return []
        return items

    def compile_pattern(self, source: str, key: str, line: int, case_sensitive: bool):
        flags = regex.V0 if case_sensitive else regex.V0 | regex.IGNORECASE
        try:
            return regex.compile(source, flags)
        except regex.error as exc:
            self.report(line, f"'{key}' is not a valid regex: {exc}")
            return None


def file_name(path: Path, data: dict) -> str:
    """A file's id prefix: its ``name`` key, else the first label of the file name."""
    if isinstance(data.get("name"), str):
        return data["name"]
    return "generic" if path.parent.name == "generic" else path.stem.split(".")[0]


def load_rule_file(path: Path) -> RuleFile:
    """Parse and check one rule file; raise RuleFileError listing every problem in it."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError([f"{path}:1: cannot read rule file: {exc}"]) from exc
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        line = getattr(exc, "lineno", None) or _line_from_message(str(exc))
        raise RuleFileError([f"{path}:{line}: invalid TOML: {exc}"]) from exc
    checker = FileChecker(str(path), KeyLocator(source.splitlines()))
    as_written = copy.deepcopy(data)  # check_file normalises tables in place
    rule_file = check_file(path, data, checker)
    if not checker.problems:  # the checks above say it more precisely when both would
        check_schema(as_written, checker)
    if checker.problems:
        raise RuleFileError(checker.problems)
    return rule_file


@lru_cache(maxsize=1)
def schema_validator():
    """The validator of ``rules/schema.json``, the rule file format editors check against too."""
    from jsonschema import Draft202012Validator

    schema = json.loads((bundled_rules_dir() / SCHEMA_FILE).read_text("utf-8"))
    return Draft202012Validator(schema)


def check_schema(data: dict, checker: FileChecker) -> None:
    """Report what the JSON Schema refuses, each error at the line of the table or key."""
    for error in sorted(schema_validator().iter_errors(data), key=lambda e: list(map(str, e.path))):
        where = ".".join(str(part) for part in error.path) or "file"
        checker.report(
            schema_error_line(list(error.path), checker.locator), f"{where}: {error.message}"
        )


def schema_error_line(path: list, locate: KeyLocator) -> int:
    """The line of a schema error's location (``rules.2.kind``, ``html.examples.0``)."""
    if not path:
        return 1
    head, rest = path[0], path[1:]
    if head == "rules" and rest and isinstance(rest[0], int):
        start = locate.table_start("[[rules]]", rest[0])
        return locate.key_line(str(rest[1]), start) if len(rest) > 1 else start
    if head == "html" and rest[:1] == ["examples"] and len(rest) > 1:
        return locate.table_start("[[html.examples]]", rest[1])
    if head == "html" and rest:
        return locate.key_line(str(rest[0]), locate.table_start("[html]", 0))
    return locate.key_line(str(head))


def _line_from_message(message: str) -> int:
    found = regex.search(r"line (\d+)", message)
    return int(found.group(1)) if found else 1


def check_file(path: Path, data: dict, checker: FileChecker) -> RuleFile:
    locate = checker.locator
    for key in data:
        if key not in FILE_KEYS:
            allowed = ", ".join(sorted(FILE_KEYS))
            checker.report(locate.key_line(key), f"unknown key '{key}' (allowed: {allowed})")
    generic = path.parent.name == "generic"
    name = file_name(path, data)
    domains = checker.expect_strings(data.get("domains", []), "domains", locate.key_line("domains"))
    signatures = checker.expect_strings(
        data.get("signatures", []), "signatures", locate.key_line("signatures")
    )
    for signature in signatures:
        if len(signature) < SIGNATURE_MIN_CHARS:
            checker.report(
                locate.key_line("signatures"),
                f"signature {signature!r} is too short to identify a site "
                f"(at least {SIGNATURE_MIN_CHARS} characters)",
            )
    if not generic and not domains and not signatures:
        checker.report(1, "a site file needs 'domains' or 'signatures' to match documents")
    html = check_html(data.get("html", {}), checker)
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list):
        checker.report(locate.key_line("rules"), "'rules' must be an array of tables [[rules]]")
        raw_rules = []
    rules = [check_rule(name, i, raw, checker) for i, raw in enumerate(raw_rules)]
    return RuleFile(
        name=name,
        path=str(path),
        description=str(data.get("description", "")),
        domains=[d.lower().lstrip(".") for d in domains],
        signatures=signatures,
        rules=[r for r in rules if r is not None],
        html=html,
        generic=generic,
    )


def check_html(html: Any, checker: FileChecker) -> HtmlDirectives:
    """Check the ``[html]`` table: known keys, selectors that compile, and examples; the
    directives hold the selectors compiled here."""
    if not isinstance(html, dict):
        checker.report(checker.locator.key_line("html"), "'html' must be a table [html]")
        return HtmlDirectives()
    start = checker.locator.table_start("[html]", 0)
    selectors: dict[str, tuple[Selector, ...]] = {}
    for key, value in html.items():
        line = checker.locator.key_line(key, start)
        if key not in HTML_KEYS:
            allowed = ", ".join(sorted(HTML_KEYS))
            checker.report(line, f"unknown key 'html.{key}' (allowed: {allowed})")
        elif key != "examples":
            sources = checker.expect_strings(value, f"html.{key}", line)
            selectors[key] = check_selectors(sources, key, line, checker)
    if not set(html) - {"examples"}:
        return HtmlDirectives()
    examples = check_html_examples(html.get("examples"), checker)
    return HtmlDirectives(**selectors, examples=examples)


def check_selectors(
    selectors: list[str], key: str, line: int, checker: FileChecker
) -> tuple[Selector, ...]:
    """Compile each selector of one ``[html]`` key, reporting those that do not compile."""
    compiled = []
    for selector in selectors:
        try:
            compiled.append(Selector(selector, shorthand=key == "strip_id_or_class"))
        except ValueError as exc:
            checker.report(line, f"'html.{key}' selector {selector!r}: {exc}")
    return tuple(compiled)


def check_html_examples(raw: Any, checker: FileChecker) -> tuple[HtmlExample, ...]:
    """``[[html.examples]]``: ``html`` (a snippet), ``keep``/``drop`` lists, optional ``title``."""
    line = checker.locator.table_start("[[html.examples]]", 0)
    if not isinstance(raw, list) or not raw:
        checker.report(line, "[html] directives need [[html.examples]] with 'html' and 'keep'")
        return ()
    examples = []
    for index, example in enumerate(raw):
        at = checker.locator.table_start("[[html.examples]]", index)
        if not isinstance(example, dict) or not isinstance(example.get("html"), str):
            checker.report(at, "each [[html.examples]] needs an 'html' snippet string")
            continue
        unknown = set(example) - HTML_EXAMPLE_KEYS
        if unknown:
            checker.report(at, f"unknown [[html.examples]] key(s) {sorted(unknown)}")
        keep = (
            checker.expect_strings(example.get("keep", []), "keep", at) if "keep" in example else []
        )
        drop = (
            checker.expect_strings(example.get("drop", []), "drop", at) if "drop" in example else []
        )
        if not keep and not drop:
            checker.report(at, "an [[html.examples]] entry needs 'keep' or 'drop' strings")
        title = example.get("title")
        if title is not None and not isinstance(title, str):
            checker.report(at, "[[html.examples]] 'title' must be a string")
        examples.append(HtmlExample(example["html"], tuple(keep), tuple(drop), title))
    return tuple(examples)


def check_rule(file: str, index: int, raw: Any, checker: FileChecker) -> Rule | None:
    start = checker.locator.table_start("[[rules]]", index)
    at = checker.locator.key_line
    if not isinstance(raw, dict):
        checker.report(start, "each entry of 'rules' must be a table")
        return None
    ok = True
    for key in raw:
        if key not in RULE_KEYS:
            allowed = ", ".join(sorted(RULE_KEYS))
            checker.report(at(key, start), f"unknown key '{key}' in rule (allowed: {allowed})")
            ok = False
    rule_id = raw.get("id")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        checker.report(at("id", start), "rule needs an 'id' of lower-case letters, digits and '-'")
        return None
    kind = raw.get("kind")
    if kind not in KINDS:
        checker.report(at("kind", start), f"rule '{rule_id}': 'kind' must be one of {KINDS}")
        return None
    description = raw.get("description")
    if not isinstance(description, str) or not description.strip():
        checker.report(at("description", start), f"rule '{rule_id}' needs a 'description'")
        ok = False
    zone = raw.get("zone", "any")
    if zone not in ZONES:
        checker.report(at("zone", start), f"rule '{rule_id}': 'zone' must be one of {ZONES}")
        ok = False
    full_id = f"{file}.{rule_id}"
    marker = build_matcher(full_id, raw, ("match", "contains", "pattern"), checker, start)
    until = None
    if kind == "drop-block":
        until = build_matcher(
            full_id, raw, ("until", "until_contains", "until_pattern"), checker, start
        )
        ok = ok and until is not None
    ok = check_kind_keys(rule_id, kind, raw, marker, checker, start) and ok
    examples = check_examples(rule_id, raw.get("examples"), checker, at("examples", start))
    if marker is None or examples is None or not ok:
        return None
    return Rule(
        id=full_id,
        kind=kind,
        description=description.strip(),
        marker=marker,
        zone=zone,
        inclusive=bool(raw.get("inclusive", True)),
        until=until,
        meta_field=raw.get("field"),
        remove=bool(raw.get("remove", True)),
        split=raw.get("split"),
        examples=examples,
        source=f"{checker.path}:{start}",
    )


def check_kind_keys(rule_id, kind, raw, marker, checker, start) -> bool:
    at = checker.locator.key_line
    ok = True
    if kind == "trim" and (marker is None or marker.pattern is None):
        checker.report(at("pattern", start), f"trim rule '{rule_id}' needs a 'pattern'")
        ok = False
    if kind == "meta" and raw.get("field") not in META_FIELDS:
        checker.report(at("field", start), f"meta rule '{rule_id}': 'field' one of {META_FIELDS}")
        ok = False
    if kind != "meta" and "field" in raw:
        checker.report(at("field", start), f"rule '{rule_id}': 'field' is only for kind 'meta'")
        ok = False
    if kind != "drop-block" and any(k in raw for k in ("until", "until_contains", "until_pattern")):
        checker.report(at("until", start), f"rule '{rule_id}': 'until*' is only for 'drop-block'")
        ok = False
    max_words = raw.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or max_words < 1):
        checker.report(at("max_words", start), f"rule '{rule_id}': 'max_words' must be >= 1")
        ok = False
    return ok


def build_matcher(rule_id, raw, keys, checker, start) -> Matcher | None:
    literal_key, contains_key, pattern_key = keys
    at = checker.locator.key_line
    if not any(k in raw for k in keys):
        checker.report(start, f"rule '{rule_id}' needs one of {', '.join(keys)}")
        return None
    literals = checker.expect_strings(raw.get(literal_key, []), literal_key, at(literal_key, start))
    contains = checker.expect_strings(
        raw.get(contains_key, []), contains_key, at(contains_key, start)
    )
    pattern = None
    if pattern_key in raw:
        source = raw[pattern_key]
        if not isinstance(source, str) or not source:
            checker.report(at(pattern_key, start), f"'{pattern_key}' must be a non-empty string")
            return None
        pattern = checker.compile_pattern(
            source, pattern_key, at(pattern_key, start), bool(raw.get("case_sensitive", False))
        )
        if pattern is None:
            return None
    return Matcher(
        rule_id=rule_id,
        literals=frozenset(normalize(x) for x in literals),
        contains=tuple(normalize(x) for x in contains),
        pattern=pattern,
        max_words=raw.get("max_words"),
    )


def check_examples(rule_id, raw, checker, line) -> Examples | None:
    if not isinstance(raw, dict):
        checker.report(line, f"rule '{rule_id}' needs 'examples' with 'junk' (and 'keep') lines")
        return None
    unknown = set(raw) - EXAMPLE_KEYS
    if unknown:
        checker.report(line, f"rule '{rule_id}': unknown examples key(s) {sorted(unknown)}")
        return None
    junk = checker.expect_strings(raw.get("junk", []), "examples.junk", line)
    keep = raw.get("keep", [])
    keep = checker.expect_strings(keep, "examples.keep", line) if keep else []
    if not junk:
        checker.report(line, f"rule '{rule_id}' needs at least one 'examples.junk' line")
        return None
    return Examples(junk=junk, keep=keep)


def rule_files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.toml") if p.is_file())


def bundled_rules_dir() -> Path:
    """The rules shipped with the package (wheel) or beside it (source checkout)."""
    packaged = Path(str(resources.files("cleaner"))) / "_bundled_rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "rules"


class Rulebook:
    """All loaded rule files, indexed so that finding a document's sites is cheap."""

    def __init__(self, files: list[RuleFile]) -> None:
        self.files = files
        self.generic = [f for f in files if f.generic]
        self.sites = [f for f in files if not f.generic]
        self.by_domain: dict[str, list[RuleFile]] = {}
        for site in self.sites:
            for domain in site.domains:
                self.by_domain.setdefault(domain, []).append(site)
        self.signatures = build_signature_automaton(self.sites)
        self.by_name: dict[str, list[RuleFile]] = {}
        for site in self.sites:
            self.by_name.setdefault(site.name, []).append(site)
        self.check_unique_ids()

    @classmethod
    def load(
        cls,
        folders: Iterable[Path | str] | None = None,
        bundled: bool = True,
        bundled_sites: bool = True,
    ) -> Rulebook:
        """Load every ``*.toml`` below the bundled rules and ``folders``; all-or-nothing.

        ``bundled_sites=False`` keeps only the bundled generic files: a folder of drafted site
        files is then measured on its own.
        """
        paths: list[Path] = rule_files_in(bundled_rules_dir()) if bundled else []
        if not bundled_sites:
            paths = [p for p in paths if p.parent.name == "generic"]
        for folder in folders or []:
            folder = Path(folder)
            if not folder.is_dir():
                raise RuleFileError([f"{folder}:0: rules folder does not exist"])
            paths.extend(rule_files_in(folder))
        files, problems = [], []
        for path in paths:
            try:
                files.append(load_rule_file(path))
            except RuleFileError as exc:
                problems.extend(exc.problems)
        if problems:
            raise RuleFileError(problems)
        return cls(files)

    def check_unique_ids(self) -> None:
        seen: dict[str, str] = {}
        problems = []
        for rule in (r for f in self.files for r in f.rules):
            if rule.id in seen:
                problems.append(
                    f"{rule.source}: duplicate rule id '{rule.id}' (first at {seen[rule.id]})"
                )
            seen.setdefault(rule.id, rule.source)
        if problems:
            raise RuleFileError(problems)

    def find_sites(self, url: str | None = None, text: str = "") -> list[RuleFile]:
        """Site files for a document: by the URL's host and its parents, then by signatures."""
        found: list[RuleFile] = []
        for site in self.sites_for_url(url) + self.sites_for_text(text):
            if site not in found:
                found.append(site)
        return found

    def sites_for_url(self, url: str | None) -> list[RuleFile]:
        if not url:
            return []
        host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
        labels = host.split(".")
        found: list[RuleFile] = []
        for i in range(len(labels) - 1):
            found.extend(self.by_domain.get(".".join(labels[i:]), []))
        return found

    def sites_for_text(self, text: str) -> list[RuleFile]:
        if not text or self.signatures is None:
            return []
        order: dict[int, RuleFile] = {}
        for _end, indices in self.signatures.iter(normalize_text(text)):
            for index in indices:
                order.setdefault(index, self.sites[index])
        return [order[i] for i in sorted(order)]

    def rule(self, rule_id: str) -> Rule | None:
        for rule in (r for f in self.files for r in f.rules):
            if rule.id == rule_id:
                return rule
        return None

    def sites_named(self, names: list[str]) -> list[RuleFile]:
        """The site files of ``names`` (a document's ``sites``), in that order."""
        return [site for name in dict.fromkeys(names) for site in self.by_name.get(name, [])]


def build_signature_automaton(sites: list[RuleFile]):
    """One automaton for every site's signatures; a hit yields the site's index."""
    automaton = ahocorasick.Automaton()
    for index, site in enumerate(sites):
        for signature in site.signatures:
            key = normalize(signature)
            owners = automaton.get(key, ())
            if index not in owners:
                automaton.add_word(key, (*owners, index))
    if len(automaton) == 0:
        return None
    automaton.make_automaton()
    return automaton
