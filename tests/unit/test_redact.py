"""Redaction: the copy analyses the same, and nothing personal survives (also inside encoded parts)."""

from __future__ import annotations

import base64
import hashlib
import io
import quopri
import re
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.core.analyze import analyse_bytes
from inspector.core.model import Analysis
from inspector.core.redact import RedactOptions, _kept_ip, kept_names, redact_bytes

_ADDR_RE = re.compile(r"([\w.%+=-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_IP_RE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)")


def _texts(a: Analysis) -> list[str]:
    """Every decoded text and header value of an analysed message (so base64/QP parts are read decoded)."""
    assert a.root is not None
    out: list[str] = []
    for p in a.root.walk():
        if p.text:
            out.append(p.text)
        for _k, v in list(p.message_headers or []) + list(p.headers):
            out.append(v)
    return out


def _kept_domain(domain: str) -> bool:
    labels = domain.lower().split(".")
    return any(".".join(labels[i:]) in kept_names().domains for i in range(len(labels) - 1))


def _verdicts(a: Analysis) -> tuple[object, ...]:
    rows = sorted(repr((r.status, r.reply_code, r.reason, r.hard, r.severity)) for r in a.recipients)
    return (a.kind, a.mta, len(a.recipients), rows)


def _leaks(original: Analysis, redacted_bytes: bytes) -> list[str]:
    redacted = analyse_bytes(redacted_bytes, "redacted")[0]
    haystack = (redacted_bytes.decode("utf-8", "replace") + "\n" + "\n".join(_texts(redacted))).lower()
    found: list[str] = []
    for text in _texts(original):
        for m in _ADDR_RE.finditer(text):
            local, domain = m.group(1).lower().rsplit("=", 1)[-1], m.group(2).lower()  # key=addr: the addr
            if _IP_RE.fullmatch(domain):
                continue
            if local and local not in kept_names().local_parts and f"{local}@{domain}" in haystack:
                found.append(f"{local}@{domain}")
            if not _kept_domain(domain) and re.search(rf"(?<![a-z0-9-]){re.escape(domain)}(?![a-z0-9-])", haystack):
                found.append(domain)
        for m in _IP_RE.finditer(text):
            if not _kept_ip(m.group(0)) and re.search(rf"(?<![\d.]){re.escape(m.group(0))}(?!\.?\d)", haystack):
                found.append(m.group(0))
    return sorted(set(found))


def test_whole_corpus_round_trip(corpus: Path) -> None:
    files = sorted((corpus / "eml").glob("*.eml")) + sorted((corpus / "not-bounce").glob("*"))
    different, leaking = [], []
    checked = 0
    for path in files:
        data = path.read_bytes()
        original = analyse_bytes(data, path.name)[0]
        result = redact_bytes(data)
        redacted = analyse_bytes(result.data, path.name)[0]
        if _verdicts(original) != _verdicts(redacted):
            different.append((path.name, _verdicts(original), _verdicts(redacted)))
        leaks = _leaks(original, result.data)
        if leaks:
            leaking.append((path.name, leaks))
        checked += bool(result.replacements)
    assert different == []
    assert leaking == []
    assert checked > len(files) * 0.95  # nearly every file had something to replace


MADE_UP = b"""From: Mail Delivery System <MAILER-DAEMON@relay.acme-corp.com>
To: "Alice Liddell" <alice@acme-corp.com>
Subject: Undelivered Mail Returned to Sender
Date: Tue, 01 Dec 2026 10:00:00 +0000
Message-ID: <20261201.ABC@relay.acme-corp.com>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1/relay.acme-corp.com"

--b1/relay.acme-corp.com
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

%(b64)s
--b1/relay.acme-corp.com
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.acme-corp.com
Arrival-Date: Tue, 01 Dec 2026 09:59:58 +0000

Final-Recipient: rfc822; bob@widgets.example.net
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.widgets.example.net
Diagnostic-Code: smtp; 550 5.1.1 <bob@widgets.example.net>: Recipient address rejected: User unknown

--b1/relay.acme-corp.com
Content-Type: message/rfc822

From: =?utf-8?q?Alice_Liddell?= <alice@acme-corp.com>
To: bob@widgets.example.net, carol@gmail.com
Subject: Quarterly numbers for Bob
Message-ID: <20261201.ABC@relay.acme-corp.com>
Received: from [10.20.30.40] (host-2a01-4f8--1.acme-corp.com [2a01:4f8:10::1])
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

%(qp)s
--b1/relay.acme-corp.com--
"""


def _made_up() -> bytes:
    notice = "Your mail to bob@widgets.example.net from 10.20.30.40 failed (host mx.widgets.example.net).\n"
    body = "Hallo Bob, r\xe9sum\xe9 attached; reply to alice@acme-corp.com. Re: Quarterly numbers for Bob\n"
    b64 = base64.encodebytes(notice.encode()).decode()
    qp = quopri.encodestring(body.encode("latin-1")).decode()
    return MADE_UP.replace(b"%(b64)s", b64.encode()).replace(b"%(qp)s", qp.encode())


def test_made_up_bounce_is_redacted_consistently_inside_encoded_parts() -> None:
    data = _made_up()
    result = redact_bytes(data)
    out = result.data.decode("utf-8", "surrogateescape")
    redacted = analyse_bytes(result.data, "x")[0]
    texts = "\n".join(_texts(redacted))
    for secret in ("alice", "bob@", "acme-corp", "widgets.example.net", "10.20.30.40", "2a01:4f8", "Liddell"):
        assert secret not in out and secret not in texts, secret
    assert "Quarterly" not in texts  # the subject, also where the body quotes it
    # One stand-in per original, the same in headers, the DSN fields and the decoded parts.
    bob = result.replacements["bob"] + "@" + result.replacements["widgets.example.net"]
    assert texts.count(bob) >= 4
    assert result.replacements["10.20.30.40"].startswith("192.0.2.")
    assert result.replacements["2a01:4f8:10::1"].startswith("2001:db8::")
    assert "carol" not in texts and "@gmail.com" in texts  # a kept provider keeps its domain
    assert "MAILER-DAEMON@" in out and "Mail Delivery System" in out  # role names stay
    assert "Person 1" in out and "Subject 1" in texts
    assert "r\xe9sum\xe9" in texts  # the Latin-1 part is still Latin-1 quoted-printable
    # What explains the bounce stays.
    r = redacted.recipients[0]
    assert (r.status, r.reply_code, r.reason, r.hard) == ("5.1.1", "550", "userunknown", True)
    assert "Recipient address rejected: User unknown" in (r.diagnostic or "")
    assert "Arrival-Date: Tue, 01 Dec 2026 09:59:58 +0000" in out


def test_authentication_results_keep_their_keys_and_alignment() -> None:
    data = (
        b"From: MAILER-DAEMON@mx.google.com\nTo: news@shop.example\nSubject: failure\n"
        b"Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n--B\n"
        b"Content-Type: message/delivery-status\n\nReporting-MTA: dns; mx.google.com\n\n"
        b"Final-Recipient: rfc822; pat@far.example\nAction: failed\nStatus: 5.7.26\n"
        b"Diagnostic-Code: smtp; 550 5.7.26 Unauthenticated email from shop.example is not accepted due to DMARC policy\n"
        b"\n--B\nContent-Type: message/rfc822\n\nAuthentication-Results: mx.google.com; spf=pass "
        b"smtp.mailfrom=b@bounce.esp.example; dkim=pass header.i=@esp.example; dmarc=fail header.from=shop.example\n"
        b"From: news@shop.example\nSubject: hi\n\nbody\n--B--\n"
    )
    before = analyse_bytes(data, "x")[0].authentication
    result = redact_bytes(data)
    after = analyse_bytes(result.data, "x")[0].authentication
    assert before is not None and after is not None
    assert b"smtp.mailfrom=user" in result.data and b"header.i=@example" in result.data
    for name in ("spf", "dkim", "dmarc"):
        b, a = getattr(before, name), getattr(after, name)
        assert (a.result, a.aligned) == (b.result, b.aligned), name
    assert after.fix is not None and "example" in after.fix and "shop.example" not in after.fix


def test_dates_shift_and_line_ends_stay() -> None:
    data = _made_up().replace(b"\n", b"\r\n")
    result = redact_bytes(data, RedactOptions(shift_days=-3, subjects=False))
    assert result.data.count(b"\r\n") == result.data.count(b"\n")
    out = result.data.decode("utf-8", "surrogateescape")
    assert "Sat, 28 Nov 2026 09:59:58 +0000" in out and "01 Dec 2026" not in out
    assert "Quarterly numbers for Bob" in out  # subjects kept when asked


def test_same_input_same_output() -> None:
    data = _made_up()
    assert redact_bytes(data).data == redact_bytes(data).data


def test_cli_writes_a_copy_and_never_the_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "bounce.eml"
    src.write_bytes(_made_up())
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    assert main(["redact", str(src), "-o", str(src)]) == 2
    assert "refusing" in capsys.readouterr().err
    out = tmp_path / "shared.eml"
    assert main(["redact", str(src), "-o", str(out)]) == 0
    assert hashlib.sha256(src.read_bytes()).hexdigest() == digest
    assert b"alice" not in out.read_bytes() and b"5.1.1" in out.read_bytes()
    assert main(["redact", str(tmp_path / "missing.eml")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_cli_to_standard_output() -> None:
    from inspector.cli import build_parser
    from inspector.cli.redact_cmd import run

    buf = io.BytesIO()
    src = Path(__file__).parent.parent / "fixtures" / "global-dsn.eml"
    assert run(build_parser().parse_args(["redact", str(src)]), out=buf) == 0
    assert b"example1.test" in buf.getvalue() and "用户".encode() not in buf.getvalue()


def test_an_mbox_stays_an_mbox_with_the_same_messages(corpus: Path) -> None:
    data = (corpus / "mbox" / "mbox-0").read_bytes()
    result = redact_bytes(data)
    before = analyse_bytes(data, "mbox-0")
    after = analyse_bytes(result.data, "mbox-0")
    assert len(after) == len(before) > 30
    assert [_verdicts(a) for a in after] == [_verdicts(b) for b in before]
    leaks = [(b.index, _leaks(b, result.data)) for b in before[:10]]
    assert [x for x in leaks if x[1]] == []


def test_a_very_long_recipient_list_keeps_its_folding_and_loses_its_names() -> None:
    to = ",\n ".join(
        f'"Name {i}" <u{i}@acme.example>' if i % 2 else f"Name {i} <u{i}@acme.example>" for i in range(600)
    )
    out = redact_bytes(f"From: a@b.example\nTo: {to}\nSubject: s\n\nbody\n".encode()).data.decode()
    assert "Name " not in out and "acme" not in out
    assert out.count("Person ") == 600 and out.count(",\n ") == 599


@pytest.mark.parametrize(
    "data",
    [
        # A returned message declared base64 but written as text.
        b"From: a@x.example\nContent-Type: multipart/report; boundary=b\n\n--b\nContent-Type: message/rfc822\n"
        b"Content-Transfer-Encoding: base64\n\nTo: Joe <joe@corp.example>\nSubject: hi\n\nbody joe@corp.example\n--b--\n",
        # A text part declared base64 but written as text.
        b"From: a@x.example\nContent-Type: text/plain\nContent-Transfer-Encoding: base64\n\nmail to joe@corp.example failed\n",
    ],
)
def test_a_body_declared_base64_but_written_as_text_is_redacted(data: bytes) -> None:
    out = redact_bytes(data).data
    assert b"joe@corp.example" not in out and b"corp.example" not in out
