"""One split of the development data by site, shared by every bench and training script.

We check each issue on pages we do not have, so every figure is reported twice: on the sites we
tuned on and on sites held apart. A page's site is its registrable domain (big9: its folder);
the split is a hash of that name, so it is deterministic, needs no list kept by hand, and every
page of one site falls on the same side.
"""

from __future__ import annotations

import hashlib
from typing import Literal

from cleaner.authoring.triage import SECOND_LEVEL_SUFFIXES, registrable_domain

Part = Literal["tune", "held"]

HELD_APART_PERCENT = 40
"""Share of sites held apart: enough held-apart pages for a stable figure (about 600 of
wcxb-dev's 1,497 pages and 4 of big9's 9 sites), while most sites remain for tuning."""


def site_of(url_or_name: str | None, fallback: str = "") -> str:
    """The registrable domain of a URL ("https://www.bbc.co.uk/x" -> "bbc.co.uk"), or the name.

    A page with no URL (five wcxb-dev pages) is its own site: pass its id as ``fallback``.
    """
    if not url_or_name:
        return f"no-url:{fallback}"
    if "//" not in url_or_name:
        # A bare name (big9's folders; trafilatura-eval keys without a scheme) is taken as it
        # comes, as when the split was first drawn: the split is frozen, because the shipped
        # line model and the tuned constants were made on it.
        labels = url_or_name.lower().removeprefix("www.").split(".")
        keep = 3 if ".".join(labels[-2:]) in SECOND_LEVEL_SUFFIXES else 2
        return ".".join(labels[-keep:])
    return registrable_domain(url_or_name) or url_or_name.lower()


def part_of(site: str) -> Part:
    """Which side of the split ``site`` (a name from ``site_of``) is on."""
    bucket = int(hashlib.sha256(site.encode()).hexdigest(), 16) % 100
    return "held" if bucket < HELD_APART_PERCENT else "tune"


def is_held_apart(url_or_name: str) -> bool:
    """True for a page (URL) or site (name) that tuning and training must not see."""
    return part_of(site_of(url_or_name)) == "held"


def tune_half(site: str) -> int:
    """0 or 1: which half of the tune sites ``site`` is in. Settings that sit on top of the line
    model (the region finder's thresholds, the decoder's weight) are chosen cross-fitted: the
    model trained on one half (``train_line_model.py --tune-half 0``), the settings compared on
    the other (``generic_dumps.py --part tune --tune-half 1``), since on the sites it was
    trained on the model is surer than anywhere else."""
    return int(hashlib.sha256(f"{site}#half".encode()).hexdigest(), 16) % 2
