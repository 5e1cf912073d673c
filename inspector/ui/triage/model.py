"""The triage table: rows from :mod:`inspector.core.triage` in a Qt model, and the filter/sort proxy.

The model only presents the core's row dicts; it never analyses anything itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor

from inspector.core.triage.rows import Row
from inspector.ui import theme

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()

RowRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    title: str


COLUMNS = (
    Column("address", "Address"),
    Column("domain", "Domain"),
    Column("mta", "Mail server"),
    Column("severity", "Severity"),
    Column("hard", "Hard"),
    Column("reason", "Reason"),
    Column("side", "Side"),
    Column("status", "Status"),
    Column("reply_code", "Reply"),
    Column("date", "Date"),
    Column("message", "Message"),
)
COLUMN_KEYS = tuple(c.key for c in COLUMNS)


def cell_text(row: Row, key: str) -> str:
    """What a cell shows (and what the CSV export of the visible columns writes)."""
    if key == "message":
        name = Path(str(row.get("source") or "")).name
        # numbered from 1, as the opened items list numbers an mbox's messages
        return f"{name} #{int(row.get('index', 0)) + 1}" if row.get("length", -1) != -1 else name
    if key == "date":
        d = row.get("date")
        return d[:19].replace("T", " ") if d else ""
    v = row.get(key)
    if v is None:
        return ""
    if v is True or v is False:
        return "hard" if v else "soft"
    return str(v)


class TriageModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Row] = []

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(COLUMNS)
        ):
            return COLUMNS[section].title
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        key = COLUMNS[index.column()].key
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, key)
        if role == SortRole:
            if key == "message":
                return f"{row.get('source')}\x00{int(row.get('index', 0)):09d}"
            return cell_text(row, key).lower()
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.ForegroundRole and key in ("severity", "status", "reply_code"):
            return QColor(theme.colours().severity_fg(row.get("severity") or "unknown"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.get("diagnostic") or None
        return None

    def append(self, rows: list[Row]) -> None:
        if not rows:
            return
        first = len(self._rows)
        self.beginInsertRows(NO_PARENT, first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self._rows = []
        self.endResetModel()

    def rows(self) -> list[Row]:
        return self._rows


class TriageFilter(QSortFilterProxyModel):
    """Sort by any column; filter by text, reason, hard/soft, side, domain and a date range."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)
        self.text = ""
        self.reason: str | None = None
        self.hard: bool | None = None
        self.side: str | None = None
        self.domain: str | None = None
        self.date_from: str | None = None
        """ISO date ``YYYY-MM-DD`` (inclusive)."""
        self.date_to: str | None = None

    def set_filter(self, **kw: Any) -> None:
        """Change some of the filters (``text``, ``reason``, ``hard``, ``side``, ``domain``,
        ``date_from``, ``date_to``) and filter again."""
        self.beginFilterChange()
        for k, v in kw.items():
            if not hasattr(self, k) or k.startswith("_"):
                raise AttributeError(k)
            setattr(self, k, v.lower().strip() if k == "text" and isinstance(v, str) else v)
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802
        model = self.sourceModel()
        assert isinstance(model, TriageModel)
        row = model.rows()[source_row]
        if self.reason is not None and row.get("reason") != self.reason:
            return False
        if self.side is not None and (row.get("side") or "unknown") != self.side:
            return False
        if self.hard is not None and (row.get("hard") is True) != self.hard:
            return False
        if self.domain is not None and row.get("domain") != self.domain:
            return False
        if self.date_from or self.date_to:
            day = (row.get("date") or "")[:10]
            if not day or (self.date_from and day < self.date_from) or (self.date_to and day > self.date_to):
                return False
        if self.text:
            hay = " ".join(
                str(row.get(k) or "")
                for k in (
                    "address",
                    "domain",
                    "reason",
                    "status",
                    "reply_code",
                    "diagnostic",
                    "mta",
                    "subject",
                    "source",
                )
            ).lower()
            if self.text not in hay:
                return False
        return True

    def visible_rows(self) -> list[Row]:
        """The rows the table shows, in its order."""
        return [self.index(i, 0).data(RowRole) for i in range(self.rowCount())]
