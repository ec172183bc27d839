"""One split of the development data by site, shared by every bench and training script.

We check each issue on pages we do not have, so every figure is reported twice: on the sites we
tuned on and on sites held apart. A page's site is its domain (big9: its folder) as
the split was first drawn: the last two labels of the host, three under a few two-label
suffixes (``SPLIT_SECOND_LEVEL_SUFFIXES``). The split is a hash of that name, so it is
deterministic and every page of one site falls on the same side. It is frozen, so it does not
follow the cleaner's registrable domain (``cleaner.domains``, by the Public Suffix
List), which would move 27 of the development sites to the other side.
"""

from __future__ import annotations

import hashlib
from typing import Literal
from urllib.parse import urlsplit

Part = Literal["tune", "held"]

SPLIT_SECOND_LEVEL_SUFFIXES = frozenset(
    ("co.uk", "org.uk", "ac.uk", "gov.uk", "com.au", "net.au", "org.au", "co.nz", "co.jp",
     "co.in", "co.za", "com.br", "com.cn", "com.mx", "com.tr", "com.sg", "com.hk", "com.tw")
)  # fmt: skip
"""The two-label suffixes the split was drawn with (bbc.co.uk is one site, not co.uk)."""
HELD_APART_PERCENT = 40
"""Share of sites held apart: enough held-apart pages for a stable figure (about 600 of
wcxb-dev's 1,497 pages and 4 of big9's 9 sites), while most sites remain for tuning."""


def site_of(url_or_name: str | None, fallback: str = "") -> str:
    """The split's name of a page's site: "https://www.bbc.co.uk/x" -> "bbc.co.uk", a bare name
    (big9's folders, trafilatura-eval keys without a scheme) as it comes.

    A page with no URL (five wcxb-dev pages) is its own site: pass its id as ``fallback``.
    """
    if not url_or_name:
        return f"no-url:{fallback}"
    host = url_or_name
    if "//" in url_or_name:
        host = urlsplit(url_or_name).hostname or ""
        if not host:
            return url_or_name.lower()
    labels = host.lower().removeprefix("www.").split(".")
    keep = 3 if ".".join(labels[-2:]) in SPLIT_SECOND_LEVEL_SUFFIXES else 2
    return ".".join(labels[-keep:])


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
