"""Bounding the input before the stdlib parser sees it.

Two things in Python's email package cost far more than the bytes they read:
- parameter parsing is quadratic in a header's length (a 458 KB Content-Type takes seconds), so
  header fields longer than :attr:`Limits.max_header_chars` are cut here, before any parse;
- the parser walks every line of every part, so a 40 MB attachment costs more than a second
  although nothing in it can explain a bounce. Bodies of non-text parts over
  :data:`OMIT_BODY_BYTES` are left out; the part keeps its headers and its real size.

The scan is linear and uses only ``bytes.find``: it visits the header block at the top, after each
line that starts with ``--`` (a boundary candidate) and after the headers of an embedded message.
"""

from __future__ import annotations

import re

from inspector.core.limits import DEFAULT_LIMITS, Limits

OMIT_BODY_BYTES = 1024 * 1024
OMITTED_HEADER = "X-Bounce-Inspector-Omitted-Bytes"
"""Header added to a part whose body was left out; the tree builder turns it into a warning."""

_HEADER_START_RE = re.compile(rb"[!-9;-~]{1,76}[ \t]*:")
_CTYPE_RE = re.compile(rb"^content-type[ \t]*:[ \t]*([!-~]+?)(?:[;\s]|$)", re.I | re.M)
_KEEP_BODY_TYPES = (b"text/", b"message/", b"multipart/")


def bound_input(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[bytes, list[str]]:
    """``data`` with over-long header fields cut and huge non-text bodies left out."""
    if len(data) <= min(limits.max_header_chars, OMIT_BODY_BYTES):
        return data, []  # too short to hold a field over the cap or a body worth leaving out
    warnings: list[str] = []
    edits: list[tuple[int, int, bytes]] = []  # (start, end, replacement)
    starts = [0]
    pos = data.find(b"\n--")
    while pos >= 0:
        eol = data.find(b"\n", pos + 1)
        if eol < 0:
            break
        starts.append(eol + 1)
        pos = data.find(b"\n--", eol)
    i = 0
    while i < len(starts):
        s = starts[i]
        i += 1
        if not _HEADER_START_RE.match(data, s):
            continue
        e = data.find(b"\n\n", s)
        if e < 0:
            e = len(data)
        block = data[s:e]
        if len(block) > limits.max_header_chars:
            new_block, cut = _cap_fields(block, limits.max_header_chars)
            if cut:
                warnings.append(
                    f"{cut} header field(s) longer than {limits.max_header_chars:,} characters were cut before parsing"
                )
                edits.append((s, e, new_block))
                block = new_block
        m = _CTYPE_RE.search(block)
        ctype = m.group(1).lower() if m else b"text/plain"
        if ctype.startswith(b"message/") and e + 2 < len(data):
            starts.insert(i, e + 2)  # the embedded message's own header block
            continue
        if ctype.startswith(_KEEP_BODY_TYPES) or e >= len(data):
            continue
        body_start = e + 2
        nxt = data.find(b"\n--", body_start)
        body_end = len(data) if nxt < 0 else nxt + 1
        size = body_end - body_start
        if size > OMIT_BODY_BYTES:
            marker = f"\n{OMITTED_HEADER}: {size}".encode()
            if edits and edits[-1][0] == s:
                start, end, rep = edits.pop()
                edits.append((start, end, rep + marker))
            else:
                edits.append((e, e, marker))
            edits.append((body_start, body_end, b"\n"))
    if not edits:
        return data, warnings
    out = bytearray()
    last = 0
    for start, end, rep in sorted(edits, key=lambda t: (t[0], t[1])):
        out += data[last:start]
        out += rep
        last = end
    out += data[last:]
    return bytes(out), warnings


def _cap_fields(block: bytes, cap: int) -> tuple[bytes, int]:
    """Cut every header field (with its folded lines) of ``block`` to ``cap`` bytes."""
    fields: list[bytearray] = []
    for line in block.split(b"\n"):
        if line[:1] in (b" ", b"\t") and fields:
            if len(fields[-1]) <= cap:
                fields[-1] += b"\n" + line
            continue
        fields.append(bytearray(line))
    cut = 0
    out: list[bytes] = []
    for f in fields:
        if len(f) > cap:
            cut += 1
            f = f[:cap]
            # Never leave a cut inside an encoded word or a quoted string open over the limit.
            f = f.rsplit(b"\n", 1)[0] if b"\n" in f[-200:] else f
        out.append(bytes(f))
    return b"\n".join(out), cut
