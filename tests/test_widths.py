"""The longest line an anchored pattern can match: bounds where the syntax is shared, none
where unsure, and the bounded matchers answering as the search does."""

from __future__ import annotations

import copy

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.rulebook.load import Rulebook
from cleaner.rulebook.rules import Gate, Matcher, gate_for_patterns, regex_form
from cleaner.rulebook.widths import longest_match_chars

FLAGS = regex.IGNORECASE | regex.V0
BUNDLED = Rulebook.load()


@pytest.mark.parametrize(
    ("source", "chars"),
    [
        (r"^\d{1,7}$", 7),
        (r"^(more|related (posts|news))[:.]?$", 14),
        (r"^[\p{L}\p{N}]{3}$", 3),
        (r"(?i:^\d{1,7}$)|(?-i:^ab$)", 7),
        (r"(^a$)|(^bb$)", 2),
        (r"\Aab\Z", 2),
        (r"^a\\$", 2),
        (r"^(?P<value>a{1,3})$|^b(?P<value>.{6,40})$", 41),  # one name twice
    ],
)
def test_bounded_patterns(source: str, chars: int) -> None:
    # one more character than the widest match: a final newline before ``$``
    assert longest_match_chars(regex.compile(source, FLAGS)) == chars + 1


@pytest.mark.parametrize(
    "source",
    [
        r"^abc",  # open at the end
        r"abc$",  # open at the start
        r"^a|b$",  # one way open at each end
        r"^a+$",  # unbounded repeat
        r"^a\$",  # an escaped dollar sign, not the end
        r"^(a)\1$",  # a back-reference
        r"^(?:abc){e<=1}$",  # fuzzy matching
        r"^[[:alpha:]]$",  # a POSIX class
        r"^\X$",  # a grapheme, which the standard parser does not know
        r"(?x)^ a $",  # verbose
    ],
)
def test_unbounded_or_unsure_patterns(source: str) -> None:
    assert longest_match_chars(regex.compile(source, FLAGS)) is None


def test_full_case_folding_gets_no_bound() -> None:
    # under full case folding one character matches two ('ß' and 'SS')
    assert longest_match_chars(regex.compile("^ß$", FLAGS | regex.FULLCASE)) is None
    assert longest_match_chars(regex.compile("^ß$", regex.IGNORECASE | regex.V1)) is None


def bundled_matchers() -> list[Matcher]:
    found = []
    for rule_file in BUNDLED.files:
        for rule in rule_file.rules:
            found += [m for m in (rule.marker, rule.until) if m is not None and m.pattern]
    return found


def padded(line: str) -> list[str]:
    """The line, and the line with words before and after it (long lines the bound skips)."""
    pad = " ".join(["word"] * 60)
    return [line, f"{line} {pad}", f"{pad} {line}", line * 20]


def test_bundled_matchers_answer_as_their_search() -> None:
    matchers = [m for m in bundled_matchers() if m.max_chars is not None]
    assert len(matchers) >= 10  # the bound is in use on the bundled rules
    checked = 0
    for rule_file in BUNDLED.files:
        for rule in rule_file.rules:
            for matcher in (rule.marker, rule.until):
                if matcher is None or matcher.max_chars is None:
                    continue
                unbounded = copy.copy(matcher)
                unbounded.max_chars = None
                for example in rule.examples.junk + rule.examples.keep:
                    for line in padded(example):
                        assert bool(matcher.search(line)) == bool(unbounded.search(line))
                        checked += 1
    assert checked > 100


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab1 :.-", max_size=40))
def test_no_match_is_longer_than_the_bound(line: str) -> None:
    pattern = regex.compile(r"^(a|ab|1 ?){0,5}[:.]?( -)?$", FLAGS)
    limit = longest_match_chars(pattern)
    assert limit is not None
    if pattern.search(line):
        assert len(line) <= limit


def test_gate_matches_its_bounded_alternatives_apart() -> None:
    patterns = [
        regex.compile(r"^(next|previous) page$|^page \d+ of \d+$", FLAGS),
        regex.compile(r"^(\d{1,5} ){2,}\d{1,5}$", FLAGS),
        regex.compile(r"^[A-Z]{2,4}$", regex.V0),
    ]
    gate = gate_for_patterns(patterns)
    assert isinstance(gate, Gate) and gate.bounded is not None and gate.anchored is not None
    assert gate.bounded_chars == len("previous page") + 1
    lines = ["Next page", "next page " * 10, "Previous page", "Page 2 of 5", "1 2 3 4",
             "NEWS", "news", "A story line.", "1 2 3 " * 30 + "4"]  # fmt: skip
    for line in lines:
        form = regex_form(line)
        assert gate.test_form(form) == any(p.search(form) for p in patterns), line
