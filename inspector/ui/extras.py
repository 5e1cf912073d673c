"""The window's parts for issue 13, hooked in by one call from ``MainWindow._build_menus``:
the Authentication and Timeline docks, File > Export Redacted Copy..., View > Edit My Rules...

Everything here presents what the core returns (:mod:`inspector.core.authentication`,
:mod:`inspector.core.timeline`, :mod:`inspector.core.redact`, :mod:`inspector.core.user_rules`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QTabBar

from inspector.core.loader import LoadError, read_file
from inspector.core.model import Analysis
from inspector.core.user_rules import UserRules
from inspector.ui.rules_editor import RulesEditor
from inspector.ui.views.auth_panel import AuthenticationPanel
from inspector.ui.views.timeline_panel import TimelinePanel
from inspector.ui.workers import analyse_file, analyse_pasted

if TYPE_CHECKING:
    from inspector.ui.main_window import MainWindow
    from inspector.ui.redact_dialog import RedactDialog


class Extras:
    def __init__(self, window: MainWindow, file_menu: QMenu, view_menu: QMenu) -> None:
        self.window = window
        self.rules_path = window.rules_path  # loaded by the window before any file is analysed

        self.auth = AuthenticationPanel(window)
        self.auth_dock = QDockWidget("Authentication", window)
        self.auth_dock.setObjectName("authenticationDock")
        self.auth_dock.setWidget(self.auth)
        self.timeline = TimelinePanel(window)
        self.timeline_dock = QDockWidget("Timeline", window)
        self.timeline_dock.setObjectName("timelineDock")
        self.timeline_dock.setWidget(self.timeline)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.auth_dock)
        window.splitDockWidget(window.paste_dock, self.auth_dock, Qt.Orientation.Horizontal)
        window.tabifyDockWidget(self.auth_dock, self.timeline_dock)
        self.auth_dock.raise_()
        window.resizeDocks([window.paste_dock, self.auth_dock], [480, 800], Qt.Orientation.Horizontal)
        window.resizeDocks([window.paste_dock], [200], Qt.Orientation.Vertical)

        self.act_export = QAction("Export &Redacted Copy...", window)
        self.act_export.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.act_export.setStatusTip("A copy to share: addresses, hosts, IPs, names and subjects replaced")
        self.act_export.triggered.connect(self.export_redacted)
        self.act_export.setEnabled(False)
        self.act_rules = QAction("Edit My &Rules...", window)
        self.act_rules.setStatusTip(f"Your own rules ({self.rules_path})")
        self.act_rules.triggered.connect(self.edit_rules)
        for act in (self.act_export, self.act_rules):
            window.addAction(act)
        _insert_after(file_menu, window.act_save_json, self.act_export)
        _insert_after(view_menu, window.paste_dock.toggleViewAction(), self.timeline_dock.toggleViewAction())
        _insert_after(view_menu, window.paste_dock.toggleViewAction(), self.auth_dock.toggleViewAction())
        view_menu.addSeparator()
        view_menu.addAction(self.act_rules)

        window.current_analysis_changed.connect(self._analysis_changed)
        self.name_dock_tabs()
        QTimer.singleShot(0, self.name_dock_tabs)  # after the saved layout is restored
        self.dialog: RedactDialog | None = None
        self.editor: RulesEditor | None = None

    def name_dock_tabs(self) -> None:
        """The tab bars Qt makes for tabbed docks have no accessible name of their own."""
        for bar in self.window.findChildren(QTabBar):
            if bar.parentWidget() is self.window and not bar.accessibleName():
                bar.setAccessibleName("Panel tabs")

    def _analysis_changed(self, a: Analysis | None) -> None:
        self.name_dock_tabs()
        self.show_analysis(a)

    def show_analysis(self, a: Analysis | None) -> None:
        self.act_export.setEnabled(a is not None and a.error is None)
        self.auth.show_analysis(a)
        self.timeline.show_analysis(a)

    # -- redaction --------------------------------------------------------------------------------

    def source_bytes(self) -> tuple[bytes, str | None, str] | None:
        """The current item's bytes as opened (a file is read again, read-only), its path, a name."""
        window = self.window
        row = window.items_view.currentIndex().row()
        item = window.items_model.item(row)
        if item is None:
            return None
        a = item.analysis
        if item.path is not None:
            try:
                return read_file(item.path), item.path, Path(item.path).name
            except LoadError as exc:
                window.status.setText(str(exc))
                return None
        if a.root is not None and isinstance(a.root.source, bytes):
            return a.root.source, None, "pasted.eml"
        if a.text is not None:
            return a.text.encode("utf-8"), None, "pasted.txt"
        return None

    def export_redacted(self) -> RedactDialog | None:
        # The dialog brings the redactor (about 24 ms of imports): loaded when first opened.
        from inspector.ui.redact_dialog import RedactDialog

        found = self.source_bytes()
        if found is None:
            return None
        data, path, name = found
        stem, dot, ext = name.rpartition(".")
        base = f"{stem}.redacted.{ext}" if dot else f"{name}.redacted"
        folder = Path(path).parent if path else Path.home()
        self.dialog = RedactDialog(data, path, str(folder / base), self.window)
        self.dialog.accepted.connect(self._exported)
        self.dialog.open()
        return self.dialog

    def _exported(self) -> None:
        if self.dialog is not None and self.dialog.saved_path:
            self.window.status.setText(f"Saved a redacted copy as {self.dialog.saved_path}")

    # -- user rules ---------------------------------------------------------------------------------

    def edit_rules(self) -> RulesEditor:
        if self.editor is None:
            self.editor = RulesEditor(self.rules_path, self.window)
            self.editor.saved.connect(self._rules_saved)
        self.editor.show()
        self.editor.raise_()
        return self.editor

    def _rules_saved(self, rules: UserRules) -> None:
        self.reanalyse_opened()
        n = len(rules.rules)
        note = f"{n} rule{'s' if n != 1 else ''} in use; opened files analysed again."
        if rules.errors:
            note += f" {len(rules.errors)} rule(s) left out: see View > Edit My Rules..."
        self.window.status.setText(note)

    def reanalyse_opened(self) -> None:
        """Analyse the opened files (and pasted texts) again, so the rules just saved show."""
        window = self.window
        model = window.items_model
        fresh: dict[str, dict[int, Analysis]] = {}
        for item in model.items():
            a = item.analysis
            if item.path is not None:
                if item.path not in fresh:
                    fresh[item.path] = {x.index: x for x in analyse_file(item.path)}
                item.analysis = fresh[item.path].get(a.index, a)
            elif a.root is None and a.text is not None:
                item.analysis = analyse_pasted(a.text, a.source)
        if model.rowCount():
            model.dataChanged.emit(model.index(0, 0), model.index(model.rowCount() - 1, 0))
        current = window.items_view.currentIndex()
        if current.isValid():
            window.items_view.setCurrentIndex(QModelIndex())
            window.items_view.setCurrentIndex(current)


def _insert_after(menu: QMenu, anchor: QAction, action: QAction) -> None:
    actions = menu.actions()
    at = actions.index(anchor) + 1 if anchor in actions else len(actions)
    if at < len(actions):
        menu.insertAction(actions[at], action)
    else:
        menu.addAction(action)


def install_extras(window: MainWindow, file_menu: QMenu, view_menu: QMenu) -> Extras:
    return Extras(window, file_menu, view_menu)
