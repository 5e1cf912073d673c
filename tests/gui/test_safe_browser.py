"""HTML is shown without reading anything outside the message: no file://, no absolute or
relative paths, no links followed; only the message's own cid: images load."""

from __future__ import annotations

import base64
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QUrl
from PySide6.QtGui import QColor, QImage

from inspector.core.analyze import analyse_bytes
from inspector.ui.safe_browser import SafeBrowser


def png(colour: str) -> bytes:
    img = QImage(40, 40, QImage.Format_RGB32)
    img.fill(QColor(colour))
    buf = QBuffer()
    buf.open(QIODevice.WriteOnly)
    img.save(buf, "PNG")
    return bytes(buf.data().data())


def colours_in(widget) -> set[str]:  # type: ignore[no-untyped-def]
    img = widget.grab().toImage()
    return {QColor(img.pixel(x, y)).name() for x in range(0, img.width(), 3) for y in range(0, img.height(), 3)}


def test_no_local_file_is_read_and_links_are_not_followed(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "secret.png"
    secret.write_bytes(png("#ff0000"))
    style = tmp_path / "style.css"
    style.write_text("body { background: #ff0000 }")
    b = SafeBrowser()
    qtbot.addWidget(b)
    b.resize(400, 400)
    b.setSearchPaths([str(tmp_path)])  # even with a search path set, nothing is read
    html = (
        f'<html><head><link rel="stylesheet" href="{style.as_uri()}"></head><body>'
        f'<img src="{secret.as_uri()}" width="40" height="40">'
        f'<img src="{secret}" width="40" height="40">'
        '<img src="secret.png" width="40" height="40">'
        '<a href="file:///etc/passwd">link</a></body></html>'
    )
    b.setHtml(html)
    b.show()
    qtbot.waitExposed(b)
    assert "#ff0000" not in colours_in(b)
    assert secret.as_uri() in b.requested
    b.anchorClicked.emit(QUrl("file:///etc/passwd"))
    b.setSource(QUrl.fromLocalFile(str(secret)))
    assert b.source().isEmpty()
    assert "link" in b.toPlainText()


def test_cid_images_from_the_message_load(qtbot) -> None:  # type: ignore[no-untyped-def]
    image = base64.encodebytes(png("#00ff00")).decode()
    raw = (
        "From: a@example.com\r\nTo: b@example.com\r\nSubject: html\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/related; boundary="B"\r\n\r\n'
        '--B\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>hi</p><img src="cid:pic@x" width="40" height="40">\r\n'
        "--B\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\nContent-ID: <pic@x>\r\n\r\n"
        f"{image}\r\n--B--\r\n"
    ).encode()
    [a] = analyse_bytes(raw, "html.eml")
    from inspector.ui.views.detail_pane import DetailPane

    b = SafeBrowser()
    qtbot.addWidget(b)
    b.resize(300, 200)
    b.set_cid_resolver(DetailPane._cid_resolver(a))
    b.setHtml(next(p.text for p in a.root.walk() if p.content_type == "text/html"))
    b.show()
    qtbot.waitExposed(b)
    assert "#00ff00" in colours_in(b)
    assert QByteArray  # keep the import used


def test_html_part_is_text_until_asked(qtbot, sync_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    f = tmp_path / "html.eml"
    f.write_bytes(
        b"From: a@example.com\r\nSubject: x\r\nMIME-Version: 1.0\r\nContent-Type: text/html\r\n\r\n"
        b"<b>550 5.1.1 unknown</b>\r\n"
    )
    sync_window.open_files([str(f)])
    pane = sync_window.detail
    sync_window.tree.setCurrentIndex(sync_window.tree_model.index_for_path("1"))
    assert pane.stack.currentWidget() is pane.text
    assert "<b>550 5.1.1 unknown</b>" in pane.text.toPlainText()
    pane.render_html.setChecked(True)
    assert pane.stack.currentWidget() is pane.html
    assert pane.html.toPlainText().strip() == "550 5.1.1 unknown"
