"""Driving the real window as a user: drop, open, look at the banner, tree and highlighted codes."""

from __future__ import annotations

import io
import json
import os
from argparse import Namespace
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QColor, QDragEnterEvent, QDropEvent, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from inspector.cli import analyze_cmd
from inspector.ui import theme
from inspector.ui.models.part_tree import COL_NOTE, COL_TYPE, NodeRole


def drop_files(qtbot, win, paths: list[Path]) -> None:  # type: ignore[no-untyped-def]
    mime = QMimeData()  # kept alive until the event has been handled
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    # Qt delivers a drop only to a widget that accepted the drag entering it, as in a real drag.
    enter = QDragEnterEvent(QPoint(200, 300), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(win, enter)
    assert enter.isAccepted()
    event = QDropEvent(QPointF(200, 300), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    with qtbot.waitSignals([win.items_opened] * len(paths), timeout=10_000):
        QApplication.sendEvent(win, event)
    assert event.isAccepted()
    assert event.dropAction() == Qt.CopyAction
    del mime


def tree_rows(win) -> list[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    model = win.tree_model
    out = []

    def walk(parent) -> None:  # type: ignore[no-untyped-def]
        for r in range(model.rowCount(parent)):
            idx = model.index(r, 0, parent)
            out.append((idx.data(), model.index(r, COL_TYPE, parent).data(), model.index(r, COL_NOTE, parent).data()))
            walk(idx)

    from PySide6.QtCore import QModelIndex

    walk(QModelIndex())
    return out


def code_formats(view) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """(text, colour) of every highlighted range in a CodeTextView."""
    out = []
    block = view.document().begin()
    while block.isValid():
        for r in block.layout().formats():
            out.append((block.text()[r.start : r.start + r.length], r.format.foreground().color().name()))
        block = block.next()
    return out


def test_drop_a_bounce_shows_banner_tree_and_codes(qtbot, window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    path = corpus / "eml" / "lhost-postfix-01.eml"
    before = path.read_bytes()
    drop_files(qtbot, window, [path])
    banner = window.banner.plain()
    # 5.1.1, but the text says the recipient's mail program failed: not an address to remove.
    assert "Permanent failure - r@p351355.pool.example.ne.jp - 5.1.1 - mail program error" in banner
    assert "Reporting MTA: p351355.pool.example.ne.jp" in banner
    assert "Arrival: Thu, 29 Apr 2013" in banner
    assert 'href="code:5.1.1"' in window.banner.toHtml()  # the banner's codes open in the reference
    rows = tree_rows(window)
    assert ("2", "message/delivery-status", "delivery-status: 1 recipient") in rows
    assert any(r[0] == "recipient 1" and "r@p351355.pool.example.ne.jp" in r[2] for r in rows)
    assert any(r[0] == "3" and r[2].startswith("returned message") for r in rows)
    # the DSN part is selected and its fields shown, Status coloured as a permanent failure
    node = window.tree.currentIndex().data(NodeRole)
    assert node.part.content_type == "message/delivery-status"
    fields = window.detail.fields.model()
    recipient = fields.index(1, 0)
    names = [fields.index(i, 0, recipient).data() for i in range(fields.rowCount(recipient))]
    assert names[:4] == ["Final-Recipient", "Original-Recipient", "Action", "Status"]
    status = fields.index(3, 1, recipient)
    assert status.data() == "5.1.1"
    assert "enhanced status code" in fields.index(3, 0, recipient).data(Qt.ToolTipRole)
    # the Raw tab has the undecoded source, with the code highlighted
    window.detail.tabs.setCurrentIndex(1)
    raw = window.detail.raw.toPlainText()
    assert "Status: 5.1.1" in raw
    assert ("5.1.1", QColor(theme.colours().permanent).name()) in code_formats(window.detail.raw)
    assert path.read_bytes() == before  # nothing the user opened is modified


def test_codes_highlighted_in_text_part_with_tooltip_and_click(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    win = sync_window
    win.open_files([str(corpus / "eml" / "lhost-ezweb-07.eml")])
    view = win.detail.text
    assert win.detail.stack.currentWidget() is view
    text = view.toPlainText()
    assert "<<< 550" in text
    assert ("550", QColor(theme.colours().permanent).name()) in code_formats(view)
    pos = text.index("<<< 550") + 5
    assert view.code_at(pos) == "550"
    # hovering the code shows its title and meaning
    cursor = view.textCursor()
    cursor.setPosition(pos)
    point = view.cursorRect(cursor).center()
    QApplication.sendEvent(view.viewport(), QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point)))
    assert QToolTip.text().startswith("550: Requested action not taken")
    # F1 on a code (keyboard) opens it in the reference panel
    cursor = view.textCursor()
    cursor.setPosition(pos)
    view.setTextCursor(cursor)
    with qtbot.waitSignal(win.reference.entry_shown) as sig:
        qtbot.keyClick(view, Qt.Key_F1)
    assert sig.args == ["550"]
    assert "550" in win.reference.detail.toPlainText()


def test_mbox_opens_in_the_triage_window(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    # an mbox is a mailbox: its failed recipients are listed in the Triage window (tests/gui/test_triage_view.py),
    # and a row opens its message here
    tw = sync_window.triage._ensure()
    with qtbot.waitSignal(tw.finished, timeout=120_000):
        sync_window.open_files([str(corpus / "mbox" / "mbox-0")])
    assert sync_window.items_model.rowCount() == 0
    assert tw.model.rowCount() == 37
    tw.table.selectRow(5)
    assert sync_window.current_analysis().index == 5


def test_not_mail_and_missing_files_get_a_clear_message(qtbot, window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "picture.png"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    stat = os.stat(junk)
    with qtbot.waitSignal(window.open_failed) as sig:
        window.open_files([str(junk)])
    assert "binary" in sig.args[0]
    banner = window.banner.plain()
    assert "Could not open picture.png: " in banner and "not an e-mail message" in banner
    assert banner.count(str(junk)) == 0  # the file is named once, by its name
    assert "not an e-mail message" in window.detail.text.toPlainText()
    assert os.stat(junk).st_mtime_ns == stat.st_mtime_ns
    with qtbot.waitSignal(window.open_failed) as sig:
        window.open_files([str(tmp_path / "gone.eml")])
    assert "does not exist" in sig.args[0]
    assert window.isVisible()


def test_not_a_bounce_says_so(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    sync_window.open_files([str(corpus / "not-bounce" / "is-not-bounce-01.eml")])
    assert "not a bounce" in sync_window.banner.plain()


def test_save_json_equals_the_command_line(qtbot, sync_window, corpus: Path, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    path = str(corpus / "eml" / "lhost-postfix-01.eml")
    sync_window.open_files([path])
    out = tmp_path / "saved.json"
    monkeypatch.setattr(sync_window, "ask_save_path", lambda suggested: str(out))
    sync_window.act_save_json.trigger()
    cli = io.StringIO()
    analyze_cmd.run(Namespace(paths=[path], format="json", no_parts=False), out=cli)

    def strip(data: list[dict]) -> list[dict]:  # type: ignore[type-arg]
        for d in data:
            d.pop("parse_ms")
        return data

    assert strip(json.loads(out.read_text(encoding="utf-8"))) == strip(json.loads(cli.getvalue()))


def test_copy_summary_plain_and_markdown(qtbot, sync_window, postfix_eml: Path) -> None:  # type: ignore[no-untyped-def]
    sync_window.open_files([str(postfix_eml)])
    sync_window.act_copy.trigger()
    text = QApplication.clipboard().text()
    assert text.splitlines()[1].startswith("Permanent failure - r@p351355.pool.example.ne.jp - 5.1.1")
    sync_window.act_copy_md.trigger()
    md = QApplication.clipboard().text()
    assert md.startswith("**lhost-postfix-01.eml: Undelivered Mail Returned to Sender**")
    assert "- **Permanent failure** r@p351355.pool.example.ne.jp - 5.1.1" in md


def test_paste_as_new_item(qtbot, sync_window) -> None:  # type: ignore[no-untyped-def]
    QApplication.clipboard().setText("550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown")
    sync_window.act_paste_item.trigger()
    assert sync_window.items_model.rowCount() == 1
    assert "550 5.1.1" in sync_window.banner.plain()
    assert "550 5.1.1" in sync_window.detail.text.toPlainText()


def test_drop_handler_takes_local_files_only() -> None:
    from inspector.ui.main_window import local_paths

    mime = QMimeData()
    mime.setUrls([QUrl("https://example.com/x.eml"), QUrl.fromLocalFile("/tmp/a.eml")])
    assert local_paths(mime) == ["/tmp/a.eml"]
    text = QMimeData()
    text.setText("550 5.1.1")
    assert local_paths(text) == []


def test_busy_indicator_while_a_file_opens(qtbot, window, postfix_eml: Path) -> None:  # type: ignore[no-untyped-def]
    import threading

    gate = threading.Event()

    def slow() -> list[object]:
        gate.wait(5)
        from inspector.core.analyze import analyse_path

        return analyse_path(postfix_eml)  # type: ignore[return-value]

    window.runner.submit(slow, ("file", str(postfix_eml)))
    assert window.busy.isVisible()
    qtbot.keyClicks(window.paste.edit, "550")  # the window keeps responding meanwhile
    assert window.paste.edit.toPlainText() == "550"
    with qtbot.waitSignal(window.items_opened):
        gate.set()
    assert not window.busy.isVisible()
