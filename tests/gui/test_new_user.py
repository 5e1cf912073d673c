"""What a new user tripped over in the window (issue 12): each test drives the window as a user
would and fails on the code before the fix."""

from __future__ import annotations

import fnmatch
import io
import re
from argparse import Namespace
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QFileDialog

from inspector.cli import analyze_cmd
from inspector.ui import reference_access
from inspector.ui.main_window import OPEN_FILTER, MainWindow
from inspector.ui.models.part_tree import COL_CHARSET, COL_NOTE, COL_TYPE, HEADERS, NodeRole

ROOT = Path(__file__).resolve().parents[2]


def _window(qtbot, dirs) -> MainWindow:  # type: ignore[no-untyped-def]
    win = MainWindow(dirs, synchronous=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    return win


def _walk(model, parent=None):  # type: ignore[no-untyped-def]
    parent = parent or QModelIndex()
    for r in range(model.rowCount(parent)):
        idx = model.index(r, 0, parent)
        yield idx
        yield from _walk(model, idx)


def _select_node(win, want) -> QModelIndex:  # type: ignore[no-untyped-def]
    """Select the first MIME tree node for which ``want(node)`` holds, as a click would."""
    for idx in _walk(win.tree_model):
        if want(idx.data(NodeRole)):
            win.tree.setCurrentIndex(idx)
            return idx
    raise AssertionError("no such node")


# -- the first window fits its screen ---------------------------------------------------------------


def test_first_window_fits_the_screen(qtbot, dirs) -> None:  # type: ignore[no-untyped-def]
    win = _window(qtbot, dirs)
    area = win.screen().availableGeometry()
    assert area.contains(win.frameGeometry()), (area, win.frameGeometry())
    assert win.statusBar().isVisible()
    # the status bar's bottom edge is on the screen
    bottom = win.statusBar().mapToGlobal(win.statusBar().rect().bottomLeft())
    assert area.contains(bottom)


def test_saved_geometry_off_every_screen_is_brought_back(qtbot, dirs) -> None:  # type: ignore[no-untyped-def]
    first = _window(qtbot, dirs)
    area = first.screen().availableGeometry()
    first.setGeometry(area.right() + 2000, area.bottom() + 1500, area.width() + 400, area.height() + 300)
    first.close()  # saves the geometry, as on a machine whose second monitor was larger
    second = _window(qtbot, dirs)
    assert any(sc.availableGeometry().contains(second.frameGeometry()) for sc in QApplication.screens())


# -- cut-off text ---------------------------------------------------------------------------------


def test_long_dsn_values_wrap_and_can_be_read_and_copied_whole(qtbot, sync_window, postfix_eml: Path) -> None:  # type: ignore[no-untyped-def]
    win = sync_window
    win.resize(1000, 700)
    win.open_files([str(postfix_eml)])
    _select_node(win, lambda n: n.is_recipient)
    fields = win.detail.fields
    model = fields.model()
    rows = {}
    for section in range(model.rowCount()):
        parent = model.index(section, 0)
        for r in range(model.rowCount(parent)):
            rows[model.index(r, 0, parent).data()] = model.index(r, 1, parent)
    diag = rows["Diagnostic-Code"]
    full = diag.data(Qt.ItemDataRole.UserRole)
    assert len(full) > 60
    fields.header().resizeSection(0, 120)
    fields.resize(300, 400)  # narrower than the value: it must wrap, not end in "..."
    QApplication.processEvents()
    rect = fields.visualRect(diag)
    line = fields.fontMetrics().lineSpacing()
    needed = fields.fontMetrics().horizontalAdvance(full)
    assert needed > rect.width()
    assert rect.height() >= 2 * line, "the row did not grow for the wrapped value"
    assert full in diag.data(Qt.ItemDataRole.ToolTipRole)
    fields.setCurrentIndex(diag)
    fields.copy_action.trigger()
    assert QApplication.clipboard().text() == full


def test_mime_tree_charset_header_and_values_are_not_cut(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    win = sync_window
    win.open_files([str(corpus / "eml" / "rhost-aol-02.eml")])
    fm = win.tree.fontMetrics()
    header = win.tree.header()
    assert header.sectionSize(COL_CHARSET) >= fm.horizontalAdvance(HEADERS[COL_CHARSET]) + 8
    for idx in _walk(win.tree_model):
        for col in (COL_TYPE, COL_CHARSET):
            text = idx.siblingAtColumn(col).data() or ""
            assert fm.horizontalAdvance(text) <= header.sectionSize(col) - 6, (col, text)  # 6: the cell margins
        # a cut note can be read whole in the tooltip
        note = idx.siblingAtColumn(COL_NOTE).data()
        if note and not idx.data(NodeRole).is_recipient:
            assert note in idx.siblingAtColumn(COL_NOTE).data(Qt.ItemDataRole.ToolTipRole)


def test_reference_result_lines_can_be_read_whole(qtbot, sync_window) -> None:  # type: ignore[no-untyped-def]
    ref = sync_window.reference
    ref.resize(220, ref.height())
    ref.search.setText("5.7.1")
    QApplication.processEvents()
    model, width = ref.model, ref.results.viewport().width()
    lines = [model.index(r, 0) for r in range(model.rowCount())]
    cut = [i for i in lines if ref.results.fontMetrics().horizontalAdvance(i.data()) > width]
    assert cut, "the panel is wide enough for every line: nothing to check"
    for idx in cut:
        assert idx.data() in idx.data(Qt.ItemDataRole.ToolTipRole)  # the whole line, on hover


def test_related_links_say_what_each_is(qtbot) -> None:  # type: ignore[no-untyped-def]
    entry = reference_access.entry_for("5.7.1")
    html = reference_access.entry_html(entry)
    links = re.findall(r'<a href="code:[^"]*">(.*?)</a>', html)
    assert len(links) > 3
    assert len(set(links)) == len(links), links  # no two links read the same
    google = [r for r in reference_access.related(entry) if r.provider]
    assert google and any(r.title in html for r in google)


# -- one numbering of an mbox's messages -----------------------------------------------------------


def test_mbox_messages_are_numbered_as_the_command_line_does(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    """An mbox opens in the Triage window; a row opened into the inspector carries the message's
    number from 1, the number the command line's text output gives it."""
    mbox = corpus / "mbox" / "mbox-0"
    sync_window.triage.jobs = 1
    tw = sync_window.triage._ensure()
    tw.jobs = 1
    with qtbot.waitSignal(tw.finished, timeout=120_000):
        sync_window.open_files([str(mbox)])
    rows = {r["index"]: r for r in tw.proxy.visible_rows()}
    first, second = sorted(rows)[:2]
    for i in (first, second):
        sync_window.triage.open_row(rows[i])
    titles = [sync_window.items_model.index(r, 0).data() for r in range(sync_window.items_model.rowCount())]
    assert titles[0].startswith(f"mbox-0 #{first + 1}: ") and titles[1].startswith(f"mbox-0 #{second + 1}: ")
    out = io.StringIO()
    analyze_cmd.run(Namespace(paths=[str(mbox)], format="text", no_parts=False, jobs=1), out=out)
    cli = {}
    for block in out.getvalue().split(f"{mbox} #")[1:]:
        number, rest = block.split(":", 1)
        subject = re.search(r"^  subject: (.*)$", rest, re.M)
        cli[int(number)] = subject.group(1) if subject else None
    assert min(cli) == 1 and sorted(cli) == list(range(1, len(cli) + 1))
    for i, title in zip((first, second), titles, strict=True):
        if cli[i + 1]:
            assert title.split(": ", 1)[1][:20] == cli[i + 1][:20].replace("\x00", "\u2400")
    # copying the summary says the same number
    sync_window.items_view.setCurrentIndex(sync_window.items_model.index(1, 0))
    sync_window.copy_summary()
    assert QApplication.clipboard().text().startswith(f"mbox-0 #{second + 1}")


# -- a handed-over file is shown -------------------------------------------------------------------


def test_handed_over_file_is_scrolled_to_and_selected(qtbot, sync_window, corpus: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.launch import handoff, single_instance

    win = sync_window
    files = sorted((corpus / "eml").glob("lhost-postfix-*.eml"))[:25]
    win.open_files([str(f) for f in files])
    long = tmp_path / "long-subject.eml"
    long.write_bytes(b"From: a@b.example\nTo: c@d.example\nSubject: " + b"very long subject " * 20 + b"\n\nhello\n")
    win.open_files([str(long)])
    name = handoff.server_name(win.dirs.config)
    server = single_instance.InstanceServer(name, win.receive_files, win)
    win.showMinimized()
    QApplication.processEvents()
    with qtbot.waitSignal(win.items_opened, timeout=5000):
        assert handoff.hand_off(name, [str(files[1])])
    win.showNormal()
    qtbot.wait(50)
    view = win.items_view
    last = win.items_model.index(win.items_model.rowCount() - 1, 0)
    assert view.currentIndex() == last
    assert view.selectionModel().isSelected(last)
    long_item = win.items_model.index(win.items_model.rowCount() - 2, 0)
    assert view.fontMetrics().horizontalAdvance(long_item.data()) > view.viewport().width()
    assert long_item.data() in long_item.data(Qt.ItemDataRole.ToolTipRole)  # cut at the edge, whole on hover
    rect, seen = view.visualRect(last), view.viewport().rect()
    assert seen.top() <= rect.top() and rect.bottom() <= seen.bottom(), (rect, seen)  # the whole row
    server.close()


# -- control characters are shown ---------------------------------------------------------------


@pytest.mark.parametrize(("fonts_have_symbols", "nul", "esc"), [(True, "\u2400", "\u241b"), (False, "[NUL]", "[ESC]")])
def test_a_nul_in_the_subject_is_shown_visibly(
    qtbot, sync_window, tmp_path: Path, fonts_have_symbols, nul, esc
) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui import text

    text.use_font_check(lambda: fonts_have_symbols)  # as the window's own check would find
    eml = tmp_path / "nul-subject.eml"
    eml.write_bytes(
        b"From: MAILER-DAEMON@example.com\nTo: a@example.com\nSubject: =?utf-8?q?Undelivered=00_mail=1B?=\n"
        b"Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        b"Could not deliver=00=00 to <x@example.com>: 550 5.1.1 user unknown\n"
    )
    win = sync_window
    win.open_files([str(eml)])
    title = win.items_model.index(0, 0).data()
    assert f"Undelivered{nul} mail{esc}" in title and "\x00" not in title
    _select_node(win, lambda n: n.part is not None and not n.part.path)  # the message: its headers
    model = win.detail.fields.model()
    values = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert f"Undelivered{nul} mail{esc}" in values
    assert "\x00" not in win.tree_model.index(0, COL_NOTE).data()
    # the body: the symbols in the text view, and the code after them still highlighted exactly
    _select_node(win, lambda n: n.part is not None and n.part.path == "")
    view = win.detail.text
    if win.detail.stack.currentWidget() is not view:
        _select_node(win, lambda n: n.part is not None and n.part.content_type == "text/plain")
    shown = view.toPlainText()
    assert f"deliver{nul}{nul} to" in shown and "\x00" not in shown
    block = view.document().begin()
    highlighted = [block.text()[r.start : r.start + r.length] for r in block.layout().formats()]
    assert "5.1.1" in highlighted and "550" in highlighted
    win.detail.tabs.setCurrentIndex(1)
    assert "\x00" not in win.detail.raw.toPlainText()


# -- the HTML part -------------------------------------------------------------------------------


def test_html_part_title_keeps_its_line_and_the_tree_note_is_text(qtbot, sync_window, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    win = sync_window
    win.resize(1280, 800)
    win.open_files([str(corpus / "eml" / "rhost-aol-02.eml")])
    idx = _select_node(win, lambda n: n.part is not None and n.part.content_type == "text/html")
    detail = win.detail
    assert detail.render_html.isVisible()
    detail.render_html.setChecked(True)
    QApplication.processEvents()
    title = detail.title
    assert title.text().startswith("1: text/html")
    assert title.height() < 2 * title.fontMetrics().lineSpacing(), "the part's title wrapped"
    note = idx.siblingAtColumn(COL_NOTE).data()
    assert note and "<" not in note and ">" not in note


# -- the file dialog -------------------------------------------------------------------------------


def test_open_dialog_remembers_the_last_folder(qtbot, dirs, monkeypatch, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    asked = []
    chosen = corpus / "mbox" / "mbox-0"

    def fake(parent, caption, folder, filters):  # type: ignore[no-untyped-def]
        asked.append((folder, filters))
        return [str(chosen)], filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileNames", fake)
    win = _window(qtbot, dirs)
    win.act_open.trigger()
    win.act_open.trigger()
    win.close()
    again = _window(qtbot, dirs)  # and after a restart
    again.act_open.trigger()
    assert asked[0][0] == ""
    assert asked[1][0] == str(chosen.parent) and asked[2][0] == str(chosen.parent)


def test_first_filter_covers_every_kind_we_open() -> None:
    first = OPEN_FILTER.split(";;")[0]
    patterns = re.search(r"\((.*)\)", first).group(1).split()  # type: ignore[union-attr]
    for name in ("bounce.eml", "reply.txt", "mail.log", "archive.mbox", "mbox-0", "Inbox", "saved.msg"):
        assert any(fnmatch.fnmatch(name, p) for p in patterns), name


def test_second_launch_hands_over_before_loading_qt(qtbot, sync_window, postfix_eml: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    from inspector.ui.launch import handoff, single_instance

    win = sync_window
    server = single_instance.InstanceServer(handoff.server_name(win.dirs.config), win.receive_files, win)
    # the second launch, run as a user would; -X importtime lists every module it loaded
    cmd = [sys.executable, "-X", "importtime", "-m", "inspector", "--config-dir", str(win.dirs.config)]
    p = subprocess.run([*cmd, str(postfix_eml)], capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == "bounce-inspector: handed 1 file(s) to the running window"
    assert "PySide6" not in p.stderr  # handed over without loading Qt
    with qtbot.waitSignal(win.items_opened, timeout=5000):
        pass
    assert win.items_model.index(0, 0).data().startswith(postfix_eml.name)
    server.close()


def test_copied_summary_keeps_a_long_diagnostic_whole(qtbot, sync_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    long_text = "Recipient address rejected: " + "policy explanation words " * 12 + "END-OF-DIAGNOSTIC"
    eml = tmp_path / "long-diagnostic.eml"
    eml.write_text(
        "From: MAILER-DAEMON@example.com\nTo: a@example.com\nSubject: Undelivered Mail Returned to Sender\n"
        'MIME-Version: 1.0\nContent-Type: multipart/report; report-type=delivery-status; boundary="b"\n\n'
        "--b\nContent-Type: text/plain\n\nThe mail could not be delivered.\n\n"
        "--b\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\n"
        f"Final-Recipient: rfc822; x@example.com\nAction: failed\nStatus: 5.1.1\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 {long_text}\n\n--b--\n"
    )
    sync_window.open_files([str(eml)])
    assert "END-OF-DIAGNOSTIC" not in sync_window.banner.plain()  # the banner shortens it ...
    sync_window.copy_summary()
    assert "END-OF-DIAGNOSTIC" in QApplication.clipboard().text()  # ... the copied summary does not
    sync_window.copy_summary_markdown()
    assert "END-OF-DIAGNOSTIC" in QApplication.clipboard().text()
