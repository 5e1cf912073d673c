"""Delivery-status fields, including RFC 6533 global DSNs (our own fixture)."""

from __future__ import annotations

from pathlib import Path

from inspector.core.analyze import analyse_path
from inspector.core.dsn import parse_delivery_status


def test_global_dsn_fixture(fixtures: Path) -> None:
    a = analyse_path(fixtures / "global-dsn.eml")[0]
    assert a.kind == "dsn-global"
    assert [r.recipient for r in a.recipients] == ["用户@例子.example", "josé@exämple.example"]
    first, second = a.recipients
    assert (first.status, first.reply_code, first.action, first.severity) == ("5.1.1", "550", "failed", "permanent")
    assert (second.status, second.reply_code, second.severity) == ("4.2.2", "452", "transient")
    assert second.will_retry_until == "Fri, 04 Dec 2026 09:59:58 +0900"
    assert a.reporting_mta == "mx.例子.example"
    assert a.original is not None and a.original.subject == "会議の案内"
    dsn = next(p.dsn for p in a.root.walk() if p.dsn is not None)  # type: ignore[union-attr]
    assert dsn.is_global
    unknown = dsn.recipients[1].get("X-Unknown-Field")
    assert unknown is not None and unknown.text == "kept as is"
    orig = dsn.recipients[0].get("Original-Recipient")
    assert orig is not None and (orig.type, orig.text) == ("utf-8", "用户@例子.example")


def test_typed_values_and_folding() -> None:
    r = parse_delivery_status(
        "Reporting-MTA: dns; mx.example\nX-Postfix-Queue-ID: 123\n\n"
        "Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.0.0\n"
        "Remote-MTA: dns; mx.b.example\nDiagnostic-Code: smtp; 550 no\n  such user\n"
    )
    assert r.per_message.get("reporting-mta").type == "dns"  # type: ignore[union-attr]
    g = r.recipients[0]
    assert g.text("Diagnostic-Code") == "550 no such user"
    assert g.get("Diagnostic-Code").type == "smtp"  # type: ignore[union-attr]


def test_sloppy_blocks_split_per_recipient() -> None:
    # No blank lines at all, and the per-message block runs into the first recipient.
    r = parse_delivery_status(
        "Reporting-MTA: dns; mx.example\n"
        "Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\n"
        "Original-Recipient: rfc822; c@d.example\nFinal-Recipient: rfc822; c@d.example\nAction: delayed\nStatus: 4.4.7\n"
    )
    assert r.per_message.text("Reporting-MTA") == "mx.example"
    assert [g.text("Final-Recipient") for g in r.recipients] == ["a@b.example", "c@d.example"]
    assert r.recipients[1].text("Original-Recipient") == "c@d.example"
