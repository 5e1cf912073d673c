"""View > Edit My Rules...: the user's ``rules.toml`` in an editor; saving checks it, puts the rules
in use at once and has the opened files analysed again with them. The rules themselves live in
:mod:`inspector.core.user_rules`; a rule with a mistake is listed with its line and left out."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtGui import QFontDatabase, QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from inspector.core.user_rules import UserRules, parse_rules, use_rules_file
from inspector.ui import theme

TEMPLATE = """\
# Your own rules for Bounce Inspector (the format: docs/reference.md, "Your own rules").
# Each [[rule]] maps a code and/or a fragment of the reply to a reason, hard, side and advice.
# Remove the leading "# " of the lines below to use this example.
#
# [[rule]]
# id = "acme-full"
# text = "User unknown"        # a fragment of the reply, any case (optional if code is given)
# code = "5.1.1"               # an enhanced, basic or provider code (optional if text is given)
# domain = "acme.example"      # only for recipients at this domain (optional)
# reason = "mailboxfull"       # one of our reason names
# hard = false
# side = "recipient"           # recipient | sender | network | unknown
# advice = "Acme says 'unknown' when a mailbox is full: retry tomorrow."
"""


class RulesEditor(QDialog):
    saved = Signal(object)
    """Emitted with the :class:`~inspector.core.user_rules.UserRules` now in use after a save."""

    def __init__(self, path: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rulesEditor")
        self.setWindowTitle(f"My Rules - {path}")
        self.resize(820, 600)
        self.path = path
        self.editor = QPlainTextEdit()
        self.editor.setObjectName("rulesText")
        self.editor.setAccessibleName("rules.toml")
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            text = TEMPLATE
        except (OSError, UnicodeDecodeError) as exc:
            text = f"# {path} could not be read: {exc}\n"
        self.editor.setPlainText(text)
        self.problems = QLabel()
        self.problems.setObjectName("rulesProblems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(self.problems.textFormat().PlainText)
        where = QLabel(f"File: {path}")
        where.setTextInteractionFlags(where.textInteractionFlags().TextSelectableByMouse)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, self.save)
        lay = QVBoxLayout(self)
        lay.addWidget(where)
        lay.addWidget(self.editor, 1)
        lay.addWidget(self.problems)
        lay.addWidget(buttons)
        self.show_rules(parse_rules(text, str(path)))

    def show_rules(self, rules: UserRules) -> None:
        c = theme.colours()
        n = len(rules.rules)
        lines = [f"{n} rule{'s' if n != 1 else ''} in use."]
        lines += rules.errors
        self.problems.setText("\n".join(lines))
        self.problems.setStyleSheet(f"color: {c.permanent if rules.errors else c.muted}")

    def save(self) -> UserRules | None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(self.editor.toPlainText(), encoding="utf-8")
        except OSError as exc:
            self.problems.setText(f"Could not save {self.path}: {exc.strerror or exc}")
            return None
        rules = use_rules_file(self.path)
        self.show_rules(rules)
        self.saved.emit(rules)
        return rules
