"""Pasted bounce bodies read like bounces (issue 14, item 6).

Every shared-corpus bounce is turned into what a person copies from a mail client (the body as the
client shows it: the report text, the delivery-status fields shown as text, the returned message's
headers and text; none of the bounce's own headers), pasted, and compared with the analysis of the
whole message: the same recipients with the same codes.
"""

from __future__ import annotations

from pathlib import Path

from inspector.core.analyze import analyse_path, analyse_text
from inspector.core.model import Part, RecipientResult
from inspector.core.text import html_to_text

_SHOWN_AS_HEADERS = ("message/rfc822", "message/global", "text/rfc822-headers", "message/global-headers")


def client_view(root: Part) -> str:
    """The text a mail client shows for a message, without the message's own headers."""
    out: list[str] = []

    def visit(p: Part) -> None:
        ct = p.content_type
        if p.path and p.message_headers is not None and ct in _SHOWN_AS_HEADERS:
            out.append("\n".join(f"{k}: {v}" for k, v in p.message_headers))
            if ct.endswith("headers"):
                return
        if p.children:
            kids = p.children
            if ct == "multipart/alternative":
                kids = [c for c in kids if c.content_type == "text/plain"][:1] or kids[-1:]
            for c in kids:
                visit(c)
            return
        if p.text is None:
            return
        if ct == "text/html":
            out.append(html_to_text(p.text))
        elif ct.startswith(("text/", "message/", "multipart/")):
            out.append(p.text)

    visit(root)
    return "\n\n".join(out)


def _key(r: RecipientResult) -> tuple[str, str, str]:
    return ((r.recipient or "").lower(), r.status or "", r.reply_code or "")


def test_pasted_bodies_agree_with_their_messages(corpus: Path) -> None:
    files = agree = found = named = 0
    misses = []
    for f in sorted((corpus / "eml").glob("*.eml")):
        whole = analyse_path(f)[0]
        if not whole.recipients or whole.kind == "not-bounce" or whole.root is None:
            continue
        pasted = analyse_text(client_view(whole.root))
        assert pasted.error is None, f.name
        want = sorted(map(_key, whole.recipients))
        got = sorted(map(_key, pasted.recipients))
        files += 1
        agree += want == got
        if want != got:
            misses.append(f.name)
        addresses = {k[0] for k in want}
        named += len(addresses)
        found += len(addresses & {k[0] for k in got})
    assert files > 300
    assert agree / files >= 0.98, f"{agree}/{files} agree; misses: {misses}"
    assert found / named >= 0.95, f"{found}/{named} recipients found"


def test_a_pasted_postfix_report_names_its_recipient_once() -> None:
    text = (
        "This is the mail system at host mx.example.org.\n\n"
        "I'm sorry to have to inform you that your message could not\nbe delivered to one or more recipients.\n\n"
        "                   The mail system\n\n"
        "<nataly@example.net>: host mx.example.net[192.0.2.1] said: 452 4.2.2\n"
        "    Mailbox full, quota exceeded (in reply to RCPT TO command)\n"
    )
    a = analyse_text(text)
    assert [(r.recipient, r.status, r.reply_code, r.reason) for r in a.recipients] == [
        ("nataly@example.net", "4.2.2", "452", "mailboxfull")
    ]
    assert a.mta == "Postfix"


def test_pasted_dsn_fields_give_one_recipient_each() -> None:
    text = (
        "Reporting-MTA: dns; mx.example.org\n\n"
        "Final-Recipient: rfc822; one@example.net\nAction: failed\nStatus: 5.1.1\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <one@example.net>: Recipient address rejected: User unknown\n\n"
        "Final-Recipient: rfc822; two@example.net\nAction: delayed\nStatus: 4.2.2\n"
        "Diagnostic-Code: smtp; 452 4.2.2 Mailbox full\n"
    )
    a = analyse_text(text)
    got = [(r.recipient, r.status, r.reply_code, r.severity) for r in a.recipients]
    assert got == [("one@example.net", "5.1.1", "550", "permanent"), ("two@example.net", "4.2.2", "452", "transient")]


def test_a_customer_reply_line_is_still_a_reply() -> None:
    a = analyse_text("550-5.1.1 The email account that you tried to reach does not exist. Please try")
    assert [(r.status, r.reply_code, r.reason) for r in a.recipients] == [("5.1.1", "550", "userunknown")]
