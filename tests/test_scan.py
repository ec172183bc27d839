"""The rule-kind registry, the compiled scan against plain per-line matching, and pickling."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.document import Document
from cleaner.pipeline import clean, load_lines
from cleaner.rulebook.engine import apply_rule_files
from cleaner.rulebook.kinds import KIND_KEYS, KIND_ORDER, KINDS, REGISTRY
from cleaner.rulebook.kinds.base import RuleKind
from cleaner.rulebook.load import RULE_KEYS, Rulebook, RuleFileError, load_rule_file
from cleaner.rulebook.rules import RegexTimeout
from cleaner.rulebook.scan import HIT, MARKER, TIMED_OUT, RuleIndex
from tests.conftest import FIXTURES

BUNDLED = Rulebook.load()

TRICKY_LINES = [
    "",
    "   ",
    "Share this story",
    '  "Share\u00a0THIS story" ',
    "SHARE THIS",
    "More from Newsmax",
    "more   from\tnewsmax",
    "\u0130n brief",
    "By Anna Lee",
    "by the harbour wall the boats were tied up for the night",
    "Related: The minister said on Friday that talks would continue.",
    "Advertisement",
    "End of advertisement",
    "\uff33\uff48\uff41\uff52\uff45 this",  # full-width letters: NFKC makes them ASCII
    "(Reporting by Ann Lee; Editing by Bob Day)",
    "Copyright 2024 The Associated Press. All rights reserved.",
    "Click here to subscribe to our newsletter",
]


def fixture_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(FIXTURES.rglob("*.txt")):
        lines += path.read_text("utf-8", errors="replace").splitlines()
    return list(dict.fromkeys(lines))


def per_line_matching(index: RuleIndex, line: str, files: set[int] | None) -> set:
    """What the scan must equal: every matcher of every (active) file tried on the line."""
    found = set()
    for number, probe in enumerate(index.probes):
        if files is not None and probe.file not in files:
            continue
        try:
            if probe.matcher.search(line):
                found.add((number, HIT))
        except RegexTimeout:
            found.add((number, TIMED_OUT))
    return found


# --- the registry ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_provides_compile_apply_examples_and_validator_facts(name: str) -> None:
    kind = REGISTRY[name]
    assert isinstance(kind, RuleKind)
    assert kind.name == name
    assert type(kind).apply is not RuleKind.apply, "a kind must say how it acts"
    for method in ("check", "build", "catches", "counts_as_residual", "residual_line"):
        assert callable(getattr(kind, method))
    for fact in ("judges_lines", "names_labels", "residual_inline", "ends_count"):
        assert isinstance(getattr(kind, fact), bool)
    assert kind.cut_side in (-1, 0, 1)
    assert kind.keys <= RULE_KEYS


def test_kinds_keep_their_order_and_keys() -> None:
    assert KINDS == ("drop", "cut-after", "cut-before", "drop-block", "trim", "meta")
    assert KIND_ORDER == ("meta", "cut-before", "cut-after", "drop-block", "drop", "trim")
    expected = {"inclusive", "until", "until_contains", "until_pattern", "field", "remove", "split"}
    assert expected == KIND_KEYS


def test_unknown_kind_gives_the_same_error(tmp_path: Path) -> None:
    path = tmp_path / "sites" / "x.example.toml"
    path.parent.mkdir(parents=True)
    path.write_text(
        'domains = ["x.example"]\n[[rules]]\nid = "r"\nkind = "erase"\ndescription = "d"\n'
        'match = "x"\nexamples.junk = ["x"]\n',
        "utf-8",
    )
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    assert caught.value.problems == [
        f"{path}:4: rule 'r': 'kind' must be one of "
        "('drop', 'cut-after', 'cut-before', 'drop-block', 'trim', 'meta')"
    ]


def test_keys_of_one_kind_alone_are_refused_elsewhere_in_run_order(tmp_path: Path) -> None:
    path = tmp_path / "sites" / "x.example.toml"
    path.parent.mkdir(parents=True)
    path.write_text(
        'domains = ["x.example"]\n[[rules]]\nid = "r"\nkind = "drop"\ndescription = "d"\n'
        'match = "x"\nuntil = "y"\nfield = "title"\nexamples.junk = ["x"]\n',
        "utf-8",
    )
    with pytest.raises(RuleFileError) as caught:
        load_rule_file(path)
    assert caught.value.problems == [
        f"{path}:8: rule 'r': 'field' is only for kind 'meta'",
        f"{path}:7: rule 'r': 'until*' is only for 'drop-block'",
    ]


def test_rule_lookup_by_id() -> None:
    for rule in (r for f in BUNDLED.files for r in f.rules):
        assert BUNDLED.rule(rule.id) is rule
    assert BUNDLED.rule("no.such-rule") is None


# --- the scan -------------------------------------------------------------------------------


def test_scan_equals_per_line_matching_on_fixtures_and_tricky_lines() -> None:
    index = BUNDLED.index
    scanner = index.scanner()
    for line in fixture_lines() + TRICKY_LINES:
        assert set(scanner.scan(line)) == per_line_matching(index, line, None), line


def test_scan_narrowed_to_some_files_sees_only_theirs() -> None:
    files = [*BUNDLED.sites[:2], *BUNDLED.generic]
    index = BUNDLED.index
    scanner = index.scanner(files)
    numbers = {index.position[id(f)] for f in files}
    for line in fixture_lines()[:400] + TRICKY_LINES:
        assert set(scanner.scan(line)) == per_line_matching(index, line, numbers), line


def test_scanners_sharing_a_lines_lookups_answer_as_each_alone(monkeypatch) -> None:
    """A line's lookups are made once for the index and shared by its scanners: a narrowed
    scanner asking first and the whole rulebook's after (and the other way round) answer as
    per-line matching, and the shared memo stays within its bound."""
    import cleaner.rulebook.scan as scan

    index = RuleIndex(BUNDLED.files)
    files = [*BUNDLED.sites[:2], *BUNDLED.generic]
    numbers = {index.position[id(f)] for f in files}
    lines = fixture_lines()[:300] + TRICKY_LINES
    narrowed, whole = index.scanner(files), index.scanner()
    for line in lines:
        assert set(narrowed.scan(line)) == per_line_matching(index, line, numbers), line
        assert set(whole.scan(line)) == per_line_matching(index, line, None), line
    monkeypatch.setattr(scan, "MEMO_SIZE", 50)
    index.lookups.clear()
    for line in lines:
        index.looked_up(line)
    assert 0 < len(index.lookups) <= scan.MEMO_SIZE


def test_probe_answers_are_shared_by_scanners_and_bounded(monkeypatch) -> None:
    """A probe's answer on a line is confirmed once for every scanner of the index (the
    sites' and the whole rulebook's), the same answer, and the memo stays within its bound."""
    import cleaner.rulebook.scan as scan

    index = RuleIndex(BUNDLED.files)
    files = [*BUNDLED.sites[:2], *BUNDLED.generic]
    lines = fixture_lines()[:300] + TRICKY_LINES
    narrowed = [index.scanner(files).scan(line) for line in lines]
    assert index.confirmed  # the narrowed scan's answers, kept for the next scanner
    assert any(state is HIT for state in index.confirmed.values())
    numbers = {index.position[id(f)] for f in files}
    whole = index.scanner()
    for line, found in zip(lines, narrowed, strict=True):
        assert set(found) == per_line_matching(index, line, numbers), line
        assert set(whole.scan(line)) == per_line_matching(index, line, None), line
    monkeypatch.setattr(scan, "CONFIRMED_SIZE", 20)
    index.confirmed.clear()
    for line in lines:
        index.scanner().scan(line + " again")
    assert 0 < len(index.confirmed) <= scan.CONFIRMED_SIZE


def test_case_sensitive_and_max_words_are_the_matchers_own(tmp_path: Path) -> None:
    rules = (
        '[[rules]]\nid = "cased"\nkind = "drop"\ndescription = "d"\npattern = "^NEWS$"\n'
        'case_sensitive = true\nexamples.junk = ["NEWS"]\n'
        '[[rules]]\nid = "short"\nkind = "drop"\ndescription = "d"\ncontains = "subscribe"\n'
        'max_words = 3\nexamples.junk = ["Subscribe now"]\n'
    )
    rulebook = site_rulebook(tmp_path, rules)
    hits = {h.rule.id: h.marker for h in rulebook.line_hits(
        ["NEWS", "news", "Subscribe now", "You can subscribe to the paper at any time"]
    )}  # fmt: skip
    assert hits == {"site.cased": (0,), "site.short": (2,)}


SLOW_RULE = (
    '[[rules]]\nid = "slow"\nkind = "drop"\ndescription = "d"\npattern = "(a|aa)+$"\n'
    'examples.junk = ["aaaa"]\n'
)
"""A rule whose pattern backtracks for ever on a long run of 'a' not at the line's end."""


def test_regex_timeout_is_reported_by_the_scan(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("cleaner.rulebook.rules.REGEX_TIMEOUT_SECONDS", 0.001)
    rules = SLOW_RULE
    rulebook = site_rulebook(tmp_path, rules)
    line = "a" * 40 + "é"  # not plain: left to regex (the prefilter would rule it out at once)
    scanner = rulebook.index.scanner()
    assert [state for _, state in scanner.scan(line)] == [TIMED_OUT]
    assert line not in scanner.memo  # a timeout is not remembered: the next document tries again
    assert not any(key[1] == line for key in rulebook.index.confirmed)  # nor by the index
    assert rulebook.line_hits([line]) == []  # the validator counts a timeout as no hit


def site_rulebook(tmp_path: Path, rules: str) -> Rulebook:
    path = tmp_path / "sites" / "site.example.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('signatures = ["Example Site Footer"]\n' + rules, "utf-8")
    return Rulebook.load([tmp_path], bundled=False)


PROSE = "The minister said on Friday that the talks would continue next week in Geneva."
PROSE2 = "Officials from both countries have met four times this year, according to the ministry."


def engine_run(rulebook: Rulebook, lines: list[str], passes: int = 1) -> Document:
    doc = Document(raw="\n\n".join(lines))
    load_lines(doc, doc.raw)
    for _ in range(passes):
        apply_rule_files(doc, rulebook.sites)
    return doc


TWO_TRIMS = (
    '[[rules]]\nid = "a"\nkind = "trim"\ndescription = "d"\n'
    + r"pattern = ' \[ad\]$'"
    + '\nexamples.junk = ["x [ad]"]\n'
    '[[rules]]\nid = "b"\nkind = "trim"\ndescription = "d"\n'
    + r"pattern = ' \[promo\]$'"
    + '\nexamples.junk = ["x [promo]"]\n'
)


def test_a_trimmed_line_is_not_seen_again_by_its_files_rules_in_that_pass(tmp_path: Path) -> None:
    """Lines change between rules: the second trim does not see the first one's output in the
    same pass of the file (as before the scan); the next pass does."""
    rulebook = site_rulebook(tmp_path, TWO_TRIMS)
    doc = engine_run(rulebook, [PROSE, PROSE2 + " [promo] [ad]"])
    assert [(r.rule, r.reason) for r in doc.removed] == [
        ("site.a", f"trimmed to: {PROSE2} [promo]")
    ]
    doc = engine_run(rulebook, [PROSE, PROSE2 + " [promo] [ad]"], passes=2)
    assert doc.text == f"{PROSE}\n\n{PROSE2}"


def test_drop_block_stays_open_when_a_cut_took_its_end(tmp_path: Path) -> None:
    rules = (
        '[[rules]]\nid = "cut"\nkind = "cut-after"\ndescription = "d"\nmatch = "Comments"\n'
        'examples.junk = ["Comments"]\n'
        '[[rules]]\nid = "block"\nkind = "drop-block"\ndescription = "d"\n'
        'match = "Advertisement"\nuntil = "End of advertisement"\n'
        'examples.junk = ["Advertisement"]\n'
    )
    rulebook = site_rulebook(tmp_path, rules)
    lines = [PROSE, "Advertisement", "Buy now", PROSE2, "Comments", "End of advertisement"]
    doc = engine_run(rulebook, lines)
    assert [(r.rule, r.text) for r in doc.removed] == [
        ("site.cut", "Comments"), ("site.cut", "End of advertisement"),
    ]  # fmt: skip
    closed = engine_run(rulebook, [*lines[:4], "End of advertisement", "Comments"])
    assert [r.text for r in closed.removed if r.rule == "site.block"] == [
        "Advertisement", "Buy now", PROSE2, "End of advertisement",
    ]  # fmt: skip


def test_a_timed_out_rule_is_skipped_with_a_warning(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("cleaner.rulebook.rules.REGEX_TIMEOUT_SECONDS", 0.001)
    rules = SLOW_RULE
    doc = engine_run(site_rulebook(tmp_path, rules), [PROSE, "aaaa", "a" * 40 + "é"])
    assert doc.removed == []
    assert doc.warnings == [f"regex of rule site.slow timed out on line {'a' * 40 + 'é'!r}"]


def test_a_line_the_prefilter_rules_out_is_never_searched(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("cleaner.rulebook.rules.REGEX_TIMEOUT_SECONDS", 0.001)
    rules = SLOW_RULE
    rulebook = site_rulebook(tmp_path, rules)
    rulebook.index.prefilter().compile()
    assert rulebook.index.prefilter().taken  # hyperscan holds the pattern
    doc = engine_run(rulebook, [PROSE, "aaaa", "a" * 40 + "b"])
    assert [r.text for r in doc.removed] == ["aaaa"]
    assert doc.warnings == []  # regex would have timed out on the last line


# --- pickling -------------------------------------------------------------------------------


def test_rulebook_survives_a_pickle_round_trip() -> None:
    copy = pickle.loads(pickle.dumps(BUNDLED, protocol=pickle.HIGHEST_PROTOCOL))
    lines = fixture_lines()[:300] + TRICKY_LINES
    assert [(h.rule.id, h.marker, h.until) for h in copy.line_hits(lines)] == [
        (h.rule.id, h.marker, h.until) for h in BUNDLED.line_hits(lines)
    ]
    assert copy.index.scanners == {} or all(
        s.index is copy.index for s in copy.index.scanners.values()
    )
    assert all(f.index is copy.index for f in copy.files)
    for path in sorted(FIXTURES.glob("*/*.txt"))[:6]:
        if ".expected" in path.name:
            continue
        text = path.read_text("utf-8")
        assert clean(text, rulebook=copy).to_dict() == clean(text, rulebook=BUNDLED).to_dict()


def test_a_rule_pickles_on_its_own() -> None:
    for rule in (r for f in BUNDLED.files for r in f.rules):
        copy = pickle.loads(pickle.dumps(rule))
        assert (copy.id, copy.kind, copy.inclusive, copy.remove) == (
            rule.id, rule.kind, rule.inclusive, rule.remove,
        )  # fmt: skip


# --- what the lookups file a pattern under --------------------------------------------------


def test_required_literals_of_patterns() -> None:
    from cleaner.rulebook.scan import required_literals

    assert required_literals(r"\((file|photo)s?: ") == ["file", "photo"]
    assert required_literals(r"^(date \d+ )?(news|world)$") == ["news", "world"]
    assert required_literals(r"^shares?") == ["share"]
    assert required_literals(r"x{0,3}yz") == ["yz"]
    assert required_literals(r"don.t miss") == ["t miss"]
    assert required_literals(r"^more from site 12( today)?$") == ["more from site 12"]
    assert required_literals(r"\bcredit: [^.]{2,100}$") == ["credit: "]
    # one mark outside ASCII is rare enough to file a pattern by; one ASCII mark is not
    assert required_literals(r"©|\(c\) ?\d{4}") == ["©", "(c)"]
    assert required_literals(r"^[A-Z].*(\.\.\.|…)\s*$") == ["...", "…"]
    for unsure in (
        r"^\d{1,7}$",
        r"(?x)a b",
        r"(a)\1bc",
        r"\g<1>xx",
        r"^[\w.-]+$",
        r"a|\d",
        r"\(|bc",
    ):
        assert required_literals(unsure) is None, unsure


def test_line_lower_casing_agrees_with_the_regex_engines_case_folding() -> None:
    """Required literals are ASCII or caseless and looked for in the lower-cased line: every
    character the regex engine folds to an ASCII letter must lower-case to that letter."""
    import regex

    from cleaner.rulebook.rules import regex_form
    from cleaner.rulebook.scan import DOTTED_FORMS

    for letter in "abcdefghijklmnopqrstuvwxyz":
        folds = regex.compile(f"(?i){letter}", regex.V0)
        for char in ("\u0130", "\u0131", "\u017f", "\u212a", "\u212b", letter.upper()):
            if folds.fullmatch(char):
                assert regex_form(char).lower().translate(DOTTED_FORMS) == letter, hex(ord(char))


def test_scan_of_a_large_rulebook_equals_per_line_matching(tmp_path: Path) -> None:
    folder = tmp_path / "sites"
    folder.mkdir()
    for n in range(300):
        (folder / f"site{n}.example.toml").write_text(
            f'domains = ["site{n}.example"]\n[[rules]]\nid = "footer"\nkind = "drop"\n'
            f"description = \"d\"\npattern = '^more from site {n}( today)?$'\n"
            f'examples.junk = ["More from Site {n}"]\n',
            "utf-8",
        )
    rulebook = Rulebook.load([tmp_path])
    index = rulebook.index
    lines = ["More from Site 12", "more from site 1 today", "More from Site 299", *TRICKY_LINES]
    for line in lines:
        assert set(index.scanner().scan(line)) == per_line_matching(index, line, None), line
    [hit] = [h for h in rulebook.line_hits(["More from Site 12"]) if h.rule.id.startswith("site")]
    assert hit.rule.id == "site12.footer"


def rule_example_lines() -> list[str]:
    """The junk and keep examples of every bundled rule: lines its markers are written for."""
    rules = [rule for f in BUNDLED.files for rule in f.rules]
    return sorted({line for rule in rules for line in rule.examples.junk + rule.examples.keep})


example_piece = st.sampled_from(rule_example_lines() + TRICKY_LINES[2:])
any_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n\x85"),
    max_size=40,
)
scanned_lines = st.lists(st.one_of(example_piece, example_piece, any_text), min_size=1, max_size=3)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(scanned_lines.map(" ".join))
def test_marker_hits_by_file_equal_per_line_matching(line: str) -> None:
    """The engine's view of a line (``markers_by_file``: marker probes by file) is per-line
    matching of every marker of every file, grouped by file, in probe order, on lines made of
    the rules' own examples and arbitrary text joined (what the literal lookups and the gates
    must not lose)."""
    files = [*BUNDLED.sites[:3], *BUNDLED.generic]
    index = BUNDLED.index
    numbers = {index.position[id(f)] for f in files}
    expected: dict[int, list[tuple[int, bool]]] = {}
    for number, state in sorted(per_line_matching(index, line, numbers)):
        if index.probes[number].role == MARKER:
            expected.setdefault(index.probes[number].file, []).append((number, state))
    for _ in range(2):  # the second answer comes from the memo
        found = index.scanner(files).markers_by_file(line)
        as_numbers = {
            file: [(index.probes.index(probe), state) for probe, state in pairs]
            for file, pairs in found.items()
        }
        assert as_numbers == expected
