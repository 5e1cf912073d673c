"""The MIME parse: message bytes in, a tree of :class:`Entity` out (header fields as written, the
byte range of each body, the defects found). The one module that cuts a message into parts.

Why not ``email.parser``: it reads a message line by line in Python (most of the time a bounce took),
keeps 8-bit bodies as surrogate escapes the UI had to reach into private attributes to get back,
and a part it returns no longer knows where its bytes were. Here each entity keeps offsets into
the bytes that were parsed, so a Raw view or an attachment is a slice, and nothing is rebuilt.

The rules are those of RFC 5322 (header fields, folding) and RFC 2045/2046 (Content-Type, the
multipart delimiter lines, the line end before a delimiter belonging to it), read leniently the
way Python's own parser reads damaged mail, so that a message gives the same tree and defects
as before:

- header fields run to the first empty line; a line that is no field ends them there and then
  (*missing separator*) and starts the body; a continuation line first is dropped (*first line is
  a continuation*), a ``From`` line inside is dropped (*misplaced envelope header*), a field
  without a name too (*malformed header*);
- a multipart body is cut at its delimiter lines (``--boundary``, blanks allowed after it); a
  part ends at the next delimiter line of its own multipart (or of one around it); delimiter
  lines in a row open one part; before the first delimiter is the preamble, after the closing
  one the epilogue; no delimiter at all (*start boundary not found*) or no boundary parameter
  leaves the body as text; a missing closing delimiter (*close boundary not found*) lets the last
  part run to the end;
- message/rfc822, message/global, message/news and message/* types nobody defined hold one
  embedded message; the report types (delivery-status, feedback-report, headers...) are text;
- a multipart/digest's parts are message/rfc822 unless they say otherwise.

Header fields longer than :attr:`~inspector.core.limits.Limits.max_header_chars` are cut (the
structured reads after the parse are not linear in a value's length); nesting deeper than
:attr:`~inspector.core.limits.Limits.max_depth` (as the tree counts it) is not parsed: the
deepest part keeps its whole source as its body. Nothing here raises on any input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from inspector.core.headers import boundary_of, content_type_of, raw_value
from inspector.core.limits import DEFAULT_LIMITS, Limits

EMBEDDED_MESSAGE_TYPES = frozenset({"message/rfc822", "message/global", "message/news"})
"""message/* types whose body is one whole message (RFC 2046 section 5.2.1, RFC 6532 section 3.5)."""
DSN_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})
HEADERS_TYPES = frozenset({"text/rfc822-headers", "message/global-headers"})
"""Parts that hold the header block of the original message (RFC 6522, RFC 6533)."""
TEXT_LIKE_TYPES = frozenset(
    {
        *DSN_TYPES,
        "message/disposition-notification",
        "message/global-disposition-notification",
        "message/feedback-report",
        "message/global-headers",
        "message/partial",
        "message/external-body",
        "text/rfc822-headers",
        "application/json",
        "application/xml",
    }
)
"""Parts whose body is shown as text though their type is not text/* (reports, header blocks)."""

IDENTITY_ENCODINGS = frozenset({"7bit", "8bit", "binary"})
"""Content-Transfer-Encodings that leave the body as it is (RFC 2045 section 6.2)."""


@dataclass(frozen=True, slots=True)
class Defect:
    """Something wrong with the structure. ``name`` is one of the defect names of Python's
    ``email.errors`` (``CloseBoundaryNotFoundDefect``...), so that tools that know them read
    ours; ``detail`` the offending line, when there is one."""

    name: str
    detail: str = ""


@dataclass(slots=True, eq=False)
class Entity:
    """One message or body part as found in the parsed bytes (offsets index them).

    ``parts`` is None for a body kept as it is (a leaf, a report, or a multipart that could not be
    cut); the parts of a multipart; or, for an embedded message type, the one message it holds.
    """

    headers: list[tuple[str, str]]
    """Fields in order: the name and the value as written (folds kept, 8-bit bytes as surrogate
    escapes), blanks after the colon and the final line end taken off."""
    content_type: str
    start: int
    """Where the entity starts (its first header line)."""
    body_start: int
    body_end: int
    """The body, without the line end that belongs to the delimiter line after it."""
    end: int
    """Where the entity ends (the next delimiter line of the multipart around it, or the end)."""
    parts: list[Entity] | None = None
    defects: list[Defect] = field(default_factory=list)


@dataclass(slots=True)
class ParsedMessage:
    root: Entity
    data: bytes
    """The bytes the offsets index (the input, with CR LF and lone CR read as LF)."""
    text: str
    """``data`` as text, one character a byte (8-bit bytes as surrogate escapes)."""
    warnings: list[str]


# A header field, as Python's parser tells one: a name of printable characters but ":" (possibly
# none) and a colon; or a continuation line; or an mbox "From " line.
_FIELD_START_RE = re.compile(r"From |[\041-\071\073-\176]*:|[\t ]")
# A whole well-formed header block in one match (the common case), then its fields. The value
# starts with a character that is not a blank (the blanks before it belong to the separator): with
# one way only to split "name: value", a line that is no field fails at once.
_NAME = r"[\041-\071\073-\176]+"
_VALUE = r"(?:[^ \t\n][^\n]*)?(?:\n[ \t][^\n]*)*"
_FIELD_RE = re.compile(rf"({_NAME}):[ \t]*({_VALUE})")
_BLOCK_RE = re.compile(rf"{_NAME}:[ \t]*{_VALUE}(?:\n{_NAME}:[ \t]*{_VALUE})*")


def parse_message(data: bytes, limits: Limits = DEFAULT_LIMITS) -> ParsedMessage:
    """The entity tree of message ``data``. Never raises."""
    if b"\r" in data:
        data = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    text = data.decode("ascii", "surrogateescape")
    parser = _Parser(text, limits)
    root, _last = parser.entity(0, len(text), 0, "text/plain")
    if root.content_type.startswith("multipart/") and root.parts is None:
        root.defects.append(Defect("MultipartInvariantViolationDefect"))
    warnings = []
    if parser.cut_fields:
        warnings.append(
            f"{parser.cut_fields} header field(s) longer than {limits.max_header_chars:,} characters were cut "
            "before parsing"
        )
    return ParsedMessage(root, data, text, warnings)


class _Parser:
    def __init__(self, text: str, limits: Limits) -> None:
        self.text = text
        self.limits = limits
        self.cut_fields = 0

    def entity(self, start: int, end: int, depth: int, default_type: str) -> tuple[Entity, Entity]:
        """The entity in ``text[start:end]`` and the entity parsed last inside it (whose body
        loses the line end that belongs to the delimiter after it)."""
        headers, body_start, defects = self._headers(start, end)
        ctype_value = raw_value(headers, "content-type")
        if ctype_value is None:
            ctype = default_type
        elif ctype_value.isascii():
            ctype = content_type_of(ctype_value)
        else:  # 8-bit bytes in a type are no type's: shown as U+FFFD, as Python's parser does
            ctype = content_type_of(ctype_value.encode("ascii", "surrogateescape").decode("ascii", "replace"))
        ent = Entity(headers, ctype, start, body_start, end, end, None, defects)
        if depth > 2 * self.limits.max_depth + 1:
            # Beyond what the tree shows (an embedded message and its body are two levels here,
            # one in the tree, which stops at max_depth and says so): not parsed further.
            ent.defects.append(Defect("NestingTooDeepDefect"))
            return ent, ent
        if ctype.startswith("multipart/"):
            self._multipart(ent, ctype_value or "", depth)
            return ent, ent
        if ctype.startswith("message/") and ctype not in TEXT_LIKE_TYPES:
            inner, last = self.entity(body_start, end, depth + 1, "text/plain")
            ent.parts = [inner]
            return ent, last
        return ent, ent

    def _headers(self, start: int, end: int) -> tuple[list[tuple[str, str]], int, list[Defect]]:
        """The fields of the header block at ``start`` and where the body starts."""
        text = self.text
        if start >= end:
            return [], end, []
        if text[start] == "\n":
            return [], start + 1, []
        sep = text.find("\n\n", start, end)
        if sep >= 0 and _BLOCK_RE.fullmatch(text, start, sep):
            fields = _FIELD_RE.findall(text, start, sep)
            return self._capped(fields), sep + 2, []
        return self._headers_leniently(start, end)

    def _capped(self, fields: list[tuple[str, str]]) -> list[tuple[str, str]]:
        cap = self.limits.max_header_chars
        if all(len(v) <= cap for _, v in fields):
            return fields
        out = []
        for name, value in fields:
            if len(value) > cap:
                self.cut_fields += 1
                value = value[:cap]
                # Never leave a cut inside an encoded word or a quoted string open over the limit.
                if "\n" in value[-200:]:
                    value = value.rsplit("\n", 1)[0]
            out.append((name, value))
        return out

    def _headers_leniently(self, start: int, end: int) -> tuple[list[tuple[str, str]], int, list[Defect]]:
        """Header lines one by one, for a block that is not plainly well formed."""
        text = self.text
        defects: list[Defect] = []
        lines: list[tuple[int, int]] = []  # (start, end after the line end)
        pos = start
        body_start = end
        while pos < end:
            nl = text.find("\n", pos, end)
            line_end = end if nl < 0 else nl + 1
            if text[pos] == "\n":
                body_start = line_end  # the empty line that ends the fields
                break
            if not _FIELD_START_RE.match(text, pos, line_end):
                defects.append(Defect("MissingHeaderBodySeparatorDefect"))
                body_start = pos  # that line is the body's first
                break
            lines.append((pos, line_end))
            pos = line_end
        fields: list[tuple[str, str]] = []
        current: tuple[str, int, int] | None = None  # (name, value start, value end)
        for number, (ls, le) in enumerate(lines):
            first = text[ls]
            if first in " \t":
                if current is None:
                    defects.append(Defect("FirstHeaderLineIsContinuationDefect", text[ls:le]))
                else:
                    current = (current[0], current[1], le)
                continue
            if current is not None:
                fields.append(self._field(*current))
                current = None
            if text.startswith("From ", ls):
                if number == 0:
                    continue  # an mbox envelope line
                if number == len(lines) - 1:
                    body_start = ls  # the stdlib hands a last "From " line to the body
                    break
                defects.append(Defect("MisplacedEnvelopeHeaderDefect", text[ls:le]))
                continue
            colon = text.find(":", ls, le)
            if colon == ls:
                defects.append(Defect("InvalidHeaderDefect", "Missing header name."))
                continue
            current = (text[ls:colon], colon + 1, le)
        if current is not None:
            fields.append(self._field(*current))
        return self._capped(fields), body_start, defects

    def _field(self, name: str, value_start: int, value_end: int) -> tuple[str, str]:
        return name, self.text[value_start:value_end].lstrip(" \t").rstrip("\r\n")

    def _multipart(self, ent: Entity, ctype_value: str, depth: int) -> None:
        text = self.text
        boundary = boundary_of(ctype_value)
        if boundary is None:
            ent.defects.append(Defect("NoBoundaryInMultipartDefect"))
            return
        cte = raw_value(ent.headers, "content-transfer-encoding")
        if cte is not None and cte.lower() not in IDENTITY_ENCODINGS:
            ent.defects.append(Defect("InvalidMultipartContentTransferEncodingDefect"))
        delimiter = "--" + boundary
        end = ent.end
        # A boundary with a line end in it (a fold inside the parameter) is on no single line.
        found = None if "\n" in boundary else _delimiter(text, delimiter, ent.body_start, end)
        if found is None or found[1]:
            # No part opens: the body stays text (up to a closing delimiter when one comes first).
            ent.defects.append(Defect("StartBoundaryNotFoundDefect"))
            if found is not None:
                ent.body_end = found[0]
            return
        default_type = "message/rfc822" if ent.content_type == "multipart/digest" else "text/plain"
        parts: list[Entity] = []
        at = found[0]
        while True:
            # Delimiter lines in a row (of any kind) open one part.
            pos = at
            while pos < end and _delimiter_at(text, delimiter, pos, end) is not None:
                nl = text.find("\n", pos, end)
                pos = end if nl < 0 else nl + 1
            nxt = _delimiter(text, delimiter, pos, end)
            part_end = end if nxt is None else nxt[0]
            part, last = self.entity(pos, part_end, depth + 1, default_type)
            # The line end before a delimiter line belongs to the delimiter (RFC 2046 section 5.1.1):
            # it leaves the body of the entity parsed last in the part (a multipart's own body is its
            # parts: only one that could not be cut would lose it, and it keeps it), and the part.
            last_is_text = last.parts is None and not last.content_type.startswith("multipart/")
            if last_is_text and last.body_end > last.body_start and text[last.body_end - 1] == "\n":
                last.body_end -= 1
            if nxt is not None and (part.parts is not None or part.end > part.body_end):
                # (unless its body keeps it: a multipart's that could not be cut does, as it is read;
                # a container's own body range is its parts')
                part.end -= 1
                part.body_start, part.body_end = min(part.body_start, part.end), min(part.body_end, part.end)
            parts.append(part)
            if nxt is None:
                ent.defects.append(Defect("CloseBoundaryNotFoundDefect"))
                break
            if nxt[1]:
                break  # the closing delimiter: what follows is the epilogue
            at = nxt[0]
        ent.parts = parts


def _delimiter_at(text: str, delimiter: str, pos: int, end: int) -> bool | None:
    """At line start ``pos``: None if the line is no delimiter line of ``delimiter``, else whether
    it is the closing one (``--boundary--``)."""
    if not text.startswith(delimiter, pos, end):
        return None
    nl = text.find("\n", pos, end)
    rest = text[pos + len(delimiter) : end if nl < 0 else nl]
    if rest[:2] == "--":
        return True if not rest[2:].strip(" \t") else None
    return False if not rest.strip(" \t") else None


def _delimiter(text: str, delimiter: str, pos: int, end: int) -> tuple[int, bool] | None:
    """The first delimiter line at or after line start ``pos`` before ``end``: (its start, is the
    closing one), or None."""
    if pos < end:
        kind = _delimiter_at(text, delimiter, pos, end)
        if kind is not None:
            return pos, kind
    needle = "\n" + delimiter
    at = text.find(needle, pos, end)
    while at >= 0:
        kind = _delimiter_at(text, delimiter, at + 1, end)
        if kind is not None:
            return at + 1, kind
        at = text.find(needle, at + 1, end)
    return None
