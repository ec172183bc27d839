"""Where the cleaner keeps what it compiles once per machine, and how that folder is pruned.

The folder is ``$CLEANER_CACHE_DIR``, else ``$XDG_CACHE_HOME/cleaner``, else
``~/.cache/cleaner``; ``CLEANER_NO_CACHE=1`` turns caching off. It holds the compiled
rulebooks (``cache.py``) and the hyperscan databases of their patterns (``prefilter.py``);
each kind of entry is pruned apart, by its own file name pattern.
"""

from __future__ import annotations

import os
import pickle
import time
from pathlib import Path

from cleaner.io.writer import temp_path

KEEP_FILES = 32
"""Entries of one kind kept (one per set of rule folders and installed cleaner); the least
recently used go first. A quarter of a megabyte each; with 8, a machine with several
checkouts or environments of the cleaner (each its own key) pushed out entries that runs were
about to read, and those runs loaded their rule files afresh (half a second each)."""
MAX_AGE_DAYS = 30
"""An entry not used for this long is deleted: it belongs to rules or a cleaner version that
is gone (every edit of a rule file makes a new entry)."""
STALE_TEMP_SECONDS = 3600
"""A half-written cache file this old was left by a killed process (a write takes seconds)."""


def cache_dir() -> Path:
    if os.environ.get("CLEANER_CACHE_DIR"):
        return Path(os.environ["CLEANER_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "cleaner"


def caching() -> bool:
    """Whether the cache is on (``CLEANER_NO_CACHE``, set to anything, turns it off)."""
    return not os.environ.get("CLEANER_NO_CACHE")


def store_pickle(path: Path, value: object, prefix: str, suffix: str) -> None:
    """Pickle ``value`` to ``path`` atomically, then prune the entries named like it
    (``prefix*suffix``); a cache that cannot be written is silently skipped."""
    temp = temp_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp, path)
        prune_cache(path.parent, prefix, suffix)
    except (OSError, pickle.PicklingError, TypeError, AttributeError):
        temp.unlink(missing_ok=True)


def prune_cache(folder: Path, prefix: str, suffix: str) -> None:
    """Keep the KEEP_FILES most recently used entries named ``prefix*suffix`` younger than
    MAX_AGE_DAYS; drop their half-written files of killed processes."""
    now = time.time()
    stored = sorted(folder.glob(f"{prefix}*{suffix}"), key=lambda p: p.stat().st_mtime_ns)
    too_old = [p for p in stored if now - p.stat().st_mtime > MAX_AGE_DAYS * 86400]
    stale = [
        p for p in folder.glob(f".{prefix}*.tmp") if now - p.stat().st_mtime > STALE_TEMP_SECONDS
    ]
    for old in {*stored[:-KEEP_FILES], *too_old, *stale}:
        old.unlink(missing_ok=True)
