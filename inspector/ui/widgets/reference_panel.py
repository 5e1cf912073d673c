"""The reference panel (a dock): search the code reference, see one entry in detail.

The result list is a model (:class:`ResultsModel`) over the hits of
:func:`inspector.ui.reference_access.search`; the detail view is a SafeBrowser whose related-code
links (``code:ID``) open in the same panel.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QDockWidget, QLineEdit, QListView, QSplitter, QStyledItemDelegate, QVBoxLayout, QWidget

from inspector.ui import reference_access, theme
from inspector.ui.safe_browser import SafeBrowser

if TYPE_CHECKING:
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QStyleOptionViewItem

EntryRole = Qt.ItemDataRole.UserRole + 1
MarkedRole = Qt.ItemDataRole.UserRole + 2
"""The result line as HTML with the matched words in bold (drawn by :class:`MarkedDelegate`)."""
Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


class ResultsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._hits: list[reference_access.Hit] = []

    def set_hits(self, hits: list[reference_access.Hit]) -> None:
        self.beginResetModel()
        self._hits = hits
        self.endResetModel()

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        e = self._hits[index.row()].entry
        if role == Qt.ItemDataRole.DisplayRole:
            prov = f" [{e.provider}]" if e.provider else ""
            return f"{e.code}  {e.title}{prov}"
        if role == Qt.ItemDataRole.ToolTipRole:
            prov = f" [{e.provider}]" if e.provider else ""
            return f"{e.code}  {e.title}{prov}\n{e.meaning}"  # the whole line: a narrow panel cuts it
        if role == Qt.ItemDataRole.ForegroundRole and e.code[:1] in "245":
            return QColor(theme.colours().code_fg(e.code))
        if role == EntryRole:
            return e
        if role == MarkedRole:
            return reference_access.marked_html(self._hits[index.row()])
        return None


class MarkedDelegate(QStyledItemDelegate):
    """Draws a result line as rich text so the words the query matched stand out."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # Imported here: QStyle's first touch sets up its enums (4-8 ms measured), and no result
        # line is drawn at start-up.
        from PySide6.QtGui import QTextDocument
        from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem

        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        html_line = index.data(MarkedRole)
        if not html_line:
            super().paint(painter, option, index)
            return
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(opt.font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        colour = opt.palette.highlightedText().color() if selected else index.data(Qt.ItemDataRole.ForegroundRole)
        colour = colour if isinstance(colour, QColor) else opt.palette.text().color()
        doc.setHtml(f'<span style="color:{colour.name()}; white-space:pre">{html_line}</span>')
        rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        # a line wider than the panel ends in "…" (the tooltip has it whole)
        cut = doc.idealWidth() > rect.width()
        dots = opt.fontMetrics.horizontalAdvance("…") if cut else 0
        painter.save()
        top = rect.top() + max(0, (rect.height() - doc.size().height()) / 2)
        painter.translate(rect.left(), top)
        painter.setClipRect(0, 0, rect.width() - dots, rect.height())
        doc.drawContents(painter)
        painter.restore()
        if cut:
            painter.save()
            painter.setPen(colour)
            painter.setFont(opt.font)
            painter.drawText(rect.adjusted(rect.width() - dots, 0, 0, 0), int(Qt.AlignmentFlag.AlignVCenter), "…")
            painter.restore()


class ReferencePanel(QDockWidget):
    entry_shown = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Reference", parent)
        self.setObjectName("referenceDock")
        self.search = QLineEdit()
        self.search.setObjectName("referenceSearch")
        self.search.setAccessibleName("Search the code reference")
        self.search.setPlaceholderText("Search codes and words (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.model = ResultsModel(self)
        self.results = QListView()
        self.results.setAccessibleName("Reference search results")
        self.results.setModel(self.model)
        self.results.setItemDelegate(MarkedDelegate(self.results))
        # Lines are clipped at the panel's edge (the tooltip has the meaning); no sideways scrolling.
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setUniformItemSizes(True)
        self.detail = SafeBrowser()
        self.detail.setAccessibleName("Reference entry")
        self.detail.anchorClicked.connect(self._link)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("referenceSplitter")
        split.addWidget(self.results)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        self.splitter = split
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.search)
        lay.addWidget(split, 1)
        self.setWidget(body)

        self.search.textChanged.connect(self.run_search)
        self.search.returnPressed.connect(self._show_first)
        self.results.selectionModel().currentChanged.connect(self._current_changed)
        self.results.activated.connect(self._current_changed)
        self.index_ready = False
        """Whether the search index is built (until then an entry is shown without the result list)."""
        self._for_item = False
        """The entry shown was picked for the current item (not searched for or clicked)."""
        self._show_hint()

    def _show_hint(self, first: str = "") -> None:
        self.detail.setHtml(
            f'<p style="color:{theme.colours().muted}">{first}Type a code (550, 5.1.1) or words '
            "(mailbox full, spam) to search; click a highlighted code anywhere to see it here.</p>"
        )

    def show_analysis(self, a: Any) -> None:
        """Follow the current item: explain its first code; for an item without one (or a file
        that failed to open) take away the entry picked for the previous item, so nothing stale
        reads as if it applied. A search the user typed is left alone."""
        if self.search.hasFocus():
            return
        codes = [c for r in a.recipients for c in (r.status, r.reply_code) if c] if a is not None else []
        # A provider's own reply decided the verdict: its entry (which says whose meaning of the
        # code applies) is the one to explain, not the registry's.
        provider = next(
            (ev.id for r in (a.recipients[:1] if a is not None else []) for ev in r.evidence if ev.kind == "provider"),
            None,
        )
        ref = reference_access.reference() if provider is not None else None
        entry = ref.by_id.get(provider) if ref is not None and provider is not None else None
        if entry is not None:
            self.show_code(entry.code, search=self.index_ready)  # the code's entries in the list
            self.select_entry(entry)  # and the provider's reading of it, picked among them
            self._for_item = True
        elif codes:
            # the answer's code, explained beside it (the result list waits for the search index)
            self.show_code(codes[0], search=self.index_ready)
            self._for_item = True
        elif self._for_item:
            self._for_item = False
            self.search.blockSignals(True)
            self.search.clear()
            self.search.blockSignals(False)
            self.model.set_hits([])
            if a is None:
                self._show_hint()
            elif a.error:
                self._show_hint("This item could not be opened, so there is no code to explain. ")
            else:
                self._show_hint("This item has no reply or status code. ")

    def focus_search(self) -> None:
        self.show()
        self.raise_()
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def run_search(self, text: str) -> None:
        self.model.set_hits(reference_access.search(text))
        if self.model.rowCount():
            self.results.setCurrentIndex(self.model.index(0, 0))

    def refresh(self) -> None:
        """Run the search for the current text again, keeping the entry shown."""
        if self.search.text() and self.model.rowCount() == 0:
            self.model.set_hits(reference_access.search(self.search.text()))

    def _show_first(self) -> None:
        if self.model.rowCount():
            self.results.setFocus()

    def _current_changed(self, index: QModelIndex, _prev: QModelIndex | None = None) -> None:
        e = index.data(EntryRole) if index.isValid() else None
        if e is not None:
            self.show_entry(e)

    def select_entry(self, entry: Any) -> None:
        """Show ``entry`` and mark its line in the result list when the list holds it."""
        for row in range(self.model.rowCount()):
            index = self.model.index(row, 0)
            found = index.data(EntryRole)
            if found is not None and found.id == entry.id:
                self.results.setCurrentIndex(index)  # shows it (currentChanged)
                return
        self.show_entry(entry)

    def show_entry(self, entry: Any) -> None:
        self.detail.setHtml(reference_access.entry_html(entry))
        self.entry_shown.emit(entry.id)

    def show_code(self, code: str, *, search: bool = True) -> None:
        """Show ``code`` (a code or an entry id) in the panel, e.g. after a click on a code.

        ``search=False`` fills in the entry and the search box but leaves the result list for
        later (:meth:`refresh`), so no search index is built on the way.
        """
        self._for_item = False
        ref = reference_access.reference()
        entry = None
        if ref is not None:
            entry = ref.by_id.get(code) or reference_access.entry_for(code)
        self.show()
        self.raise_()
        self.search.blockSignals(True)
        self.search.setText(code)
        self.search.blockSignals(False)
        if search:
            self.run_search(code)
        else:
            self.model.set_hits([])
        if entry is not None:
            self.show_entry(entry)
        else:
            text = html.escape(reference_access.tooltip_for(code)).replace("\n", "<br>")
            self.detail.setHtml(f"<h2>{html.escape(code)}</h2><p>{text}</p>")
            self.entry_shown.emit(code)

    def _link(self, url: Any) -> None:
        if url.scheme() == "code":
            self.show_code(url.path())
