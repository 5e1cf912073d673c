"""Shared fixtures. GUI tests run offscreen; nothing touches the real user profile."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_dir() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "eml").is_dir():
        pytest.skip("the shared corpus (../shared/corpus) is not beside this checkout")
    return CORPUS


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def _isolated_config(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings, recent files and logs go to a temporary folder in every test."""
    base = tmp_path_factory.mktemp("profile")
    monkeypatch.setenv("BOUNCE_INSPECTOR_HOME", str(base))
