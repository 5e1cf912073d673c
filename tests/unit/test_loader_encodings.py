"""Inputs users send that are text after all: stray NUL bytes, and text saved with a byte-order
mark (UTF-16/UTF-32 as Windows Notepad writes it, UTF-8). Real binary files stay refused."""

from __future__ import annotations

import codecs
import importlib.util
import marshal
import os
import struct
import zlib
from pathlib import Path

import pytest

from inspector.core.analyze import analyse_bytes, analyse_path, analyse_text
from inspector.core.loader import LoadError, load_bytes

BOUNCE = (
    "From: MAILER-DAEMON@mx.example.net\n"
    "To: sender@example.org\n"
    "Subject: Undelivered Mail Returned to Sender\n"
    "MIME-Version: 1.0\n"
    'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\n'
    "\n"
    "--B\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "\n"
    "I'm sorry to have to inform you that your message could not be delivered.\n"
    "<bob@example.com>: host mx.example.com said: 550 5.1.1 <bob@example.com>: Recipient address\n"
    "    rejected: User unknown in virtual mailbox table (Zoë's note)\n"
    "\n"
    "--B\n"
    "Content-Type: message/delivery-status\n"
    "\n"
    "Reporting-MTA: dns; mx.example.net\n"
    "\n"
    "Final-Recipient: rfc822; bob@example.com\n"
    "Action: failed\n"
    "Status: 5.1.1\n"
    "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown\n"
    "\n"
    "--B--\n"
)
REPLY = "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown\r\n"


def _failed(data: bytes, source: str = "x") -> list[str]:
    [a] = analyse_bytes(data, source)
    assert a.error is None, a.error
    return [r.recipient or "" for r in a.recipients if r.severity == "permanent"]


def test_a_bounce_with_a_few_nuls_in_its_text_part_is_read_with_a_warning() -> None:
    data = BOUNCE.encode().replace(b"could not be delivered.", b"could not\x00 be\x00\x00 delivered.")
    assert data.index(b"\x00") < 1024
    [a] = analyse_bytes(data, "nul.eml")
    assert a.error is None and a.kind == "dsn"
    assert [r.recipient for r in a.recipients] == ["bob@example.com"]
    assert a.recipients[0].status == "5.1.1"
    assert any("3 NUL bytes" in w for w in a.warnings)


def test_pasted_text_with_a_nul_is_read_with_a_warning() -> None:
    a = analyse_text("550 5.1.1 <bob@example.com>: User\x00 unknown")
    assert a.error is None and a.recipients[0].reply_code == "550"
    assert any("1 NUL byte " in w for w in a.warnings)


def _pyc() -> bytes:
    code = compile("def f(x):\n    return {'a': x, 'b': [1, 2, 3]}\n" * 40, "m.py", "exec")
    return importlib.util.MAGIC_NUMBER + b"\x00" * 12 + marshal.dumps(code)


def _png() -> bytes:
    raw = b"".join(b"\x00" + bytes(range(64)) * 3 for _ in range(64))
    chunk = zlib.compress(raw)
    ihdr = struct.pack(">IIBBBBB", 192, 64, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\0\0\0\0" + chunk


@pytest.mark.parametrize(
    "data",
    [
        _pyc(),
        _png(),
        zlib.compress(BOUNCE.encode() * 20),
        os.urandom(4096),
        b"\x00" * 4096 + BOUNCE.encode(),  # a spool file with a block of NULs after a crash
        BOUNCE.encode().replace(b"\n", b"\x00\n"),  # NULs everywhere: not "a few"
        struct.pack("<4sI", b"RIFF", 36) + b"WAVEfmt " + bytes(range(256)) * 8,
    ],
    ids=["pyc", "png", "zlib", "random", "nul-block", "nul-per-line", "wav"],
)
def test_real_binary_files_are_still_refused(data: bytes) -> None:
    with pytest.raises(LoadError, match="binary data"):
        load_bytes(data, "f")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_bounce_saved_as_utf16_or_utf32_with_a_bom_is_read(codec: str, tmp_path: Path) -> None:
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(codec)
    bom = bom or {"utf-32-le": codecs.BOM_UTF32_LE, "utf-32-be": codecs.BOM_UTF32_BE}[codec]
    path = tmp_path / "saved.eml"
    path.write_bytes(bom + BOUNCE.replace("\n", "\r\n").encode(codec))
    [a] = analyse_path(path)
    assert a.error is None and a.kind == "dsn"
    assert [r.recipient for r in a.recipients] == ["bob@example.com"]
    name = codec[:6].upper()
    assert any(f"{name} text" in w and "byte-order mark" in w for w in a.warnings), a.warnings
    assert a.root is not None and "Zoë" in (a.root.children[0].text or "")


def test_a_reply_saved_by_notepad_as_unicode_is_read(tmp_path: Path) -> None:
    path = tmp_path / "error.txt"
    path.write_bytes(REPLY.encode("utf-16"))  # BOM + UTF-16 in this machine's byte order
    [a] = analyse_path(path)
    assert a.error is None and a.kind == "text"
    assert a.recipients[0].recipient == "bob@example.com" and a.recipients[0].status == "5.1.1"


def test_utf8_with_a_bom_is_read_silently() -> None:
    assert _failed(codecs.BOM_UTF8 + BOUNCE.encode()) == ["bob@example.com"]
    [a] = analyse_bytes(codecs.BOM_UTF8 + BOUNCE.encode())
    assert a.kind == "dsn" and not any("byte-order" in w for w in a.warnings)
    a = analyse_text("\ufeff" + BOUNCE)  # pasted from a file that had one
    assert a.kind == "dsn" and [r.recipient for r in a.recipients] == ["bob@example.com"]


def test_an_odd_length_utf16_file_is_read_with_a_replacement_mark() -> None:
    data = REPLY.encode("utf-16") + b"\x41"  # a cut-off last byte
    [a] = analyse_bytes(data, "cut.txt")
    assert a.error is None and a.recipients[0].reply_code == "550"
    assert any("undecodable" in w for w in a.warnings)


def test_a_bom_alone_is_empty() -> None:
    with pytest.raises(LoadError, match="empty"):
        load_bytes(codecs.BOM_UTF16_LE + "  \r\n".encode("utf-16-le"), "f")
