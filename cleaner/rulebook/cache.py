"""A pickle of the compiled rulebook, so that a big rulebook loads in a fraction of a second.

Loading rule files parses TOML, checks every key and compiles every regex: seconds for
thousands of files. The pickle is keyed by the path, size and modification time of every rule
file and of the modules that compile them, so editing a rule (or upgrading the cleaner) misses the
cache and loads afresh. It lives in the cache folder (``cache_folder.py``: where, and how it
is pruned). Any problem with the cache (unwritable folder, damaged file) falls back to a plain
load.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path

from cleaner.rulebook.cache_folder import cache_dir, caching, store_pickle
from cleaner.rulebook.load import SCHEMA_FILE, Rulebook, bundled_rules_dir, rule_files_in

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
"""The installed ``cleaner`` package: its code shapes the pickle (classes, compiled forms)."""


def cache_key(folders: list[Path]) -> str:
    """A digest of every input of the load: rule files, the code that compiles them, Python."""
    paths = rule_files_in(bundled_rules_dir())
    for folder in folders:
        paths += rule_files_in(folder)
    paths += package_modules()
    paths += [p for p in [bundled_rules_dir() / SCHEMA_FILE] if p.is_file()]
    digest = hashlib.sha256(sys.version.encode())
    digest.update("\0".join(str(f) for f in folders).encode())
    for path in paths:
        stat = path.stat()
        digest.update(f"\0{path}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:32]


def package_modules() -> list[Path]:
    """Every Python module of the package, found on disk rather than listed by hand, so a
    module that moves or is added can never leave a stale pickle in use. Statting some sixty
    files costs well under a millisecond; an edit anywhere in the package only costs one load."""
    return sorted(PACKAGE_ROOT.rglob("*.py"))


def load_rulebook_cached(folders: Iterable[Path | str] = ()) -> Rulebook:
    """``Rulebook.load(folders)``, from the cache when no rule file changed since it was stored."""
    folders = [Path(f) for f in folders]
    if not caching() or not all(f.is_dir() for f in folders):
        return Rulebook.load(folders)  # a missing folder: let the loader report it
    key = key_or_none(folders)
    if key is None:
        return Rulebook.load(folders)
    cached = cache_dir() / f"rulebook-{key}.pickle"
    rulebook = read_cached(cached)
    if rulebook is None:
        rulebook = Rulebook.load(folders)
        if key_or_none(folders) == key:  # no rule file changed while it loaded
            store(cached, rulebook)
    else:
        with contextlib.suppress(OSError):
            os.utime(cached)  # the modification time records the last use, for pruning
    return rulebook


def key_or_none(folders: list[Path]) -> str | None:
    try:
        return cache_key(folders)
    except OSError:  # a file vanished while being listed: do without the cache
        return None


def read_cached(path: Path) -> Rulebook | None:
    try:
        with open(path, "rb") as handle:
            rulebook = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception:  # a damaged or outdated cache file is only a cache miss
        return None
    return rulebook if isinstance(rulebook, Rulebook) else None


def store(path: Path, rulebook: Rulebook) -> None:
    store_pickle(path, rulebook, "rulebook-", ".pickle")
