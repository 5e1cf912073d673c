"""The MIME tree of one analysis, with each DSN recipient as its own node under its part.

Columns: part path, content type, size, charset / transfer encoding, note. Parts with warnings
get a warning icon and list them in the tooltip.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from inspector.core.model import Analysis, DsnGroup, Part
from inspector.core.text import html_to_text
from inspector.ui import theme
from inspector.ui.text import visible, visible_line

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon

NodeRole = Qt.ItemDataRole.UserRole + 1
COL_PATH, COL_TYPE, COL_NOTE, COL_SIZE, COL_CHARSET = range(5)
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.AccessibleTextRole,
        NodeRole,
    }
)
HEADERS = ("Part", "Type", "Note", "Size", "Charset")
HEADER_TIPS = ("MIME part number", "Content type", "What the part holds", "Size", "Charset / transfer encoding")
_SHORT_ENCODING = {"quoted-printable": "QP"}
"""In the narrow charset column only; the tooltip and the detail pane say it in full."""
HTML_NOTE_CHARS = 20_000

Index = QModelIndex | QPersistentModelIndex
NO_PARENT = QModelIndex()


class Node:
    __slots__ = ("part", "group", "recipient_index", "parent", "children", "row", "dsn_part")

    def __init__(self, part: Part | None, parent: Node | None, row: int) -> None:
        self.part = part
        self.group: DsnGroup | None = None
        self.recipient_index = -1
        self.dsn_part: Part | None = None
        self.parent = parent
        self.children: list[Node] = []
        self.row = row

    @property
    def is_recipient(self) -> bool:
        return self.group is not None


def charset_text(part: Part, short: bool = False) -> str:
    """``utf-8 / quoted-printable`` (``short``: ``utf-8 / QP``)."""
    enc = part.transfer_encoding
    if short and enc:
        enc = _SHORT_ENCODING.get(enc.lower(), enc)
    return " / ".join(x for x in (part.charset, enc) if x)


def human_size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1024 / 1024:.1f} MB"


class PartTreeModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._root = Node(None, None, 0)  # invisible root
        self._analysis: Analysis | None = None
        self._warning_icon: QIcon | None = None
        self._notes: dict[str, str] = {}
        """Each part's note by path, made once (a note is asked for at every repaint)."""

    # -- content -------------------------------------------------------------------------------

    def set_analysis(self, analysis: Analysis | None) -> None:
        self.beginResetModel()
        self._analysis = analysis
        self._notes.clear()
        self._root = Node(None, None, 0)
        if analysis is not None and analysis.root is not None:
            self._build(analysis.root)
        self.endResetModel()

    def analysis(self) -> Analysis | None:
        return self._analysis

    def _build(self, top: Part) -> None:
        stack: list[tuple[Part, Node]] = [(top, self._root)]
        while stack:
            part, parent = stack.pop()
            node = Node(part, parent, len(parent.children))
            parent.children.append(node)
            if part.dsn is not None:
                for i, group in enumerate(part.dsn.recipients):
                    rn = Node(None, node, len(node.children))
                    rn.group = group
                    rn.recipient_index = i
                    rn.dsn_part = part
                    node.children.append(rn)
            # pushed in reverse so siblings pop (and get their rows) in order
            for child in reversed(part.children):
                stack.append((child, node))

    def dsn_indexes(self) -> list[QModelIndex]:
        """Indexes of the delivery-status parts, in tree order (to expand the view down to them)."""
        out = []
        stack = list(reversed(self._root.children))
        while stack:
            n = stack.pop()
            if n.part is not None and n.part.dsn is not None:
                out.append(self.createIndex(n.row, 0, n))
            stack.extend(reversed(n.children))
        return out

    def index_for_path(self, path: str) -> QModelIndex:
        """The index of the part with this MIME path (invalid if none)."""
        stack = list(self._root.children)
        while stack:
            n = stack.pop()
            if n.part is not None and n.part.path == path:
                return self.createIndex(n.row, 0, n)
            stack.extend(n.children)
        return QModelIndex()

    def node_count(self) -> int:
        count = 0
        stack = list(self._root.children)
        while stack:
            n = stack.pop()
            count += 1
            stack.extend(n.children)
        return count

    # -- QAbstractItemModel ----------------------------------------------------------------------

    def _node(self, index: Index) -> Node:
        if index.isValid():
            return index.internalPointer()  # type: ignore[no-any-return]
        return self._root

    def index(self, row: int, column: int, parent: Index = NO_PARENT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        p = self._node(parent)
        if 0 <= row < len(p.children):
            return self.createIndex(row, column, p.children[row])
        return QModelIndex()

    def parent(self, index: Index = NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        n: Node = index.internalPointer()
        p = n.parent
        if p is None or p is self._root:
            return QModelIndex()
        return self.createIndex(p.row, 0, p)

    def rowCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: Index = NO_PARENT) -> int:  # noqa: N802
        return len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            if role == Qt.ItemDataRole.DisplayRole:
                return HEADERS[section]
            if role == Qt.ItemDataRole.ToolTipRole:
                return HEADER_TIPS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES or not index.isValid():
            return None
        n: Node = index.internalPointer()
        col = index.column()
        if role == NodeRole:
            return n
        if n.is_recipient:
            return self._recipient_data(n, col, role)
        part = n.part
        assert part is not None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_PATH:
                return part.path or "message"
            if col == COL_TYPE:
                return part.content_type
            if col == COL_SIZE:
                return human_size(part.size)
            if col == COL_CHARSET:
                return charset_text(part, short=True)
            if col == COL_NOTE:
                return self._note(part)
        if role == Qt.ItemDataRole.ToolTipRole:
            # the whole of what a cell may cut: type, note, charset and encoding, file name
            tip = [f"{part.path or 'message'}: {part.content_type}, {human_size(part.size)}"]
            note = self._note(part)
            if note:
                tip.append(note)
            if charset_text(part):
                tip.append(f"charset / encoding: {charset_text(part)}")
            if part.filename:
                tip.append(visible_line(f"file name: {part.filename}"))
            if part.warnings:
                tip.append("Warnings:")
                tip += [f"  - {w}" for w in part.warnings]
            return "\n".join(tip)
        if role == Qt.ItemDataRole.DecorationRole and col == COL_PATH and part.warnings:
            if self._warning_icon is None:
                from PySide6.QtWidgets import QApplication, QStyle  # first touch sets QStyle up: only here

                app = QApplication.instance()
                if isinstance(app, QApplication):
                    self._warning_icon = app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            return self._warning_icon
        if role == Qt.ItemDataRole.ForegroundRole and part.warnings and col == COL_NOTE:
            return QColor(theme.colours().warning)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == COL_PATH:
            return f"part {part.path or 'message'}, {part.content_type}" + (
                f", {len(part.warnings)} warnings" if part.warnings else ""
            )
        return None

    def _recipient_data(self, n: Node, col: int, role: int) -> Any:
        g = n.group
        assert g is not None
        status = g.text("Status") or ""
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_PATH:
                return f"recipient {n.recipient_index + 1}"
            if col == COL_TYPE:
                return "DSN recipient"
            if col == COL_NOTE:
                who = g.text("Final-Recipient") or g.text("Original-Recipient") or "?"
                action = g.text("Action") or ""
                return visible_line(" ".join(x for x in (who, action, status) if x))
            return ""
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_NOTE and status[:1] in "245" and status:
            return QColor(theme.colours().code_fg(status))
        if role == Qt.ItemDataRole.ToolTipRole:
            return visible("\n".join(f"{f.name}: {f.value}" for f in g.fields))
        return None

    def _note(self, part: Part) -> str:
        note = self._notes.get(part.path)
        if note is None:
            note = self._notes[part.path] = visible_line(self._make_note(part))
        return note

    def _make_note(self, part: Part) -> str:
        a = self._analysis
        if part.dsn is not None:
            n = len(part.dsn.recipients)
            return f"delivery-status: {n} recipient{'s' if n != 1 else ''}"
        if part.is_message:
            subject = part.header("Subject")
            subj = f": Subject {subject}" if subject else ""
            if not part.path:
                return f"Subject {subject}" if subject else "message"
            returned = a is not None and (
                (a.original is not None and a.original.part == part.path) or a.kind != "not-bounce"
            )
            return ("returned message" if returned else "message") + subj
        if part.filename:
            return part.filename
        if part.text:
            # an HTML part's note is its text, not its markup (read from the start of it only)
            text = html_to_text(part.text[:HTML_NOTE_CHARS]) if part.content_type == "text/html" else part.text
            first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
            return first[:80]
        if part.children:
            return f"{len(part.children)} parts"
        return ""
