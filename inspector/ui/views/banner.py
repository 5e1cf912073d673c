"""The summary banner: one coloured line per failed recipient, the details in smaller print."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QSizePolicy, QWidget

from inspector.core.model import Analysis
from inspector.ui import summary, theme
from inspector.ui.safe_browser import SafeBrowser

PLACEHOLDER = "Drop .eml, .txt or mbox files here, use File > Open, or paste text into the paste box."


class SummaryBanner(SafeBrowser):
    def __init__(self, parent: QWidget | None = None, *, max_lines: int = 14) -> None:
        super().__init__(parent)
        self.setAccessibleName("Summary")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._max_lines = max_lines
        self.analysis: Analysis | None = None
        self.document().setDocumentMargin(6)
        self.show_analysis(None)

    def show_analysis(self, a: Analysis | None) -> None:
        self.analysis = a
        if a is None:
            self.setHtml(f'<p style="color:{theme.colours().muted}">{PLACEHOLDER}</p>')
        else:
            self.setHtml(summary.banner_html(a, theme.colours()))
        self._fit()

    def plain(self) -> str:
        return self.toPlainText()

    def _fit(self) -> None:
        self.document().setTextWidth(max(200, self.viewport().width()))
        h = int(self.document().size().height()) + 2 * self.frameWidth() + 2
        line = self.fontMetrics().lineSpacing()
        self.setFixedHeight(max(line * 2, min(h, line * self._max_lines + 12)))

    def resizeEvent(self, e) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().resizeEvent(e)
        self._fit()

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, self.height())
