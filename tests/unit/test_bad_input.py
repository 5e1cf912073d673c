"""Hostile and broken input: always a result or a clear error, quickly, never a traceback."""

from __future__ import annotations

import base64
import os
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inspector.core.analyze import analyse_bytes, analyse_path
from inspector.core.dsn import parse_delivery_status
from inspector.core.mime import part_payload
from inspector.core.serialize import analysis_to_dict

H = b"From: a@b.example\nTo: c@d.example\nSubject: x\nMIME-Version: 1.0\n"


def _nested_multipart(depth: int) -> bytes:
    heads = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(depth))
    tails = b"".join(b"\n--b%d--\n" % i for i in reversed(range(depth)))
    return H + heads + b"Content-Type: text/plain\n\n550 5.1.1 deep\n" + tails


def _analyse_ok(data: bytes) -> None:
    for a in analyse_bytes(data, "case"):
        assert not (a.error or "").startswith("internal error"), a.error
        analysis_to_dict(a)  # the whole result serialises


def test_deep_multipart_nesting_is_reported() -> None:
    for depth in (60, 1200, 20_000):
        a = analyse_bytes(_nested_multipart(depth), "deep")[0]
        assert a.error is None
        assert any("nest" in w for w in a.warnings), a.warnings
        # The text is still searched for codes.
        assert any(c.code == "5.1.1" for _, c in a.codes)


def test_deep_message_rfc822_nesting() -> None:
    data = H + b"".join(b"Content-Type: message/rfc822\n\n" + H for _ in range(3000)) + b"\nbody\n"
    a = analyse_bytes(data, "deep")[0]
    assert a.error is None and any("nest" in w for w in a.warnings)


def test_huge_header_is_cut_before_parsing() -> None:
    data = H.replace(b"Subject: x", b"Content-Type: text/plain; " + b"a=b; " * 100_000) + b"\n550 5.1.1\n"
    a = analyse_bytes(data, "big-header")[0]
    assert any("were cut before parsing" in w for w in a.warnings)


def test_large_attachment_is_kept_whole_and_sized() -> None:
    raw = os.urandom(4 * 1024 * 1024)
    att = base64.encodebytes(raw)
    data = (
        H + b'Content-Type: multipart/mixed; boundary="XX"\n\n--XX\nContent-Type: text/plain\n\n'
        b"550 5.1.1 <z@y.example>: no such user\n--XX\nContent-Type: application/octet-stream\n"
        b"Content-Transfer-Encoding: base64\n\n" + att + b"--XX--\n"
    )
    a = analyse_bytes(data, "att")[0]
    assert a.root is not None
    part = a.root.children[1]
    assert part.size == len(att) - 1  # the line end before the delimiter is the delimiter's
    assert part.text is None and part_payload(part) == raw  # not decoded until asked for; then whole
    assert a.root.children[0].text is not None and "550 5.1.1" in a.root.children[0].text


def test_binary_empty_directory(tmp_path: Path) -> None:
    assert "binary" in (analyse_bytes(os.urandom(4096) + b"\x00", "junk")[0].error or "")
    assert "empty" in (analyse_bytes(b"", "e")[0].error or "")
    assert "folder" in (analyse_path(tmp_path)[0].error or "")


def test_charset_name_with_nul() -> None:
    # Found by atheris: codecs.lookup raises ValueError, not LookupError, on a NUL in the name.
    pad = b"X-Pad: " + b"p" * 1100 + b"\n"  # a NUL in the first KB would make it binary data
    data = H + pad + b'Content-Type: text/plain; charset="utf\x00-8"\n\n550 5.1.1\n'
    a = analyse_bytes(data, "nul-charset")[0]
    assert a.error is None and any("unknown charset" in w for w in a.warnings)


def test_eight_bit_bytes_in_a_multipart_transfer_encoding() -> None:
    # compat32 hands such a value out as a Header object (no .lower()); the fast parser once
    # crashed on it. The stdlib parser reads it and records the defect.
    data = H + b'Content-Type: multipart/mixed; boundary="B"\nContent-Transfer-Encoding: 7bit\xff\n\n'
    a = analyse_bytes(data + b"--B\nContent-Type: text/plain\n\n550 5.1.1 x\n--B--\n", "8bit-cte")[0]
    assert a.error is None and any("transfer encoding" in w for w in a.warnings)


def test_eight_bit_bytes_in_the_transfer_encoding_of_a_split_body() -> None:
    # Found by the random-structure test: a delivery-status body the stdlib split into blocks,
    # with 8-bit bytes in its Content-Transfer-Encoding (a Header object, not a string).
    data = H + b'Content-Type: multipart/digest; boundary="B"\n--B\nContent-Transfer-Encoding: 7bit\xff\n'
    _analyse_ok(data + b"Content-Type: message/delivery-status\n")


def test_nul_bytes_inside_a_message_body() -> None:
    data = H + b"\n" + b"text before" + b"\x00" * 10 + b" 550 5.1.1 after\n" * 300
    _analyse_ok(data)


def test_too_large_file_is_refused_without_reading(tmp_path: Path) -> None:
    p = tmp_path / "huge.eml"
    with open(p, "wb") as fh:
        fh.truncate(101 * 1024 * 1024)  # sparse: costs no disk
    t0 = time.perf_counter()
    a = analyse_path(p)[0]
    assert a.error is not None and "limit" in a.error
    assert time.perf_counter() - t0 < 5  # generous: this reads nothing


MIME_PIECES = st.sampled_from(
    [
        b"From: a@b.example\n",
        b"To: <\n",
        b"Message-ID: <\n",
        b'Content-Type: multipart/report; boundary="B"\n',
        b"Content-Type: message/delivery-status\n",
        b"Content-Type: message/global-delivery-status\n",
        b"Content-Type: message/rfc822\n",
        b"Content-Type: text/plain; charset=bogus\n",
        b"Content-Type: text/plain; charset=iso-2022-jp\n",
        b"Content-Transfer-Encoding: base64\n",
        b"Content-Transfer-Encoding: quoted-printable\n",
        b"Subject: =?utf-8?b?broken\n",
        b"\n",
        b"--B\n",
        b"--B--\n",
        b"Final-Recipient: rfc822; x@y.example\n",
        b"Final-Recipient: utf-8; \\x{FFFFFFFF}@y\n",
        b"Status: 5.1.1\n",
        b"Diagnostic-Code: smtp; 550-5.1.1 no\n 550 5.1.1 such\n",
        b"Action: failed\n",
        b"=?\n",
        b"\x1b$B\n",
        b"====\n",
        b"\xff\xfe\n",
        b" folded\n",
        b"Content-Transfer-Encoding: 7bit\xff\n",
        b'Content-Type: multipart/mixed; boundary="B\xe9"\n',
        b'Content-Type: multipart/digest; boundary="B"\n',
    ]
)


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(MIME_PIECES, max_size=40))
def test_random_mime_structures(pieces: list[bytes]) -> None:
    _analyse_ok(H + b"".join(pieces))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_random_bytes(data: bytes) -> None:
    _analyse_ok(data)
    _analyse_ok(H + b"\n" + data)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_random_delivery_status_text(text: str) -> None:
    report = parse_delivery_status(text, is_global=True)
    for g in report.recipients:
        assert g.fields
