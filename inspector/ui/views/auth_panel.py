"""The Authentication panel: SPF, DKIM and DMARC as the bounce tells them, and the one thing to fix.

It only presents :attr:`inspector.core.model.Analysis.authentication`
(:mod:`inspector.core.authentication`)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from inspector.core.authentication import AuthCheck, Authentication
from inspector.core.model import Analysis
from inspector.ui import theme

_GOOD = {"pass"}
_BAD = {"fail", "policy"}


def _result_colour(result: str, c: theme.Colours) -> str:
    if result in _GOOD:
        return c.success
    if result in _BAD:
        return c.permanent
    if result == "none":
        return c.muted
    return c.transient  # softfail, neutral, temperror, permerror


def _aligned_text(aligned: bool | None, c: theme.Colours) -> str:
    if aligned is None:
        return f'<span style="color:{c.muted}">-</span>'
    return "yes" if aligned else f'<span style="color:{c.transient}">no</span>'


def auth_html(auth: Authentication, c: theme.Colours) -> str:
    """The panel's contents (also what the tests read)."""
    head = (
        "This refusal is about authentication."
        if auth.relevant
        else "Not an authentication refusal; what the bounce shows about SPF, DKIM and DMARC:"
    )
    rows = []
    for name, check in (("SPF", auth.spf), ("DKIM", auth.dkim), ("DMARC", auth.dmarc)):
        rows.append(_row(name, check, c))
    cells = "".join(rows)
    known = f"From domain <b>{escape(auth.from_domain)}</b>" if auth.from_domain else "From domain not known"
    fix = (
        f"<p><b>To fix:</b> {escape(auth.fix)}</p>"
        if auth.fix
        else f'<p style="color:{c.muted}">Nothing to fix here.</p>'
    )
    return (
        f'<p style="margin:0">{escape(head)} <span style="color:{c.muted}">{known}.</span></p>'
        '<table cellspacing="0" cellpadding="2" style="margin-top:4px">'
        f'<tr style="color:{c.muted}"><th align="left">Check&nbsp;</th><th align="left">Result&nbsp;</th>'
        '<th align="left">Domain checked&nbsp;</th><th align="left">Aligned&nbsp;</th><th align="left">Read from</th></tr>'
        f"{cells}</table>{fix}"
    )


def _row(name: str, check: AuthCheck, c: theme.Colours) -> str:
    domain = escape(check.domain or "-")
    if check.selector:
        domain += f' <span style="color:{c.muted}">(s={escape(check.selector)})</span>'
    colour = _result_colour(check.result, c)
    return (
        f"<tr><td><b>{name}</b></td>"
        f'<td style="color:{colour}"><b>{escape(check.result)}</b></td>'
        f"<td>{domain}&nbsp;</td><td>{_aligned_text(check.aligned, c)}</td>"
        f'<td style="color:{c.muted}">{escape(check.source or "-")}</td></tr>'
    )


class AuthenticationPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("authenticationPanel")
        self.analysis: Analysis | None = None
        self.label = QLabel()
        self.label.setObjectName("authenticationText")
        self.label.setAccessibleName("Authentication results")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label.setMargin(6)
        scroll = QScrollArea()
        scroll.setAccessibleName("Authentication")
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.label)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)
        self.show_analysis(None)

    def show_analysis(self, a: Analysis | None) -> None:
        self.analysis = a
        c = theme.colours()
        if a is None or a.authentication is None:
            self.label.setText(f'<p style="color:{c.muted}">Open a bounce to see SPF, DKIM and DMARC.</p>')
        else:
            self.label.setText(auth_html(a.authentication, c))

    def plain(self) -> str:
        doc = QTextDocument()
        doc.setHtml(self.label.text())
        return doc.toPlainText()

    def changeEvent(self, e: QEvent) -> None:  # noqa: N802
        super().changeEvent(e)
        if e.type() == QEvent.Type.PaletteChange:
            self.show_analysis(self.analysis)
