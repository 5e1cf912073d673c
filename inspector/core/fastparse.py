"""A fast path for the MIME parse of well-formed messages.

Python's feed parser reads a message line by line in Python code; on a corpus of bounces it costs
more than everything else the inspector does. Most bounces are well formed, so this module splits
them with ``str.find`` instead and builds the very same ``compat32`` message objects the stdlib
would (same headers, payloads, preamble and epilogue), so everything downstream is unchanged.

At the first thing it does not handle exactly like the stdlib (a header line without a colon, a
missing or unclosed boundary, deep nesting, a lone ``From `` line...), it gives up and returns None:
the caller then runs the stdlib parser, which records the defect. A test checks on the whole corpus
that both paths give identical analyses.
"""

from __future__ import annotations

import re
from email import errors
from email.message import Message

from inspector.core.headers import content_type_of, raw_value, simple_params

MAX_FAST_DEPTH = 30


class _GiveUp(Exception):
    """Something the stdlib would treat specially: let it parse this message."""


def fast_parse(data: bytes) -> Message | None:
    """Parse ``data`` (``\\n`` line ends) like ``message_from_bytes(data, policy=compat32)``, or
    return None when the stdlib must do it."""
    if b"\r" in data:
        return None
    text = data.decode("ascii", "surrogateescape")
    try:
        return _Parser().parse(text, 0)
    except _GiveUp:
        return None


# A header field: a name of printable characters but ":", the colon, blanks, then the value with its
# continuation lines (those that start with a blank), as compat32 keeps it.
_NAME = r"[\041-\071\073-\176]+"
# The value starts with a character that is not a blank (the blanks before it belong to the
# separator): with only one way to split "name: value", a line that is no header fails at once
# (an ambiguous split backtracks exponentially over a block of such lines).
_VALUE = r"(?:[^ \t\n][^\n]*)?(?:\n[ \t][^\n]*)*"
_FIELD_RE = re.compile(rf"({_NAME}):[ \t]*({_VALUE})")
_BLOCK_RE = re.compile(rf"{_NAME}:[ \t]*{_VALUE}(?:\n{_NAME}:[ \t]*{_VALUE})*")


def _headers(block: str) -> list[tuple[str, str]]:
    """The fields of a header block, or :class:`_GiveUp` for anything the stdlib would call a
    defect (a first line that is a continuation, a line without a colon, a name with a blank,
    an mbox ``From `` line)."""
    if not block:
        return []  # an empty delivery-status block (two blank lines in a row)
    if not _BLOCK_RE.fullmatch(block):
        raise _GiveUp
    return _FIELD_RE.findall(block)


def _content_type(value: str | None) -> str:
    """What ``Message.get_content_type`` gives for a part whose first Content-Type is ``value`` (a
    part of the fast path has no multipart/digest parent, so the default is text/plain)."""
    if value is None:
        return "text/plain"
    if not value.isascii():
        raise _GiveUp  # compat32 hands 8-bit values out as Header objects: the stdlib's rules
    return content_type_of(value)


_UNQUOTED = frozenset('"<>\\')
"""Characters the stdlib's unquoting of a parameter value (done twice for a boundary) may take off."""


def _boundary(msg: Message, ctype_value: str | None) -> str | None:
    """``msg.get_boundary()``, read from the Content-Type value ``ctype_value`` (ASCII) by
    :func:`~inspector.core.headers.simple_params` when it is in plain form and the boundary has
    nothing the stdlib would unquote or strip (nearly always); else by the stdlib."""
    simple = simple_params(ctype_value) if ctype_value is not None else None
    boundary = simple.get("boundary") if simple is not None else None
    if boundary is None or not _UNQUOTED.isdisjoint(boundary) or boundary != boundary.rstrip():
        return msg.get_boundary()
    return boundary


class _Parser:
    """One parse. Like the stdlib it tracks a "last" message: the one created last, or the
    multipart whose part just ended. After each part the newline that belongs to the next boundary
    is stripped from *that* message's payload (or epilogue): for an embedded message/rfc822 part it
    is the embedded message, not the part itself."""

    def __init__(self) -> None:
        self.last: Message | None = None
        self.ctypes: dict[int, str] = {}
        """id(message) -> its content type, as ``get_content_type`` would give it."""

    def _new(self) -> Message:
        self.last = Message()
        return self.last

    def parse(self, text: str, depth: int) -> Message:
        if depth > MAX_FAST_DEPTH:
            raise _GiveUp
        if text.startswith("\n"):
            headers: list[tuple[str, str]] = []
            body = text[1:]
        else:
            sep = text.find("\n\n")
            if sep < 0:
                raise _GiveUp  # headers only, or no blank line: the stdlib's own rules apply
            headers = _headers(text[:sep])
            body = text[sep + 2 :]
        msg = self._new()
        msg._headers = headers  # type: ignore[attr-defined]  # what set_raw appends to, one by one
        ctype_value = raw_value(headers, "content-type")
        ctype = self.ctypes[id(msg)] = _content_type(ctype_value)
        maintype = ctype.split("/", 1)[0]
        if maintype == "multipart":
            self._multipart(msg, body, depth, _boundary(msg, ctype_value))
        elif ctype == "message/delivery-status":
            self._delivery_status(msg, body)
        elif maintype == "message":
            # The stdlib parses every other message/* body as one embedded message.
            if not body.strip():
                raise _GiveUp
            msg.set_payload([self.parse(body, depth + 1)])
        else:
            msg.set_payload(body)
        return msg

    def _multipart(self, msg: Message, body: str, depth: int, boundary: str | None) -> None:
        if self.ctypes[id(msg)] == "multipart/digest":
            raise _GiveUp  # its parts default to message/rfc822: the stdlib's rules
        cte = raw_value(msg.raw_items(), "content-transfer-encoding")
        if not boundary or (cte is not None and (not cte.isascii() or cte.lower() not in ("7bit", "8bit", "binary"))):
            raise _GiveUp  # an encoded multipart is a defect; 8-bit bytes in the field: the stdlib's rules
        delim = "--" + boundary
        # Delimiter lines: "--boundary" at a line start, then optional "--" and trailing blanks.
        positions: list[tuple[int, int, bool]] = []  # (line start, line end, is close)
        if body.startswith(delim):
            pos = 0
        else:
            found = body.find("\n" + delim)
            pos = found + 1 if found >= 0 else -1
        while pos >= 0:
            after = pos + len(delim)
            eol = body.find("\n", after)
            line_end = len(body) if eol < 0 else eol
            rest = body[after:line_end]
            close = rest.startswith("--")
            if (rest[2:] if close else rest).strip(" \t") == "":
                positions.append((pos, line_end, close))
                if close:
                    break
            nxt = body.find("\n" + delim, line_end)
            pos = nxt + 1 if nxt >= 0 else -1
        if not positions or positions[0][2]:
            raise _GiveUp  # no parts: the stdlib records the defect
        closed = positions[-1][2]
        if not closed:
            # Truncated: the last part runs to the end, as in the stdlib, which notes the defect.
            positions.append((len(body), len(body), True))
        msg.preamble = body[: positions[0][0] - 1] if positions[0][0] > 0 else None
        parts: list[Message | str] = []
        for (_start, end, _close), (nstart, _nend, _nclose) in zip(positions, positions[1:], strict=False):
            if end + 1 >= nstart:
                raise _GiveUp  # an empty part
            parts.append(self.parse(body[end + 1 : nstart], depth + 1))
            self._strip_boundary_newline()
            self.last = msg  # as the stdlib does once a part is done
        if closed:
            epilogue_start = positions[-1][1] + 1
            msg.epilogue = body[epilogue_start:] if epilogue_start <= len(body) else ""
        else:
            msg.defects.append(errors.CloseBoundaryNotFoundDefect())
        msg.set_payload(parts)

    def _strip_boundary_newline(self) -> None:
        last = self.last
        if last is None:
            return
        ctype = self.ctypes.get(id(last)) or last.get_content_type()
        if ctype.startswith("multipart/"):
            if last.epilogue == "":
                last.epilogue = None
            elif last.epilogue is not None and last.epilogue.endswith("\n"):
                last.epilogue = last.epilogue[:-1]
            return
        payload = getattr(last, "_payload", None)  # where the stdlib keeps it, unconverted
        if isinstance(payload, str) and payload.endswith("\n"):
            last.set_payload(payload[:-1])

    def _delivery_status(self, msg: Message, body: str) -> None:
        """Blocks as the stdlib cuts them: each ends at one blank line, so two blank lines in a
        row make an empty block."""
        lines = body.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        blocks: list[Message | str] = []
        i = 0
        while True:
            start = i
            while i < len(lines) and lines[i] != "":
                i += 1
            sub = self._new()
            for name, value in _headers("\n".join(lines[start:i])):
                if name.lower() == "content-type":
                    raise _GiveUp  # the stdlib would parse this block as a MIME entity of that type
                sub.set_raw(name, value)
            sub.set_payload("")
            blocks.append(sub)
            i += 1  # the blank line that ends the block
            if i >= len(lines):
                break
        msg.set_payload(blocks)
