"""The detail pane for the node selected in the MIME tree.

Tabs: *Content* (decoded text with highlighted codes; the DSN fields with an explanation on
hover; a message's headers, the important ones first; or a short description of a container) and
*Raw* (the undecoded source with line numbers, filled only when the tab is shown). The part's
warnings are listed above the tabs. HTML is shown as text unless "Render HTML" is ticked, and then
only in a :class:`~inspector.ui.safe_browser.SafeBrowser` (images from the message's cid: parts).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from inspector.core.model import Analysis, DsnGroup, Part
from inspector.ui import reference_access, theme
from inspector.ui.models.part_tree import Node, human_size
from inspector.ui.safe_browser import SafeBrowser
from inspector.ui.text import visible, visible_line
from inspector.ui.widgets.code_highlighter import CodeTextView
from inspector.ui.widgets.field_table import FieldTable

FIRST_HEADERS = ("message-id", "from", "to", "subject", "date")


def field_model(groups: list[tuple[str, DsnGroup]], parent: QWidget) -> QStandardItemModel:
    """A two-column (Field, Value) tree: one section per group, one row per DSN field."""
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(["Field", "Value"])
    for title, group in groups:
        section = QStandardItem(title)
        section.setEditable(False)
        f = section.font()
        f.setBold(True)
        section.setFont(f)
        filler = QStandardItem("")
        filler.setEditable(False)
        for fld in group.fields:
            name = QStandardItem(visible_line(fld.name))
            value = QStandardItem(visible_line(fld.value))
            value.setData(fld.value, Qt.ItemDataRole.UserRole)  # copied whole (Ctrl+C)
            note = reference_access.dsn_field_note(fld.name)
            name.setToolTip(note)
            value.setToolTip(f"{note}\n\n{visible(fld.value)}" if len(fld.value) < 2000 else note)
            for it in (name, value):
                it.setEditable(False)
            if fld.name.lower() == "status" and fld.text[:1] in "245":
                value.setForeground(QColor(theme.colours().code_fg(fld.text)))
                value.setToolTip(f"{note}\n\n{reference_access.tooltip_for(fld.text.split()[0])}")
            section.appendRow([name, value])
        model.appendRow([section, filler])
    return model


def headers_model(headers: Sequence[tuple[str, str]], parent: QWidget) -> QStandardItemModel:
    model = QStandardItemModel(parent)
    model.setHorizontalHeaderLabels(["Header", "Value"])
    first = sorted(
        (h for h in headers if h[0].lower() in FIRST_HEADERS), key=lambda h: FIRST_HEADERS.index(h[0].lower())
    )
    rest = [h for h in headers if h[0].lower() not in FIRST_HEADERS]
    for k, v in first + rest:
        a, b = QStandardItem(visible_line(k)), QStandardItem(visible_line(v))
        b.setData(v, Qt.ItemDataRole.UserRole)  # copied whole (Ctrl+C)
        a.setEditable(False)
        b.setEditable(False)
        b.setToolTip(visible(v) if len(v) < 2000 else visible(v[:2000]) + "...")
        model.appendRow([a, b])
    return model


# core.mime is imported when a part's source or payload is first needed (the Raw tab, cid: images):
# about 7 ms measured; the worker that analyses the first file usually has loaded it by then.


def part_source(part: Part) -> bytes:
    from inspector.core.mime import part_source as source  # not at start-up (see above)

    return source(part)


def decoded_payload(part: Part) -> bytes | None:
    """The transfer-decoded body of a part (for cid: images)."""
    from inspector.core.mime import part_payload  # not at start-up (see above)

    return part_payload(part)


class DetailPane(QWidget):
    code_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._analysis: Analysis | None = None
        self._node: Node | None = None
        self._raw_for: object = None

        self.warnings = QLabel()
        self.warnings.setWordWrap(True)
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)
        self.warnings.setVisible(False)

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)

        self.text = CodeTextView(self)
        self.text.setAccessibleName("Decoded text of the selected part")
        self.text.code_activated.connect(self.code_activated)
        self.html = SafeBrowser(self)
        self.html.setAccessibleName("Rendered HTML of the selected part")
        self.fields = FieldTable(self)
        self.fields.setAccessibleName("Fields of the selected part")
        self.info = QLabel()
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.info.setWordWrap(True)
        self.info.setMargin(8)

        self.stack = QStackedWidget(self)
        for w in (self.text, self.html, self.fields, self.info):
            self.stack.addWidget(w)

        self.render_html = QCheckBox("Render HTML (images from the message's cid: parts only)")
        self.render_html.setAccessibleName("Render HTML")
        self.render_html.setVisible(False)
        self.render_html.toggled.connect(self._refresh_content)

        content = QWidget()
        cl = QVBoxLayout(content)
        cl.setContentsMargins(0, 0, 0, 0)
        # the check box goes below the title: beside it, it squeezed the title into a narrow column
        cl.addWidget(self.title)
        cl.addWidget(self.render_html)
        cl.addWidget(self.stack, 1)

        self.raw = CodeTextView(self, line_numbers=True)
        self.raw.setAccessibleName("Raw source of the selected part")
        self.raw.code_activated.connect(self.code_activated)

        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName("Detail tabs")
        self.tabs.tabBar().setAccessibleName("Detail views: content or raw source")
        self.tabs.addTab(content, "&Content")
        self.tabs.addTab(self.raw, "&Raw")
        self.tabs.currentChanged.connect(self._fill_raw)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.warnings)
        lay.addWidget(self.tabs, 1)

    # -- showing a node ------------------------------------------------------------------------

    def clear(self) -> None:
        self._analysis = None
        self._node = None
        self.title.setText("")
        self.warnings.setVisible(False)
        self.text.show_text("")
        self.raw.show_text("")
        self.stack.setCurrentWidget(self.text)
        self.render_html.setVisible(False)

    def show_text_only(self, analysis: Analysis) -> None:
        """A pasted text: no tree, the text itself."""
        self.clear()
        self._analysis = analysis
        if analysis.error:
            self.title.setText("Not opened")
            self.text.show_text(analysis.error, [])
            return
        self.title.setText("Pasted text")
        spans = [c for path, c in analysis.codes if path == ""]
        self.text.show_text(analysis.text or "", spans)
        self.raw.show_text(analysis.text or "")

    def show_node(self, analysis: Analysis, node: Node | None) -> None:
        self._analysis = analysis
        self._node = node
        self._raw_for = None
        part = node.part if node is not None else None
        if node is not None and node.is_recipient:
            part = node.dsn_part
        warnings = part.warnings if part is not None else []
        if warnings:
            c = theme.colours()
            self.warnings.setStyleSheet(f"color: {c.warning}; padding: 4px;")
            self.warnings.setText("Warnings:\n" + "\n".join(f"\u26a0 {w}" for w in warnings))
        self.warnings.setVisible(bool(warnings))
        has_html = part is not None and part.content_type == "text/html" and bool(part.text)
        self.render_html.blockSignals(True)
        if not has_html:
            self.render_html.setChecked(False)
        self.render_html.blockSignals(False)
        self.render_html.setVisible(has_html)
        self._refresh_content()
        if self.tabs.currentIndex() == 1:
            self._fill_raw(1)

    def _refresh_content(self) -> None:
        a, node = self._analysis, self._node
        if a is None or node is None:
            self.stack.setCurrentWidget(self.info)
            self.info.setText("")
            return
        if node.is_recipient:
            dsn_part = node.dsn_part
            assert dsn_part is not None and dsn_part.dsn is not None and node.group is not None
            who = node.group.text("Final-Recipient") or f"recipient {node.recipient_index + 1}"
            self.title.setText(visible_line(f"DSN recipient {node.recipient_index + 1}: {who}  (part {dsn_part.path})"))
            self._show_fields([("Per-message fields", dsn_part.dsn.per_message), (f"Recipient: {who}", node.group)])
            return
        part = node.part
        assert part is not None
        self.title.setText(
            visible_line(
                f"{part.path or 'message'}: {part.content_type}, {human_size(part.size)}"
                + (f", {part.filename}" if part.filename else "")
            )
        )
        if part.dsn is not None:
            groups = [("Per-message fields", part.dsn.per_message)]
            for i, g in enumerate(part.dsn.recipients):
                groups.append((f"Recipient {i + 1}: {g.text('Final-Recipient') or '?'}", g))
            self._show_fields(groups)
            return
        if part.is_message and part.message_headers:
            self.fields.setModel(headers_model(part.message_headers, self.fields))
            self.fields.setRootIsDecorated(False)
            self.fields.resizeColumnToContents(0)
            self.stack.setCurrentWidget(self.fields)
            return
        if part.text is not None:
            if part.content_type == "text/html" and self.render_html.isChecked():
                self.html.set_cid_resolver(self._cid_resolver(a))
                self.html.setHtml(part.text)
                self.stack.setCurrentWidget(self.html)
                return
            spans = [c for path, c in a.codes if path == part.path]
            text = part.text + ("\n[... text cut at the size limit]" if part.text_truncated else "")
            self.text.show_text(text, spans)
            self.stack.setCurrentWidget(self.text)
            return
        lines = [f"Content type: {part.content_type}"]
        lines += [visible_line(f"{k}: {v}") for k, v in part.params.items()]
        if part.transfer_encoding:
            lines.append(f"Transfer encoding: {part.transfer_encoding}")
        lines.append(f"Size: {human_size(part.size)}")
        if part.children:
            lines.append(f"{len(part.children)} sub-parts")
        lines.append("See the Raw tab for the source.")
        self.info.setText("\n".join(lines))
        self.stack.setCurrentWidget(self.info)

    def _show_fields(self, groups: list[tuple[str, DsnGroup]]) -> None:
        self.fields.setModel(field_model(groups, self.fields))
        self.fields.setRootIsDecorated(True)
        self.fields.expandAll()
        model = self.fields.model()
        fm = self.fields.fontMetrics()
        widest = 0
        for r in range(model.rowCount()):
            self.fields.setFirstColumnSpanned(r, QModelIndex(), True)
            section = model.index(r, 0)
            for c in range(model.rowCount(section)):
                widest = max(widest, fm.horizontalAdvance(str(model.index(c, 0, section).data())))
        self.fields.setColumnWidth(0, widest + 2 * self.fields.indentation() + 16)
        self.stack.setCurrentWidget(self.fields)

    def _fill_raw(self, tab: int) -> None:
        if tab != 1 or self._analysis is None:
            return
        node = self._node
        part = None if node is None else (node.dsn_part if node.is_recipient else node.part)
        if part is None or self._raw_for is part:
            return
        self._raw_for = part
        data = part_source(part)
        self.raw.show_text(data.decode("utf-8", "replace"))

    @staticmethod
    def _cid_resolver(a: Analysis):  # type: ignore[no-untyped-def]
        def resolve(cid: str) -> bytes | None:
            if a.root is None:
                return None
            want = cid.strip("<>").lower()
            for p in a.root.walk():
                h = next((v for k, v in p.headers if k.lower() == "content-id"), None)
                if h and h.strip().strip("<>").lower() == want and p.content_type.startswith("image/"):
                    return decoded_payload(p)
            return None

        return resolve
