"""The MIME tree: paths, decoding, embedded messages, defects as warnings."""

from __future__ import annotations

from pathlib import Path

from inspector.core.analyze import analyse_bytes, analyse_path
from inspector.core.mime import part_payload, part_source


def _one(data: bytes):
    results = analyse_bytes(data, "t.eml")
    assert len(results) == 1 and results[0].error is None
    return results[0]


def test_corpus_postfix_tree(corpus: Path) -> None:
    a = analyse_path(corpus / "eml" / "lhost-postfix-01.eml")[0]
    assert a.root is not None
    tree = [(p.path, p.content_type) for p in a.root.walk()]
    assert tree[:4] == [
        ("", "multipart/report"),
        ("1", "text/plain"),
        ("2", "message/delivery-status"),
        ("3", "message/rfc822"),
    ]
    dsn = a.root.children[1].dsn
    assert dsn is not None and dsn.per_message.text("Reporting-MTA") == "p351355.pool.example.ne.jp"
    assert len(dsn.recipients) == 1
    assert a.root.children[0].text and "The mail system" in a.root.children[0].text


def test_encodings_and_rfc2047() -> None:
    jp = "宛先不明です 550 5.1.1".encode("iso-2022-jp")
    data = (
        b"From: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?= <a@example.jp>\n"
        b"To: b@example.org\nSubject: =?utf-8?q?caf=C3=A9?= report\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="B"\n\n'
        b"--B\nContent-Type: text/plain; charset=ISO-2022-JP\nContent-Transfer-Encoding: 7bit\n\n" + jp + b"\n"
        b"--B\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n"
        b"Caf=C3=A9 =\nsoft break 452 4.2.2\n"
        b"--B\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
        b"NTUwIDUuNy4yNiB1bmF1dGhlbnRpY2F0ZWQ=\n--B--\n"
    )
    a = _one(data)
    assert a.sender == "こんにちは <a@example.jp>"
    assert a.subject == "café report"
    texts = [p.text for p in a.root.walk() if p.path in ("1", "2", "3")]
    assert texts[0].strip() == "宛先不明です 550 5.1.1"
    assert texts[1].startswith("Café soft break 452 4.2.2")
    assert texts[2] == "550 5.7.26 unauthenticated"
    assert {(path, c.code) for path, c in a.codes} >= {("1", "5.1.1"), ("2", "452"), ("3", "5.7.26")}
    for path, c in a.codes:
        part = next(p for p in a.root.walk() if p.path == path)
        assert part.text is not None and part.text[c.start : c.end] == c.code


def test_embedded_message_paths_follow_imap() -> None:
    data = (
        b'From: a@x.example\nTo: b@y.example\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="O"\n\n'
        b"--O\nContent-Type: text/plain\n\nhello\n"
        b"--O\nContent-Type: message/rfc822\n\n"
        b'From: c@z.example\nSubject: inner\nMessage-ID: <m1@z>\nContent-Type: multipart/alternative; boundary="I"\n\n'
        b"--I\nContent-Type: text/plain\n\nplain\n--I\nContent-Type: text/html\n\n<p>html</p>\n--I--\n"
        b"--O--\n"
    )
    a = _one(data)
    paths = [(p.path, p.content_type) for p in a.root.walk()]
    assert paths == [
        ("", "multipart/mixed"),
        ("1", "text/plain"),
        ("2", "message/rfc822"),
        ("2.1", "text/plain"),
        ("2.2", "text/html"),
    ]
    inner = a.root.children[1]
    assert inner.header("Subject") == "inner" and inner.is_message
    assert a.original is not None and a.original.message_id == "<m1@z>"


def test_defects_and_unknown_charset_are_warnings() -> None:
    data = (
        b'From: a@x.example\nTo: b@y.example\nMIME-Version: 1.0\nContent-Type: multipart/report; boundary="Q"\n\n'
        b"--Q\nContent-Type: text/plain; charset=x-no-such-charset\n\n\xe9t\xe9 550 5.1.1\n"
        b"--Q\nContent-Type: text/plain; charset=us-ascii\nContent-Transfer-Encoding: base64\n\nNTUwIDUuMS4x=\n"
    )
    a = _one(data)
    joined = " | ".join(a.warnings)
    assert "unknown charset 'x-no-such-charset'" in joined
    assert "closing multipart boundary is missing" in joined
    assert "base64" in joined
    assert a.root is not None and "été 550 5.1.1" in (a.root.children[0].text or "")


def test_malformed_headers_do_not_raise() -> None:
    for header in (b"From: a@", b"From: <", b"Message-ID: <", b'From: x: y; boundary="x"'):
        a = _one(header + b"\nTo: b@example.org\nSubject: s\n\nbody 550 5.1.1\n")
        assert a.root is not None


def test_part_source_root_is_the_input() -> None:
    data = b"From: a@x.example\nTo: b@y.example\nSubject: s\n\nbody\n"
    a = _one(data)
    assert a.root is not None and part_source(a.root) == data
    assert b"body" in part_source(a.root.children[0])


def test_parts_keep_bytes_and_their_source_and_body_are_cut_from_them() -> None:
    import base64
    import pickle

    png = bytes(range(40))
    data = (
        b"From: a@x.example\nTo: b@y.example\nSubject: s\nMIME-Version: 1.0\n"
        b'Content-Type: multipart/mixed; boundary="b1"\n\n'
        b"--b1\nContent-Type: text/plain\n\nthe notice 550 5.1.1\n"
        b"--b1\nContent-Type: image/png\nContent-Transfer-Encoding: base64\nContent-ID: <i1>\n\n"
        + base64.b64encode(png)
        + b"\n--b1\nContent-Type: message/rfc822\n\nFrom: c@z.example\nSubject: inner\n\ninner body\n--b1--\n"
    )
    a = _one(data)
    assert a.root is not None
    parts = {p.path: p for p in a.root.walk()}
    assert all(isinstance(p.source, bytes) for p in parts.values())  # no parser object in the model
    assert b"email.message" not in pickle.dumps(a)
    assert part_source(parts["1"]).endswith(b"the notice 550 5.1.1")
    assert part_source(parts["2"]).startswith(b"Content-Type: image/png")
    assert part_payload(parts["2"]) == png
    assert part_payload(parts["1"]) == b"the notice 550 5.1.1"
    assert part_source(parts["3"]).endswith(b"\n\ninner body") and b"Subject: inner" in part_source(parts["3"])
    assert part_payload(a.root) is None and part_source(parts["3"], 10) == part_source(parts["3"])[:10]


def test_undeclared_iso_2022_jp_is_decoded() -> None:
    jis = "宛先が見つかりません".encode("iso-2022-jp")
    data = b"From: a@x.example\nTo: b@y.example\nSubject: s\n\n550 5.1.1 " + jis + b"\n"
    a = _one(data)
    assert a.root is not None and "宛先が見つかりません" in (a.root.children[0].text or "")


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PARAM_PIECES = st.sampled_from(
    [
        '; charset="utf-8"',
        "; charset=us-ascii",
        ";",
        " ;",
        '; name="a;b.txt"',
        "; boundary=----=_X",
        "; report-type=delivery-status",
        "\n\t; format=flowed",
        "; Charset=ISO-2022-JP",
        "; x=",
        '; y=""',
        "; bare",
        "; a*=utf-8''x",
        "; title*=iso-8859-1'en'%E9t%E9",
        "; file*0*=utf-8''%E2%82; file*1*=%AC.txt",
        '; file*0="one"; file*1="two"',
        "; n*2=late",
        '; q="with \\" quote"',
        " (comment)",
        "; charset=utf-8; charset=latin1",
    ]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(_PARAM_PIECES, max_size=6))
def test_parameters_are_read_as_pythons_parser_reads_them(pieces: list[str]) -> None:
    """Plain forms, quoting, comments, bare words and RFC 2231 sections alike."""
    from email.message import Message
    from email.utils import collapse_rfc2231_value

    from inspector.core.headers import parse_params

    value = "text/plain" + "".join(pieces)
    m = Message()
    m["Content-Type"] = value
    std: dict[str, str] = {}
    try:
        params = m.get_params() or []
    except TypeError:  # sections numbered and not: the stdlib fails, we give no parameters
        params = []
    for k, v in params[1:]:
        if isinstance(v, tuple):
            v = collapse_rfc2231_value(v)
        if str(k):
            std.setdefault(str(k).lower(), str(v))
    assert parse_params(value) == std
