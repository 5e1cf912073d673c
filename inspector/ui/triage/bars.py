"""A small horizontal bar chart drawn with QPainter: label, bar, count; click a bar to filter.

(No charting library: QtCharts is in PySide6-Addons, which the app does not ship; a few bars
need no more than this.)
"""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class _ClickableChart(QWidget):
    """What both charts share: a title, keyed items, and a click that selects one (or clears it)."""

    clicked = Signal(str)
    """The key clicked (the same key again: the chart's selection is cleared)."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.items: list[tuple[str, int]] = []
        self.selected: str | None = None
        self.setAccessibleName(title)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def key_at_event(self, e: QMouseEvent) -> str | None:
        raise NotImplementedError

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        key = self.key_at_event(e)
        if key is not None:
            self.selected = None if self.selected == key else key
            self.update()
            self.clicked.emit(key)


class BarChart(_ClickableChart):
    def __init__(self, title: str, max_bars: int = 8, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.max_bars = max_bars
        self.colours: dict[str, str] = {}
        self.setMouseTracking(True)

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

    def key_at_event(self, e: QMouseEvent) -> str | None:
        return self.bar_at(int(e.position().y()))

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


def buckets(by_day: dict[str, int], max_bars: int = 60) -> tuple[str, list[tuple[str, int]]]:
    """Counts per day grouped so that at most ``max_bars`` remain, in date order: by day, month or
    year, every bucket between the first and the last (empty ones too). Returns (unit, buckets)
    where each bucket's key is its first day's prefix (``2024-05-17``, ``2024-05``, ``2024``)."""
    days = sorted(d for d in by_day if len(d) == 10)
    if not days:
        return "day", []
    first, last = date.fromisoformat(days[0]), date.fromisoformat(days[-1])
    span_days = (last - first).days + 1
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    if span_days <= max_bars:
        unit, width = "day", 10
        keys = [(first + timedelta(days=i)).isoformat() for i in range(span_days)]
    elif months <= max_bars:
        unit, width = "month", 7
        keys = [
            f"{first.year + (first.month - 1 + i) // 12:04d}-{(first.month - 1 + i) % 12 + 1:02d}"
            for i in range(months)
        ]
    else:
        unit, width = "year", 4
        keys = [f"{y:04d}" for y in range(first.year, last.year + 1)]
    counts = dict.fromkeys(keys, 0)
    for d, n in by_day.items():
        if d[:width] in counts:
            counts[d[:width]] += n
    return unit, list(counts.items())


class TimeChart(_ClickableChart):
    """Bounces over time: one column per day (or month, or year, whatever fits), in date order.
    Clicking a column emits its key (a day, ``YYYY-MM`` or ``YYYY``)."""

    def __init__(self, title: str = "Bounces over time", parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.unit = "day"

    def set_counts(self, by_day: dict[str, int]) -> None:
        self.unit, self.items = buckets(by_day)
        busiest = sorted(self.items, key=lambda kv: -kv[1])[:10]
        self.setToolTip(f"per {self.unit}; busiest:\n" + "\n".join(f"{v:,}  {k}" for k, v in busiest if v))
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(300, (self.fontMetrics().height() + 2) * 6)

    def _plot(self) -> QRect:
        line = self.fontMetrics().height() + 2
        return QRect(0, line + 2, self.width(), self.height() - 2 * line - 4)

    def key_at(self, x: int) -> str | None:
        if not self.items:
            return None
        i = int(x * len(self.items) / max(self.width(), 1))
        return self.items[i][0] if 0 <= i < len(self.items) else None

    def key_at_event(self, e: QMouseEvent) -> str | None:
        return self.key_at(int(e.position().x()))

    def paintEvent(self, e: QPaintEvent) -> None:  # noqa: N802
        p = QPainter(self)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.WindowText)
        line = self.fontMetrics().height() + 2
        bold = p.font()
        bold.setBold(True)
        p.setFont(bold)
        p.setPen(text)
        total = sum(v for _, v in self.items)
        top = max((v for _, v in self.items), default=0) or 1
        title = f"{self.title} (per {self.unit}; {total:,} dated, at most {top:,})" if self.items else self.title
        p.drawText(QRect(0, 0, self.width(), line), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        p.setFont(self.font())
        if not self.items:
            return
        plot = self._plot()
        n = len(self.items)
        step = self.width() / n
        accent = pal.color(QPalette.ColorRole.Highlight)
        for i, (key, value) in enumerate(self.items):
            x0, x1 = int(i * step), int((i + 1) * step)
            if key == self.selected:
                p.fillRect(
                    QRect(x0, plot.top(), max(x1 - x0, 1), plot.height()), pal.color(QPalette.ColorRole.AlternateBase)
                )
            if value:
                h = max(int(plot.height() * value / top), 1)
                p.fillRect(
                    QRect(
                        x0 + (1 if step > 3 else 0), plot.bottom() - h + 1, max(x1 - x0 - (2 if step > 3 else 0), 1), h
                    ),
                    accent,
                )
        p.setPen(text)
        y = plot.bottom() + 2
        p.drawText(
            QRect(0, y, self.width() // 2, line),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            self.items[0][0],
        )
        p.drawText(
            QRect(self.width() // 2, y, self.width() // 2, line),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            self.items[-1][0],
        )
