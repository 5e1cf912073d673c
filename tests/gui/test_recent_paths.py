"""Open Recent lists a file by the path the user opened, even through a symbolic link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from inspector.ui.settings import RecentFiles


@pytest.fixture
def linked_eml(tmp_path: Path, postfix_eml: Path) -> Path:
    real = tmp_path / "real-folder"
    real.mkdir()
    (real / "bounce.eml").write_bytes(postfix_eml.read_bytes())
    link = tmp_path / "shared-link"
    try:
        link.symlink_to(real, target_is_directory=True)
    except OSError:
        pytest.skip("symbolic links are not available here")
    return link / "bounce.eml"


def test_open_recent_shows_the_path_as_opened_through_a_link(qtbot, dirs, linked_eml: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.main_window import MainWindow

    win = MainWindow(dirs, synchronous=True)
    qtbot.addWidget(win)
    win.open_files([str(linked_eml)])
    win._fill_recent()
    names = [a.text() for a in win.recent_menu.actions()]
    assert names[0] == str(linked_eml)
    assert "real-folder" not in names[0]


def test_recent_files_keep_a_relative_path_absolute_but_unresolved(tmp_path: Path, linked_eml: Path) -> None:
    recent = RecentFiles(tmp_path / "recent.json")
    cwd = os.getcwd()
    try:
        os.chdir(linked_eml.parent.parent)
        recent.add(os.path.join("shared-link", "bounce.eml"))
    finally:
        os.chdir(cwd)
    assert recent.files() == [str(linked_eml)]
