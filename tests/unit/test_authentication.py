"""SPF, DKIM and DMARC read from what a bounce carries, and the one thing to fix."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.core.analyze import analyse_bytes, analyse_path, analyse_text
from inspector.core.serialize import analysis_to_dict

BOUNCE = """From: Mail Delivery System <MAILER-DAEMON@relay.shop.example>
To: news@shop.example
Subject: Undelivered Mail Returned to Sender
Date: Tue, 01 Dec 2026 10:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Your message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.shop.example

Final-Recipient: rfc822; someone@gmail.com
Action: failed
Status: {status}
Diagnostic-Code: smtp; {diagnostic}

--B
Content-Type: message/rfc822

{headers}From: Shop <news@shop.example>
To: someone@gmail.com
Subject: Offers

Hello
--B--
"""


def _auth(status: str, diagnostic: str, headers: str = "") -> dict[str, object]:
    data = BOUNCE.format(status=status, diagnostic=diagnostic, headers=headers).encode()
    a = analyse_bytes(data, "made-up.eml")[0]
    d = analysis_to_dict(a)["authentication"]
    assert isinstance(d, dict)
    return d


def test_dkim_signed_by_the_provider_is_not_aligned() -> None:
    headers = (
        "Authentication-Results: mx.google.com;\n"
        "  spf=pass (google.com: domain of b@bounce.esp.example designates 192.0.2.1) "
        "smtp.mailfrom=b@bounce.esp.example;\n"
        "  dkim=pass header.i=@esp.example header.s=s1 header.b=abc;\n"
        "  dmarc=fail (p=REJECT) header.from=shop.example\n"
        "DKIM-Signature: v=1; a=rsa-sha256; d=esp.example; s=s1; b=xyz\n"
    )
    auth = _auth(
        "5.7.26", "550-5.7.26 Unauthenticated email from shop.example is not accepted due to domain's DMARC policy"
    )
    assert auth["spf"] == {"result": "none", "domain": None, "aligned": None, "source": None, "selector": None}
    auth = _auth(
        "5.7.26", "550-5.7.26 Unauthenticated email from shop.example is not accepted due to DMARC policy", headers
    )
    assert auth["from_domain"] == "shop.example" and auth["relevant"] is True
    spf, dkim, dmarc = auth["spf"], auth["dkim"], auth["dmarc"]
    assert isinstance(spf, dict) and isinstance(dkim, dict) and isinstance(dmarc, dict)
    assert (spf["result"], spf["domain"], spf["aligned"]) == ("pass", "bounce.esp.example", False)
    assert (dkim["result"], dkim["domain"], dkim["aligned"], dkim["selector"]) == ("pass", "esp.example", False, "s1")
    assert (dmarc["result"], dmarc["domain"], dmarc["aligned"]) == ("fail", "shop.example", False)
    assert "d=shop.example" in str(auth["fix"])


def test_gmail_verdict_words_in_the_reply() -> None:
    auth = _auth(
        "5.7.26",
        "550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. Authentication results: "
        "DKIM = did not pass SPF [shop.example] with ip: [192.0.2.9] = did not pass",
    )
    assert auth["dkim"]["result"] == "fail"  # type: ignore[index]
    assert auth["spf"]["result"] == "fail" and auth["spf"]["domain"] == "shop.example"  # type: ignore[index]
    assert auth["spf"]["aligned"] is True  # type: ignore[index]
    assert auth["dmarc"]["result"] == "fail"  # type: ignore[index]
    assert "unauthenticated" in auth["signals"]  # type: ignore[operator]


def test_microsoft_dmarc_refusal_and_spf_from_received_spf() -> None:
    headers = "Received-SPF: SoftFail (protection.outlook.com: domain of transitioning shop.example)\n"
    auth = _auth(
        "5.7.509",
        "550 5.7.509 Access denied, sending domain [shop.example] does not pass DMARC verification and has a DMARC "
        "policy of reject.",
        headers,
    )
    assert auth["dmarc"]["result"] == "fail"  # type: ignore[index]
    assert (auth["spf"]["result"], auth["spf"]["domain"], auth["spf"]["source"]) == (  # type: ignore[index]
        "softfail",
        "shop.example",
        "Received-SPF",
    )
    assert "softfail" in str(auth["fix"])


def test_a_plain_unknown_user_says_nothing_about_authentication() -> None:
    auth = _auth("5.1.1", "550 5.1.1 <someone@gmail.com>: user unknown")
    assert auth["relevant"] is False and auth["fix"] is None
    assert {k: auth[k]["result"] for k in ("spf", "dkim", "dmarc")} == {  # type: ignore[index]
        "spf": "none",
        "dkim": "none",
        "dmarc": "none",
    }


def test_pasted_reply_with_explicit_results() -> None:
    a = analyse_text("550 5.7.1 Message rejected: spf=fail dkim=pass dmarc=fail")
    assert a.authentication is not None
    assert (a.authentication.spf.result, a.authentication.dkim.result) == ("fail", "pass")
    assert a.authentication.relevant


def test_reverse_dns_refusal_names_the_ptr_fix() -> None:
    auth = _auth("5.7.25", "550-5.7.25 The IP address sending this message does not have a PTR record setup")
    assert "reverse DNS" in str(auth["fix"])


@pytest.mark.parametrize(
    ("name", "method", "result", "domain"),
    [
        ("rhost-google-03.eml", "spf", "fail", "mail4.example.com"),
        ("lhost-sendmail-32.eml", "spf", "pass", "example.co.jp"),
        ("rhost-tencent-03.eml", "dmarc", "fail", "example.com"),
        ("lhost-exim-29.eml", "spf", "fail", None),
    ],
)
def test_corpus_bounces(corpus: Path, name: str, method: str, result: str, domain: str | None) -> None:
    a = analyse_path(corpus / "eml" / name)[0]
    assert a.authentication is not None
    check = getattr(a.authentication, method)
    assert check.result == result
    assert check.domain == domain


def test_every_corpus_analysis_has_the_three_keys(corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = sorted((corpus / "eml").glob("rhost-*.eml"))[:40]
    assert main(["analyze", "--format", "json", "--no-parts", *map(str, paths)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) >= 40
    for rec in records:
        auth = rec["authentication"]
        for key in ("spf", "dkim", "dmarc"):
            assert set(auth[key]) >= {"result", "domain", "aligned"}
    assert any(r["authentication"]["relevant"] for r in records)
    assert not all(r["authentication"]["relevant"] for r in records)


@pytest.mark.parametrize(
    ("status", "diagnostic", "expected"),
    [
        # Yahoo-style: neither SPF nor DKIM passed for the sender.
        (
            "5.7.9",
            "550 5.7.9 This mail has been blocked because the sender is unauthenticated. Senders must authenticate "
            "with SPF or DKIM.",
            {"dmarc": "fail"},
        ),
        # Microsoft-style: the sending domain does not reach the required level.
        (
            "5.7.515",
            "550 5.7.515 Access denied, sending domain [shop.example] does not meet the required authentication level.",
            {"dmarc": "fail"},
        ),
        ("5.7.23", "550 5.7.23 SPF validation failed", {"spf": "fail"}),
        ("5.7.24", "550 5.7.24 SPF record permerror: too many DNS lookups", {"spf": "permerror"}),
        ("5.7.1", "554 5.7.1 DKIM signature did not verify (body hash mismatch)", {"dkim": "fail"}),
    ],
)
def test_refusal_wording_signals(status: str, diagnostic: str, expected: dict[str, str]) -> None:
    auth = _auth(status, diagnostic)
    assert auth["relevant"] is True and auth["fix"]
    for method, result in expected.items():
        assert auth[method]["result"] == result, method  # type: ignore[index]


def test_smtp_auth_refusal_is_not_spf_dkim_dmarc() -> None:
    """A submission server asking the client to log in is not about SPF, DKIM or DMARC."""
    auth = _auth("5.7.0", "530 5.7.0 Authentication required: unauthenticated senders not allowed")
    assert [auth[m]["result"] for m in ("spf", "dkim", "dmarc")] == ["none", "none", "none"]  # type: ignore[index]
    assert auth["relevant"] is False and auth["fix"] is None
