"""The hyperscan prefilter (``cleaner/rulebook/prefilter.py``) never misses a line a pattern
matches, and cleaning with it gives what cleaning without it gives."""

from __future__ import annotations

import json
import os
import platform
import re
import subprocess
import sys

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.generic.junk_patterns import JUNK_PATTERNS
from cleaner.rulebook import prefilter
from cleaner.rulebook.load import Rulebook
from cleaner.rulebook.prefilter import OFF_SWITCH, Prefilter, Refused, hyperscan_source, plain_line
from cleaner.rulebook.rules import regex_form
from cleaner.validate.residual import library_index
from tests.conftest import ROOT

WHEELS = sys.platform == "linux" and platform.machine() == "x86_64"
"""Where pyproject installs hyperscan: there it must be importable, and the tests run."""
pytestmark = pytest.mark.skipif(
    prefilter.hyperscan is None and not WHEELS, reason="no hyperscan wheel for this platform"
)

BUNDLED = Rulebook.load()
FLAGS = regex.IGNORECASE | regex.V0
PLAIN_MARKS = "’‘“”–—…•«»©®™€£|·›‹"
"""Marks outside ASCII a plain line may hold: the news pages' quotes, dashes and bullets."""
OTHER_CHARS = "éÉİıſ\u212aÅßç\u00a0\u200b\tΣς"
"""Characters that make a line not plain: letters outside ASCII, ones ``regex`` folds to ASCII,
spaces and controls."""


def index_patterns() -> list[tuple[Prefilter, int, regex.Pattern]]:
    """Every pattern the bundled rulebook's and the junk library's prefilters hold, compiled
    now (and stored for the processes ``fixture_digests`` starts)."""
    index = BUNDLED.index
    index.prefilter().compile()
    library_index().prefilter.compile()
    taken = [
        (index.prefilter(), number, index.probes[number].matcher.pattern)
        for number in sorted(index.prefilter().taken)
    ]
    library = library_index().prefilter
    taken += [(library, n, JUNK_PATTERNS[n].pattern) for n in sorted(library.taken)]
    return taken


TAKEN = index_patterns()


def example_lines() -> list[str]:
    """Every example line of the bundled rules, junk and kept: lines near what patterns match."""
    return sorted(
        {
            line
            for rule_file in BUNDLED.files
            for rule in rule_file.rules
            for line in rule.examples.junk + rule.examples.keep
        }
    )


EXAMPLES = example_lines()


def misses(line: str) -> list[str]:
    """The patterns that match ``line`` but that their prefilter did not report on it."""
    form = regex_form(line)
    missed = []
    for filter_, number, pattern in TAKEN:
        reported = filter_.candidates(form)
        if pattern.search(form) and reported is not None and number not in reported:
            missed.append(pattern.pattern)
    return missed


def test_the_prefilters_take_most_patterns() -> None:
    assert prefilter.hyperscan is not None
    patterns = [p for p in BUNDLED.index.probes if p.matcher.pattern is not None]
    assert len(BUNDLED.index.prefilter().taken) >= 0.8 * len(patterns)
    assert len(library_index().prefilter.taken) >= 0.8 * len(JUNK_PATTERNS)


def test_no_example_line_is_missed() -> None:
    reported = 0
    for line in EXAMPLES:
        assert misses(line) == [], line
        reported += BUNDLED.index.prefilter().candidates(regex_form(line)) is not None
    assert reported > len(EXAMPLES) / 2  # most example lines are plain: the scan ran


EDIT = st.tuples(
    st.integers(min_value=0, max_value=200),
    st.integers(min_value=0, max_value=3),
    st.lists(
        st.sampled_from(
            [*map(chr, range(0x20, 0x7F)), *PLAIN_MARKS, *OTHER_CHARS, " by ", " more "]
        ),
        max_size=6,
    ).map("".join),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(EXAMPLES), st.lists(EDIT, max_size=4))
def test_edited_example_lines_are_never_missed(line: str, edits: list) -> None:
    """Example lines with pieces cut out and put in: near matches and just-matches."""
    for at, cut, text in edits:
        at = min(at, len(line))
        line = line[:at] + text + line[at + cut :]
    assert misses(line) == []


def from_pattern(pattern: regex.Pattern) -> st.SearchStrategy[str] | None:
    """Lines the standard library's reading of ``pattern`` matches, of ASCII, the plain marks
    and the pattern's own characters."""
    try:
        compiled = re.compile(pattern.pattern, re.IGNORECASE if pattern.flags & FLAGS else 0)
    except re.error:
        return None
    own = [char for char in pattern.pattern if not char.isascii()]
    alphabet = st.sampled_from(sorted({*map(chr, range(0x20, 0x7F)), *PLAIN_MARKS, *own}))
    return st.from_regex(compiled, alphabet=alphabet)


GENERATED = [s for s in (from_pattern(p) for _, _, p in TAKEN) if s is not None]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(GENERATED))
def test_lines_made_to_match_are_never_missed(line: str) -> None:
    assert misses(line) == []


def test_not_plain_lines_are_not_scanned() -> None:
    filter_ = BUNDLED.index.prefilter()
    assert plain_line("Share this story’s “link” — •")
    for char in OTHER_CHARS:
        assert not plain_line(f"Share {char} this"), char
        assert filter_.candidates(f"Share {char} this") is None


@pytest.mark.parametrize(
    ("source", "written", "caseless"),
    [
        (r"^by\s+\p{Lu}\w+$", r"^by\s+[A-Za-z]\w+$", True),
        (r"(?-i:\p{Lu})[\p{L}\p{N}]", r"(?-i:[A-Z])[A-Za-z0-9]", True),
        (r"a{,3}b{2,5}c{0,1}?", "a*b+c*", True),
        (r"(?<=foo)bar(?!baz)", "bar", True),
        (r"(?P<value>x|y)(?>z)", "(?:x|y)(?:z)", True),
        (r"(?i)top", "top", True),
        (r"[^\p{Ll}]…", r"[^a-z]…", False),
    ],
)
def test_sources_are_written_wider(source: str, written: str, caseless: bool) -> None:
    flags = FLAGS if caseless else regex.V0
    assert hyperscan_source(regex.compile(source, flags)) == (written, caseless)


@pytest.mark.parametrize(
    "source",
    [
        r"\mword",  # a word start to regex, a literal m to hyperscan
        "foo{e<=1}",  # fuzzy matching
        r"[^\p{Lu}]",  # caseless: regex folds the property
        r"\p{Greek}",
        r"(a)\1",
        "\u212aelvin",  # regex folds the Kelvin sign to an ASCII k
        r"[[:alpha:]]",
        r"a(?i)b",
        r"\N{BULLET}",
    ],
)
def test_unsafe_syntax_is_refused(source: str) -> None:
    with pytest.raises(Refused):
        hyperscan_source(regex.compile(source, FLAGS))


def fixture_digests(*env: str) -> dict:
    """The same-output digests of every fixture, cleaned in a fresh process."""
    code = (
        "import json, same_output;"
        "print(json.dumps(same_output.digests(same_output.fixture_tasks())))"
    )
    environ = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'bench'}"}
    environ.update(item.split("=", 1) for item in env)
    done = subprocess.run(
        [sys.executable, "-c", code], env=environ, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def test_cleaning_with_and_without_the_prefilter_is_the_same() -> None:
    without = fixture_digests(f"{OFF_SWITCH}=1")
    with_it = fixture_digests()
    assert with_it and with_it == without


def test_a_prefilter_compiles_after_enough_lines_and_is_stored(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("CLEANER_CACHE_DIR", str(tmp_path))
    patterns = [regex.compile(r"^more from site \d+$", FLAGS), None]
    waiting = Prefilter(patterns, compile_after=2)
    assert waiting.candidates("More from site 12") is None  # not compiled yet: unknown
    assert waiting.candidates("More from site 12") == frozenset({0})  # the second line compiles
    assert Prefilter(patterns).candidates("Prose.") == frozenset()  # stored: loaded at once
