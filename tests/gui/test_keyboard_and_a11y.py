"""Keyboard-only use of the main widgets, and an accessible name on every focusable widget."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QWidget


def activate(qtbot, win) -> None:  # type: ignore[no-untyped-def]
    # shortcuts only fire in the active window, offscreen too
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)


def test_every_focusable_widget_has_an_accessible_name(qtbot, sync_window, postfix_eml: Path) -> None:  # type: ignore[no-untyped-def]
    sync_window.open_files([str(postfix_eml)])
    missing = []
    for w in sync_window.findChildren(QWidget):
        if w.focusPolicy() != Qt.NoFocus and w.isVisibleTo(sync_window) and not w.accessibleName():
            # a widget that forwards its focus (a scroll area's viewport) is named by its proxy
            if w.focusProxy() is not None and w.focusProxy().accessibleName():
                continue
            missing.append(f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}")
    assert missing == []


def test_keyboard_only_pass(qtbot, sync_window, postfix_eml: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    win = sync_window
    activate(qtbot, win)
    monkeypatch.setattr(win, "ask_open_paths", lambda: [str(postfix_eml)])
    qtbot.keySequence(win, QKeySequence(QKeySequence.Open))
    assert win.items_model.rowCount() == 1
    # go to the opened items, then Tab to the tree, arrows through it, Tab on to the detail tabs
    qtbot.keyClick(win, Qt.Key_I, Qt.ControlModifier | Qt.ShiftModifier)
    assert QApplication.focusWidget() is win.items_view
    qtbot.keyClick(win.items_view, Qt.Key_Tab)
    assert QApplication.focusWidget() is win.tree
    before = win.tree.currentIndex().data()
    qtbot.keyClick(win.tree, Qt.Key_Up)
    assert win.tree.currentIndex().data() != before
    qtbot.keyClick(win.tree, Qt.Key_Tab)
    assert QApplication.focusWidget() is win.detail.tabs.tabBar()
    qtbot.keyClick(win.detail.tabs.tabBar(), Qt.Key_Right)
    assert win.detail.tabs.currentIndex() == 1
    assert "This is the mail system" in win.detail.raw.toPlainText()  # part 1's source
    # Ctrl+F: the reference search; type, then down into the results
    qtbot.keySequence(win, QKeySequence(QKeySequence.Find))
    assert QApplication.focusWidget() is win.reference.search
    qtbot.keyClicks(win.reference.search, "552")
    qtbot.keyClick(win.reference.search, Qt.Key_Return)
    assert QApplication.focusWidget() is win.reference.results
    assert win.reference.detail.toPlainText().startswith("552")
    # the paste box; Tab leaves it instead of typing a tab
    qtbot.keyClick(win, Qt.Key_B, Qt.ControlModifier | Qt.ShiftModifier)
    assert QApplication.focusWidget() is win.paste.edit
    qtbot.keyClicks(win.paste.edit, "421 4.7.0 try later")
    qtbot.keyClick(win.paste.edit, Qt.Key_Tab)
    assert QApplication.focusWidget() is not win.paste.edit
    assert "\t" not in win.paste.edit.toPlainText()
