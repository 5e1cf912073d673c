"""The checks the house style asks for, run with the tests so no change slips past them:
ruff (lint) over the project and mypy --strict over the whole package (pyproject's settings)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_lint_is_clean() -> None:
    pytest.importorskip("ruff", reason="ruff comes with the test extra: pip install -e '.[test]'")
    p = _run("ruff", "check", ".")
    assert p.returncode == 0, p.stdout + p.stderr


def test_mypy_strict_is_clean() -> None:
    pytest.importorskip("mypy", reason="mypy comes with the test extra: pip install -e '.[test]'")
    p = _run("mypy")
    assert p.returncode == 0, p.stdout + p.stderr


# --- The import graph: no circles, and the layers only point down (cli > ui > core > reference). ---

ALLOWED_CIRCLES: list[frozenset[str]] = []
"""Circles that still exist. The list may only shrink: a new circle fails, and so does an entry
here that no longer exists (delete it)."""

_LAYERS = {"reference": 0, "core": 1, "ui": 2, "cli": 3}
ALLOWED_UPWARD: set[str] = set()
"""Imports that still point up a layer (the same ui -> cli arrows as the circle above); may only shrink."""


def _module_files() -> dict[str, Path]:
    out: dict[str, Path] = {}
    for path in (ROOT / "inspector").rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_graph() -> dict[str, set[str]]:
    """Module -> the project modules it imports, anywhere in the file (imports inside functions
    count: they only hide a circle), except under ``if TYPE_CHECKING:``. ``from pkg import name``
    points at ``pkg.name`` when that is a module, else at ``pkg``."""
    modules = _module_files()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = {
            id(n)
            for node in ast.walk(tree)
            if isinstance(node, ast.If) and _is_type_checking(node)
            for stmt in node.body
            for n in ast.walk(stmt)
        }
        targets: set[str] = set()
        for node in ast.walk(tree):
            if id(node) in skip:
                continue
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    mod = ".".join([*base, node.module] if node.module else base)
                else:
                    mod = node.module or ""
                for a in node.names:
                    targets.add(f"{mod}.{a.name}" if f"{mod}.{a.name}" in modules else mod)
        graph[name] = {t for t in targets if t in modules and t != name}
    return graph


def circles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[frozenset[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_circles_are_found() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert circles(graph) == [frozenset({"a", "b", "c"})]
    assert circles({"a": {"b"}, "b": set()}) == []


def test_no_import_circles() -> None:
    found = circles(import_graph())
    new = [sorted(c) for c in found if not any(c <= allowed for allowed in ALLOWED_CIRCLES)]
    assert not new, f"import circles: {new}"
    gone = [sorted(a) for a in ALLOWED_CIRCLES if not any(c & a for c in found)]
    assert not gone, f"these circles are gone: delete them from ALLOWED_CIRCLES: {gone}"


def test_layers_only_import_downwards() -> None:
    """reference imports nothing of the core, ui or cli; the core nothing of the ui or cli."""
    wrong = []
    for module, targets in import_graph().items():
        layer = module.split(".")[1] if module.count(".") else ""
        for t in targets:
            t_layer = t.split(".")[1] if t.count(".") else ""
            if layer in _LAYERS and t_layer in _LAYERS and _LAYERS[t_layer] > _LAYERS[layer]:
                wrong.append(f"{module} -> {t}")
    assert not set(wrong) - ALLOWED_UPWARD, sorted(set(wrong) - ALLOWED_UPWARD)
    gone = ALLOWED_UPWARD - set(wrong)
    assert not gone, f"these imports are gone: delete them from ALLOWED_UPWARD: {sorted(gone)}"


def _deferred_imports_without_a_reason(source: str) -> list[int]:
    """Line numbers of imports inside functions that say nothing of why: neither a comment at the
    end of the line nor a comment line right above the group of imports it belongs to."""
    lines = source.splitlines()
    bare: list[int] = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for sub in ast.walk(node):
            if not isinstance(sub, (ast.Import, ast.ImportFrom)):
                continue
            at = sub.lineno - 1
            if "#" in lines[sub.end_lineno - 1] or "#" in lines[at]:
                continue
            above = at - 1
            while above >= 0 and lines[above].strip().startswith(("import ", "from ")):
                above -= 1  # the group the import belongs to
            if above >= 0 and lines[above].strip().startswith("#"):
                continue
            bare.append(sub.lineno)
    return bare


def test_deferred_imports_are_found() -> None:
    source = "def f():\n    import os\n\n\ndef g():\n    # costly at start-up\n    import json\n    import re\n"
    assert _deferred_imports_without_a_reason(source) == [2]


def test_imports_inside_functions_say_why() -> None:
    """Imports go at the top unless a measured cost (start-up, an optional extra) says otherwise,
    and then a comment says so (issue 10)."""
    bare = {
        str(path.relative_to(ROOT)): found
        for path in sorted((ROOT / "inspector").rglob("*.py"))
        if (found := _deferred_imports_without_a_reason(path.read_text(encoding="utf-8")))
    }
    assert not bare, bare
