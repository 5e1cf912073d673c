"""The paste box: type or paste a reply line, an error message, a transcript or a log line, and
the codes, classification and advice update as you type.

Highlighting is per edited line (cheap); the analysis of the whole text runs on a worker a short
moment after the last keystroke, and results for older text are dropped, so long text never
freezes typing.
"""

from __future__ import annotations

import html

from PySide6.QtCore import QMimeData, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QSplitter, QVBoxLayout, QWidget

from inspector.core.model import Analysis
from inspector.ui import reference_access, summary, theme
from inspector.ui.safe_browser import SafeBrowser
from inspector.ui.widgets.code_highlighter import CodeTextView
from inspector.ui.workers import Runner, analyse_pasted

DEBOUNCE_MS = 150


class PasteEdit(CodeTextView):
    """Accepts dropped and pasted text; dropped files go to the window instead."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, read_only=False)
        self.setTabChangesFocus(True)

    def canInsertFromMimeData(self, source: QMimeData) -> bool:  # noqa: N802
        if source.hasUrls() and any(u.isLocalFile() for u in source.urls()):
            return False
        return source.hasText()

    def insertFromMimeData(self, source: QMimeData) -> None:  # noqa: N802
        if source.hasText():
            self.insertPlainText(source.text())

    def dragEnterEvent(self, e) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if e.mimeData().hasUrls() and any(u.isLocalFile() for u in e.mimeData().urls()):
            e.ignore()  # let the window open the files
            return
        super().dragEnterEvent(e)


class PasteBox(QWidget):
    analysed = Signal(object)
    """An :class:`Analysis` of the current text (emitted on the UI thread)."""
    code_activated = Signal(str)

    def __init__(self, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self.runner.finished.connect(self._on_result)
        self._generation = 0
        self.analysis: Analysis | None = None

        self.edit = PasteEdit(self)
        self.edit.setAccessibleName("Paste box")
        self.edit.setPlaceholderText(
            "Paste or type a reply line, a customer's error message, an SMTP transcript or a log line"
        )
        self.edit.code_activated.connect(self.code_activated)
        self.result = SafeBrowser(self)
        self.result.setAccessibleName("Classification of the pasted text")
        self.result.anchorClicked.connect(lambda url: self.code_activated.emit(url.path()))
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.setObjectName("pasteSplitter")
        split.addWidget(self.edit)
        split.addWidget(self.result)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.splitter = split
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(split)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._analyse)
        self.edit.textChanged.connect(self._timer.start)
        self._show(None)

    def set_text(self, text: str) -> None:
        self.edit.setPlainText(text)

    def analyse_now(self) -> None:
        self._timer.stop()
        self._analyse()

    def _analyse(self) -> None:
        self._generation += 1
        text = self.edit.toPlainText()
        if not text.strip():
            self._show(None)
            return
        gen = ("paste", self._generation)
        self.runner.submit(lambda: analyse_pasted(text), gen)

    def _on_result(self, token: object, result: object) -> None:
        if token != ("paste", self._generation) or not isinstance(result, Analysis):
            return  # an older text's result
        self._show(result)

    def _show(self, a: Analysis | None) -> None:
        self.analysis = a
        c = theme.colours()
        if a is None:
            self.result.setHtml(f'<p style="color:{c.muted}">The classification of the pasted text shows here.</p>')
            return
        parts = [summary.banner_html(a, c)]
        codes = []
        seen = set()
        for _, m in a.codes:
            if m.code not in seen:
                seen.add(m.code)
                codes.append(m.code)
        if codes:
            items = []
            for code in codes[:12]:
                e = reference_access.entry_for(code)
                title = e.title if e is not None else reference_access.class_title(code)
                items.append(
                    f'<a href="code:{html.escape(code)}" style="color:{c.code_fg(code)}"><b>{html.escape(code)}</b></a>'
                    f" {html.escape(title)}"
                )
            parts.append("<p>" + "<br>".join(items) + "</p>")
        self.result.setHtml("".join(parts))
        self.analysed.emit(a)
