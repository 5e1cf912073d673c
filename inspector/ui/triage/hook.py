"""How the main window meets the Triage window, kept here so main_window.py needs three lines:
``self.triage = TriageHook(self)``, ``if self.triage.claims(paths): return`` in ``open_files``,
and nothing else (the hook adds its own menu entries).

A folder, an mbox of more than one message, or several files at once open in the Triage window;
selecting a row there shows that message in the main window's inspector, analysed again from its
bytes (on the main window's runner, as any opened file).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu

if TYPE_CHECKING:
    from inspector.core.model import Analysis
    from inspector.ui.main_window import MainWindow
    from inspector.ui.triage.view import TriageWindow


def wants_triage(paths: list[str]) -> bool:
    """A folder, several files, or an mbox holding more than one message."""
    if len(paths) > 1 or any(os.path.isdir(p) for p in paths):
        return True
    if not paths:
        return False
    from inspector.core.triage.reader import holds_several_messages  # about 9 ms: not at start-up

    return holds_several_messages(paths[0])


def analyse_row(row: dict[str, Any]) -> list[Analysis]:
    """Job (on a worker): one row's message read again from its file and analysed in full."""
    # On the worker: the core's analysis (about 45 ms of imports) loads off the UI thread.
    from inspector.core.triage.reader import read_message
    from inspector.core.triage.rows import analyse_raw

    m = read_message(
        str(row["source"]), int(row.get("index", 0)), int(row.get("offset", 0)), int(row.get("length", -1))
    )
    return [analyse_raw(m)]


class TriageHook(QObject):
    def __init__(self, win: MainWindow, jobs: int | None = None) -> None:
        super().__init__(win)
        self.win = win
        self.jobs = jobs
        self.window: TriageWindow | None = None
        self.act_open_folder = QAction("Open &Folder...", win)
        self.act_open_folder.setShortcut(QKeySequence("Ctrl+Shift+O"))
        self.act_open_folder.setStatusTip("Triage a folder of bounces, a Maildir or mbox files")
        self.act_open_folder.triggered.connect(self.open_folder_dialog)
        self.act_suppression = QAction("Export &Suppression List...", win)
        self.act_suppression.setEnabled(False)
        self.act_suppression.triggered.connect(
            lambda: self.window is not None and self.window.act_export_suppression.trigger()
        )
        self.act_show = QAction("&Triage Window", win)
        self.act_show.setEnabled(False)
        self.act_show.triggered.connect(self._raise)
        win.addAction(self.act_open_folder)
        menus = [m for a in win.menuBar().actions() if isinstance(m := a.menu(), QMenu)]
        if menus:  # File: after Open...; the export before Quit; View: the window
            file_menu = menus[0]
            acts = file_menu.actions()
            if len(acts) > 1:
                file_menu.insertAction(acts[1], self.act_open_folder)
                file_menu.insertAction(acts[-1], self.act_suppression)
            if len(menus) > 2:
                menus[2].addAction(self.act_show)
        win.installEventFilter(self)

    def claims(self, paths: list[str]) -> bool:
        """Open ``paths`` in the Triage window when they are a mailbox rather than one bounce."""
        if not wants_triage(paths):
            return False
        self.show([os.path.abspath(p) for p in paths])
        return True

    def show(self, paths: list[str]) -> TriageWindow:
        w = self._ensure()
        for p in paths:
            if os.path.isfile(p):
                self.win.recent.add(p)
        w.show()
        w.raise_()
        w.start(paths)
        return w

    def _ensure(self) -> TriageWindow:
        if self.window is None:
            from inspector.ui.triage.view import TriageWindow  # the pool and charts (~57 ms): when first shown

            self.window = TriageWindow(self.win, jobs=self.jobs)
            self.window.row_activated.connect(self.open_row)
            self.window.open_requested.connect(self._open_and_raise)
            self.act_suppression.setEnabled(True)
            self.act_show.setEnabled(True)
        return self.window

    def _open_and_raise(self, row: dict[str, Any]) -> None:
        self.open_row(row)
        self.win.raise_()
        self.win.activateWindow()

    def _raise(self) -> None:
        if self.window is not None:
            self.window.show()
            self.window.raise_()

    def open_folder_dialog(self) -> None:
        path = self.ask_folder()
        if path:
            self.show([os.path.abspath(path)])

    def ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self.win, "Open a folder of bounces (or a Maildir)")

    def open_row(self, row: dict[str, Any]) -> None:
        """Show the row's message in the inspector: the opened item if it is there, else analyse it."""
        key = (row.get("source"), row.get("index", 0))
        for i, item in enumerate(self.win.items_model.items()):
            if (item.analysis.source, item.analysis.index) == key:
                self.win.items_view.setCurrentIndex(self.win.items_model.index(i, 0))
                return
        label = f"{Path(str(row.get('source'))).name} #{int(row.get('index', 0)) + 1}"
        in_mailbox = int(row.get("length", -1)) >= 0  # one message of an mbox: numbered from 1
        self.win.runner.submit(functools.partial(analyse_row, row), ("triage", label, in_mailbox))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if obj is self.win and event.type() == QEvent.Type.Close and self.window is not None:
            self.window.close()  # stops its analysis before the main window goes
        return False
