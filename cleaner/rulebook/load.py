"""Load, check and compile rule files into a Rulebook, and find the rule files for a document.

A rule file with any error loads not at all: every problem is reported as ``path:line: message``
naming the key and what is allowed. Site lookup costs the same with ten files or ten thousand:
domains are a dict walk over the host's labels, signatures one Aho-Corasick pass over the text.
"""

from __future__ import annotations

import copy
import hashlib
import json
import tomllib
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import ahocorasick
import regex

from cleaner.html.directives import HtmlDirectives, HtmlExample, Selector
from cleaner.rulebook.checks import (
    FileChecker,
    KeyLocator,
    RuleTable,
    check_examples,
)
from cleaner.rulebook.kinds import KIND_KEYS, KIND_ORDER, KINDS, REGISTRY
from cleaner.rulebook.rules import Rule, RuleFile
from cleaner.rulebook.scan import LineHits, RuleIndex, Scanner
from cleaner.rulebook.schema import (
    FILE_PROPERTIES,
    HTML_EXAMPLE_PROPERTIES,
    HTML_PROPERTIES,
    MARKER_KEYS,
    RULE_ID_PATTERN,
    SHARED_RULE_PROPERTIES,
    SIGNATURE_MIN_CHARS,
)
from cleaner.text import normalize, normalize_text
from cleaner.zones import ZONES

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator

FILE_KEYS = set(FILE_PROPERTIES)
SHARED_RULE_KEYS = set(SHARED_RULE_PROPERTIES)
"""Keys every rule kind accepts; each kind adds its own (``kinds/``)."""
RULE_KEYS = SHARED_RULE_KEYS | KIND_KEYS
HTML_KEYS = set(HTML_PROPERTIES)
HTML_EXAMPLE_KEYS = set(HTML_EXAMPLE_PROPERTIES)
RULE_ID = regex.compile(RULE_ID_PATTERN)
SCHEMA_FILE = "schema.json"
"""The JSON Schema of rule files, beside them in rules/ (and in the wheel)."""


class RuleFileError(Exception):
    """One or more problems in rule files; ``problems`` holds ``path:line: message`` strings."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


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
    return rule_file_from_text(path, source)


def rule_file_from_text(path: Path, source: str) -> RuleFile:
    """Parse and check the text of one rule file as if read from ``path`` (a draft not yet
    written); raise RuleFileError listing every problem in it."""
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
def schema_validator() -> Draft202012Validator:
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


def check_rule(file: str, index: int, raw: object, checker: FileChecker) -> Rule | None:
    """Check one ``[[rules]]`` table and compile it through its kind; None on any problem."""
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
    kind = REGISTRY.get(raw.get("kind"))  # type: ignore[arg-type]
    if kind is None:
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
    table = RuleTable(raw, rule_id, f"{file}.{rule_id}", start, checker)
    marker = table.matcher(MARKER_KEYS)
    extra = kind.check(table, marker)
    ok = check_foreign_keys(table, kind.name) and extra is not None and ok
    ok = check_max_words(table) and ok
    examples = check_examples(rule_id, raw.get("examples"), checker, at("examples", start))
    if marker is None or examples is None or extra is None or not ok:
        return None
    shared = {
        "id": table.full_id,
        "kind": kind.name,
        "description": description.strip(),
        "marker": marker,
        "zone": zone,
        "examples": examples,
        "source": f"{checker.path}:{start}",
    }
    return kind.build(shared, extra)


def check_foreign_keys(table: RuleTable, kind: str) -> bool:
    """Report keys that belong to another kind alone (in the order kinds run)."""
    ok = True
    for other in KIND_ORDER:
        own = REGISTRY[other].own_keys
        if other != kind and own is not None and any(k in table.raw for k in own.keys):
            table.report(own.anchor, f"rule '{table.rule_id}': {own.message}")
            ok = False
    return ok


def check_max_words(table: RuleTable) -> bool:
    max_words = table.raw.get("max_words")
    if max_words is not None and (not isinstance(max_words, int) or max_words < 1):
        table.report("max_words", f"rule '{table.rule_id}': 'max_words' must be >= 1")
        return False
    return True


def rule_files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.toml") if p.is_file())


def rule_paths(folders: Iterable[Path | str], bundled: bool, bundled_sites: bool) -> list[Path]:
    """The rule files to load, each once.

    A folder's file at the same place as a bundled one (``sites/cnn.com.toml``) takes the
    bundled file's place: a checkout's ``rules/`` given with ``--rules`` after a plain
    ``pip install .`` holds the bundled files again, perhaps edited, and loading both would
    report every rule id twice. Two folders' files with one place and the same bytes (one
    folder given twice) are loaded once.
    """
    root = bundled_rules_dir()
    found: dict[tuple[str, str], Path] = {}
    if bundled:
        for path in rule_files_in(root):
            if bundled_sites or path.parent.name == "generic":
                found[(path.relative_to(root).as_posix(), "")] = path
    for folder in map(Path, folders):
        if not folder.is_dir():
            raise RuleFileError([f"{folder}:0: rules folder does not exist"])
        for path in rule_files_in(folder):
            place = path.relative_to(folder).as_posix()
            if (place, "") in found:
                found[(place, "")] = path
            else:
                found.setdefault((place, file_digest(path)), path)
    return list(found.values())


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return str(path)  # unreadable: loaded on its own, and the loader says why


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
        self.by_id: dict[str, Rule] = {}
        self.check_unique_ids()
        self.index, self.scanned = shared_index(files)
        self.scanner: Scanner | None = None
        for rule_file in files:
            # The first rulebook to hold a file lends it its index: a rulebook made of another's
            # files (the generic ones, say) scans them as well with either.
            rule_file.index = rule_file.index or self.index

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
        paths = rule_paths(folders or [], bundled, bundled_sites)
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
            self.by_id.setdefault(rule.id, rule)
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
        return self.by_id.get(rule_id)

    def line_hits(self, lines: Sequence[str]) -> list[LineHits]:
        """Which rules of *every* file hit which of ``lines``: the validator's rulebook-wide
        check. One ``LineHits`` per rule with a hit, files in rulebook order and rules in file
        order; a regex that times out on a line counts as no hit."""
        if self.scanner is None:
            self.scanner = self.index.scanner(self.scanned)
        return self.scanner.line_hits(lines)

    def __getstate__(self) -> dict:
        return {**self.__dict__, "scanner": None}  # remembered answers are not worth storing

    def sites_named(self, names: list[str]) -> list[RuleFile]:
        """The site files of ``names`` (a document's ``sites``), in that order."""
        return [site for name in dict.fromkeys(names) for site in self.by_name.get(name, [])]


def shared_index(files: list[RuleFile]) -> tuple[RuleIndex, list[RuleFile] | None]:
    """The compiled scan for a rulebook of ``files`` and the files to narrow it to (None: all).

    A rulebook made of another's files in the same order (the repair stage's rulebook less the
    suspect sites) narrows the other's index instead of compiling its own: with ten thousand
    site files that is the difference between microseconds and seconds.
    """
    owner = files[0].index if files else None
    if owner is not None and owner.covers(files):
        positions = [owner.position[id(f)] for f in files]
        if all(a < b for a, b in pairwise(positions)):
            return owner, None if len(files) == len(owner.files) else list(files)
    return RuleIndex(files), None


def build_signature_automaton(sites: list[RuleFile]) -> ahocorasick.Automaton | None:
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
