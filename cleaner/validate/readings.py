"""Agreement between readings: how much of the body the page's other readings of it hold.

Extraction reads most HTML pages more than one way before it settles on one text
(``Document.readings``: trafilatura's reading, its recall-favouring one, the main container's
or the whole page's text, the block classifier's). When two extractors disagree, one of them
is wrong: a body whose words another reading of the same page left out holds either what that
reading missed or blocks that are not the story (comments, other stories, a product grid).
``reading_agreements`` gives, per reading, the share of the body's words it holds and the
share of its words the body holds (bags of lower-cased words, as ``references`` counts them);
nothing is read or extracted again. ``bench/verdicts.py`` saves them with each outcome; the
verdict does not read them yet: on the tune sites they ranked pages a little better but caught
fewer bad pages at the good-page budget (bench/README.md, "Agreement between readings").
"""

from __future__ import annotations

from dataclasses import dataclass

from cleaner.html.references import bag_scores, tokens_of


@dataclass(frozen=True, slots=True)
class Agreement:
    """The body against one reading of its page (shares of words, 0..1)."""

    held: float
    """The share of the body's words the reading holds too."""
    covered: float
    """The share of the reading's words the body holds."""
    words: int
    """The reading's words."""


def reading_agreements(body: str, readings: dict[str, str] | None) -> dict[str, Agreement]:
    """Each reading's ``Agreement`` with ``body``; empty for a page read one way only (no
    readings: a site's container, a forum's posts, a stated story) or an empty body."""
    if not readings:
        return {}
    got = tokens_of(body)
    if not got:
        return {}
    found = {}
    for name, text in readings.items():
        want = tokens_of(text)
        held, covered = bag_scores(got, want)
        found[name] = Agreement(held, covered, want.total())
    return found
