"""The paste box classifies as you type; the reference panel searches and shows entries."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QTextCursor
from PySide6.QtWidgets import QApplication

GMAIL = (
    "550-5.1.1 The email account that you tried to reach does not exist. Please try\n"
    "550-5.1.1 double-checking the recipient's email address for typos or\n"
    "550 5.1.1 unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser a1si123 - gsmtp"
)


def test_paste_a_gmail_reply_and_see_the_classification(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    box = window.paste
    with qtbot.waitSignal(box.analysed, timeout=5000) as sig:
        box.edit.setPlainText(GMAIL)
    a = sig.args[0]
    assert [(r.reply_code, r.status, r.severity) for r in a.recipients] == [("550", "5.1.1", "permanent")]
    shown = box.result.toPlainText()
    assert "Hard bounce - (recipient not named) - 550 5.1.1 - unknown recipient" in shown
    assert "5.1.1 Bad destination mailbox address" in shown
    # typing more updates it; stale results are dropped
    box.edit.moveCursor(QTextCursor.End)
    with qtbot.waitSignal(box.analysed, timeout=5000) as sig:
        qtbot.keyClick(box.edit, Qt.Key_Return)  # keyClicks cannot type a newline
        qtbot.keyClicks(box.edit, "452 4.2.2 mailbox full")
    assert {r.status for r in sig.args[0].recipients} >= {"5.1.1"}
    assert "4.2.2" in box.result.toPlainText()


def test_paste_box_highlights_while_typing(qtbot, sync_window) -> None:  # type: ignore[no-untyped-def]
    edit = sync_window.paste.edit
    qtbot.keyClicks(edit, "host said: 421 4.7.0 try again later")
    formats = edit.document().begin().layout().formats()
    assert sorted(edit.toPlainText()[r.start : r.start + r.length] for r in formats) == ["4.7.0", "421"]


def test_paste_box_leaves_dropped_files_to_the_window(qtbot, sync_window, postfix_eml) -> None:  # type: ignore[no-untyped-def]
    edit = sync_window.paste.edit
    files = QMimeData()
    files.setUrls([QUrl.fromLocalFile(str(postfix_eml))])
    assert not edit.canInsertFromMimeData(files)
    text = QMimeData()
    text.setText("554 5.7.1 rejected")
    assert edit.canInsertFromMimeData(text)
    enter = QDragEnterEvent(QPoint(5, 5), Qt.CopyAction, text, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(edit.viewport(), enter)
    assert enter.isAccepted()


def test_reference_search_top_result(qtbot, sync_window) -> None:  # type: ignore[no-untyped-def]
    panel = sync_window.reference
    qtbot.keyClicks(panel.search, "5.1.1")
    top = panel.model.index(0, 0)
    assert top.data().startswith("5.1.1  Bad destination mailbox address")
    assert "Bad destination mailbox address" in panel.detail.toPlainText()
    assert "Related:" in panel.detail.toPlainText()
    assert "550" in panel.detail.toPlainText()
    panel.search.clear()
    qtbot.keyClicks(panel.search, "mailbox full")
    assert "2.2" in panel.model.index(0, 0).data()


def test_related_code_link_opens_in_the_panel(qtbot, sync_window) -> None:  # type: ignore[no-untyped-def]
    panel = sync_window.reference
    panel.show_code("550")
    with qtbot.waitSignal(panel.entry_shown) as sig:
        panel.detail.anchorClicked.emit(QUrl("code:5.1.1"))
    assert sig.args == ["5.1.1"]
    assert panel.detail.toPlainText().startswith("5.1.1")


def test_reference_results_mark_the_matched_words(qtbot, sync_window) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.widgets.reference_panel import MarkedRole

    panel = sync_window.reference
    panel.focus_search()
    qtbot.keyClicks(panel.search, "mailbox ful")
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0)
    first = panel.model.index(0, 0).data(MarkedRole)
    assert "<b>" in first and "mailbox" in first.lower()
    # A typo still marks the word it matched ("ful" -> "full").
    assert "<b>full</b>" in first.lower() or "<b>ful" in first.lower()
