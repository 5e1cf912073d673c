"""The list of opened items: one row per analysed message (an mbox gives one per message)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from inspector.core.model import Analysis
from inspector.ui import summary, theme

AnalysisRole = Qt.ItemDataRole.UserRole + 1
PathRole = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


@dataclass
class OpenedItem:
    analysis: Analysis
    path: str | None
    """The file it came from (None for pasted text)."""
    numbered: bool = False
    """One of several messages of its file (an mbox): its title carries its number."""


class ItemsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[OpenedItem] = []

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        a = item.analysis
        if role == Qt.ItemDataRole.DisplayRole:
            return summary.title_of(a, item.numbered)
        if role == Qt.ItemDataRole.ToolTipRole:
            # the whole title first: the list cuts a long one at its edge
            body = summary.headline(a) or "\n".join(summary.recipient_line(r) for r in a.recipients[:10])
            return "\n".join(x for x in (summary.title_of(a, item.numbered), body) if x)
        if role == Qt.ItemDataRole.ForegroundRole:
            if a.error:
                return QColor(theme.colours().permanent)
            if a.recipients:
                sev = a.recipients[0].severity
                return QColor(theme.colours().severity_fg(sev))
            return None
        if role == AnalysisRole:
            return a
        if role == PathRole:
            return item.path
        return None

    def add(self, items: list[OpenedItem]) -> int:
        """Append items; returns the row of the first one."""
        first = len(self._items)
        if items:
            self.beginInsertRows(QModelIndex(), first, first + len(items) - 1)
            self._items.extend(items)
            self.endInsertRows()
        return first

    def remove(self, row: int) -> None:
        if 0 <= row < len(self._items):
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._items[row]
            self.endRemoveRows()

    def item(self, row: int) -> OpenedItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def items(self) -> list[OpenedItem]:
        return list(self._items)

    def siblings_of(self, row: int) -> list[Analysis]:
        """Every analysis from the same file as ``row`` (an mbox's messages), in order."""
        item = self.item(row)
        if item is None:
            return []
        if item.path is None:
            return [item.analysis]
        same = [i.analysis for i in self._items if i.path == item.path and i.analysis.source == item.analysis.source]
        seen: set[int] = set()
        out = []
        for a in sorted(same, key=lambda a: a.index):
            if a.index not in seen:
                seen.add(a.index)
                out.append(a)
        return out
