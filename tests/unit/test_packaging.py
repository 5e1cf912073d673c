"""What ``pip install`` installs: the app's packages, not the project's tools."""

from __future__ import annotations

import tomllib
from pathlib import Path

from setuptools import find_packages

ROOT = Path(__file__).resolve().parents[2]


def test_only_the_inspector_packages_are_installed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    found = config["tool"]["setuptools"]["packages"]["find"]
    installed = find_packages(str(ROOT), include=found["include"], exclude=found.get("exclude", ()))
    assert "inspector" in installed and "inspector.core" in installed
    assert all(p == "inspector" or p.startswith("inspector.") for p in installed), installed
    every = find_packages(str(ROOT))
    assert "tools.bundle" in every  # a package in the checkout (build_app.py imports it) ...
    assert "tools" not in installed and "tools.bundle" not in installed  # ... that is not installed
