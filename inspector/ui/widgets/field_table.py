"""A read-only (Field, Value) table whose long values wrap onto more lines instead of ending in
"...", with the whole value in the tooltip and Ctrl+C / the context menu to copy it."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

COPY_LIMIT = 1_000_000


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped text at the column's current width."""

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:  # noqa: N802
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self._view.columnWidth(index.column())
        if index.column() == 0 and self._view.isFirstColumnSpanned(index.row(), index.parent()):
            width = self._view.viewport().width()
        elif index.column() == 0:
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self._view.indentation() * (depth + int(self._view.rootIsDecorated()))
        # the style wraps at the option's width only when the rectangle is a valid one
        opt.rect.setRect(0, 0, max(40, width), 1)
        opt.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        return super().sizeHint(opt, index)


class FieldTable(QTreeView):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setItemDelegate(WrappingDelegate(self))
        self.header().setStretchLastSection(True)
        # rows are measured again when a column changes width (the text wraps elsewhere)
        self.header().sectionResized.connect(lambda *_: self.doItemsLayout())
        self.copy_action = QAction("&Copy Value", self)
        self.copy_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_action.triggered.connect(self.copy_current)
        self.addAction(self.copy_action)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)

    def current_value(self) -> str:
        """The whole value of the current row (a section heading: its title)."""
        idx = self.currentIndex()
        if not idx.isValid():
            return ""
        value = idx.siblingAtColumn(1).data(Qt.ItemDataRole.UserRole)
        if not isinstance(value, str):
            value = idx.siblingAtColumn(1).data() or idx.siblingAtColumn(0).data() or ""
        return str(value)

    def copy_current(self) -> None:
        text = self.current_value()
        if text:
            QApplication.clipboard().setText(text[:COPY_LIMIT])
