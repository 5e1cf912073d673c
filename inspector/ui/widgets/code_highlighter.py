"""Reply codes highlighted in any text, with a tooltip and a click to open them in the reference.

:class:`CodeHighlighter` colours basic and enhanced codes by class (2 success, 4 transient,
5 permanent). It either uses spans the core already found for the whole text (exact, as in the
analysis) or finds codes block by block with :func:`inspector.core.codes.find_codes` (paste box,
raw source), so only edited lines are re-scanned while typing.

:class:`CodeTextView` is a QPlainTextEdit with that highlighter, optional line numbers, a tooltip
for the code under the mouse, and ``code_activated`` on click or F1 (keyboard) on a code.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QKeySequence, QPainter, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QPlainTextEdit, QToolTip, QWidget

from inspector.core.codes import find_codes
from inspector.core.model import CodeMatch
from inspector.ui import reference_access, theme
from inspector.ui.text import visible_with_spans

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

HIGHLIGHT_LIMIT = 1_000_000
"""Texts longer than this (characters) are shown without highlighting, to stay responsive."""


class CodeHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._spans: list[CodeMatch] | None = None
        self._starts: list[int] = []
        self._formats: dict[str, QTextCharFormat] = {}
        self.refresh_colours()

    def refresh_colours(self) -> None:
        c = theme.colours()
        self._formats = {}
        for digit in "2345":
            f = QTextCharFormat()
            f.setForeground(QColor(c.code_fg(digit)))
            f.setFontWeight(QFont.Weight.Bold)
            f.setFontUnderline(True)
            self._formats[digit] = f

    def set_spans(self, spans: list[CodeMatch] | None) -> None:
        """Use these (absolute) spans instead of scanning each block; None scans."""
        self._spans = sorted(spans, key=lambda c: c.start) if spans is not None else None
        self._starts = [c.start for c in self._spans] if self._spans is not None else []

    def codes_in_block(self, text: str, position: int) -> list[CodeMatch]:
        """Codes of one block, with spans relative to the block."""
        if self._spans is None:
            return find_codes(text)
        end = position + len(text)
        i = bisect_left(self._starts, position)
        out = []
        while i < len(self._spans) and self._spans[i].start < end:
            c = self._spans[i]
            out.append(CodeMatch(c.code, c.kind, c.start - position, min(c.end, end) - position, c.reply))
            i += 1
        return out

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        if not text or len(text) > 20_000:
            return
        for c in self.codes_in_block(text, self.currentBlock().position()):
            fmt = self._formats.get(c.code[:1])
            if fmt is not None:
                self.setFormat(c.start, c.end - c.start, fmt)


class _LineNumbers(QWidget):
    def __init__(self, view: CodeTextView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(self.view.line_number_width(), 0)

    def paintEvent(self, event: QEvent) -> None:  # noqa: N802
        self.view.paint_line_numbers(self, event)


class CodeTextView(QPlainTextEdit):
    code_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, read_only: bool = True, line_numbers: bool = False) -> None:
        super().__init__(parent)
        self.setReadOnly(read_only)
        if read_only:
            self.setTextInteractionFlags(
                Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
            )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.highlighter = CodeHighlighter(self.document())
        self._numbers: _LineNumbers | None = None
        if line_numbers:
            self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
            self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self._numbers = _LineNumbers(self)
            self.blockCountChanged.connect(self._update_margin)
            self.updateRequest.connect(self._update_numbers)
            self._update_margin()

    # -- content -------------------------------------------------------------------------------

    def show_text(self, text: str, spans: list[CodeMatch] | None = None) -> None:
        """Replace the text; ``spans`` are the core's codes for exactly this text (or None)."""
        doc = self.document()
        big = len(text) > HIGHLIGHT_LIMIT
        if self.isReadOnly():  # control characters shown (the spans move with the text); never while editing
            text, spans = visible_with_spans(text, spans)
        self.highlighter.set_spans(spans)
        if big and self.highlighter.document() is not None:
            self.highlighter.setDocument(None)
        elif not big and self.highlighter.document() is None:
            self.highlighter.setDocument(doc)
        # attached, the highlighter formats each block synchronously as the text is set
        self.setPlainText(text)

    # -- codes under the mouse / cursor ------------------------------------------------------------

    def code_at(self, position: int) -> str | None:
        block = self.document().findBlock(position)
        if not block.isValid():
            return None
        offset = position - block.position()
        for c in self.highlighter.codes_in_block(block.text(), block.position()):
            if c.start <= offset <= c.end:
                return c.code
        return None

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip:
            pos = e.pos()  # type: ignore[attr-defined]
            cursor = self.cursorForPosition(pos - self.viewport().pos())
            code = self.code_at(cursor.position())
            if code:
                QToolTip.showText(e.globalPos(), reference_access.tooltip_for(code), self)  # type: ignore[attr-defined]
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    def mouseReleaseEvent(self, e: QEvent) -> None:  # noqa: N802
        super().mouseReleaseEvent(e)  # type: ignore[arg-type]
        if e.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():  # type: ignore[attr-defined]
            code = self.code_at(self.cursorForPosition(e.position().toPoint()).position())  # type: ignore[attr-defined]
            if code:
                self.code_activated.emit(code)

    def keyPressEvent(self, e: QEvent) -> None:  # noqa: N802
        if e.matches(QKeySequence.StandardKey.HelpContents):  # type: ignore[attr-defined]
            code = self.code_at(self.textCursor().position())
            if code:
                self.code_activated.emit(code)
                return
        super().keyPressEvent(e)  # type: ignore[arg-type]

    # -- line numbers -------------------------------------------------------------------------------

    def line_number_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 10 + self.fontMetrics().horizontalAdvance("9") * digits

    def _update_margin(self, _count: int = 0) -> None:
        self.setViewportMargins(self.line_number_width() if self._numbers else 0, 0, 0, 0)

    def _update_numbers(self, rect: QRect, dy: int) -> None:
        if self._numbers is None:
            return
        if dy:
            self._numbers.scroll(0, dy)
        else:
            self._numbers.update(0, rect.y(), self._numbers.width(), rect.height())

    def resizeEvent(self, e: QEvent) -> None:  # noqa: N802
        super().resizeEvent(e)  # type: ignore[arg-type]
        if self._numbers is not None:
            cr = self.contentsRect()
            self._numbers.setGeometry(QRect(cr.left(), cr.top(), self.line_number_width(), cr.height()))

    def paint_line_numbers(self, widget: QWidget, event: QEvent) -> None:
        painter = QPainter(widget)
        pal = self.palette()
        painter.fillRect(event.rect(), pal.window())  # type: ignore[attr-defined]
        painter.setPen(pal.placeholderText().color())
        block = self.firstVisibleBlock()
        number = block.blockNumber()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        bottom = top + round(self.blockBoundingRect(block).height())
        height = self.fontMetrics().height()
        while block.isValid() and top <= event.rect().bottom():  # type: ignore[attr-defined]
            if block.isVisible() and bottom >= event.rect().top():  # type: ignore[attr-defined]
                painter.drawText(0, top, widget.width() - 5, height, Qt.AlignmentFlag.AlignRight, str(number + 1))
            block = block.next()
            top = bottom
            bottom = top + round(self.blockBoundingRect(block).height())
            number += 1
        painter.end()
