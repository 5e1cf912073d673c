"""The MIME parse (inspector/core/mimeparse.py) cuts messages as Python's own parser does (same
header fields, bodies and defects), on every corpus message and on generated damaged ones, while
keeping each part's place in the bytes."""

from __future__ import annotations

from email import message_from_bytes
from email.message import Message
from email.policy import compat32
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from inspector.core.loader import LoadError, load_path
from inspector.core.mimeparse import TEXT_LIKE_TYPES, Entity, ParsedMessage, parse_message


def _differences(parsed: ParsedMessage, ent: Entity, msg: Message, where: str = "root") -> list[str]:
    """Where our entity tree and the stdlib's message tree disagree (report types aside: they are
    text here, header blocks there)."""
    out: list[str] = []
    if ent.headers != list(msg.raw_items()):
        out.append(f"{where}: headers {ent.headers!r} != {list(msg.raw_items())!r}")
    if ent.content_type != msg.get_content_type():
        out.append(f"{where}: type {ent.content_type} != {msg.get_content_type()}")
    ours = [d.name for d in ent.defects]
    theirs = [type(d).__name__ for d in msg.defects]
    if ours != theirs:
        out.append(f"{where}: defects {ours} != {theirs}")
    if ent.content_type in TEXT_LIKE_TYPES:
        return out
    payload = msg._payload  # noqa: SLF001 - the stdlib keeps the body as read only there
    if ent.parts is None:
        body = parsed.text[ent.body_start : ent.body_end]
        if not isinstance(payload, str) or body != payload:
            out.append(f"{where}: body {body[:80]!r} != {str(payload)[:80]!r}")
        return out
    if not isinstance(payload, list) or len(payload) != len(ent.parts):
        return [*out, f"{where}: {len(ent.parts)} parts != {payload!r:.80}"]
    for i, (sub, sub_msg) in enumerate(zip(ent.parts, payload, strict=True), 1):
        out += _differences(parsed, sub, sub_msg, f"{where}.{i}")
    return out


def _agree(data: bytes) -> list[str]:
    parsed = parse_message(data)
    return _differences(parsed, parsed.root, message_from_bytes(data, policy=compat32))


def _corpus_messages(corpus: Path) -> list[tuple[str, bytes]]:
    out = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix not in (".json", ".md", ".toml")):
        try:
            items = load_path(path)
        except LoadError:
            continue  # a fixture that is no message (binary, empty)
        for item in items:
            if item.kind != "text":
                out.append((f"{path.name}#{item.index}", item.data))
    return out


def test_every_corpus_message_is_cut_as_pythons_parser_cuts_it(corpus: Path) -> None:
    """The shared corpus, our fixtures and the samples."""
    root = Path(__file__).resolve().parents[2]
    messages = [
        m
        for folder in (corpus, root / "tests" / "fixtures", root / "resources" / "samples")
        for m in _corpus_messages(folder)
    ]
    assert len(messages) > 480
    problems = {name: d for name, data in messages if (d := _agree(data))}
    assert not problems, problems


# Pieces of damaged mail: delimiters in the wrong places, a missing close, header lines that are
# no fields, continuation lines first, From lines, empty parts, nested multiparts, digests.
_LINES = st.sampled_from(
    [
        "--b\n",
        "--b--\n",
        "--b  \n",
        "--b--  \n",
        "--bx\n",
        "--c\n",
        "--c--\n",
        "\n",
        "Content-Type: text/plain\n",
        "Content-Type: multipart/mixed; boundary=c\n",
        "Content-Type: multipart/mixed\n",
        "Content-Type: multipart/digest; boundary=c\n",
        "Content-Type: message/rfc822\n",
        "Content-Type: multipart/alternative\n",
        "Content-Transfer-Encoding: base64\n",
        "Subject: x\n",
        " folded on\n",
        "no colon here\n",
        ":no name\n",
        "From someone Mon Jan  1 00:00:00 2024\n",
        "550 5.1.1 <a@b.example> unknown\n",
        "text line\n",
        "caf\xe9 8-bit\n",
    ]
)


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINES, max_size=24), st.booleans())
def test_damaged_messages_are_cut_as_pythons_parser_cuts_them(lines: list[str], final_newline: bool) -> None:
    text = "From: a@x.example\nContent-Type: multipart/mixed; boundary=b\n" + "".join(lines)
    if not final_newline:
        text = text.rstrip("\n")
    # One known difference: a "From " line last among a part's fields, right before the empty line
    # that ends them, goes to the body, and Python's parser then drops that empty line; here the
    # body stays the bytes as they stand (test_from_line_before_the_empty_line_keeps_it).
    assume("2024\n\n" not in text)
    data = text.encode("latin-1")
    assert _agree(data) == []


def test_from_line_before_the_empty_line_keeps_it() -> None:
    parsed = parse_message(b"Subject: s\nX: y\nFrom a Mon Jan  1 00:00:00 2024\n\nbody\n")
    root = parsed.root
    assert root.headers == [("Subject", "s"), ("X", "y")]
    assert parsed.data[root.body_start : root.body_end] == b"From a Mon Jan  1 00:00:00 2024\n\nbody\n"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"\n",
        b"Subject: only headers",
        b" continuation first\nSubject: s\n\nbody\n",
        b"Subject: s\nFrom x\nY: z\n\nbody\n",
        b'Content-Type: multipart/mixed; boundary="b"\n\npreamble only\n',
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b--\nclosed before opening\n',
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b\n\n--b\nContent-Type: text/plain\n\nx\n',
        "Content-Type: t\u00e9xt/plain\n\nbody\n".encode(),  # 8-bit bytes in the type
        b"Content-Type: multipart/mixed;\n boundary=b\n\n--b\n\nx\n--b--\n",
        b'Content-type: Multipart/Mixed; Boundary="b"\n\n--b\n\nx\n--b--\n',
    ],
)
def test_edge_messages_are_cut_as_pythons_parser_cuts_them(data: bytes) -> None:
    assert _agree(data) == []


def test_each_part_knows_its_bytes() -> None:
    data = (
        b'Content-Type: multipart/mixed; boundary="b"\n\n--b\nContent-Type: text/plain\n\nhello\n'
        b"--b\nContent-Type: message/rfc822\n\nSubject: inner\n\ninner body\n--b--\nepilogue\n"
    )
    parsed = parse_message(data)
    first, second = parsed.root.parts or []
    assert data[first.start : first.end] == b"Content-Type: text/plain\n\nhello"
    assert data[first.body_start : first.body_end] == b"hello"
    inner = (second.parts or [])[0]
    assert data[inner.body_start : inner.body_end] == b"inner body"
    assert data[second.start : second.end].endswith(b"Subject: inner\n\ninner body")


def test_crlf_input_is_read_with_lf_offsets() -> None:
    parsed = parse_message(b"Subject: s\r\nX: y\r\n\r\nbody\r\n")
    assert parsed.root.headers == [("Subject", "s"), ("X", "y")]
    assert parsed.data[parsed.root.body_start : parsed.root.body_end] == b"body\n"


def test_deep_nesting_stops_with_a_defect_not_an_error() -> None:
    data = b"".join(b"Content-Type: multipart/mixed; boundary=b%d\n\n--b%d\n" % (i, i) for i in range(500))
    ent = parse_message(data).root
    depth = 0
    while ent.parts:
        ent, depth = ent.parts[0], depth + 1
    assert 40 < depth < 500 and [d.name for d in ent.defects] == ["NestingTooDeepDefect"]


def test_an_8bit_boundary_is_found_as_written() -> None:
    """Python's parser reads a boundary with 8-bit bytes through a lossy decoding and then finds no
    delimiter; the bytes as written match here."""
    data = 'Content-Type: multipart/mixed; boundary="b\u00e9"\n\n--b\u00e9\n\nx\n--b\u00e9--\n'.encode()
    root = parse_message(data).root
    assert root.parts is not None and len(root.parts) == 1 and not root.defects


@settings(max_examples=600, deadline=None)
@given(st.lists(_LINES, max_size=30))
def test_every_range_lies_in_order_inside_the_bytes(lines: list[str]) -> None:
    """start <= body start <= body end <= end, for every entity of any input (a part's source and
    its body are cut from these; a body once ended after its part, found by random messages)."""
    data = ("From: a@x.example\nContent-Type: multipart/mixed; boundary=b\n" + "".join(lines)).encode("latin-1")
    parsed = parse_message(data)
    stack = [parsed.root]
    while stack:
        ent = stack.pop()
        assert 0 <= ent.start <= ent.body_start <= ent.body_end <= ent.end <= len(parsed.data)
        stack.extend(ent.parts or ())
