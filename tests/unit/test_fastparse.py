"""The fast MIME path must build exactly what the stdlib parser builds, or step aside."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from inspector.core.fastparse import _boundary, fast_parse
from inspector.core.loader import load_path


def _same(a: Message, b: Message) -> bool:
    if list(a.raw_items()) != list(b.raw_items()):
        return False
    pa, pb = a._payload, b._payload  # noqa: SLF001 - compare what each parser stored
    if isinstance(pa, list) or isinstance(pb, list):
        if not (isinstance(pa, list) and isinstance(pb, list) and len(pa) == len(pb)):
            return False
        if not all(_same(x, y) for x, y in zip(pa, pb, strict=True)):
            return False
    elif pa != pb:
        return False
    # Defects must agree too: the fast path records a truncated multipart (no closing delimiter)
    # as the stdlib does, and gives up on everything else the stdlib would call a defect.
    return (
        a.preamble == b.preamble
        and a.epilogue == b.epilogue
        and [type(d) for d in a.defects] == [type(d) for d in b.defects]
        and all(type(d).__name__ == "CloseBoundaryNotFoundDefect" for d in a.defects)
    )


def _check(data: bytes) -> bool:
    """True when the fast path was taken (and agreed)."""
    fast = fast_parse(data)
    if fast is None:
        return False
    assert _same(message_from_bytes(data, policy=compat32), fast)
    return True


def test_whole_corpus_identical(corpus: Path) -> None:
    files = sorted((corpus / "eml").glob("*.eml")) + [corpus / "mbox" / "mbox-0"]
    taken = sum(_check(item.data) for f in files for item in load_path(f))
    assert taken >= 395  # of 414: the fast path serves nearly every real bounce, truncated ones included


H = b"From: a@b.example\nTo: c@d.example\nSubject: x\nMIME-Version: 1.0\n"
PIECES = st.sampled_from(
    [
        b'Content-Type: multipart/mixed; boundary="B"\n',
        b'Content-Type: multipart/alternative; boundary="C"\n',
        b"Content-Type: message/rfc822\n",
        b"Content-Type: message/delivery-status\n",
        b"Content-Type: text/plain\n",
        b"X-H: v\n",
        b" folded\n",
        b"\n",
        b"\n\n",
        b"--B\n",
        b"--B--\n",
        b"--B  \n",
        b"--C\n",
        b"--C--\n",
        b"text line\n",
        b"Final-Recipient: rfc822; a@b\n",
        b"no colon line\n",
        b'Content-Type: multipart/digest; boundary="B"\n',
        b"Content-Transfer-Encoding: base64\n",
        b"Content-Transfer-Encoding: 8bit\xff\n",
        b'Content-Type: text/plain; charset="\xe9"\n',
    ]
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=30))
def test_random_structures_identical_or_declined(pieces: list[bytes]) -> None:
    _check(H + b"".join(pieces))


def test_truncated_multiparts_take_the_fast_path_and_agree() -> None:
    outer = H + b'Content-Type: multipart/mixed; boundary="B"\n\npreamble\n--B\nContent-Type: text/plain\n\nhello\n'
    nested = (
        H + b'Content-Type: multipart/mixed; boundary="B"\n\n--B\n'
        b'Content-Type: multipart/alternative; boundary="C"\n\n--C\nContent-Type: text/plain\n\ninner\n'
        b"--B\nContent-Type: text/plain\n\nlast\n--B--\n"
    )
    for data in (outer, outer.rstrip(b"\n"), nested):
        assert _check(data), data
        msg = fast_parse(data)
        assert msg is not None
        assert [type(d).__name__ for m in msg.walk() for d in m.defects] == ["CloseBoundaryNotFoundDefect"]


def test_delivery_status_with_an_empty_block_takes_the_fast_path() -> None:
    data = (
        H + b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n\n'
        b"--B\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example\n\n\n"
        b"Final-Recipient: rfc822; a@b.example\nAction: failed\nStatus: 5.1.1\n\n--B--\n"
    )
    assert _check(data)


def test_header_lines_padded_with_blanks_then_a_bad_line_are_declined_at_once() -> None:
    # Found by atheris: with "name: value" split two ways at every blank, the block check
    # backtracked exponentially over such a block (this case would not finish).
    block = b"".join(b"X-%d:" % i + b" \t" * 20 + b"v\n" for i in range(60))
    data = H + block + b"not a header line\n\nbody\n"
    assert fast_parse(data) is None  # the stdlib parser records the defect
    assert not _check(data)


@pytest.mark.parametrize(
    "value",
    [
        'multipart/mixed; boundary="----=_Part_1"',
        "multipart/report; report-type=delivery-status;\n\tboundary=abc",
        'multipart/mixed; Boundary="a;b"; charset=us-ascii',
        'multipart/mixed; boundary="<x>"',  # the stdlib unquotes a boundary twice
        "multipart/mixed; boundary=<x>",
        'multipart/mixed; boundary="abc "',
        'multipart/mixed; boundary="a\\"b"',
        "multipart/mixed; boundary*=us-ascii''abc",
        "multipart/mixed; charset=x",
        "multipart/mixed; boundary=abc def",
    ],
)
def test_boundary_read_as_the_stdlib_reads_it(value: str) -> None:
    msg = Message()
    msg["Content-Type"] = value
    assert _boundary(msg, value) == msg.get_boundary()
