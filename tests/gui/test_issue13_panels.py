"""The window's Authentication and Timeline panels, the redacted-copy export and the rules editor."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from inspector.core.analyze import analyse_bytes
from inspector.core.user_rules import use_rules_file

DMARC = """From: Mail Delivery System <MAILER-DAEMON@relay.shop.example>
To: news@shop.example
Subject: Undelivered Mail Returned to Sender
Date: Tue, 01 Dec 2026 10:40:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; mta.esp.example
Arrival-Date: Tue, 01 Dec 2026 09:12:05 +0000

Final-Recipient: rfc822; pat@gmail.com
Action: failed
Status: 5.7.26
Remote-MTA: dns; gmail-smtp-in.l.google.com
Last-Attempt-Date: Tue, 01 Dec 2026 10:39:58 +0000
Diagnostic-Code: smtp; 550-5.7.26 Unauthenticated email from shop.example is not accepted due to domain's DMARC policy

--B
Content-Type: message/rfc822

Authentication-Results: mx.google.com; spf=pass smtp.mailfrom=b@bounce.esp.example;
  dkim=pass header.i=@esp.example header.s=s1; dmarc=fail header.from=shop.example
Received: from app.shop.example (app.shop.example [198.18.0.7])
\tby mta.esp.example with ESMTP id 1; Tue, 01 Dec 2026 09:12:04 +0000
Date: Tue, 01 Dec 2026 10:11:49 +0100
From: Shop News <news@shop.example>
To: pat@gmail.com
Subject: Winter offers

Hello
--B--
"""


@pytest.fixture(autouse=True)
def _rules_back_to_default() -> Iterator[None]:
    """The window puts its config folder's rules in use for the whole process: undo that after."""
    yield
    use_rules_file(None)


@pytest.fixture
def dmarc_eml(tmp_path: Path) -> Path:
    path = tmp_path / "dmarc.eml"
    path.write_text(DMARC, encoding="utf-8")
    return path


def test_authentication_and_timeline_panels(qtbot, sync_window, dmarc_eml: Path) -> None:  # type: ignore[no-untyped-def]
    win = sync_window
    extras = win.extras
    assert "No authentication" not in extras.auth.plain()
    win.open_files([str(dmarc_eml)])
    text = " ".join(extras.auth.plain().split())  # one table cell per line: read it as words
    assert "This refusal is about authentication." in text
    assert "SPF pass bounce.esp.example no Authentication-Results" in text
    assert "DKIM pass esp.example (s=s1) no Authentication-Results" in text
    assert "DMARC fail shop.example no diagnostic" in text
    assert "To fix:" in text and "d=shop.example" in text
    model = extras.timeline.model
    assert model.rowCount() == 5
    delays = [model.index(r, 1).data() for r in range(5)]
    assert delays == ["", "+15 s", "+1 s", "+1 h 27 min (slow)", "+2 s"]
    assert model.index(3, 2).data() == "last attempt for pat@gmail.com (Last-Attempt-Date)"
    assert model.index(3, 1).data(Qt.ItemDataRole.ToolTipRole).startswith("Over an hour")
    assert "1 delay(s) over an hour" in extras.timeline.note.text()
    # Another item: the panels follow the current one.
    win.open_text("250 2.0.0 OK queued")
    assert "Not an authentication refusal" in extras.auth.plain()
    assert extras.timeline.model.rowCount() == 0
    win.close_current_item()


def test_export_redacted_copy_previews_then_saves(
    qtbot, sync_window, dmarc_eml: Path, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    win = sync_window
    win.open_files([str(dmarc_eml)])
    assert win.extras.act_export.isEnabled()
    assert "Export &Redacted Copy..." in [a.text() for a in win.menuBar().actions()[0].menu().actions()]
    digest = hashlib.sha256(dmarc_eml.read_bytes()).hexdigest()
    dlg = win.extras.export_redacted()
    assert dlg is not None and dlg.isVisible()
    preview = dlg.preview.toPlainText()
    for secret in ("shop.example", "esp.example", "pat@", "198.18.0.7", "Shop News", "Winter offers"):
        assert secret not in preview, secret
    assert "5.7.26" in preview and "Unauthenticated email from example" in preview
    assert "smtp.mailfrom=user" in preview
    assert "replaced" in dlg.summary.text()
    dlg.subjects.setChecked(False)
    assert "Winter offers" in dlg.preview.toPlainText()
    dlg.subjects.setChecked(True)
    warnings: list[str] = []
    monkeypatch.setattr(dlg, "_warn", warnings.append)
    monkeypatch.setattr(dlg, "ask_save_path", lambda suggested: str(dmarc_eml))
    assert dlg.save() is False and "never written over it" in warnings[0]
    assert hashlib.sha256(dmarc_eml.read_bytes()).hexdigest() == digest
    out = tmp_path / "share.eml"
    monkeypatch.setattr(dlg, "ask_save_path", lambda suggested: str(out))
    assert dlg.save() is True
    assert out.read_bytes() == dlg.redacted.data
    assert "redacted copy" in win.status.text()
    shared = analyse_bytes(out.read_bytes(), "share.eml")[0].recipients[0]
    assert (shared.status, shared.reason, shared.hard) == ("5.7.26", "authfailure", False)


def test_edit_my_rules_applies_on_save_and_names_mistakes(qtbot, sync_window, dmarc_eml: Path) -> None:  # type: ignore[no-untyped-def]
    win = sync_window
    win.open_files([str(dmarc_eml)])
    before = win.current_analysis().recipients[0]
    assert before.reason == "authfailure"
    editor = win.extras.edit_rules()
    assert editor.isVisible() and "[[rule]]" in editor.editor.toPlainText()  # the commented template
    editor.editor.setPlainText(
        '[[rule]]\nid = "gmail-dmarc"\ncode = "5.7.26"\ndomain = "gmail.com"\nreason = "policyviolation"\n'
        'advice = "Ask the ESP to sign with our key."\n\n[[rule]]\ntext = "x"\nreason = "nope"\n'
    )
    rules = editor.save()
    assert rules is not None and len(rules.rules) == 1
    assert (win.dirs.config / "rules.toml").read_text(encoding="utf-8").startswith("[[rule]]")
    after = win.current_analysis().recipients[0]
    assert after.reason == "policyviolation" and after.advice == "Ask the ESP to sign with our key."
    assert after.evidence[0].kind == "user" and after.evidence[0].id == "gmail-dmarc"
    assert (
        "1 rule in use" in editor.problems.text() and "line 8 (rule 2): unknown reason 'nope'" in editor.problems.text()
    )
    assert "local policy refusal - ask the esp to sign with our key" in win.banner.plain().lower()
    editor.close()


def test_a_broken_rules_file_never_stops_the_window(qtbot, dirs, dmarc_eml: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.main_window import MainWindow

    (dirs.config / "rules.toml").write_text('[[rule]]\ntext = "unclosed\n', encoding="utf-8")
    win = MainWindow(dirs, synchronous=True)
    qtbot.addWidget(win)
    win.show()
    assert "have mistakes" in win.status.text()
    win.open_files([str(dmarc_eml)])
    assert win.current_analysis().recipients[0].reason == "authfailure"  # the built-in verdict
    editor = win.extras.edit_rules()
    assert "not valid TOML" in editor.problems.text() and "line 2" in editor.problems.text()
    editor.close()
