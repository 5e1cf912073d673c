"""Reading a whole mailbox one message at a time, never all of it at once.

Input is any mix of paths: a single message (.eml, .txt), an mbox file (read in 1 MB chunks and
split on ``From `` separator lines as it is read), a Maildir (its ``cur/`` and ``new/``), or a
folder, read recursively. Each message comes out as a :class:`RawMessage`: its bytes and where
they are in the file (``offset``/``length``), so one message can be read again later without the
rest of the mailbox (:func:`read_message`).

Files are opened read-only. A file that cannot be used (missing, binary, too large) gives one
:class:`RawMessage` with ``error`` set, so a batch goes on and says which file was skipped.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from inspector.core.limits import DEFAULT_LIMITS, Limits
from inspector.core.loader import (
    Item,
    LoadError,
    count_mbox_separators,
    detect_kind,
    load_bytes,
    looks_binary,
    mbox_message,
    next_mbox_separator,
    normalise_newlines,
    read_file,
)

CHUNK = 1 << 20
"""Bytes read from an mbox at a time."""
PEEK = 64 * 1024
"""Bytes read from the start of a file to tell an mbox from a single message."""

# Files a folder walk skips: other programs' bookkeeping and things that are plainly not mail.
_SKIP_NAMES = frozenset({".ds_store", "thumbs.db", "desktop.ini", ".mh_sequences", "dovecot.index.log"})
_SKIP_SUFFIXES = (".gz", ".zip", ".png", ".jpg", ".jpeg", ".gif", ".pdf", ".exe", ".so", ".pyc")


@dataclass(slots=True)
class RawMessage:
    """One message (or a text file's content) of a mailbox, not analysed yet."""

    source: str
    index: int
    """Position among the messages of ``source`` (0 for a single-message file)."""
    data: bytes
    kind: str = "message"
    """``message`` or ``text`` (a file that holds a reply line or a log, not a message)."""
    offset: int = 0
    """Where the message starts in ``source`` (after an mbox's ``From `` line)."""
    length: int = -1
    """Its length in ``source`` in bytes; -1 for the whole file."""
    error: str | None = None


def expand_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """The files behind ``paths``: files as given, folders (Maildirs included) walked recursively
    in name order, hidden files and folders and Maildir ``tmp/`` left out."""
    for p in paths:
        name = os.fspath(p)
        if not os.path.isdir(name):
            yield name
            continue
        for root, dirs, files in os.walk(name):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not _is_maildir_tmp(root, d))
            for f in sorted(files):
                low = f.lower()
                if f.startswith(".") or low in _SKIP_NAMES or low.endswith(_SKIP_SUFFIXES):
                    continue
                yield os.path.join(root, f)


def _is_maildir_tmp(root: str, d: str) -> bool:
    return d == "tmp" and os.path.isdir(os.path.join(root, "cur")) and os.path.isdir(os.path.join(root, "new"))


def iter_messages(paths: Iterable[str | os.PathLike[str]], limits: Limits = DEFAULT_LIMITS) -> Iterator[RawMessage]:
    """Every message under ``paths``, in order, read as it is needed (a folder with no file in it
    gives one message with ``error``, so that it is not silently skipped)."""
    for p in paths:
        found = False
        for f in expand_paths([p]):
            found = True
            yield from iter_file(f, limits)
        if not found:
            yield RawMessage(os.fspath(p), 0, b"", error=f"{os.fspath(p)} holds no files to read")


def iter_file(path: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[RawMessage]:
    """The messages of one file: an mbox streamed, anything else read whole (within the limits)."""
    problem = _not_readable(path)
    if problem is not None:
        yield RawMessage(path, 0, b"", error=problem)
        return
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below; a generator holds it open between messages
    except OSError as exc:
        yield RawMessage(path, 0, b"", error=f"{path} cannot be read: {exc.strerror or exc}")
        return
    with fh:
        try:
            head = fh.read(PEEK)
        except OSError as exc:
            yield RawMessage(path, 0, b"", error=f"{path} cannot be read: {exc.strerror or exc}")
            return
        if _is_mbox(head):
            fh.seek(0)
            yield from split_mbox_stream(fh, path, limits)
            return
    yield from _whole_file(path, limits)


def _not_readable(path: str) -> str | None:
    """Why ``path`` cannot be read as mail, or None. A FIFO or device is refused before it is
    opened (opening a FIFO waits for a writer)."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return f"{path} does not exist"
    except OSError as exc:
        return f"{path} cannot be read: {exc.strerror or exc}"
    if stat.S_ISDIR(st.st_mode):
        return f"{path} is a folder, not a file"
    if not stat.S_ISREG(st.st_mode):
        return f"{path} is not a regular file"
    return None


def holds_several_messages(path: str) -> bool:
    """True for an mbox with more than one message, read no further than its first megabyte (a
    single message saved with an mbox ``From `` line is one message, not a mailbox)."""
    if _not_readable(path) is not None:
        return False
    try:
        with open(path, "rb") as fh:
            head = fh.read(CHUNK)
            more = bool(fh.read(1))
    except OSError:
        return False
    if not _is_mbox(head[:PEEK]):
        return False
    return count_mbox_separators(head) >= 1 or more


def _is_mbox(head: bytes) -> bool:
    if not head or looks_binary(head):
        return False
    return detect_kind(normalise_newlines(head)) == "mbox"


def _whole_file(path: str, limits: Limits) -> Iterator[RawMessage]:
    try:
        items = load_bytes(read_file(path, limits), path, limits)
    except LoadError as exc:
        yield RawMessage(path, 0, b"", error=str(exc))
        return
    for item in items:  # one item, or an mbox that did not look like one in its first 64 KB
        kind = "text" if item.kind == "text" else "message"
        yield RawMessage(path, item.index, item.data, kind, 0, -1)  # read again whole (read_message)


def split_mbox_stream(fh: BinaryIO, source: str, limits: Limits = DEFAULT_LIMITS) -> Iterator[RawMessage]:
    """Split an mbox read from ``fh`` into messages, as :func:`inspector.core.loader.split_mbox`
    does for bytes in memory (same separators, found by the same function; same message bytes),
    holding at most one message and one chunk.

    A message starts after its ``From `` line and ends before the line end (LF, CRLF or bare CR)
    ahead of the next one; mboxrd's ``>From `` escapes are undone. ``offset``/``length`` are
    positions in the file."""
    buf = b""
    base = 0  # file position of buf[0]
    index = 0
    start = -1  # where the current message starts in buf (-1: before the first separator)
    scan = 0  # where to look for the next separator's leading line end in buf
    eof = False
    while not eof:
        chunk = fh.read(CHUNK)
        if chunk:
            buf = buf + chunk if buf else chunk
        else:
            eof = True
        while True:
            sep = next_mbox_separator(buf, scan, first=start < 0, final=eof)
            if sep is None:
                scan = max(len(buf) - 5, scan, 0)  # a separator may start in the last 5 bytes
                break
            if sep.body < 0:
                scan = sep.at  # the separator line is not complete yet: look here again
                break
            if start >= 0:
                msg = mbox_message(buf[start : sep.end])
                if msg is not None:
                    yield RawMessage(source, index, msg, "message", base + start, sep.end - start)
                    index += 1
                    if index >= limits.max_messages:
                        return
            start = scan = sep.body
        if start > 0:  # drop what is done; keep the current message
            base += start
            buf = buf[start:]
            scan -= start
            start = 0
    if start >= 0:
        msg = mbox_message(buf[start:])
        if msg is not None:
            yield RawMessage(source, index, msg, "message", base + start, len(buf) - start)


def read_message(source: str, index: int, offset: int, length: int, limits: Limits = DEFAULT_LIMITS) -> RawMessage:
    """One message again, from where :func:`iter_messages` found it (for opening a triage row)."""
    if length < 0:
        for m in _whole_file(source, limits):
            if m.index == index or m.error:
                return m
        return RawMessage(source, index, b"", error=f"{source} no longer holds message {index}")
    try:
        with open(source, "rb") as fh:
            fh.seek(offset)
            raw = fh.read(length)
    except OSError as exc:
        return RawMessage(source, index, b"", error=f"{source} cannot be read: {exc.strerror or exc}")
    msg = mbox_message(raw)
    if msg is None:
        return RawMessage(source, index, b"", error=f"{source} changed: message {index} is no longer there")
    return RawMessage(source, index, msg, "message", offset, length)


def as_item(m: RawMessage) -> Item:
    return Item(m.data, "text" if m.kind == "text" else "message", m.index, m.source)


def count_messages(paths: Iterable[str | os.PathLike[str]], limits: Limits = DEFAULT_LIMITS) -> int:
    """About how many messages :func:`iter_messages` will give (for a progress bar): separator
    lines counted in 1 MB chunks for an mbox, one for any other file. Reads nothing into memory."""
    total = 0
    for f in expand_paths(paths):
        if _not_readable(f) is not None:
            total += 1
            continue
        try:
            with open(f, "rb") as fh:
                head = fh.read(PEEK)
                if not _is_mbox(head):
                    total += 1
                    continue
                n = count_mbox_separators(head) + 1
                tail = head[-5:]
                while chunk := fh.read(CHUNK):
                    n += count_mbox_separators(tail + chunk)
                    tail = chunk[-5:]
                total += min(n, limits.max_messages)
        except OSError:
            total += 1
    return total
