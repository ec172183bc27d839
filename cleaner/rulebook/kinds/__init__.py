"""The closed set of rule kinds: one module each, named here once.

Each module defines ``KIND``, an instance of ``base.RuleKind``: the keys the kind accepts, how it
compiles, applies and judges its examples, and what the validator may ask of it. Adding a kind
is one new module and one line in ``MODULES``. ``KINDS`` is the order rule-file errors list the
kinds in; ``KIND_ORDER`` the order they run in within a file (by ``run_rank``).
"""

from __future__ import annotations

from importlib import import_module

from cleaner.rulebook.kinds.base import RuleKind
from cleaner.rulebook.rules import Rule

MODULES = (
    "drop",
    "cut_after",
    "cut_before",
    "drop_block",
    "trim",
    "meta",
)

REGISTRY: dict[str, RuleKind] = {
    kind.name: kind for kind in (import_module(f"{__name__}.{m}").KIND for m in MODULES)
}
KINDS = tuple(REGISTRY)
KIND_ORDER = tuple(sorted(REGISTRY, key=lambda name: REGISTRY[name].run_rank))
KIND_KEYS = frozenset().union(*(kind.keys for kind in REGISTRY.values()))
"""Every key some kind accepts beyond the shared ones."""


def kind_of(rule: Rule) -> RuleKind:
    """The kind a compiled rule belongs to."""
    return REGISTRY[rule.kind]


__all__ = ["KINDS", "KIND_KEYS", "KIND_ORDER", "MODULES", "REGISTRY", "RuleKind", "kind_of"]
