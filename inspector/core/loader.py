"""Reading input: a path or bytes becomes one or more :class:`Item` to analyse.

Input is one of
- a single message (.eml; LF, CRLF or bare-CR line ends),
- an mbox (``From `` separator lines) holding many messages,
- plain text that is not a message: a pasted reply line, a multi-line ``550-`` reply, an SMTP
  transcript, a mail-server log line.

Files are opened read-only and never written. Too large, empty, binary and unreadable inputs give
a :class:`LoadError` with a message meant for the person who opened the file.

Text saved with a byte-order mark (UTF-16 or UTF-32, as Windows Notepad writes it, or UTF-8) is
decoded as text; a few stray NUL bytes, which real mail does contain, do not make input binary.
Both are told in the item's ``warnings``.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from inspector.core.limits import DEFAULT_LIMITS, Limits
from inspector.core.model import InputKind


class LoadError(Exception):
    """The input cannot be analysed; ``str(exc)`` is a message for the user."""


@dataclass(slots=True)
class Item:
    """One message (or text) to analyse."""

    data: bytes
    kind: InputKind
    index: int = 0
    source: str = ""
    warnings: list[str] = field(default_factory=list)
    """What reading the input changed or found odd (an encoding read from its byte-order mark, NULs)."""


_HEADER_LINE_RE = re.compile(rb"^[!-9;-~]{1,76}[ \t]*:")
# Headers whose presence says "this is a message": any message has at least one of them.
_MESSAGE_HEADERS = frozenset(
    b.lower()
    for b in (
        b"From",
        b"To",
        b"Subject",
        b"Date",
        b"Received",
        b"Return-Path",
        b"Message-ID",
        b"MIME-Version",
        b"Content-Type",
        b"Delivered-To",
        b"X-Failed-Recipients",
        b"Sender",
        b"Reply-To",
        b"Auto-Submitted",
        b"X-Mailer",
        b"Content-Transfer-Encoding",
        b"DKIM-Signature",
        b"Authentication-Results",
        b"X-Original-To",
        b"Envelope-To",
        b"References",
        b"In-Reply-To",
    )
)
_MBOX_FROM_RE = re.compile(rb"^From \S+.*$", re.M)
_MBOXRD_ESCAPE_RE = re.compile(rb"^>(>*From )", re.M)


def normalise_newlines(data: bytes) -> bytes:
    if b"\r" not in data:
        return data
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
# Byte-order marks, longest first (UTF-32 LE starts with UTF-16 LE's mark).
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)
_BINARY_CONTROL_SHARE = 0.05
"""Input is binary when more than this share of its first 8 KiB are control bytes (NUL included)..."""
_FEW_NULS = 16
"""... or more NULs than this, or a NUL in its first 16 bytes (binary formats start with a header
that has some; stray NULs in mail are few and inside the text)."""


def looks_binary(data: bytes) -> bool:
    """Whether the input is binary data rather than mail or text. A message with a few stray NULs
    in its text is still text (real mail has them); program files, images, archives, audio are not."""
    head = data[:8192]
    if not head:
        return False
    if b"\x00" in head[:16] or head.count(b"\x00") > _FEW_NULS:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * _BINARY_CONTROL_SHARE


def decode_bom(data: bytes, source: str = "<bytes>") -> tuple[bytes, str | None]:
    """``data`` as UTF-8 without its byte-order mark, and a warning when it was another encoding
    (UTF-16 or UTF-32 with a BOM); unchanged data and None when it has no BOM."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            if codec == "utf-8":
                return body, None
            text = body.decode(codec, "replace")
            bad = text.count("\ufffd") - body.decode(codec, "ignore").count("\ufffd")
            note = f"{source} is {name} text (it starts with a byte-order mark); read as such"
            if bad:
                note += f", {bad} undecodable sequence{'s' if bad != 1 else ''} shown as \ufffd"
            return text.encode("utf-8", "surrogatepass"), note
    return data, None


def _looks_like_header_block(data: bytes) -> bool:
    """True when the input starts with an RFC 5322 header block that names a message header:
    at least two header fields, one of them a message header, before any line that is not one."""
    window = data[:16384]
    known = fields = 0
    pos = 0
    for _ in range(200):
        end = window.find(b"\n", pos)
        if end < 0:
            # The window ended inside the header block (a very long header line).
            return known >= 1 and (fields >= 2 or (pos == 0 and len(data) > len(window)))
        line = window[pos:end]
        pos = end + 1
        if not line.strip():
            break
        if line[:1] in (b" ", b"\t"):
            continue
        if not _HEADER_LINE_RE.match(line):
            break
        fields += 1
        if line.split(b":", 1)[0].strip().lower() in _MESSAGE_HEADERS:
            known += 1
        if fields >= 2 and known >= 1:
            return True
    return fields >= 2 and known >= 1


def detect_kind(data: bytes) -> InputKind:
    """ "message", "mbox" or "text" for bytes with newlines already normalised."""
    body = data.lstrip(b"\n")
    if body.startswith(b"From ") and _MBOX_FROM_RE.match(body):
        rest = body.split(b"\n", 1)[1] if b"\n" in body else b""
        if _looks_like_header_block(rest):
            return "mbox"
    if _looks_like_header_block(body):
        return "message"
    return "text"


# An mbox separator is a line that starts with "From ": at the start of the data (after blank lines)
# or after a line end, a line end being LF, CRLF or a bare CR (old Mac files). The first line of a
# message is never one (it is the line right after its own separator line). Both the whole-file
# split below and the streamed split of triage (core/triage/reader.py) find separators with
# :func:`next_mbox_separator`, on raw bytes, so that the two split every mbox the same way.
_MBOX_LEADING_SEPARATOR_RE = re.compile(rb"[\r\n]*From ")
_LINE_END_RE = re.compile(rb"[\r\n]")
_CR, _LF = 13, 10
_LINE_END_BYTES = (_CR, _LF)


class MboxSeparator(NamedTuple):
    """Where a ``From `` separator line is in a buffer."""

    at: int
    """Where the line end ahead of the ``From `` line starts (a later search may resume here)."""
    end: int
    """Where the message ahead of the separator ends (its last line end is not part of it)."""
    body: int
    """Where the message after it starts (after the separator line's own line end); -1 when the
    buffer ends before that line end is known (more data may follow)."""


def next_mbox_separator(buf: bytes, pos: int = 0, *, first: bool = False, final: bool = True) -> MboxSeparator | None:
    """The first separator line in ``buf`` whose leading line end is at or after ``pos``, or None.

    ``first``: also take a ``From `` line at the very start of ``buf`` (after blank lines), where an
    mbox's first separator is. ``final``: ``buf`` is all there is; otherwise a separator line that is
    not complete yet (no line end, or a CR that may be the start of a CRLF) gives ``body`` -1."""
    lead = _MBOX_LEADING_SEPARATOR_RE.match(buf) if first else None
    if lead is not None:
        at = end = 0
        line = lead.end()
    else:
        # A line end then "From ": "From " found with bytes.find (several times faster than a
        # regex that starts with a character class), then the byte ahead of it checked.
        i = buf.find(b"From ", pos + 1)
        while i >= 0 and buf[i - 1] not in _LINE_END_BYTES:
            i = buf.find(b"From ", i + 1)
        if i < 0:
            return None
        at = end = i - 1
        if buf[at] == _LF and at > 0 and buf[at - 1] == _CR:
            end = at - 1
        line = i + 5
    eol = _LINE_END_RE.search(buf, line)
    if eol is None:
        return None if final else MboxSeparator(at, end, -1)
    e = eol.start()
    if buf[e] == _LF:
        body = e + 1
    elif e + 1 < len(buf):
        body = e + 2 if buf[e + 1] == _LF else e + 1
    else:
        body = e + 1 if final else -1
    return MboxSeparator(at, end, body)


def count_mbox_separators(data: bytes) -> int:
    """About how many separator lines ``data`` holds (for a progress bar: a quick count of line ends
    followed by ``From ``, without the checks of :func:`next_mbox_separator`)."""
    return data.count(b"\nFrom ") + data.count(b"\rFrom ")


def mbox_message(raw: bytes) -> bytes | None:
    """One message as an mbox holds it (between two separators) as the message: line ends made LF,
    mboxrd's ``>From `` escapes undone; None when it is blank."""
    msg = normalise_newlines(raw)
    if b">From " in msg:
        msg = _MBOXRD_ESCAPE_RE.sub(rb"\1", msg)
    return msg if msg.strip() else None


def split_mbox(data: bytes, limits: Limits = DEFAULT_LIMITS) -> list[bytes]:
    """Split an mbox into messages (mboxo/mboxrd: ``>From `` lines are unescaped)."""
    out: list[bytes] = []
    sep = next_mbox_separator(data, first=True)
    while sep is not None and len(out) < limits.max_messages:
        nxt = next_mbox_separator(data, sep.body)
        msg = mbox_message(data[sep.body : nxt.end if nxt is not None else len(data)])
        if msg is not None:
            out.append(msg)
        sep = nxt
    return out


def load_bytes(data: bytes, source: str = "<bytes>", limits: Limits = DEFAULT_LIMITS) -> list[Item]:
    """Split input bytes into items. Raises :class:`LoadError` for input that cannot be used."""
    if len(data) > limits.max_file_bytes:
        raise LoadError(f"{source} is {len(data) / 1048576:.0f} MB; the limit is {limits.max_file_bytes // 1048576} MB")
    data, note = decode_bom(data, source)
    if not data or data.isspace():
        raise LoadError(f"{source} is empty")
    if looks_binary(data):
        raise LoadError(f"{source} is binary data, not an e-mail message or text")
    notes = [note] if note else []
    data = normalise_newlines(data)
    kind = detect_kind(data)
    if kind == "mbox":
        return [Item(m, "message", i, source, notes + _nul_note(m)) for i, m in enumerate(split_mbox(data, limits))]
    return [Item(data, kind, 0, source, notes + _nul_note(data))]


def _nul_note(data: bytes) -> list[str]:
    nuls = data.count(b"\x00")
    if not nuls:
        return []
    return [f"{nuls} NUL byte{'s' if nuls != 1 else ''} in the input, read as text"]


def load_text(text: str, source: str = "<pasted text>", limits: Limits = DEFAULT_LIMITS) -> list[Item]:
    """Pasted text: a whole message when it looks like one, otherwise text to scan for codes."""
    return load_bytes(text.encode("utf-8", "surrogatepass"), source, limits)


def _read_all(fd: int, size: int, limit: int) -> bytes:
    """What is left in ``fd``, whose size is about ``size``, up to just over ``limit`` bytes: one
    read for a file that does not change while it is read (no buffered file object around it)."""
    data = os.read(fd, size + 1)
    if len(data) <= size and (len(data) == size or not data):
        return data
    chunks, total = [data], len(data)
    while total <= limit:  # a short read, or the file grew: read on to its end (or the limit)
        more = os.read(fd, 1 << 20)
        if not more:
            break
        chunks.append(more)
        total += len(more)
    return b"".join(chunks)


def read_file(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a file read-only, with clear errors for directories, missing files and size."""
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise LoadError(f"{name} does not exist") from None
    except IsADirectoryError:
        raise LoadError(f"{name} is a folder, not a file") from None
    except OSError as exc:
        raise LoadError(f"{name} cannot be read: {exc.strerror or exc}") from None
    # O_NONBLOCK: opening a FIFO must not wait for a writer; the type check below refuses it.
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise LoadError(f"{name} is a folder, not a file")
        if not stat.S_ISREG(st.st_mode):
            raise LoadError(f"{name} is not a regular file")
        if st.st_size > limits.max_file_bytes:
            size, limit = st.st_size / 1048576, limits.max_file_bytes // 1048576
            raise LoadError(f"{Path(name).name} is {size:.0f} MB; the limit is {limit} MB")
        data = _read_all(fd, st.st_size, limits.max_file_bytes)
    except OSError as exc:
        raise LoadError(f"{name} cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(data) > limits.max_file_bytes:  # it grew since the check
        raise LoadError(f"{Path(name).name} is over the {limits.max_file_bytes // 1048576} MB limit")
    return data


def load_path(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> list[Item]:
    return load_bytes(read_file(path, limits), str(path), limits)
