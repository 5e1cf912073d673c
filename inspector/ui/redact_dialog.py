"""File > Export Redacted Copy...: a preview of the redacted raw source, what changed highlighted,
then a save. The redaction itself is :func:`inspector.core.redact.redact_bytes`; the file the user
opened is never written (a save over it is refused)."""

from __future__ import annotations

import os
import re

from PySide6.QtGui import QColor, QFontDatabase, QSyntaxHighlighter, QTextCharFormat, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from inspector.core.redact import RedactOptions, RedactResult, redact_bytes
from inspector.ui import theme

PREVIEW_LIMIT = 2_000_000
"""Characters shown in the preview (the saved copy is always whole)."""


class PseudonymHighlighter(QSyntaxHighlighter):
    """Marks every stand-in the redaction wrote, so the reader sees what changed."""

    def __init__(self, doc: QTextDocument) -> None:
        super().__init__(doc)
        self._re: re.Pattern[str] | None = None
        self.fmt = QTextCharFormat()
        self.refresh_colours()

    def refresh_colours(self) -> None:
        c = theme.colours()
        self.fmt.setBackground(QColor(c.transient_bg))
        self.fmt.setForeground(QColor(c.transient))

    def set_terms(self, terms: list[str]) -> None:
        usable = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
        self._re = re.compile("|".join(re.escape(t) for t in usable)) if usable else None
        self.rehighlight()

    def highlightBlock(self, text: str) -> None:  # noqa: N802
        if self._re is None:
            return
        for m in self._re.finditer(text):
            self.setFormat(m.start(), m.end() - m.start(), self.fmt)


class RedactDialog(QDialog):
    def __init__(self, data: bytes, source_path: str | None, suggested: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("redactDialog")
        self.setWindowTitle("Export Redacted Copy")
        self.resize(960, 680)
        self.data = data
        self.source_path = source_path
        self.suggested = suggested
        self.saved_path: str | None = None
        self.redacted: RedactResult = RedactResult(b"")

        intro = QLabel(
            "Addresses, domains, host names, IP addresses, Message-IDs, names and (if chosen) subjects are "
            "replaced by stand-ins, the same one for the same original. Codes, wording, MIME structure and "
            "dates stay. Check the preview, then save; the file you opened is not changed."
        )
        intro.setWordWrap(True)
        self.subjects = QCheckBox("Replace &subjects")
        self.subjects.setChecked(True)
        self.shift = QSpinBox()
        self.shift.setRange(-3650, 3650)
        self.shift.setSuffix(" days")
        self.shift.setAccessibleName("Shift dates by")
        shift_label = QLabel("Shift &dates by")
        shift_label.setBuddy(self.shift)
        options = QHBoxLayout()
        options.addWidget(self.subjects)
        options.addSpacing(16)
        options.addWidget(shift_label)
        options.addWidget(self.shift)
        options.addStretch(1)

        self.summary = QLabel()
        self.summary.setObjectName("redactSummary")
        self.summary.setWordWrap(True)
        self.preview = QPlainTextEdit()
        self.preview.setObjectName("redactPreview")
        self.preview.setAccessibleName("Redacted source")
        self.preview.setReadOnly(True)
        self.preview.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.highlighter = PseudonymHighlighter(self.preview.document())

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton("&Save As...", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        lay = QVBoxLayout(self)
        lay.addWidget(intro)
        lay.addLayout(options)
        lay.addWidget(self.summary)
        lay.addWidget(self.preview, 1)
        lay.addWidget(buttons)

        self.subjects.toggled.connect(self.refresh)
        self.shift.valueChanged.connect(self.refresh)
        self.refresh()

    def options(self) -> RedactOptions:
        return RedactOptions(subjects=self.subjects.isChecked(), shift_days=self.shift.value())

    def refresh(self) -> None:
        self.redacted = redact_bytes(self.data, self.options())
        text = self.redacted.data.decode("utf-8", "replace")
        cut = len(text) > PREVIEW_LIMIT
        self.preview.setPlainText(text[:PREVIEW_LIMIT])
        self.highlighter.refresh_colours()
        self.highlighter.set_terms(self.redacted.pseudonyms())
        n = len(self.redacted.replacements)
        kinds = len(self.redacted.pseudonyms())
        note = f"{n} original{'s' if n != 1 else ''} replaced by {kinds} stand-in{'s' if kinds != 1 else ''}"
        note += " (highlighted)." if n else "; nothing personal was found."
        if cut:
            note += f" The preview shows the first {PREVIEW_LIMIT:,} characters; the saved copy is whole."
        self.summary.setText(note)

    def ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, "Save redacted copy", suggested, "Mail (*.eml);;All files (*)")
        return path

    def _warn(self, text: str) -> None:
        QMessageBox.warning(self, "Export Redacted Copy", text)

    def save(self) -> bool:
        path = self.ask_save_path(self.suggested)
        if not path:
            return False
        if self.source_path and _same_file(path, self.source_path):
            self._warn("That is the file you opened; the redacted copy is never written over it. Choose another name.")
            return False
        try:
            with open(path, "wb") as fh:
                fh.write(self.redacted.data)
        except OSError as exc:
            self._warn(f"Could not write {path}: {exc.strerror or exc}")
            return False
        self.saved_path = path
        self.accept()
        return True


def _same_file(a: str, b: str) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
