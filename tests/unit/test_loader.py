"""Input detection and loading: messages, mbox, text; clear errors for bad input."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.core.loader import LoadError, detect_kind, load_bytes, load_path, normalise_newlines, split_mbox

MSG = b"From: a@example.org\nTo: b@example.org\nSubject: hi\n\nbody\n"


@pytest.mark.parametrize("eol", [b"\n", b"\r\n", b"\r"])
def test_single_message_any_line_end(eol: bytes) -> None:
    data = MSG.replace(b"\n", eol)
    items = load_bytes(data)
    assert len(items) == 1 and items[0].kind == "message"
    assert b"\r" not in items[0].data


def test_mbox_splits_and_unescapes() -> None:
    mbox = b"From a@b Mon Jan 1 00:00:00 2024\n" + MSG + b"\n>From the past\n\nFrom c@d Tue Jan 2 00:00:00 2024\n" + MSG
    items = load_bytes(mbox)
    assert [i.kind for i in items] == ["message", "message"]
    assert b"\nFrom the past" in items[0].data and items[1].index == 1


@pytest.mark.parametrize(
    "text",
    [
        b"550-5.1.1 The email account that you tried to reach does not exist.",
        b"Dec  1 03:50:00 mx postfix/smtp[123]: 4B2C3: to=<a@b.c>, status=bounced (host x said: 550 5.1.1 no)",
        b"EHLO me\n250 ok\nRCPT TO:<a@b.example>\n550 5.1.1 no such user\n",
        b"Diagnostic-Code: smtp; 550 5.1.1 user unknown",
    ],
)
def test_text_is_text(text: bytes) -> None:
    assert detect_kind(normalise_newlines(text)) == "text"


def test_corpus_mbox(corpus: Path) -> None:
    assert len(load_path(corpus / "mbox" / "mbox-0")) == 37


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"", "empty"), (b"  \n\n", "empty"), (b"\x00\x01\x02binary\xff" * 100, "binary")],
)
def test_bad_bytes(data: bytes, message: str) -> None:
    with pytest.raises(LoadError, match=message):
        load_bytes(data, "x.eml")


def test_directory_and_missing(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="folder"):
        load_path(tmp_path)
    with pytest.raises(LoadError, match="does not exist"):
        load_path(tmp_path / "nope.eml")


def test_file_is_not_modified(tmp_path: Path) -> None:
    p = tmp_path / "m.eml"
    p.write_bytes(MSG.replace(b"\n", b"\r\n"))
    os.chmod(p, 0o444)
    before = (p.read_bytes(), p.stat().st_mtime_ns)
    load_path(p)
    assert (p.read_bytes(), p.stat().st_mtime_ns) == before


def test_read_all_reads_to_the_end_when_the_size_was_wrong(tmp_path: Path) -> None:
    import os

    from inspector.core.loader import _read_all

    data = os.urandom(300_000)
    path = tmp_path / "grown.eml"
    path.write_bytes(data)
    for stated in (0, 10, 299_999, 300_000, 400_000):  # the file grew, shrank, or is as stated
        fd = os.open(path, os.O_RDONLY)
        try:
            assert _read_all(fd, stated, 10_000_000) == data
        finally:
            os.close(fd)
    big = tmp_path / "big.eml"
    big.write_bytes(os.urandom(3_000_000))
    fd = os.open(big, os.O_RDONLY)
    try:  # a file that grew past the limit while it is read is read to just over the limit
        assert 100_000 < len(_read_all(fd, 10, 100_000)) < 3_000_000
    finally:
        os.close(fd)


def _split_reference(data: bytes) -> list[bytes]:
    """The plain reading of an mbox: a separator is a whole "From " line at the start of the data
    or after a newline; each message runs to the newline before the next one (mboxrd unescaped)."""
    data = data.lstrip(b"\n")
    seps = [m.span() for m in re.finditer(rb"(?:\A|\n)From [^\n]*\n", data)]
    out = []
    for (_s, e), nxt in zip(seps, [s for s, _ in seps[1:]] + [len(data)], strict=False):
        msg = re.sub(rb"(?m)^>(>*From )", rb"\1", data[e:nxt])
        if msg.strip():
            out.append(msg)
    return out


@given(
    st.lists(
        st.sampled_from(
            [b"From a@b Mon\n", b"From x\n", b"\n", b"Subject: x\n", b"body\n", b">From y\n", b"From ", b"x"]
        ),
        max_size=12,
    )
)
def test_split_mbox_as_the_plain_reading(pieces: list[bytes]) -> None:
    data = b"".join(pieces)
    assert split_mbox(data) == _split_reference(data)
