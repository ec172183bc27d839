"""Property tests: cleaning only removes, keeps order, is idempotent and never crashes."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner.pipeline import clean
from cleaner.rulebook.load import Rulebook
from tests.conftest import FIXTURES

RULEBOOK = Rulebook.load()
FIXTURE_LINES = sorted(
    {
        line
        for path in FIXTURES.rglob("*.txt")
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    }
)

real_line = st.sampled_from(FIXTURE_LINES)
any_line = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029",
    ),
    max_size=80,
)
documents = st.lists(st.one_of(real_line, real_line, any_line), max_size=40).flatmap(
    lambda lines: st.lists(
        st.sampled_from(["\n", "\n\n"]), min_size=len(lines), max_size=len(lines)
    ).map(lambda seps: "".join(line + sep for line, sep in zip(lines, seps, strict=True)))
)
LYNDA = (
    "Later that day came a campaign launch by Lynda Bennett, a local GOP activist and real"
    " estate agent who is friendly with Debbie Meadows, the congressman's wife, according to"
    " sources who know both women.\n"
)
EXPLORE = os.environ.get("CLEANER_HYPOTHESIS_EXPLORE") == "1"
"""Set to 1 to hunt for new counterexamples: random draws and twenty times the examples. The
default run draws the same examples every time, so a test run (and CI) is reproducible and a
failure found by hunting becomes an ``@example`` here, not a red build at random."""
SETTINGS = settings(
    max_examples=3000 if EXPLORE else 150,
    deadline=None,
    derandomize=not EXPLORE,
    database=None if not EXPLORE else settings.default.database,
    suppress_health_check=[HealthCheck.too_slow],
)


def is_subsequence(kept: list[str], source: list[str]) -> bool:
    remaining = iter(source)
    return all(any(line == candidate for candidate in remaining) for line in kept)


@SETTINGS
@given(documents)
def test_body_is_a_subsequence_of_the_input_lines(text: str) -> None:
    doc = clean(text, kind="text", rulebook=RULEBOOK)
    body = [line for line in doc.text.split("\n\n") if line]
    source = [line.strip() for line in text.splitlines() if line.strip()]
    assert is_subsequence(body, source)


@SETTINGS
@given(documents)
# hypothesis found this one: a repeated '1 hour ago' became the title of the cleaned text
@example(
    " date 2024-05-25 WATCH TV LIVE\n1 hour ago\n date 2024-05-25 WATCH TV LIVE\n"
    "This document is subject to copyright. Apart from any fair dealing for the purpose of"
    " private study or research, no part may be reproduced without the written permission."
    " The content is provided for information purposes only.\n1 hour ago\n"
)
# the generic path rescued an emptied site body; cleaned again, the site's cut took what it kept
@example(
    "(Except for the headline, this story has not been edited by NDTV staff and is published"
    " from a syndicated feed.)\nTrack Latest News Live on NDTV.com and get news updates from"
    " India and around the world\n date 2024-05-25 WATCH TV LIVE\n"
)
# the generic path was judged better than a short site body; cleaned again, the site's footer
# rule took a line of what it kept and the validator weighed the two paths the other way
@example(
    " date 2024-05-25 WATCH TV LIVE\n date 2024-05-25 WATCH TV LIVE\n"
    " date 2024-05-25 WATCH TV LIVE\n" + LYNDA * 2 + "Newsmax, Moneynews, Newsmax Health, and"
    " Independent. American. are registered trademarks of Newsmax Media, Inc. Newsmax TV, and"
    " Newsmax World are trademarks of Newsmax Media, Inc.\n"
)
def test_cleaning_twice_changes_nothing(text: str) -> None:
    once = clean(text, kind="text", rulebook=RULEBOOK)
    twice = clean(once.text, kind="text", rulebook=RULEBOOK)
    assert twice.text == once.text


@SETTINGS
@given(st.text(max_size=2000))
def test_no_crash_on_arbitrary_text(text: str) -> None:
    doc = clean(text, kind="text", rulebook=RULEBOOK)
    assert len(doc.lines) + len({r.line for r in doc.removed}) <= len(text.splitlines()) + 1


@SETTINGS
@given(documents)
def test_every_input_line_is_kept_or_removed_once(text: str) -> None:
    doc = clean(text, kind="text", rulebook=RULEBOOK)
    kept = {line.number for line in doc.lines}
    removed = [r.line for r in doc.removed if not r.reason.startswith("trimmed to:")]
    non_blank = {n for n, line in enumerate(text.splitlines(), 1) if line.strip()}
    assert len(removed) == len(set(removed))
    assert kept | set(removed) == non_blank and not kept & set(removed)


COPYRIGHT_NOTE = (
    "This document is subject to copyright. Apart from any fair dealing for the purpose of"
    " private study or research, no part may be reproduced without the written permission."
    " The content is provided for information purposes only."
)


def test_the_title_finder_finds_no_second_title_in_its_own_output() -> None:
    """A dated line (a crawl's date and 'WATCH TV LIVE' bar) is no headline, so the repeated
    short line is the title once, and the output cleaned again keeps its text."""
    text = (
        f" date 2024-05-25 WATCH TV LIVE\nFoo bar baz\n date 2024-05-25 WATCH TV LIVE\n"
        f"{COPYRIGHT_NOTE}\nFoo bar baz\n"
    )
    once = clean(text, kind="text", rulebook=RULEBOOK)
    assert clean(once.text, kind="text", rulebook=RULEBOOK).text == once.text
