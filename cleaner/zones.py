"""Where in a document a line stands: the zones a rule can be limited to.

One home for the meaning of ``zone`` in a rule file, shared by the engine (which applies a rule
only inside its zone) and the validator (which asks whether a rule from any site would still
act on a cleaned body): ``head`` is before the first prose line, ``tail`` after the last one,
``second-half`` from the middle line on but never before the story has started.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from cleaner.text import is_prose

ZONES = ("any", "head", "tail", "second-half")


class HasText(Protocol):
    """Anything with a line's ``text`` (the engine's lines, the validator's body lines)."""

    text: str


def prose_bounds(lines: Sequence[HasText]) -> tuple[int, int]:
    """Index of the first and last prose line; (len, -1) when there is none.

    Searched from each end, so a line between the first and the last prose line is never
    judged: the engine asks for every zoned rule, and a story's middle is most of its lines.
    """
    first = next((i for i, line in enumerate(lines) if is_prose(line.text)), None)
    if first is None:
        return len(lines), -1
    last = next(i for i in range(len(lines) - 1, first - 1, -1) if is_prose(lines[i].text))
    return first, last


def second_half_start(lines: Sequence[HasText], bounds: tuple[int, int] | None = None) -> int:
    """First index of the second half: past the middle line *and* past the first prose line.

    A crawl with a long menu above the story has its middle line before the story starts; a
    "More" menu item there is not a footer. (Halving by prose words instead fails the other
    way: a long teaser list of prose snippets after a short story pulls the middle into it.)
    """
    first_prose, _ = bounds if bounds is not None else prose_bounds(lines)
    return max(len(lines) // 2, min(first_prose + 1, len(lines)))


@dataclass(frozen=True, slots=True)
class Zones:
    """The zone boundaries of one list of lines, computed once and asked per index."""

    first_prose: int
    last_prose: int
    second_half: int

    @classmethod
    def of(cls, lines: Sequence[HasText]) -> Zones:
        bounds = prose_bounds(lines)
        return cls(bounds[0], bounds[1], second_half_start(lines, bounds))

    def contains(self, zone: str, index: int) -> bool:
        """Whether the line at ``index`` lies in ``zone``."""
        if zone == "head":
            return index < self.first_prose
        if zone == "tail":
            return index > self.last_prose
        if zone == "second-half":
            return index >= self.second_half
        return True
