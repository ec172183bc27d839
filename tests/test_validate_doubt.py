"""Evidence that settles a doubtful estimate (``cleaner.validate.doubt``): a body just over its
type's fail line fails when its prose mostly shares no word with the headline (and shows those
lines), or when a text input kept only short pieces of prose or a small share of its words; a
story that keeps coming back to its headline, a short story kept whole, a list of items and a
body far over the line do not."""

from __future__ import annotations

import pytest

from cleaner.validate import verdict as verdict_module
from cleaner.validate.calibration import SITE_RULES, fail_line
from cleaner.validate.context import BodyLine, Context
from cleaner.validate.doubt import (
    DOUBT_MARGIN,
    HEADLINE_REACH_MAX,
    OFF_HEADLINE_CODE,
    SHORT_RUN,
    SHORT_RUN_WORDS,
    STUB,
    STUB_SHARE_MAX,
    doubt_reason,
    headline_reach,
    kept_run,
)
from cleaner.validate.verdict import Basis, body_digest, validate_text
from tests.test_validate import PARA, body
from tests.test_validate_topic import TEASERS

TITLE = "Putin's Russia prepares a visit to North Korea"
LINE = 0.8
DOUBTFUL = LINE + DOUBT_MARGIN / 2


def context(rulebook, lines: list[str], title: str = TITLE) -> Context:
    return Context([BodyLine(2 * i + 1, text) for i, text in enumerate(lines)], rulebook, title)


def test_headline_reach_is_the_share_of_prose_words_on_lines_naming_the_headline(
    rulebook,
) -> None:
    lines = [*PARA, *TEASERS]
    reach = headline_reach(context(rulebook, lines))
    words = [len(t.split()) for t in lines]  # each story line names Putin, Russia or Korea
    assert reach == pytest.approx(sum(words[: len(PARA)]) / sum(words))
    assert headline_reach(context(rulebook, lines, title="")) is None


def test_only_a_doubtful_body_off_its_headline_fails() -> None:
    off = HEADLINE_REACH_MAX - 0.1
    assert doubt_reason(DOUBTFUL, LINE, "product", off, None, 500)[0] == OFF_HEADLINE_CODE
    assert doubt_reason(LINE + DOUBT_MARGIN, LINE, "product", off, None, 500) is None  # far over
    assert doubt_reason(LINE - 0.01, LINE, "product", off, None, 500) is None  # fails anyway
    assert doubt_reason(DOUBTFUL, LINE, "product", HEADLINE_REACH_MAX + 0.1, None, 500) is None
    assert doubt_reason(DOUBTFUL, LINE, "listing", off, None, 500) is None  # items name others
    assert doubt_reason(DOUBTFUL, LINE, SITE_RULES, off, None, 500) is None


def test_a_text_input_that_kept_short_pieces_of_prose_fails_when_in_doubt() -> None:
    pieces = [("A first teaser that reads as a sentence of prose here.", True),
              ("A left out paragraph that reads as prose and breaks the run.", False),
              ("Another kept piece of prose that stands on its own line.", True)]  # fmt: skip
    run = kept_run(pieces)
    assert run == len(pieces[2][0].split())
    assert doubt_reason(DOUBTFUL, LINE, "unknown", None, run, 4 * run)[0] == SHORT_RUN
    # a short story kept whole is no pieces, a long run no short one
    assert doubt_reason(DOUBTFUL, LINE, "unknown", None, run, run) is None
    assert doubt_reason(DOUBTFUL, LINE, "unknown", None, SHORT_RUN_WORDS + 1, 5000) is None


def test_the_verdict_fails_a_doubtful_page_off_its_headline_and_shows_its_lines(
    rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through a record's basis, as ``cleaner validate`` reads it: a page whose headline was
    checked (``headline_missing`` known)."""
    lines = [PARA[0], *TEASERS]
    doubtful = lambda raw, group: fail_line(group) + DOUBT_MARGIN / 2  # noqa: E731
    monkeypatch.setattr(verdict_module, "calibrated_quality", doubtful)
    numbered = [BodyLine(2 * i + 1, t) for i, t in enumerate(lines)]
    basis = Basis("product", 0.1, 0.0, 0.0, digest=body_digest(numbered), headline_missing=0.5)
    verdict = validate_text(body(*lines), rulebook, TITLE, basis=basis)
    assert verdict.status == "fail"
    assert "shares a word with the headline" in verdict.reason
    off = {f.line for f in verdict.findings if f.code == OFF_HEADLINE_CODE}
    assert off and off <= {2 * i + 1 for i in range(1, len(lines))}  # the teasers, not the lede
    assert verdict.quality < fail_line("product")
    numbered = [BodyLine(2 * i + 1, t) for i, t in enumerate(PARA)]
    basis = Basis("product", 0.1, 0.0, 0.0, digest=body_digest(numbered), headline_missing=0.0)
    story = validate_text(body(*PARA), rulebook, TITLE, basis=basis)
    assert story.status != "fail"
    assert not any(f.code == OFF_HEADLINE_CODE for f in story.findings)


def test_a_text_input_that_kept_a_small_share_of_its_words_fails_when_in_doubt() -> None:
    """A stub of a long dump (a teaser, a caption run) fails in doubt; a dump that kept a
    fair share of its words, an HTML page (no run: not a text input) and a body far over the
    line do not."""
    little = STUB_SHARE_MAX - 0.05
    assert doubt_reason(DOUBTFUL, LINE, "unknown", None, 120, 120, little)[0] == STUB
    assert doubt_reason(DOUBTFUL, LINE, "unknown", None, 120, 120, STUB_SHARE_MAX + 0.1) is None
    assert doubt_reason(DOUBTFUL, LINE, "article", None, None, 120, little) is None  # HTML
    assert doubt_reason(LINE + DOUBT_MARGIN, LINE, "unknown", None, 120, 120, little) is None
    assert doubt_reason(DOUBTFUL, LINE, SITE_RULES, None, 120, 120, little) is None


def test_the_verdict_fails_a_doubtful_stub_of_a_dump_and_keeps_a_fair_share(
    rulebook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through a record's basis, as ``cleaner validate`` reads it: the kept share is the
    basis's, so the run's verdict is reproduced from the record."""
    lines = [*PARA, "Share on Facebook"]  # a junk line: the fail's evidence
    doubtful = lambda raw, group: fail_line(group) + DOUBT_MARGIN / 2  # noqa: E731
    monkeypatch.setattr(verdict_module, "calibrated_quality", doubtful)
    numbered = [BodyLine(2 * i + 1, t) for i, t in enumerate(lines)]
    run = sum(len(t.split()) for t in PARA)

    def judged(kept: float):
        basis = Basis("unknown", 0.1, 0.0, 0.0, digest=body_digest(numbered), kept_run=run,
                      kept_share=kept)  # fmt: skip
        return validate_text(body(*lines), rulebook, TITLE, basis=basis)

    stub = judged(STUB_SHARE_MAX / 2)
    assert stub.status == "fail"
    assert "kept 8% of the input's words" in stub.reason
    assert stub.quality < fail_line("unknown")
    kept = judged(0.6)
    assert kept.status != "fail"
    assert kept.quality >= fail_line("unknown")
