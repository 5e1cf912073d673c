"""The main window: opened items, MIME tree, summary banner, detail pane, paste box, reference.

Layout: the summary banner across the top; below it a splitter with the opened items and the
MIME tree on the left and the detail pane on the right. The reference panel and the paste box
are docks. Files are opened on a worker (:class:`~inspector.ui.workers.Runner`); the window only
presents what the core returns.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QFileDialog,
    QHeaderView,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector.about import version_string
from inspector.core.model import Analysis
from inspector.core.serialize import analysis_to_dict
from inspector.core.user_rules import RULES_FILE, use_rules_file
from inspector.ui import summary, text, theme
from inspector.ui.launch import warm_up
from inspector.ui.models.items import AnalysisRole, ItemsModel, OpenedItem
from inspector.ui.models.part_tree import COL_CHARSET, COL_NOTE, COL_PATH, COL_SIZE, COL_TYPE, NodeRole, PartTreeModel
from inspector.ui.settings import AppDirs, RecentFiles, recent_files, ui_state_path
from inspector.ui.triage.hook import TriageHook
from inspector.ui.views.banner import SummaryBanner
from inspector.ui.views.detail_pane import DetailPane
from inspector.ui.widgets.code_highlighter import CodeTextView
from inspector.ui.widgets.paste_box import PasteBox
from inspector.ui.widgets.reference_panel import ReferencePanel
from inspector.ui.workers import Runner, analyse_file, analyse_pasted

if TYPE_CHECKING:
    from inspector.ui.extras import Extras

# The dialog classes (QFileDialog, QMessageBox) are imported where they are used: PySide6 sets a
# class up (its enums) on first touch, 1-9 ms each measured, and start-up shows no dialog.

# The first filter shows every file: the app tells a message, an mbox and text apart by their
# content, and mailboxes often have no extension at all (mutt's "mbox", Thunderbird's "Inbox").
OPEN_FILTER = ";;".join(
    (
        "Bounces, mailboxes and text (*)",
        "Messages (*.eml *.msg)",
        "Mailboxes (*.mbox *.mbx mbox*)",
        "Text and logs (*.txt *.log)",
    )
)
FIRST_SIZE = (1280, 800)
"""The first window's size, when the screen has room for it (else the screen's available area)."""
UI_STATE_VERSION = 1


def local_paths(mime) -> list[str]:  # type: ignore[no-untyped-def]
    """The local files in a drop (the thin part of the drop handler)."""
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


class MainWindow(QMainWindow):
    items_opened = Signal(int)
    """Emitted with the number of items added after a file or text was analysed."""
    open_failed = Signal(str)
    current_analysis_changed = Signal(object)
    """The :class:`Analysis` now shown (``None``: nothing is). Panels connect their
    ``show_analysis`` slot to it (see :meth:`add_panel` and ``inspector/ui/README.md``)."""
    theme_changed = Signal()
    """The colour scheme changed: redraw what carries our own colours (:func:`theme.colours`)."""

    def __init__(self, dirs: AppDirs, *, synchronous: bool = False) -> None:
        super().__init__()
        self.dirs = dirs
        self.recent: RecentFiles = recent_files(dirs)
        self.setWindowTitle("Bounce Inspector")
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.resize(*FIRST_SIZE)

        self._sized = False
        self._restored = False
        self.runner = Runner(self, synchronous=synchronous)
        self.runner.finished.connect(self._on_analysed)
        self.runner.failed.connect(self._on_failed)
        self.runner.busy_changed.connect(self._busy)
        self.paste_runner = Runner(self, synchronous=synchronous, threads=1)
        self.paste_runner.finished.connect(self._warmed)

        self._index_ready = synchronous
        text.use_font_check(theme.fonts_draw_control_pictures)
        self._docks: tuple[ReferencePanel, PasteBox, QDockWidget] | None = None
        self._extras: Extras | None = None
        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self._connect_panels()
        self.triage = TriageHook(self)  # folders, mbox files and several files open in the Triage window
        self.restore_state()
        self._add_panels()
        # The user's own rules apply to every analysis from the first file opened on.
        self.rules_path = Path(dirs.config) / RULES_FILE
        self.user_rules = use_rules_file(self.rules_path)
        if self.user_rules.errors:
            self.status.setText(f"{len(self.user_rules.errors)} of your rules have mistakes: View > Edit My Rules...")

    # -- construction ------------------------------------------------------------------------------

    def _build_widgets(self) -> None:
        self.banner = SummaryBanner(self)
        self.banner.anchorClicked.connect(lambda url: self.show_code(url.path()))

        self.items_model = ItemsModel(self)
        self.items_view = QListView()
        self.items_view.setObjectName("itemsView")
        self.items_view.setAccessibleName("Opened items")
        self.items_view.setModel(self.items_model)
        self.items_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.items_view.setUniformItemSizes(True)
        # long titles end in "..." (the tooltip has them whole): a sideways scroll bar coming and
        # going would hide the last row just scrolled to
        self.items_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.items_view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.items_view.selectionModel().currentChanged.connect(self._item_changed)

        self.tree_model = PartTreeModel(self)
        self.tree = QTreeView()
        self.tree.setObjectName("mimeTree")
        self.tree.setAccessibleName("MIME tree")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NOTE, QHeaderView.ResizeMode.Stretch)
        # columns sized to their contents look at the rows in view and 100 more, not every row
        # (a DSN with 2000 recipients: 65 ms -> 7 ms)
        header.setResizeContentsPrecision(100)
        fm = self.tree.fontMetrics()
        for col, sample in (
            (COL_TYPE, "multipart/report"),
            (COL_SIZE, "999.9 KB"),
            (COL_CHARSET, "us-ascii / 7bit"),
        ):
            self.tree.setColumnWidth(col, fm.horizontalAdvance(sample) + 16)
        self.tree.selectionModel().currentChanged.connect(self._node_changed)

        self.detail = DetailPane(self)
        self.detail.code_activated.connect(self.show_code)

        left = QSplitter(Qt.Orientation.Vertical)
        left.setObjectName("leftSplitter")
        left.addWidget(self._titled("Opened items", self.items_view))
        left.addWidget(self._titled("MIME tree", self.tree))
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 3)
        main = QSplitter(Qt.Orientation.Horizontal)
        main.setObjectName("mainSplitter")
        main.addWidget(left)
        main.addWidget(self.detail)
        main.setStretchFactor(0, 2)
        main.setStretchFactor(1, 3)
        self.splitters = [left, main]

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(4, 4, 4, 0)
        lay.addWidget(self.banner)
        lay.addWidget(main, 1)
        self.setCentralWidget(central)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.setVisible(False)
        self.busy.setAccessibleName("Busy")
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addWidget(self.status, 1)
        self.statusBar().addPermanentWidget(self.busy)

        QWidget.setTabOrder(self.items_view, self.tree)
        QWidget.setTabOrder(self.tree, self.detail.tabs)

    def _build_docks(self) -> None:
        """The reference panel and the paste box. Built just after the first frame, so start-up
        shows the window (and the bounce being opened) first; or at once when asked for."""
        if self._docks is not None:
            return
        reference = ReferencePanel(self)
        reference.index_ready = self._index_ready
        paste = PasteBox(self.paste_runner, self)
        paste.code_activated.connect(self.show_code)
        paste_dock = QDockWidget("Paste box", self)
        paste_dock.setObjectName("pasteDock")
        paste_dock.setWidget(paste)
        self._docks = (reference, paste, paste_dock)
        for dock, area, size, orientation in (
            (reference, Qt.DockWidgetArea.RightDockWidgetArea, 330, Qt.Orientation.Horizontal),
            (paste_dock, Qt.DockWidgetArea.BottomDockWidgetArea, 140, Qt.Orientation.Vertical),
        ):
            if not self.restoreDockWidget(dock):  # where the saved layout had it, else the default
                self.addDockWidget(area, dock)
                self.resizeDocks([dock], [size], orientation)
        self.view_menu.insertAction(self._view_panels_end, reference.toggleViewAction())
        self.view_menu.insertAction(self._view_panels_end, paste_dock.toggleViewAction())
        s = self._settings()
        for sp in (paste.splitter, reference.splitter):
            self.splitters.append(sp)
            v = s.value(f"splitters/{sp.objectName()}")
            if isinstance(v, QByteArray):
                sp.restoreState(v)
        self.current_analysis_changed.connect(reference.show_analysis)
        reference.show_analysis(self.current_analysis())
        # Authentication, timeline, redaction and the user's rules: beside the paste box, built
        # with it after the first frame.
        from inspector.ui.extras import install_extras

        self._extras = install_extras(self, file_menu=self.file_menu, view_menu=self.view_menu)
        self._extras.show_analysis(self.current_analysis())

    @property
    def extras(self) -> Extras:
        self._build_docks()
        assert self._extras is not None
        return self._extras

    @property
    def reference(self) -> ReferencePanel:
        self._build_docks()
        assert self._docks is not None
        return self._docks[0]

    @property
    def paste(self) -> PasteBox:
        self._build_docks()
        assert self._docks is not None
        return self._docks[1]

    @property
    def paste_dock(self) -> QDockWidget:
        self._build_docks()
        assert self._docks is not None
        return self._docks[2]

    @staticmethod
    def _titled(title: str, w: QWidget) -> QWidget:
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        label = QLabel(title)
        label.setBuddy(w)
        f = label.font()
        f.setBold(True)
        label.setFont(f)
        lay.addWidget(label)
        lay.addWidget(w, 1)
        return box

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:  # type: ignore[no-untyped-def]
        a = QAction(text, self)
        if shortcut is not None:
            a.setShortcut(QKeySequence(shortcut))
        if tip:
            a.setStatusTip(tip)
        a.triggered.connect(slot)
        self.addAction(a)
        return a

    def _build_actions(self) -> None:
        self.act_open = self._action("&Open...", self.open_dialog, QKeySequence.StandardKey.Open, "Open bounce files")
        self.act_paste_item = self._action(
            "&Paste as New Item", self.paste_as_item, "Ctrl+Shift+V", "Analyse the clipboard text as a new item"
        )
        self.act_save_json = self._action(
            "&Save Analysis as JSON...",
            self.save_json_dialog,
            QKeySequence.StandardKey.Save,
            "The command line's JSON schema",
        )
        self.act_close_item = self._action("&Close Item", self.close_current_item, QKeySequence.StandardKey.Close)
        self.act_quit = self._action("&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.act_copy = self._action("&Copy Summary", self.copy_summary, "Ctrl+Shift+C")
        self.act_copy_md = self._action("Copy Summary as &Markdown", self.copy_summary_markdown, "Ctrl+Alt+C")
        self.act_find = self._action(
            "&Find in Reference", lambda: self.reference.focus_search(), QKeySequence.StandardKey.Find
        )
        self.act_focus_paste = self._action("Go to Paste &Box", self.focus_paste, "Ctrl+Shift+B")
        self.act_focus_tree = self._action("Go to MIME &Tree", lambda: self.tree.setFocus(), "Ctrl+Shift+T")
        self.act_focus_items = self._action("Go to &Opened Items", lambda: self.items_view.setFocus(), "Ctrl+Shift+I")
        self.act_about = self._action("&About Bounce Inspector", self.about)
        self.act_save_json.setEnabled(False)

    def _build_menus(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu("&File")
        m.addAction(self.act_open)
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.addMenu(self.recent_menu)
        m.addAction(self.act_paste_item)
        m.addSeparator()
        m.addAction(self.act_save_json)
        m.addAction(self.act_close_item)
        m.addSeparator()
        m.addAction(self.act_quit)
        e = mb.addMenu("&Edit")
        e.addAction(self.act_copy)
        e.addAction(self.act_copy_md)
        e.addSeparator()
        e.addAction(self.act_find)
        v = mb.addMenu("&View")
        self.view_menu = v
        self._view_panels_end = v.addSeparator()  # the docks' entries go above this
        v.addAction(self.act_focus_items)
        v.addAction(self.act_focus_tree)
        v.addAction(self.act_focus_paste)
        h = mb.addMenu("&Help")
        h.addAction(self.act_about)
        self.file_menu = m

    # -- opening -------------------------------------------------------------------------------------

    def open_files(self, paths: list[str]) -> None:
        """Analyse files on the worker; each becomes one or more items (an mbox: its messages).
        A folder, an mbox of several messages or several files at once open in the Triage window."""
        if self.triage.claims(paths):
            return
        for p in paths:
            path = os.path.abspath(p)
            self.status.setText(f"Opening {path} ...")
            self.runner.submit(functools.partial(analyse_file, path), ("file", path))

    def open_text(self, text: str, source: str = "<pasted text>") -> None:
        self.runner.submit(lambda: [analyse_pasted(text, source)], ("text", source))

    def warm_up(self) -> None:
        """Build the reference and its search index on a worker, so the first search is instant."""
        self.paste_runner.submit(warm_up.background_job, ("warm", None))

    def _warmed(self, token: object, _result: object) -> None:
        if token == ("warm", None):
            self._index_ready = True
            if self._docks is not None:
                self._docks[0].index_ready = True
                self._docks[0].refresh()
            warm_up.on_ui_thread()

    def _on_analysed(self, token: object, result: object) -> None:
        assert isinstance(token, tuple)  # ("file", path) or ("text", source)
        kind: str = token[0]
        source: str = token[1]
        analyses: list[Analysis] = list(result)  # type: ignore[call-overload]
        path = source if kind == "file" else None
        if path is not None and not (len(analyses) == 1 and analyses[0].error):
            self.recent.add(path)
        # Messages of a file that holds several carry their number (a triage row of an mbox too).
        numbered = len(analyses) > 1 or (kind == "triage" and len(token) > 2 and bool(token[2]))
        first = self.items_model.add([OpenedItem(a, path, numbered=numbered) for a in analyses])
        if len(analyses) == 1 and analyses[0].error:
            self.status.setText(analyses[0].error)
            self.open_failed.emit(analyses[0].error)
        else:
            n = len(analyses)
            self.status.setText(f"Opened {source}" + (f" ({n} messages)" if n > 1 else ""))
        self.items_view.setCurrentIndex(self.items_model.index(first, 0))
        self.reveal_current_item()
        self.items_opened.emit(len(analyses))

    def reveal_current_item(self) -> None:
        """Scroll the opened items to the current one, now and again once the list has laid
        out its new rows (a row scrolled to before that can end up half hidden)."""
        view = self.items_view
        view.scrollTo(view.currentIndex())
        QTimer.singleShot(0, view, lambda: view.scrollTo(view.currentIndex()))  # dropped if the list is gone

    def receive_files(self, files: list[str]) -> None:
        """Files handed over by a second launch: open them and bring the window forward."""
        self.open_files(files)
        self.setWindowState((self.windowState() & ~Qt.WindowState.WindowMinimized) | Qt.WindowState.WindowActive)
        self.raise_()
        self.activateWindow()
        QTimer.singleShot(0, self.reveal_current_item)  # the list has its size back now

    def _on_failed(self, token: object, message: str) -> None:
        self.status.setText(f"Could not open {token}: {message}")
        self.open_failed.emit(message)

    def _busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if busy:
            QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QApplication.restoreOverrideCursor()

    # -- dialogs (tests monkeypatch these ask_* methods) ------------------------------------------------

    def ask_open_paths(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open bounces", self.last_folder(), OPEN_FILTER)
        return paths

    def last_folder(self) -> str:
        """The folder of the last file opened with the dialog (kept across runs), else ""."""
        folder = self._settings().value("dialogs/lastFolder", "")
        return folder if isinstance(folder, str) and folder and os.path.isdir(folder) else ""

    def ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Save analysis as JSON", suggested, "JSON (*.json)")
        return path

    def open_dialog(self) -> None:
        paths = self.ask_open_paths()
        if paths:
            s = self._settings()
            s.setValue("dialogs/lastFolder", os.path.dirname(os.path.abspath(paths[0])))
            s.sync()
            self.open_files(paths)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        files = self.recent.files()
        for f in files:
            a = self.recent_menu.addAction(f)
            a.triggered.connect(lambda _=False, f=f: self.open_files([f]))
        if not files:
            a = self.recent_menu.addAction("(no recent files)")
            a.setEnabled(False)
        else:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction("Clear Recent Files", self.recent.clear)

    def paste_as_item(self) -> None:
        text = QApplication.clipboard().text()
        if text.strip():
            self.open_text(text)
        else:
            self.status.setText("The clipboard holds no text.")

    def focus_paste(self) -> None:
        self.paste_dock.show()
        self.paste.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    # -- drag and drop (thin: extract paths, copy action, defer the work) -----------------------------

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:  # noqa: N802
        if local_paths(e.mimeData()):
            e.setDropAction(Qt.DropAction.CopyAction)
            e.accept()
        else:
            e.ignore()

    def dragMoveEvent(self, e) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if local_paths(e.mimeData()):
            e.setDropAction(Qt.DropAction.CopyAction)
            e.accept()

    def dropEvent(self, e: QDropEvent) -> None:  # noqa: N802
        paths = local_paths(e.mimeData())
        if not paths:
            e.ignore()
            return
        e.setDropAction(Qt.DropAction.CopyAction)  # never a move: that could delete the user's file
        e.accept()
        QTimer.singleShot(0, lambda: self.open_files(paths))

    # -- showing ----------------------------------------------------------------------------------

    def current_analysis(self) -> Analysis | None:
        idx = self.items_view.currentIndex()
        return idx.data(AnalysisRole) if idx.isValid() else None

    def _item_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        a: Analysis | None = current.data(AnalysisRole) if current.isValid() else None
        self.current_analysis_changed.emit(a)

    def _connect_panels(self) -> None:
        """The window's own panels follow the current analysis (in this order: the tree model
        is filled before the tree picks its first node, which fills the detail pane)."""
        self.current_analysis_changed.connect(lambda a: self.act_save_json.setEnabled(a is not None))
        self.current_analysis_changed.connect(self.banner.show_analysis)
        self.current_analysis_changed.connect(self.tree_model.set_analysis)
        self.current_analysis_changed.connect(self._show_tree)
        self.theme_changed.connect(lambda: self.banner.show_analysis(self.current_analysis()))

    def _add_panels(self) -> None:
        """The panels beside the main view, one ``self.add_panel(...)`` line each (see
        ``inspector/ui/README.md``, "How to add a panel")."""

    def add_panel(
        self, panel: QWidget, title: str, area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea
    ) -> QDockWidget:
        """Put ``panel`` in a dock with a View menu entry, and keep it on the current analysis.

        A panel with a ``show_analysis(a: Analysis | None)`` method gets every change of the
        current item (and the current one now); one with ``refresh_theme()`` is told when the
        colour scheme changes. Give the panel an objectName: its dock's place is saved with it."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{panel.objectName() or type(panel).__name__}Dock")
        dock.setWidget(panel)
        if not self.restoreDockWidget(dock):  # where the saved layout had it, else in ``area``
            self.addDockWidget(area, dock)
        self.view_menu.insertAction(self._view_panels_end, dock.toggleViewAction())
        show = getattr(panel, "show_analysis", None)
        if callable(show):
            self.current_analysis_changed.connect(show)
            show(self.current_analysis())
        refresh = getattr(panel, "refresh_theme", None)
        if callable(refresh):
            self.theme_changed.connect(refresh)
        return dock

    def _show_tree(self, a: Analysis | None) -> None:
        if a is None:
            self.detail.clear()
            return
        if a.root is None:
            self.detail.show_text_only(a)
            return
        self._expand_tree()
        first = self._interesting_index(a)
        self.tree.selectionModel().setCurrentIndex(
            first, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.tree.scrollTo(first)

    def _interesting_index(self, a: Analysis) -> QModelIndex:
        """Where the answer is: the first DSN part, else the part a recipient was read from."""
        dsn = self.tree_model.dsn_indexes()
        if dsn:
            return dsn[0]
        for r in a.recipients:
            if r.part is not None:
                idx = self.tree_model.index_for_path(r.part)
                if idx.isValid():
                    return idx
        return self.tree_model.index(0, 0)

    def _expand_tree(self) -> None:
        if self.tree_model.node_count() <= 60:
            self.tree.expandAll()
        else:
            for idx in self.tree_model.dsn_indexes():
                self.tree.expand(idx)
                p = idx.parent()
                while p.isValid():
                    self.tree.expand(p)
                    p = p.parent()
            self.tree.expand(self.tree_model.index(0, 0))
        for col in (COL_PATH, COL_TYPE, COL_SIZE, COL_CHARSET):  # each as wide as its header and values
            self.tree.resizeColumnToContents(col)

    def _node_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        a = self.tree_model.analysis()
        if a is None:
            return
        self.detail.show_node(a, current.data(NodeRole) if current.isValid() else None)

    def refresh_theme(self) -> None:
        """Redraw what carries our own colours after the colour scheme changed."""
        for view in self.findChildren(CodeTextView):
            view.highlighter.refresh_colours()
            view.highlighter.rehighlight()
        self.paste._show(self.paste.analysis)
        self.tree.viewport().update()
        self.items_view.viewport().update()
        self.theme_changed.emit()

    def show_code(self, code: str) -> None:
        self.reference.show_code(code)

    # -- results out ------------------------------------------------------------------------------

    def _current_item(self) -> OpenedItem | None:
        return self.items_model.item(self.items_view.currentIndex().row())

    def copy_summary(self) -> None:
        item = self._current_item()
        if item is not None:
            QApplication.clipboard().setText(summary.plain_text(item.analysis, item.numbered))
            self.status.setText("Summary copied as plain text.")

    def copy_summary_markdown(self) -> None:
        item = self._current_item()
        if item is not None:
            QApplication.clipboard().setText(summary.markdown(item.analysis, item.numbered))
            self.status.setText("Summary copied as Markdown.")

    def json_for_current(self) -> str | None:
        """The current file's analyses, written exactly as ``analyze --format json`` writes them."""
        row = self.items_view.currentIndex().row()
        analyses = self.items_model.siblings_of(row)
        if not analyses:
            return None
        collected = [analysis_to_dict(a) for a in analyses]
        return json.dumps(collected, ensure_ascii=False, indent=2) + "\n"

    def save_json_dialog(self) -> None:
        data = self.json_for_current()
        a = self.current_analysis()
        if data is None or a is None:
            return
        base = Path(a.source).stem if not a.source.startswith("<") else "pasted-text"
        path = self.ask_save_path(str(Path(self.last_folder() or Path.home()) / f"{base}.analysis.json"))
        if not path:
            return
        try:
            Path(path).write_text(data, encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, "Save analysis as JSON", f"Could not write {path}: {exc.strerror or exc}")
            return
        self.status.setText(f"Saved {path}")

    def close_current_item(self) -> None:
        row = self.items_view.currentIndex().row()
        if row >= 0:
            self.items_model.remove(row)
            if self.items_model.rowCount() == 0:
                self.current_analysis_changed.emit(None)

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About Bounce Inspector",
            f"{version_string()}\n\nReads SMTP bounces: who failed, with which code, why, and what to do.\n"
            "Works offline; opens files read-only.",
        )

    # -- state ------------------------------------------------------------------------------------

    def _settings(self) -> QSettings:
        return QSettings(str(ui_state_path(self.dirs)), QSettings.Format.IniFormat)

    def showEvent(self, e) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().showEvent(e)
        if not self._sized:
            self._sized = True
            self._keep_on_screen()  # now with the frame the window manager gave it
            # splitters are restored once the window has its geometry and docks, or they rescale
            s = self._settings()
            for sp in self.splitters:
                v = s.value(f"splitters/{sp.objectName()}")
                if isinstance(v, QByteArray):
                    sp.restoreState(v)
            if not self._restored:
                main = self.splitters[1]
                total = sum(main.sizes()) or 900
                main.setSizes([int(total * 0.56), total - int(total * 0.56)])
            QTimer.singleShot(0, self._build_docks)

    def restore_state(self) -> None:
        self._sized = False
        s = self._settings()
        self._restored = s.contains("splitters/mainSplitter")
        geo = s.value("geometry")
        if not (isinstance(geo, QByteArray) and self.restoreGeometry(geo)):
            self._first_geometry()
        self._keep_on_screen()
        state = s.value("windowState")
        if isinstance(state, QByteArray):
            self.restoreState(state, UI_STATE_VERSION)

    def _first_geometry(self) -> None:
        """The first window: FIRST_SIZE where the screen has room, else the screen's available
        area (a 1366x768 desktop with a panel must not lose the status bar below its edge)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        area = screen.availableGeometry()
        frame = self._frame_margins()
        w = min(FIRST_SIZE[0], area.width() - frame[0])
        h = min(FIRST_SIZE[1], area.height() - frame[1])
        self.resize(w, h)
        self.move(area.x() + (area.width() - w - frame[0]) // 2, area.y() + (area.height() - h - frame[1]) // 2)

    def _frame_margins(self) -> tuple[int, int]:
        """Width and height the window manager's frame adds (a guess before the first show)."""
        fw, fh = self.frameGeometry().width() - self.width(), self.frameGeometry().height() - self.height()
        return (fw, fh) if fh > 0 else (0, 32 if QApplication.platformName() == "xcb" else 0)

    def _keep_on_screen(self) -> None:
        """A saved geometry that no longer fits a screen (a smaller or missing monitor) is moved
        onto the screen nearest to it and shrunk to fit."""
        screens = QApplication.screens()
        if not screens:
            return
        frame = self.frameGeometry()
        if any(sc.availableGeometry().contains(frame) for sc in screens):
            return
        centre = frame.center()
        screen = QApplication.screenAt(centre) or min(
            screens, key=lambda sc: (sc.availableGeometry().center() - centre).manhattanLength()
        )
        area = screen.availableGeometry()
        fw, fh = self._frame_margins()
        w, h = min(self.width(), area.width() - fw), min(self.height(), area.height() - fh)
        self.resize(w, h)
        x = min(max(frame.x(), area.x()), area.right() + 1 - w - fw)
        y = min(max(frame.y(), area.y()), area.bottom() + 1 - h - fh)
        self.move(x, y)

    def save_state(self) -> None:
        s = self._settings()
        s.setValue("geometry", self.saveGeometry())
        s.setValue("windowState", self.saveState(UI_STATE_VERSION))
        for sp in self.splitters:
            s.setValue(f"splitters/{sp.objectName()}", sp.saveState())
        s.sync()

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802
        self.save_state()
        self.runner.wait(5000)
        self.paste_runner.wait(5000)
        super().closeEvent(e)


def file_url(path: str) -> QUrl:
    return QUrl.fromLocalFile(os.path.abspath(path))
