"""A small horizontal bar chart drawn with QPainter: label, bar, count; click a bar to filter.

(No charting library: QtCharts is in PySide6-Addons, which the app does not ship; a few bars
need no more than this.)
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class BarChart(QWidget):
    clicked = Signal(str)
    """The key of the bar clicked (the same key again: the chart's selection is cleared)."""

    def __init__(self, title: str, max_bars: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.max_bars = max_bars
        self.items: list[tuple[str, int]] = []
        self.colours: dict[str, str] = {}
        self.selected: str | None = None
        self.setAccessibleName(title)
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items: list[tuple[str, int]], colours: dict[str, str] | None = None) -> None:
        self.items = items[: self.max_bars]
        if colours is not None:
            self.colours = colours
        self.setToolTip("\n".join(f"{v:,}  {k}" for k, v in items[:40]))
        self.update()

    def _line(self) -> int:
        return self.fontMetrics().height() + 2

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(220, self._line() * (self.max_bars + 1) + 4)

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(140, self.sizeHint().height())

    def bar_at(self, y: int) -> str | None:
        i = (y - 2) // self._line() - 1
        return self.items[i][0] if 0 <= i < len(self.items) else None

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        key = self.bar_at(int(e.position().y()))
        if key is not None:
            self.selected = None if self.selected == key else key
            self.update()
            self.clicked.emit(key)

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        pal = self.palette()
        fm = self.fontMetrics()
        line = self._line()
        text = pal.color(QPalette.ColorRole.WindowText)
        bold = p.font()
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(text)
        p.drawText(
            QRect(0, 2, self.width(), line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, self.title
        )
        p.setFont(self.font())
        if not self.items:
            return
        label_w = min(max(fm.horizontalAdvance(k) for k, _ in self.items) + 8, self.width() // 2)
        count_w = fm.horizontalAdvance(f"{max(v for _, v in self.items):,}") + 6
        bar_w = max(self.width() - label_w - count_w, 10)
        top = max(v for _, v in self.items) or 1
        accent = pal.color(QPalette.ColorRole.Highlight)
        for i, (key, value) in enumerate(self.items):
            y = 2 + line * (i + 1)
            label = fm.elidedText(key, Qt.TextElideMode.ElideMiddle, label_w - 6)
            if key == self.selected:
                p.fillRect(QRect(0, y, self.width(), line), pal.color(QPalette.ColorRole.AlternateBase))
            p.setPen(text)
            p.drawText(
                QRect(0, y, label_w - 6, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, label
            )
            w = max(int(bar_w * value / top), 2)
            colour = QColor(self.colours[key]) if key in self.colours else accent
            p.fillRect(QRect(label_w, y + 2, w, line - 4), colour)
            p.drawText(
                QRect(label_w + w + 4, y, count_w + 40, line),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                f"{value:,}",
            )
