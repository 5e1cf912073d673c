"""Extending the window: panels follow `current_analysis_changed`; the reference panel never
shows an entry that no longer applies."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from inspector.core.model import Analysis


class _CountingPanel(QLabel):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("countingPanel")
        self.seen: list[str | None] = []
        self.themes = 0

    def show_analysis(self, a: Analysis | None) -> None:
        self.seen.append(None if a is None else a.source)
        self.setText("" if a is None else f"{len(a.recipients)} recipient(s)")

    def refresh_theme(self) -> None:
        self.themes += 1


def test_an_added_panel_follows_the_current_item(qtbot, sync_window, postfix_eml: Path, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    panel = _CountingPanel()
    dock = sync_window.add_panel(panel, "Counting", Qt.DockWidgetArea.RightDockWidgetArea)
    assert panel.seen == [None]  # told at once: nothing open yet
    assert dock.toggleViewAction() in sync_window.view_menu.actions()
    other = corpus / "not-bounce" / "is-not-bounce-01.eml"
    sync_window.open_files([str(postfix_eml)])  # one at a time: several at once open in Triage
    sync_window.open_files([str(other)])
    assert panel.seen[-1] == str(other)
    sync_window.items_view.setCurrentIndex(sync_window.items_model.index(0, 0))
    assert panel.seen[-1] == str(postfix_eml) and panel.text() == "1 recipient(s)"
    sync_window.close_current_item()
    sync_window.close_current_item()
    assert panel.seen[-1] is None
    sync_window.refresh_theme()
    assert panel.themes == 1


def test_reference_panel_clears_the_previous_items_entry(
    qtbot, sync_window, postfix_eml: Path, corpus: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ref = sync_window.reference
    sync_window.open_files([str(postfix_eml)])
    shown = ref.detail.toPlainText()
    heading = shown.splitlines()[0]
    assert "5.1.1" in heading  # the bounce's code, explained
    sync_window.open_files([str(corpus / "not-bounce" / "is-not-bounce-01.eml")])
    text = ref.detail.toPlainText()
    assert heading not in text and "no reply or status code" in text
    assert ref.search.text() == ""
    sync_window.open_files([str(postfix_eml)])
    assert heading in ref.detail.toPlainText()
    sync_window.open_files([str(tmp_path / "missing.eml")])
    text = ref.detail.toPlainText()
    assert heading not in text and "could not be opened" in text


def test_a_search_the_user_typed_stays(qtbot, sync_window, postfix_eml: Path, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    ref = sync_window.reference
    ref.show_code("4.2.2")  # the user clicked a code: not picked for an item
    sync_window.open_files([str(corpus / "not-bounce" / "is-not-bounce-01.eml")])
    assert "4.2.2" in ref.detail.toPlainText()


def test_an_added_panel_comes_back_where_it_was_left(qtbot, dirs) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.main_window import MainWindow

    def window() -> MainWindow:
        win = MainWindow(dirs, synchronous=True)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        return win

    first = window()
    dock = first.add_panel(_CountingPanel(), "Counting", Qt.DockWidgetArea.RightDockWidgetArea)
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)  # the user moved it
    first.close()
    second = window()
    again = second.add_panel(_CountingPanel(), "Counting", Qt.DockWidgetArea.RightDockWidgetArea)
    assert second.dockWidgetArea(again) == Qt.DockWidgetArea.LeftDockWidgetArea
