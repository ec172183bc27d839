"""Evidence that settles a doubtful estimate: a body whose calibrated quality is just over its
type's fail line (within DOUBT_MARGIN) fails when evidence the estimate does not read says the
body is not the story, or not all of it.

Near the line the estimate is in doubt: on the tune sites, the pages within DOUBT_MARGIN over
their type's line were bad twice as often as good. Three kinds of evidence tell them apart:

- off the headline (an HTML page whose headline the verdict can check): the body's prose
  lines mostly share no content word with the headline. A story keeps coming back to the
  people and things its headline names; another block (a product grid, a list of services,
  another story) does not. Lists of items (collections, listings) name other things than
  their page's heading by nature, and are not judged so.
- a short run of prose (a text input): the longest run of kept prose lines, unbroken by a
  left-out line, is short and a small part of the body. A dump whose estimate is in doubt and
  that kept no long stretch of running text kept pieces: teasers, a product's blurbs, a
  service page's fragments.
- a stub (a text input): the body kept a small share of the input's words. A dump whose
  estimate is in doubt and that kept one short block of a long page kept a stub of the story
  or another block, rarely a whole story: good dumps keep more.

Each was fitted on the tune sites' pages (bench/verdicts.py outcomes), and each fail names
lines: the prose lines off the headline (OFF_HEADLINE_CODE notes), or the estimate's own.
"""

from __future__ import annotations

from collections.abc import Iterator

from cleaner.text import is_prose, word_count
from cleaner.validate.calibration import SITE_RULES
from cleaner.validate.context import LOW, Context, Finding, finding
from cleaner.validate.structure import content_stems
from cleaner.validate.topic import LINE_MIN_STEMS

DOUBT_MARGIN = 0.05
"""How far over its type's fail line a calibrated quality is in doubt: on the tune sites'
pages (bench/verdicts.py), the evidence below then fails 35 more bad pages (word F1 < 0.9)
and 10 between 0.9 and 0.95 for 2 good ones; 0.04 fails 28 bad ones, 0.06 36 for 5 good."""
OFF_HEADLINE_CODE = "off-headline"
"""A kept prose line sharing no content word with the headline (a note, made for a body that
fails for such lines)."""
SHORT_RUN = "short-run"
"""A text input whose longest run of kept prose is short (no line of its own: the estimate's
findings are its evidence)."""
HEADLINE_REACH_MAX = 0.7
"""A doubtful body fails when at most this share of its judged prose words lie on lines that
share a content word with the headline (on the tune sites' HTML pages in doubt: 0.5 fails 11
bad pages, 0.7 18, 0.8 21 and 2 good ones)."""
LIST_GROUPS = frozenset(("collection", "listing"))
"""Page types whose bodies are lists of items other than their heading names: not judged
against it (a tune listing of cloud news failed at 0.34 for an F1 of 0.99)."""
SHORT_RUN_WORDS = 400
RUN_SHARE_MAX = 0.7
"""A text input's doubtful body fails when its longest run of kept prose holds at most
SHORT_RUN_WORDS words and under RUN_SHARE_MAX of the body's words: the body is pieces. On the
tune sites' dumps in doubt, this fails 17 bad pages and 9 between 0.9 and 0.95 for 2 good
ones (300 words: 13 bad; 500: 18 and 3 good); without the share (any short body) about twice
as many bad ones, but a short story kept whole is not pieces, and a clean one must not fail
for being short (tests/test_verdict.py's three-paragraph story)."""
STUB = "kept-little"
"""A text input whose body kept a small share of its words (no line of its own: the
estimate's findings are its evidence)."""
STUB_SHARE_MAX = 0.15
"""A text input's doubtful body fails when it kept under this share of the input's words
(``verdict.kept_share``). On the tune sites' dumps in doubt (bench/verdicts.py), this fails 4
more bad pages (3 very bad) and no good one; 0.18 fails 5 and 1 good (a page of 508 words
that kept 16%), 0.10 fails 2. Among all the tune sites' good dumps, 2 of 490 kept under 15%
(big9's pages hold more chrome than story, but their stories are long enough)."""
JUDGED_GROUPS_EXCLUDED = frozenset((SITE_RULES,))
"""Bodies made by a site's own rules keep their own calibration and are not judged here: the
evidence was fitted on pages of the generic path (big9's rule-made bodies gave none)."""
EVIDENCE_LINES = 5
"""The longest lines off the headline shown as evidence."""


def in_doubt(calibrated: float, line: float) -> bool:
    """Whether a ``calibrated`` quality is in doubt against its type's fail ``line``."""
    return line <= calibrated < line + DOUBT_MARGIN


def judged_lines(ctx: Context) -> list[tuple[int, frozenset[str]]]:
    """(index, content words) of the body's prose lines with LINE_MIN_STEMS content words: the
    lines that say enough of their topic, as the off-story tail counts them (``topic``)."""
    found = []
    for index, line in enumerate(ctx.lines):
        if ctx.prose[index]:
            stems = content_stems(line.text)
            if len(stems) >= LINE_MIN_STEMS:
                found.append((index, stems))
    return found


def headline_reach(ctx: Context) -> float | None:
    """The share of the judged prose lines' words (``judged_lines``) on lines sharing a content
    word with the headline; None without a headline or judged lines."""
    title = content_stems(ctx.title or "")
    judged = judged_lines(ctx)
    if not title or not judged:
        return None
    words = [(word_count(ctx.lines[i].text), bool(stems & title)) for i, stems in judged]
    return sum(n for n, shared in words if shared) / sum(n for n, _ in words)


def doubt_reason(
    calibrated: float,
    line: float,
    group: str,
    reach: float | None,
    run: int | None,
    words: int,
    kept: float | None = None,
) -> tuple[str, str] | None:
    """Why a body fails whose ``calibrated`` quality is in doubt against its type's fail
    ``line``: its ``headline_reach`` (``reach``, given for a page whose headline the verdict
    checked: ``Estimates.headline_missing`` known) is HEADLINE_REACH_MAX or less on a page
    that is not a list of items (LIST_GROUPS), or a text input's ``kept_run`` (``run``) is
    SHORT_RUN_WORDS or less and under RUN_SHARE_MAX of the body's ``words``, or it kept under
    STUB_SHARE_MAX of the input's words (``kept``): (OFF_HEADLINE_CODE, SHORT_RUN or STUB,
    why); None when it does not fail for them."""
    if group in JUDGED_GROUPS_EXCLUDED or not in_doubt(calibrated, line):
        return None
    if reach is not None and reach <= HEADLINE_REACH_MAX and group not in LIST_GROUPS:
        return (
            OFF_HEADLINE_CODE,
            f"only {reach:.0%} of the kept prose shares a word with the headline",
        )
    if run is not None and run <= SHORT_RUN_WORDS and run < RUN_SHARE_MAX * words:
        return SHORT_RUN, f"the longest run of kept prose is {run} of the body's {words} words"
    if run is not None and kept is not None and kept < STUB_SHARE_MAX:  # a text input's
        return STUB, f"the body kept {kept:.0%} of the input's words"
    return None


def off_headline_evidence(ctx: Context) -> Iterator[Finding]:
    """Notes on the EVIDENCE_LINES longest judged prose lines that share no content word with
    the headline."""
    title = content_stems(ctx.title or "")
    off = [i for i, stems in judged_lines(ctx) if not stems & title]
    longest = sorted(off, key=lambda i: (-word_count(ctx.lines[i].text), i))[:EVIDENCE_LINES]
    for i in sorted(longest):
        yield finding(ctx.lines[i], OFF_HEADLINE_CODE, "doubt.headline", LOW,
                      "kept prose that shares no word with the headline, in a body whose "
                      "prose mostly does not")  # fmt: skip


def kept_run(pairs: list[tuple[str, bool]]) -> int:
    """The words of the longest run of kept prose lines of a text input (its lines with whether
    the body kept each), unbroken by a left-out line; lines that are not prose neither add to
    a run nor break it."""
    longest = run = 0
    for text, kept in pairs:
        if not is_prose(text):
            continue
        run = run + word_count(text) if kept else 0
        longest = max(longest, run)
    return longest
