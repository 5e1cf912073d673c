"""HeaderList: headers in order, each value decoded when first read."""

from __future__ import annotations

from email import message_from_bytes
from email.policy import compat32

from inspector.core.headers import HeaderList, all_headers, first_header
from inspector.core.mime import build_tree
from inspector.core.mimeparse import parse_message

RAW = (
    b"Received: from a.example\n by b.example; Mon, 1 Jan 2024 00:00:00 +0000\n"
    b"Subject: =?utf-8?q?Unzustellbar=3A_M=C3=BCller?=\n"
    b"X-Failed-Recipients: one@example.com\n"
    b"x-failed-recipients: two@example.com\n"
    b"From: Mail Delivery <mailer-daemon@example.net>\n\nbody\n"
)


def test_values_are_decoded_when_read_and_order_is_kept() -> None:
    headers = HeaderList(parse_message(RAW).root.headers)
    assert headers == HeaderList(message_from_bytes(RAW, policy=compat32).raw_items())  # as Python's parser reads them
    assert len(headers) == 5
    assert headers.first("subject") == "Unzustellbar: Müller"
    assert headers.first("RECEIVED") == "from a.example by b.example; Mon, 1 Jan 2024 00:00:00 +0000"
    assert headers.first("To") is None
    assert headers.get_all("X-Failed-Recipients") == ["one@example.com", "two@example.com"]
    assert [k for k, _ in headers] == ["Received", "Subject", "X-Failed-Recipients", "x-failed-recipients", "From"]
    assert headers[1] == ("Subject", "Unzustellbar: Müller")
    assert headers == [(k, v) for k, v in headers]


def test_helpers_read_plain_lists_and_header_lists_alike() -> None:
    plain = [("To", "a@example.com"), ("to", "b@example.com")]
    lazy = HeaderList(plain)
    for seq in (plain, lazy):
        assert first_header(seq, "TO") == "a@example.com"
        assert all_headers(seq, "to") == ["a@example.com", "b@example.com"]


def test_message_node_reads_first_header_and_raw_size() -> None:
    msg = message_from_bytes(RAW, policy=compat32)
    root, _ = build_tree(RAW)
    assert root.header("subject") == "Unzustellbar: Müller"
    assert root.header("x-failed-recipients") == "one@example.com"
    assert isinstance(root.message_headers, HeaderList)
    # The size of the headers as written: the folded Received line counts its line break.
    assert root.message_headers.raw_size() == sum(len(k) + len(v) + 3 for k, v in msg.raw_items())
