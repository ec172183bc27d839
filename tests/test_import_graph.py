"""The package's import graph stays acyclic, deferred imports included.

The graph is read from the source (every ``import`` and ``from ... import`` anywhere in a
module, inside functions too, relative imports resolved) at the grain of the package's parts:
its subpackages (``io``, ``html``, ``generic``, ``linemodel``, ``validate``, ``batch``, ``cli``,
...) and its top-level modules (``pipeline``, ``document``, ``text``, ...). A cycle means no part
can be understood, tested or replaced without the others; the failure names every import on it.

Imports under ``if TYPE_CHECKING:`` are left out: they never run, and they are how a part names
the type of an object its caller hands it (import-linter leaves them out the same way).
"""

from __future__ import annotations

import ast
from itertools import pairwise
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = "cleaner"
Graph = dict[str, dict[str, str]]
"""Part -> the parts it imports, each with the first import that says so."""


def module_name(path: Path, root: Path) -> tuple[str, str]:
    """The dotted name of the module at ``path`` and of the package its relative imports
    start from."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
        return ".".join(parts), ".".join(parts)
    return ".".join(parts), ".".join(parts[:-1])


def is_module(name: str, root: Path) -> bool:
    path = root.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def type_checking_nodes(tree: ast.Module) -> set[int]:
    """Ids of the nodes inside ``if TYPE_CHECKING:`` blocks."""
    inside: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            inside.update(id(child) for statement in node.body for child in ast.walk(statement))
    return inside


def imported_modules(node: ast.AST, package: str, root: Path) -> list[str]:
    """The modules an import statement loads (``from a import b`` loads ``a.b`` when ``b`` is
    a module, else ``a``), relative names resolved against ``package``."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        anchor = package.split(".")
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, *([node.module] if node.module else [])])
    return [
        f"{base}.{alias.name}" if is_module(f"{base}.{alias.name}", root) else base
        for alias in node.names
    ]


def part_of(module: str) -> str | None:
    """The part of the package a module belongs to (None outside the package); the package's
    own ``__init__`` is the part ``__init__``."""
    parts = module.split(".")
    if parts[0] != PACKAGE:
        return None
    return parts[1] if len(parts) > 1 else "__init__"


def import_graph(root: Path, package: str = PACKAGE) -> Graph:
    """Which part of ``package`` (a folder under ``root``) imports which."""
    graph: Graph = {}
    for path in sorted((root / package).rglob("*.py")):
        module, anchor = module_name(path, root)
        tree = ast.parse(path.read_text("utf-8"), str(path))
        skipped = type_checking_nodes(tree)
        source = part_of(module)
        for node in ast.walk(tree):
            if id(node) in skipped:
                continue
            for target in imported_modules(node, anchor, root):
                part = part_of(target)
                if source and part and part != source:
                    line = getattr(node, "lineno", 0)
                    evidence = f"{module} imports {target} (line {line})"
                    graph.setdefault(source, {}).setdefault(part, evidence)
    return graph


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle of ``graph`` as its parts in order (the first repeated at the end), or None."""
    done: set[str] = set()
    for start in sorted(graph):
        path: list[str] = []
        on_path: set[str] = set()
        stack = [(start, iter(sorted(graph.get(start, {}))))]
        if start in done:
            continue
        path.append(start)
        on_path.add(start)
        while stack:
            node, targets = stack[-1]
            target = next(targets, None)
            if target is None:
                stack.pop()
                path.pop()
                on_path.discard(node)
                done.add(node)
            elif target in on_path:
                return [*path[path.index(target) :], target]
            elif target not in done:
                path.append(target)
                on_path.add(target)
                stack.append((target, iter(sorted(graph.get(target, {})))))
    return None


def describe(graph: Graph, cycle: list[str]) -> str:
    steps = [graph[a][b] for a, b in pairwise(cycle)]
    return " -> ".join(cycle) + "\n" + "\n".join(f"  {step}" for step in steps)


def test_the_package_import_graph_is_acyclic() -> None:
    graph = import_graph(ROOT)
    parts = set(graph) | {part for targets in graph.values() for part in targets}
    assert {"io", "html", "generic", "linemodel", "validate", "batch", "cli", "text"} <= parts
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle between the package's parts:\n" + describe(graph, cycle)


def write_package(root: Path, files: dict[str, str]) -> None:
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, "utf-8")


def test_deferred_and_relative_imports_count_and_type_only_imports_do_not(
    tmp_path: Path,
) -> None:
    write_package(
        tmp_path,
        {
            "cleaner/__init__.py": "",
            "cleaner/text.py": "",
            "cleaner/io/__init__.py": "from .reader import read\n",
            "cleaner/io/reader.py": "def read():\n    from ..batch import run\n",
            "cleaner/batch/__init__.py": "",
            "cleaner/batch/run.py": "from cleaner.io import reader\nimport cleaner.text\n",
            "cleaner/html/__init__.py": (
                "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from cleaner import io\n"
            ),
        },
    )
    graph = import_graph(tmp_path)
    assert set(graph) == {"io", "batch"}
    assert set(graph["io"]) == {"batch"}
    assert graph["io"]["batch"] == "cleaner.io.reader imports cleaner.batch.run (line 2)"
    assert set(graph["batch"]) == {"io", "text"}
    cycle = find_cycle(graph)
    assert cycle == ["batch", "io", "batch"]
    assert "cleaner.io.reader imports cleaner.batch.run (line 2)" in describe(graph, cycle)
    del graph["io"]
    assert find_cycle(graph) is None
