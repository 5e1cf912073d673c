"""Fixtures for the GUI tests: a real main window with its own temporary profile."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.ui.settings import AppDirs, app_dirs


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The offscreen platform plugin warns whenever a window's size constraints change or a window
    # (a tooltip) is raised: "This plugin does not support ...". Harmless.
    for item in items:
        if "tests/gui" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore("This plugin does not support"))


@pytest.fixture
def dirs(tmp_path: Path) -> AppDirs:
    return app_dirs(tmp_path / "config").ensure()


def _make(qtbot, dirs: AppDirs, synchronous: bool):  # type: ignore[no-untyped-def]
    from inspector.ui.main_window import MainWindow

    win = MainWindow(dirs, synchronous=synchronous)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot, dirs: AppDirs) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The main window with real background workers (wait on its signals)."""
    win = _make(qtbot, dirs, synchronous=False)
    yield win
    win.runner.wait()
    win.paste_runner.wait()


@pytest.fixture
def sync_window(qtbot, dirs: AppDirs) -> Iterator[object]:  # type: ignore[no-untyped-def]
    """The main window with workers run in the calling thread."""
    win = _make(qtbot, dirs, synchronous=True)
    yield win


@pytest.fixture
def postfix_eml(corpus: Path) -> Path:
    return corpus / "eml" / "lhost-postfix-01.eml"
