"""The Triage window: a mailbox's failed recipients as a sortable, filterable table, a summary
strip with clickable bars, the sender-side checklist, progress with Cancel, and exports.

Everything it shows comes from :mod:`inspector.core.triage` (rows, :class:`Summary`,
:class:`SuppressionBuilder`); the analysis runs in :class:`~inspector.ui.triage.worker.TriageThread`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from inspector.core.triage.policy import Summary, SuppressionBuilder, suppression_csv
from inspector.core.triage.rows import Row, csv_value
from inspector.ui import theme
from inspector.ui.triage.bars import BarChart, TimeChart
from inspector.ui.triage.model import COLUMNS, RowRole, TriageFilter, TriageModel, cell_text
from inspector.ui.triage.worker import Progress, TriageThread

ALL = "(all)"
SIDES = ("recipient", "sender", "network", "unknown")
NO_DATE = QDate(1990, 1, 1)


class TriageWindow(QMainWindow):
    row_activated = Signal(object)
    """A row (dict) was selected: show its message in the inspector."""
    open_requested = Signal(object)
    """A row was double-clicked or Enter was pressed on it: show the inspector window too."""
    finished = Signal()
    """The analysis ended (done or cancelled)."""

    def __init__(self, parent: QWidget | None = None, jobs: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Triage - Bounce Inspector")
        self.setObjectName("triageWindow")
        self.resize(1280, 800)
        self.jobs = jobs
        self.paths: list[str] = []
        self.job: TriageThread | None = None
        self.summary = Summary()
        self.last_progress: Progress | None = None
        self._build()
        self._build_menus()

    # -- construction ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.model = TriageModel(self)
        self.proxy = TriageFilter(self)
        self.proxy.setSourceModel(self.model)

        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter: address, domain, reply text, code...")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Filter text")
        self.search.textChanged.connect(lambda t: self.proxy.set_filter(text=t))
        self.reason_box = self._combo("Reason", [ALL])
        self.reason_box.currentTextChanged.connect(lambda t: self.proxy.set_filter(reason=None if t == ALL else t))
        self.hard_box = self._combo("Hard or soft", ["hard and soft", "hard", "soft"])
        self.hard_box.currentTextChanged.connect(
            lambda t: self.proxy.set_filter(hard={"hard": True, "soft": False}.get(t))
        )
        self.side_box = self._combo("Side", [ALL, *SIDES])
        self.side_box.currentTextChanged.connect(lambda t: self.proxy.set_filter(side=None if t == ALL else t))
        self.domain_box = self._combo("Domain", [ALL])
        self.domain_box.setEditable(True)
        self.domain_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.domain_box.currentTextChanged.connect(self._domain_changed)
        self.date_from = self._date("From date")
        self.date_to = self._date("To date")
        clear = QPushButton("Clear Filters")
        clear.clicked.connect(self.clear_filters)

        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        for label, w in (
            ("Reason", self.reason_box),
            ("", self.hard_box),
            ("Side", self.side_box),
            ("Domain", self.domain_box),
            ("From", self.date_from),
            ("to", self.date_to),
        ):
            if label:
                lab = QLabel(label)
                lab.setBuddy(w)
                filters.addWidget(lab)
            filters.addWidget(w)
        filters.addWidget(clear)

        self.totals = QLabel("No mailbox open. File > Open Folder... or Open Files...")
        self.totals.setObjectName("triageTotals")
        self.totals.setTextFormat(Qt.TextFormat.PlainText)
        f = self.totals.font()
        f.setBold(True)
        self.totals.setFont(f)
        self.reason_chart = BarChart("By reason")
        self.side_chart = BarChart("By side", max_bars=4)
        self.domain_chart = BarChart("Top domains", max_bars=15)
        self.day_chart = TimeChart("Bounces over time")
        self.reason_chart.clicked.connect(lambda k: self._toggle(self.reason_box, k))
        self.side_chart.clicked.connect(lambda k: self._toggle(self.side_box, k))
        self.domain_chart.clicked.connect(lambda k: self._toggle(self.domain_box, k))
        self.day_chart.clicked.connect(self._day_clicked)
        self.checklist = QLabel()
        self.checklist.setObjectName("senderChecklist")
        self.checklist.setTextFormat(Qt.TextFormat.PlainText)
        self.checklist.setWordWrap(True)
        self.checklist.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        charts = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.reason_chart)
        left.addWidget(self.side_chart)
        left.addStretch(1)
        charts.addLayout(left, 2)
        charts.addWidget(self.domain_chart, 2, Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        right.addWidget(self.day_chart)
        right.addWidget(self.checklist, 1)
        charts.addLayout(right, 3)

        self.table = QTableView()
        self.table.setObjectName("triageTable")
        self.table.setAccessibleName("Failed recipients")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # input order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        fm = self.table.fontMetrics()
        widths = {"address": 34, "domain": 18, "mta": 12, "severity": 10, "hard": 6, "reason": 14, "side": 10}
        widths |= {"status": 8, "reply_code": 6, "date": 18}
        for i, c in enumerate(COLUMNS):
            if c.key in widths:
                self.table.setColumnWidth(i, fm.horizontalAdvance("x") * widths[c.key] + 12)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.activated.connect(lambda idx: self.open_requested.emit(idx.data(RowRole)))

        self.progress_bar = QProgressBar()
        self.progress_bar.setAccessibleName("Triage progress")
        self.progress_bar.setMaximumWidth(260)
        self.progress_label = QLabel()
        self.progress_label.setTextFormat(Qt.TextFormat.PlainText)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.statusBar().addWidget(self.progress_label, 1)
        self.statusBar().addPermanentWidget(self.progress_bar)
        self.statusBar().addPermanentWidget(self.cancel_button)

        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(6, 6, 6, 0)
        lay.addLayout(filters)
        lay.addWidget(self.totals)
        lay.addLayout(charts)
        lay.addWidget(self.table, 1)
        self.setCentralWidget(central)

    def _combo(self, name: str, items: list[str]) -> QComboBox:
        box = QComboBox()
        box.setAccessibleName(name)
        box.addItems(items)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        box.setMinimumContentsLength(8)
        return box

    def _date(self, name: str) -> QDateEdit:
        d = QDateEdit()
        d.setAccessibleName(name)
        d.setCalendarPopup(True)
        d.setDisplayFormat("yyyy-MM-dd")
        d.setMinimumDate(NO_DATE)
        d.setSpecialValueText("any")
        d.setDate(NO_DATE)
        d.dateChanged.connect(self._dates_changed)
        return d

    def _build_menus(self) -> None:
        def action(text: str, slot: Any, shortcut: Any = None) -> QAction:
            a = QAction(text, self)
            if shortcut is not None:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            return a

        self.act_open_folder = action("Open &Folder...", self.open_folder_dialog, "Ctrl+Shift+O")
        self.act_open_files = action("&Open Files...", self.open_files_dialog, QKeySequence.StandardKey.Open)
        self.act_export_csv = action("Export Table as &CSV...", lambda: self._export("csv"))
        self.act_export_jsonl = action("Export Table as &JSON Lines...", lambda: self._export("jsonl"))
        self.act_export_suppression = action("Export &Suppression List...", lambda: self._export("suppression"))
        self.act_close = action("&Close", self.close, QKeySequence.StandardKey.Close)
        m = self.menuBar().addMenu("&File")
        for a in (self.act_open_folder, self.act_open_files, None, self.act_export_csv, self.act_export_jsonl):
            m.addSeparator() if a is None else m.addAction(a)
        m.addAction(self.act_export_suppression)
        m.addSeparator()
        m.addAction(self.act_close)
        v = self.menuBar().addMenu("&View")
        self.act_clear_filters = action("Clear &Filters", self.clear_filters, "Ctrl+Shift+L")
        self.act_find = action("&Filter...", lambda: self.search.setFocus(), QKeySequence.StandardKey.Find)
        v.addAction(self.act_find)
        v.addAction(self.act_clear_filters)

    # -- running -----------------------------------------------------------------------------------

    def start(self, paths: list[str]) -> None:
        """Triage ``paths`` (files, folders, Maildirs, mbox files) in the background."""
        self.cancel()
        if self.job is not None:
            self.job.wait()
        self.paths = list(paths)
        self.model.clear()
        self.summary = Summary()
        self.clear_filters()
        for box in (self.reason_box, self.domain_box):
            box.blockSignals(True)
            box.clear()
            box.addItem(ALL)
            box.blockSignals(False)
        names = ", ".join(Path(p).name or p for p in paths[:3]) + (" ..." if len(paths) > 3 else "")
        self.setWindowTitle(f"Triage - {names} - Bounce Inspector")
        self.job = TriageThread(self.paths, self.jobs, parent=self)
        self.job.rows_ready.connect(self._rows_ready)
        self.job.progress.connect(self._progress)
        self.cancel_button.setEnabled(True)
        self.progress_bar.setRange(0, 0)
        self.progress_label.setText("Reading ...")
        self._refresh_summary()
        self.job.start()

    def cancel(self) -> None:
        if self.job is not None and self.job.isRunning():
            self.job.cancel()

    @property
    def running(self) -> bool:
        return self.job is not None and self.job.isRunning()

    def _rows_ready(self, rows: list[Row], tallies: list[tuple[int, str | None]]) -> None:
        for n, error in tallies:
            self.summary.count_message(n, error)
        for r in rows:
            self.summary.add(r)
        self.model.append(rows)
        self._refresh_summary()

    def _progress(self, p: Progress) -> None:
        self.last_progress = p
        self.progress_label.setText(p.text() + (f"; {len(p.errors)} unreadable" if p.errors else ""))
        if p.total:
            self.progress_bar.setRange(0, p.total)
            self.progress_bar.setValue(min(p.done, p.total))
        if p.finished:
            self.cancel_button.setEnabled(False)
            if not p.cancelled:  # the total was an estimate: done is done
                self.progress_bar.setRange(0, max(p.done, 1))
                self.progress_bar.setValue(max(p.done, 1))
            self._refresh_summary()
            self.finished.emit()

    def _refresh_summary(self) -> None:
        s = self.summary
        sender = s.by_side.get("sender", 0)
        self.totals.setText(
            f"{s.messages:,} messages   {s.rows:,} failed recipients   {s.hard:,} hard   "
            f"{sender:,} sender-side   {s.without_rows:,} without a failure   {s.errors:,} unreadable"
        )
        c = theme.colours()
        side_colours = {"recipient": c.permanent, "sender": c.transient, "network": c.success, "unknown": c.unknown}
        self.reason_chart.set_items(s.by_reason.most_common())
        self.side_chart.set_items(s.by_side.most_common(), side_colours)
        self.domain_chart.set_items(s.by_domain.most_common(15))
        self.day_chart.set_counts(s.by_day)
        self._sync_choices(self.reason_box, [k for k, _ in s.by_reason.most_common()])
        self._sync_choices(self.domain_box, [k for k, _ in s.by_domain.most_common(200)])
        groups = s.checklist()
        if groups:
            lines = ["Sender-side checklist (your setup to fix; these never suppress an address):"]
            for g in groups:
                who = ", ".join(f"{k} {v}" for k, v in g.providers.most_common(4))
                lists = f"; lists named: {', '.join(f'{k} {v}' for k, v in g.lists.most_common())}" if g.lists else ""
                lines.append(f"\u2610 {g.title.split(':')[0]} - {g.count}: {who}{lists}")
            self.checklist.setText("\n".join(lines))
            self.checklist.setToolTip("\n".join(g.title for g in groups))
        else:
            self.checklist.setText("No sender-side failures." if s.rows else "")

    @staticmethod
    def _sync_choices(box: QComboBox, keys: list[str]) -> None:
        have = {box.itemText(i) for i in range(box.count())}
        new = [k for k in keys if k not in have]
        if new:
            box.blockSignals(True)
            box.addItems(new)
            box.blockSignals(False)

    # -- filters -----------------------------------------------------------------------------------

    def _toggle(self, box: QComboBox, key: str) -> None:
        if box.findText(key) < 0:
            self._sync_choices(box, [key])
        box.setCurrentText(ALL if box.currentText() == key else key)

    def _domain_changed(self, text: str) -> None:
        t = text.strip().lower()
        self.proxy.set_filter(domain=None if t in ("", ALL) else t)

    def _dates_changed(self) -> None:
        def iso(d: QDateEdit) -> str | None:
            return None if d.date() == NO_DATE else d.date().toString("yyyy-MM-dd")

        self.proxy.set_filter(date_from=iso(self.date_from), date_to=iso(self.date_to))

    def _day_clicked(self, key: str) -> None:
        """A column of the time chart: its day, month or year becomes the date range (again: cleared)."""
        if len(key) == 10:
            start = QDate.fromString(key, "yyyy-MM-dd")
            end = start
        elif len(key) == 7:
            start = QDate.fromString(key + "-01", "yyyy-MM-dd")
            end = start.addMonths(1).addDays(-1)
        else:
            start = QDate.fromString(key + "-01-01", "yyyy-MM-dd")
            end = start.addYears(1).addDays(-1)
        on = self.date_from.date() == start and self.date_to.date() == end
        self.date_from.setDate(NO_DATE if on else start)
        self.date_to.setDate(NO_DATE if on else end)

    def clear_filters(self) -> None:
        self.search.clear()
        for box in (self.reason_box, self.hard_box, self.side_box, self.domain_box):
            box.setCurrentIndex(0)
        self.date_from.setDate(NO_DATE)
        self.date_to.setDate(NO_DATE)

    # -- rows ----------------------------------------------------------------------------------------

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.row_activated.emit(current.data(RowRole))

    def visible_columns(self) -> list[int]:
        header = self.table.horizontalHeader()
        return [
            header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))
        ]

    def table_csv(self) -> str:
        """The table as CSV: exactly the visible columns (in their on-screen order) and rows."""
        cols = [COLUMNS[i] for i in self.visible_columns()]
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow([c.key for c in cols])
        for row in self.proxy.visible_rows():
            w.writerow([cell_text(row, c.key) if c.key == "message" else csv_value(row, c.key) for c in cols])
        return buf.getvalue()

    def table_jsonl(self) -> str:
        """The visible rows, every field, one JSON object a line (what ``triage`` writes)."""
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.proxy.visible_rows())

    def suppression(self, soft_threshold: int = 3, soft_days: float = 7.0) -> tuple[str, str]:
        """(CSV, note) of the suppression list over every row of the mailbox."""
        b = SuppressionBuilder(soft_threshold, soft_days)
        for r in self.model.rows():
            b.add(r)
        result = b.result()
        return suppression_csv(result), result.note()

    # -- dialogs (tests monkeypatch the ask_* methods) -----------------------------------------------

    def ask_folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, "Open a folder of bounces (or a Maildir)")

    def ask_files(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(self, "Open bounces and mbox files", "", "All files (*)")
        return paths

    def ask_save_path(self, title: str, suggested: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, pattern)
        return path

    def ask_policy(self) -> tuple[int, float] | None:
        """The soft-bounce rule for the suppression list: (times, days)."""
        n, ok = QInputDialog.getInt(
            self, "Suppression policy", "Suppress soft bounces seen at least N times:", 3, 1, 1000
        )
        if not ok:
            return None
        d, ok = QInputDialog.getDouble(self, "Suppression policy", "... over at least D days:", 7.0, 0.0, 3650.0, 1)
        return (n, d) if ok else None

    def open_folder_dialog(self) -> None:
        path = self.ask_folder()
        if path:
            self.start([path])

    def open_files_dialog(self) -> None:
        paths = self.ask_files()
        if paths:
            self.start(paths)

    def _export(self, what: str) -> None:
        base = Path(self.paths[0]).name if self.paths else "triage"
        home = Path.home()
        if what == "csv":
            path = self.ask_save_path("Export table as CSV", str(home / f"{base}.triage.csv"), "CSV (*.csv)")
            data, note = (self.table_csv(), "") if path else ("", "")
        elif what == "jsonl":
            path = self.ask_save_path(
                "Export table as JSON Lines", str(home / f"{base}.triage.jsonl"), "JSON Lines (*.jsonl)"
            )
            data, note = (self.table_jsonl(), "") if path else ("", "")
        else:
            policy = self.ask_policy()
            if policy is None:
                return
            path = self.ask_save_path("Export suppression list", str(home / f"{base}.suppress.csv"), "CSV (*.csv)")
            data, note = self.suppression(*policy) if path else ("", "")
        if not path:
            return
        try:
            Path(path).write_text(data, encoding="utf-8", newline="")
        except OSError as exc:
            QMessageBox.warning(self, "Export", f"Could not write {path}: {exc.strerror or exc}")
            return
        self.statusBar().showMessage(f"Saved {path}. {note}".strip(), 15000)

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802
        self.cancel()
        if self.job is not None:
            self.job.wait(10_000)
        super().closeEvent(e)
