"""One home per concept: a pattern or a name defined in two modules of the package drifts apart.

Two exact copies of one regex, or two top-level functions with one name in two modules, are how
the package came to hold two DATELINEs and two ``is_headline_shaped`` with different logic.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from collections import defaultdict
from pathlib import Path

import regex

import cleaner

PACKAGE = Path(cleaner.__file__).parent

KNOWN_SHARED_NAMES = {}


def package_modules() -> list[str]:
    names = [info.name for info in pkgutil.walk_packages(cleaner.__path__, "cleaner.")]
    return [name for name in names if not name.endswith("__main__")]


def test_no_regex_is_compiled_twice() -> None:
    holders: dict[tuple[str, int], set[str]] = defaultdict(set)
    seen: set[int] = set()
    for name in package_modules():
        for attr, value in vars(importlib.import_module(name)).items():
            if isinstance(value, regex.Pattern | re.Pattern) and id(value) not in seen:
                seen.add(id(value))
                holders[(value.pattern, value.flags)].add(f"{name}.{attr}")
    copies = {key[0]: where for key, where in holders.items() if len(where) > 1}
    assert not copies, f"one pattern compiled in several places (import it instead): {copies}"


def test_no_top_level_function_is_defined_in_two_modules() -> None:
    homes: dict[str, set[str]] = defaultdict(set)
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                homes[node.name].add(module)
    twice = {
        name: where
        for name, where in homes.items()
        if len(where) > 1 and where != KNOWN_SHARED_NAMES.get(name)
    }
    assert not twice, f"one name, several definitions (give the concept one home): {twice}"
