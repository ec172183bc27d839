"""The verdict's calibration: the word F1 a raw estimate stands for on each type of page, and
the quality under which a page of that type fails.

The raw estimate (``estimates.predicted_f1`` of the junk and lost-story shares) ranks pages
well but means different things on different pages: a forum thread's or a product page's
output is judged by other findings than a story's. ``calibration.json`` holds, per page type
(``cleaner.html.page_type``) and for bodies made by site rules, a monotone map from the raw
estimate to the median true word F1 of the tune sites' pages with that estimate, and the
calibrated quality under which a page of the group fails. Both are fitted by
``bench/fit_verdicts.py`` (deterministic) on the tune sites of the development data; a type
with too few tune pages uses the map fitted on all.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

CALIBRATION_FILE = "calibration.json"
POOLED = "all"
"""The calibration fitted on every tune page, for a type without its own."""
SITE_RULES = "site-rules"
"""The calibration of bodies made by a site's own rules (whatever the page type): rules
written for the site make the raw estimate mean more than it does on the generic path."""


@dataclass(frozen=True, slots=True)
class TypeCalibration:
    """One page type's map (raw estimate -> median true F1, piecewise linear between points)
    and its fail line (on the calibrated quality)."""

    raw: tuple[float, ...]
    f1: tuple[float, ...]
    fail_below: float

    def quality(self, raw: float) -> float:
        """The calibrated quality of a raw estimate: interpolated between the fitted points,
        flat beyond them."""
        if not self.raw:
            return raw
        if raw <= self.raw[0]:
            return self.f1[0]
        if raw >= self.raw[-1]:
            return self.f1[-1]
        right = bisect_right(self.raw, raw)
        x0, x1, y0, y1 = self.raw[right - 1], self.raw[right], self.f1[right - 1], self.f1[right]
        return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1


@lru_cache(maxsize=1)
def calibrations() -> dict[str, TypeCalibration]:
    """The shipped calibrations by page type, read once."""
    text = resources.files(__package__).joinpath(CALIBRATION_FILE).read_text(encoding="utf-8")
    return {name: type_calibration(spec) for name, spec in json.loads(text)["types"].items()}


def type_calibration(spec: dict[str, Any]) -> TypeCalibration:
    points = spec.get("points") or []
    return TypeCalibration(
        tuple(float(x) for x, _ in points), tuple(float(y) for _, y in points),
        float(spec["fail_below"]),
    )  # fmt: skip


def calibration_for(page_type: str) -> TypeCalibration:
    table = calibrations()
    return table.get(page_type) or table[POOLED]


def calibrated_quality(raw: float, page_type: str) -> float:
    """The word F1 a raw estimate stands for on a page of ``page_type``."""
    return calibration_for(page_type).quality(raw)


def fail_line(page_type: str) -> float:
    """The calibrated quality under which a page of ``page_type`` fails."""
    return calibration_for(page_type).fail_below
