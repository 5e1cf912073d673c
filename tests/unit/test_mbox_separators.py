"""One definition of an mbox ``From `` separator line: the whole-file loader and triage's streamed
reader split the same mailbox into the same messages, whatever its line ends (LF, CRLF, old-Mac
bare CR or a mix) and wherever a 1 MB read ends (inside a separator line too)."""

from __future__ import annotations

from pathlib import Path

import pytest

import inspector.core.triage.reader as reader
from inspector.core.loader import load_path, mbox_message, next_mbox_separator

# Each message as its lines; a separator line ahead of each. The second message quotes a "From "
# line (mboxrd-escaped); a "From:" header right after a separator is not one.
_MESSAGES = [
    ["Return-Path: <>", "From: MAILER-DAEMON@mx.example", "Subject: one", "", "550 5.1.1 <a@example.net>", ""],
    ["From: postmaster@mx.example", "Subject: two", "", ">From the last message:", "body", ""],
    ["From: postmaster@mx.example", "Subject: three", "", "452 4.2.2 mailbox full"],
]
_SEPARATORS = ["From MAILER-DAEMON Mon Dec  1 10:00:00 2025", "From a@b.example Tue", "From c Wed"]
_EXPECTED = [
    b"Return-Path: <>\nFrom: MAILER-DAEMON@mx.example\nSubject: one\n\n550 5.1.1 <a@example.net>\n",
    b"From: postmaster@mx.example\nSubject: two\n\nFrom the last message:\nbody\n",
    b"From: postmaster@mx.example\nSubject: three\n\n452 4.2.2 mailbox full",
]


def _mbox(ends: list[bytes]) -> bytes:
    """The mailbox with its n-th line ended by ``ends[n % len(ends)]`` (a blank line after a bare CR
    ended by CRLF, not LF: CR then LF is one line end)."""
    lines = [line for sep, msg in zip(_SEPARATORS, _MESSAGES, strict=True) for line in (sep, *msg)]
    out = b""
    for n, line in enumerate(lines):
        end = ends[n % len(ends)] if n < len(lines) - 1 else b""
        if not line and out.endswith(b"\r") and end == b"\n":
            end = b"\r\n"
        out += line.encode() + end
    return out


VARIANTS = {
    "lf": [b"\n"],
    "crlf": [b"\r\n"],
    "bare-cr": [b"\r"],
    "mixed": [b"\n", b"\r\n", b"\r"],
    "mixed-other-order": [b"\r", b"\n", b"\r\n"],
}


@pytest.mark.parametrize("variant", VARIANTS)
def test_loader_and_stream_split_alike_at_every_chunk_size(tmp_path: Path, variant: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    data = _mbox(VARIANTS[variant])
    path = tmp_path / f"{variant}.mbox"
    path.write_bytes(data)
    whole = [item.data for item in load_path(path)]
    assert whole == _EXPECTED
    # every chunk size up to the file's: a read ends at every byte of every separator line once
    for chunk in [*range(1, len(data) + 2), 1 << 20]:
        monkeypatch.setattr(reader, "CHUNK", chunk)
        streamed = list(reader.iter_file(str(path)))
        assert [m.data for m in streamed] == whole, chunk
        assert all(m.length >= 0 for m in streamed)  # streamed from the file, not read whole
        # the boundaries: each message's byte range holds it, and no line end of a separator
        for m in streamed:
            raw = data[m.offset : m.offset + m.length]
            assert mbox_message(raw) == m.data
            assert not raw.startswith((b"\r", b"\n"))
            after = data[m.offset + m.length :]
            assert after == b"" or after.startswith((b"\nFrom ", b"\rFrom ", b"\r\nFrom "))


@pytest.mark.parametrize(
    ("buf", "final", "expected"),
    [
        (b"From a\nbody", True, (0, 0, 7)),
        (b"\r\n\rFrom a\r\nbody", True, (0, 0, 11)),
        (b"From a\r", True, (0, 0, 7)),
        (b"From a\r", False, (0, 0, -1)),  # the CR may be half of a CRLF still to come
        (b"From a", False, (0, 0, -1)),
        (b"From a", True, None),  # a "From " line with no line end is not a separator
    ],
)
def test_first_separator(buf: bytes, final: bool, expected: tuple[int, int, int] | None) -> None:
    assert next_mbox_separator(buf, first=True, final=final) == expected


@pytest.mark.parametrize(
    ("buf", "expected"),
    [
        (b"x\nFrom b\ny", (1, 1, 9)),
        (b"x\r\nFrom b\r\ny", (2, 1, 11)),  # the message ahead ends before the whole CRLF
        (b"x\rFrom b\ry", (1, 1, 9)),
        (b"x\r\rFrom b\ny", (2, 2, 10)),  # a blank line (bare CR) ahead stays in the message
        (b"xFrom b\ny", None),
        (b"x\n>From b\ny", None),
    ],
)
def test_later_separator(buf: bytes, expected: tuple[int, int, int] | None) -> None:
    assert next_mbox_separator(buf, 0) == expected


@pytest.mark.parametrize("variant", VARIANTS)
def test_counting_and_sharding_see_the_same_separators(tmp_path: Path, variant: str) -> None:
    from inspector.core.triage.scale import plan_shards, shard_messages

    path = tmp_path / f"{variant}.mbox"
    path.write_bytes(_mbox(VARIANTS[variant]))
    assert reader.holds_several_messages(str(path))  # (a bare-CR mailbox was one message before)
    assert reader.count_messages([path]) == len(_EXPECTED)
    for per_shard in (1, 2):  # shards end where a message ends: before a separator's line end
        shards = plan_shards([path], per_shard)
        assert len(shards) == -(-len(_EXPECTED) // per_shard)
        msgs = [m for s in shards for m in shard_messages(s)]
        assert [m.data for m in msgs] == _EXPECTED
        assert [m.index for m in msgs] == list(range(len(_EXPECTED)))
