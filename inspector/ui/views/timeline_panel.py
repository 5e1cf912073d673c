"""The Timeline panel: the bounce's events in time order, delays between them, long ones marked.

A table model over :attr:`inspector.core.model.Analysis.timeline` (:mod:`inspector.core.timeline`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from inspector.core.model import Analysis
from inspector.core.timeline import TimelineEvent
from inspector.ui import theme

COL_TIME, COL_DELAY, COL_EVENT, COL_HOST = range(4)
HEADERS = ("Time", "Since previous", "Event", "Host")
Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


def format_delay(seconds: float | None) -> str:
    """``+9 s``, ``+2 min 5 s``, ``+2 h 46 min``, ``+3 d 4 h``; empty for the first event."""
    if seconds is None:
        return ""
    sign = "+" if seconds >= 0 else "-"
    s = int(round(abs(seconds)))
    if s < 60:
        return f"{sign}{s} s"
    if s < 3600:
        m, rest = divmod(s, 60)
        return f"{sign}{m} min" + (f" {rest} s" if rest else "")
    if s < 86400:
        h, rest = divmod(s, 3600)
        return f"{sign}{h} h" + (f" {rest // 60} min" if rest // 60 else "")
    d, rest = divmod(s, 86400)
    return f"{sign}{d} d" + (f" {rest // 3600} h" if rest // 3600 else "")


def format_time(value: str | None) -> str:
    if not value:
        return "(no time)"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        return value
    return when.strftime("%Y-%m-%d %H:%M:%S %z").rstrip()


class TimelineModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._events: list[TimelineEvent] = []

    def set_events(self, events: list[TimelineEvent]) -> None:
        self.beginResetModel()
        self._events = list(events)
        self.endResetModel()

    def event_at(self, row: int) -> TimelineEvent | None:
        return self._events[row] if 0 <= row < len(self._events) else None

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._events)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 4:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        ev = self.event_at(index.row()) if index.isValid() else None
        if ev is None:
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TIME:
                return format_time(ev.time)
            if col == COL_DELAY:
                return format_delay(ev.delay_s) + (" (slow)" if ev.slow else "")
            if col == COL_EVENT:
                return ev.event
            if col == COL_HOST:
                return ev.host or ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if ev.slow:
                return f"Over an hour since the previous event ({format_delay(ev.delay_s)})"
            return ev.event
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_DELAY and ev.slow:
            return QColor(theme.colours().transient)
        if role == Qt.ItemDataRole.FontRole and col == COL_DELAY and ev.slow:
            f = QFont()
            f.setBold(True)
            return f
        if role == Qt.ItemDataRole.TextAlignmentRole and col == COL_DELAY:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class TimelinePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("timelinePanel")
        self.analysis: Analysis | None = None
        self.model = TimelineModel(self)
        self.view = QTableView()
        self.view.setObjectName("timelineView")
        self.view.setAccessibleName("Delivery timeline")
        self.view.setModel(self.model)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setAlternatingRowColors(True)
        rows = self.view.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        self.view.setWordWrap(False)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_EVENT, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_HOST, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_HOST, self.view.fontMetrics().horizontalAdvance("mx1.mail.example.com") + 16)
        header.setStretchLastSection(False)
        self.note = QLabel()
        self.note.setWordWrap(True)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.note)
        self.show_analysis(None)

    def show_analysis(self, a: Analysis | None) -> None:
        self.analysis = a
        events = a.timeline if a is not None else []
        self.model.set_events(events)
        c = theme.colours()
        slow = sum(1 for e in events if e.slow)
        if a is None:
            text = "Open a bounce to see its timeline."
        elif not events:
            text = "The bounce carries no dates."
        else:
            text = f"{len(events)} events" + (f"; {slow} delay(s) over an hour, marked" if slow else "")
        self.note.setText(f'<span style="color:{c.muted}">{text}</span>')

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        super().changeEvent(e)
        if e.type() == QEvent.Type.PaletteChange:
            self.show_analysis(self.analysis)
