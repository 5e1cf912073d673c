"""The main window: opened items, MIME tree, summary banner, detail pane, paste box, reference.

Layout: the summary banner across the top; below it a splitter with the opened items and the
MIME tree on the left and the detail pane on the right. The reference panel and the paste box
are docks. Files are opened on a worker (:class:`~inspector.ui.workers.Runner`); the window only
presents what the core returns.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QItemSelectionModel, QModelIndex, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHeaderView,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QProgressBar,
    QSplitter,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from inspector.core.model import Analysis
from inspector.ui import summary
from inspector.ui.models.items import AnalysisRole, ItemsModel, OpenedItem
from inspector.ui.models.part_tree import COL_CHARSET, COL_NOTE, COL_PATH, COL_SIZE, COL_TYPE, NodeRole, PartTreeModel
from inspector.ui.settings import AppDirs, RecentFiles, recent_files, ui_state_path
from inspector.ui.triage.hook import TriageHook
from inspector.ui.views.banner import SummaryBanner
from inspector.ui.views.detail_pane import DetailPane
from inspector.ui.widgets.paste_box import PasteBox
from inspector.ui.widgets.reference_panel import ReferencePanel
from inspector.ui.workers import Runner, analyse_file, analyse_pasted

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl

    from inspector.ui.prefetch import Prefetch

# Qt classes only dialogs, the warm-up and saving use are imported where they are used: PySide6
# sets a class up (its enums) on first touch, and start-up does not need them.

OPEN_FILTER = "Mail and text (*.eml *.msg *.txt *.mbox *.mbx *.log);;All files (*)"
UI_STATE_VERSION = 1


def _analyse_prefetched(prefetch: Prefetch, index: int, path: str) -> list[Analysis]:
    """What the forked child analysed (:mod:`inspector.ui.prefetch`), else analyse it here."""
    found = prefetch.analyses(index)
    return found if found is not None else analyse_file(path)


def _warm_up() -> None:
    """Worker job after start-up: build the search index and run the core once over our own
    samples, so the first real bounce or search does not pay for lazy set-up (rule regexes)."""
    from inspector.resources import resource_path
    from inspector.ui import reference_access

    reference_access.warm_up()
    for name in ("postfix-user-unknown.eml", "gmail-style-reply.txt"):
        path = resource_path("samples", name)
        if path.is_file():
            analyse_file(str(path))


def local_paths(mime) -> list[str]:  # type: ignore[no-untyped-def]
    """The local files in a drop (the thin part of the drop handler)."""
    if not mime.hasUrls():
        return []
    return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]


class MainWindow(QMainWindow):
    items_opened = Signal(int)
    """Emitted with the number of items added after a file or text was analysed."""
    open_failed = Signal(str)

    def __init__(self, dirs: AppDirs, *, synchronous: bool = False) -> None:
        super().__init__()
        self.dirs = dirs
        self.recent: RecentFiles = recent_files(dirs)
        self.setWindowTitle("Bounce Inspector")
        self.setObjectName("mainWindow")
        self.setAcceptDrops(True)
        self.resize(1280, 800)

        self._sized = False
        self._restored = False
        self.runner = Runner(self, synchronous=synchronous)
        self.runner.finished.connect(self._on_analysed)
        self.runner.failed.connect(self._on_failed)
        self.runner.busy_changed.connect(self._busy)
        self.paste_runner = Runner(self, synchronous=synchronous, threads=1)
        self.paste_runner.finished.connect(self._warmed)
        self._index_ready = synchronous

        self._build_widgets()
        self._build_actions()
        self._build_menus()
        self.triage = TriageHook(self)  # folders, mbox files and several files open in the Triage window
        self.restore_state()

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
        fm = self.tree.fontMetrics()
        for col, sample in ((COL_TYPE, "multipart/report"), (COL_SIZE, "999.9 KB"), (COL_CHARSET, "us-ascii")):
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

        self.reference = ReferencePanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.reference)

        self.paste = PasteBox(self.paste_runner, self)
        self.paste.code_activated.connect(self.show_code)
        self.paste_dock = QDockWidget("Paste box", self)
        self.paste_dock.setObjectName("pasteDock")
        self.paste_dock.setWidget(self.paste)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.paste_dock)
        self.resizeDocks([self.reference], [330], Qt.Orientation.Horizontal)
        self.resizeDocks([self.paste_dock], [140], Qt.Orientation.Vertical)
        self.splitters += [self.paste.splitter, self.reference.splitter]

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
        self.act_find = self._action("&Find in Reference", self.reference.focus_search, QKeySequence.StandardKey.Find)
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
        v.addAction(self.reference.toggleViewAction())
        v.addAction(self.paste_dock.toggleViewAction())
        v.addSeparator()
        v.addAction(self.act_focus_items)
        v.addAction(self.act_focus_tree)
        v.addAction(self.act_focus_paste)
        h = mb.addMenu("&Help")
        h.addAction(self.act_about)

    # -- opening -------------------------------------------------------------------------------------

    def open_files(self, paths: list[str], prefetch: Prefetch | None = None) -> None:
        """Analyse files on the worker; each becomes one or more items (an mbox: its messages).

        ``prefetch``: these very paths, already being analysed in a forked child at start-up."""
        if self.triage.claims(paths):
            return
        for i, p in enumerate(paths):
            path = os.path.abspath(p)
            self.status.setText(f"Opening {path} ...")
            if prefetch is not None and i < len(prefetch.paths) and prefetch.paths[i] == path:
                job = functools.partial(_analyse_prefetched, prefetch, i, path)
            else:
                job = functools.partial(analyse_file, path)
            self.runner.submit(job, ("file", path))

    def open_text(self, text: str, source: str = "<pasted text>") -> None:
        self.runner.submit(lambda: [analyse_pasted(text, source)], ("text", source))

    def warm_up(self) -> None:
        """Build the reference and its search index on a worker, so the first search is instant."""
        self.paste_runner.submit(_warm_up, ("warm", None))

    def _warmed(self, token: object, _result: object) -> None:
        if token == ("warm", None):
            self._index_ready = True
            self.reference.refresh()
            # Lay out a line in the scripts bounces come in once, so Qt loads their fallback fonts
            # now rather than when the first such bounce is opened (the only opens over 100 ms).
            # Not Devanagari: without a shaping font (offscreen) Qt warns about it on stderr.
            from PySide6.QtGui import QTextDocument

            doc = QTextDocument()
            doc.setPlainText("日本語 中文 한국어 العربية עברית ไทย Ελληνικά Кириллица")
            doc.size()
            # Start-up garbage (Qt wrappers, tables, the index) never needs collecting: keep it
            # out of the collector's way so no keystroke pays for a full collection.
            import gc

            gc.freeze()

    def _on_analysed(self, token: object, result: object) -> None:
        assert isinstance(token, tuple)  # ("file", path) or ("text", source)
        kind: str = token[0]
        source: str = token[1]
        analyses: list[Analysis] = list(result)  # type: ignore[call-overload]
        path = source if kind == "file" else None
        if path is not None and not (len(analyses) == 1 and analyses[0].error):
            self.recent.add(path)
        first = self.items_model.add([OpenedItem(a, path) for a in analyses])
        if len(analyses) == 1 and analyses[0].error:
            self.status.setText(analyses[0].error)
            self.open_failed.emit(analyses[0].error)
        else:
            n = len(analyses)
            self.status.setText(f"Opened {source}" + (f" ({n} messages)" if n > 1 else ""))
        self.items_view.setCurrentIndex(self.items_model.index(first, 0))
        self.items_opened.emit(len(analyses))

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
        from PySide6.QtWidgets import QFileDialog

        paths, _ = QFileDialog.getOpenFileNames(self, "Open bounces", "", OPEN_FILTER)
        return paths

    def ask_save_path(self, suggested: str) -> str:
        from PySide6.QtWidgets import QFileDialog

        path, _ = QFileDialog.getSaveFileName(self, "Save analysis as JSON", suggested, "JSON (*.json)")
        return path

    def open_dialog(self) -> None:
        paths = self.ask_open_paths()
        if paths:
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
        self.act_save_json.setEnabled(a is not None)
        self.banner.show_analysis(a)
        self.tree_model.set_analysis(a)
        if a is None:
            self.detail.clear()
            return
        codes = [c for r in a.recipients for c in (r.status, r.reply_code) if c]
        if codes and not self.reference.search.hasFocus():
            # the answer's code, explained beside it (the result list waits for the search index)
            self.reference.show_code(codes[0], search=self._index_ready)
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
        self.tree.resizeColumnToContents(COL_PATH)

    def _node_changed(self, current: QModelIndex, _prev: QModelIndex) -> None:
        a = self.tree_model.analysis()
        if a is None:
            return
        self.detail.show_node(a, current.data(NodeRole) if current.isValid() else None)

    def refresh_theme(self) -> None:
        """Redraw what carries our own colours after the colour scheme changed."""
        from inspector.ui.widgets.code_highlighter import CodeTextView

        for view in self.findChildren(CodeTextView):
            view.highlighter.refresh_colours()
            view.highlighter.rehighlight()
        self.banner.show_analysis(self.current_analysis())
        self.paste._show(self.paste.analysis)
        self.tree.viewport().update()
        self.items_view.viewport().update()

    def show_code(self, code: str) -> None:
        self.reference.show_code(code)

    # -- results out ------------------------------------------------------------------------------

    def copy_summary(self) -> None:
        a = self.current_analysis()
        if a is not None:
            QApplication.clipboard().setText(summary.plain_text(a))
            self.status.setText("Summary copied as plain text.")

    def copy_summary_markdown(self) -> None:
        a = self.current_analysis()
        if a is not None:
            QApplication.clipboard().setText(summary.markdown(a))
            self.status.setText("Summary copied as Markdown.")

    def json_for_current(self) -> str | None:
        """The current file's analyses, written exactly as ``analyze --format json`` writes them."""
        row = self.items_view.currentIndex().row()
        analyses = self.items_model.siblings_of(row)
        if not analyses:
            return None
        import json

        from inspector.core.serialize import analysis_to_dict

        collected = [analysis_to_dict(a) for a in analyses]
        return json.dumps(collected, ensure_ascii=False, indent=2) + "\n"

    def save_json_dialog(self) -> None:
        data = self.json_for_current()
        a = self.current_analysis()
        if data is None or a is None:
            return
        base = Path(a.source).stem if not a.source.startswith("<") else "pasted-text"
        path = self.ask_save_path(str(Path.home() / f"{base}.analysis.json"))
        if not path:
            return
        try:
            Path(path).write_text(data, encoding="utf-8")
        except OSError as exc:
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.warning(self, "Save analysis as JSON", f"Could not write {path}: {exc.strerror or exc}")
            return
        self.status.setText(f"Saved {path}")

    def close_current_item(self) -> None:
        row = self.items_view.currentIndex().row()
        if row >= 0:
            self.items_model.remove(row)
            if self.items_model.rowCount() == 0:
                self._item_changed(QModelIndex(), QModelIndex())

    def about(self) -> None:
        from PySide6.QtWidgets import QMessageBox

        from inspector.cli import version_string

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

    def restore_state(self) -> None:
        self._sized = False
        s = self._settings()
        self._restored = s.contains("splitters/mainSplitter")
        geo = s.value("geometry")
        if isinstance(geo, QByteArray):
            self.restoreGeometry(geo)
        state = s.value("windowState")
        if isinstance(state, QByteArray):
            self.restoreState(state, UI_STATE_VERSION)

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
    from PySide6.QtCore import QUrl

    return QUrl.fromLocalFile(os.path.abspath(path))
