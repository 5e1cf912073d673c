"""The MIME tree the app shows: :class:`~inspector.core.model.Part` nodes with decoded text, built
from the entities :mod:`inspector.core.mimeparse` cut the message into.

Here a part's body is transfer-decoded (base64, quoted-printable, uuencode) and its charset read;
report parts get their DSN fields; the structure's defects become warnings. A part keeps the
bytes it was read from and its place in them, so its source (a Raw view) and its decoded body (an
attachment) are cut from them when asked for, without parsing again.

The walk is iterative and capped (depth, part count). Nothing here raises on bad input: every
problem becomes a warning on the part.
"""

from __future__ import annotations

import base64
import binascii
import quopri
import re

from inspector.core.dsn import parse_delivery_status
from inspector.core.headers import HeaderList, decode_value, parse_params
from inspector.core.limits import DEFAULT_LIMITS, Limits
from inspector.core.mimeparse import (
    DSN_TYPES,
    EMBEDDED_MESSAGE_TYPES,
    HEADERS_TYPES,
    IDENTITY_ENCODINGS,
    TEXT_LIKE_TYPES,
    Defect,
    Entity,
    ParsedMessage,
    parse_message,
)
from inspector.core.model import Part
from inspector.core.text import decode_bytes

_DEFECT_TEXT = {
    "NoBoundaryInMultipartDefect": "multipart without a boundary parameter",
    "StartBoundaryNotFoundDefect": "the multipart boundary never appears in the body",
    "CloseBoundaryNotFoundDefect": "the closing multipart boundary is missing (truncated message?)",
    "FirstHeaderLineIsContinuationDefect": "the first header line is a continuation line",
    "MisplacedEnvelopeHeaderDefect": "a 'From ' envelope line stands among the headers",
    "MissingHeaderBodySeparatorDefect": "no blank line between headers and body",
    "MultipartInvariantViolationDefect": "declared multipart but has no parts",
    "InvalidMultipartContentTransferEncodingDefect": "a multipart with a non-identity transfer encoding",
    "InvalidHeaderDefect": "a malformed header",
    "NestingTooDeepDefect": "MIME nesting too deep; the body is not parsed further",
}


def defect_text(defect: Defect) -> str:
    base = _DEFECT_TEXT.get(defect.name, defect.name)
    detail = defect.detail
    return f"{base} ({detail})" if detail and detail not in base and len(detail) < 200 else base


_UUENCODE = frozenset({"x-uuencode", "uuencode", "uue", "x-uue"})


def transfer_decode(body: bytes, encoding: str | None) -> bytes:
    """``body`` after its Content-Transfer-Encoding (RFC 2045 section 6; uuencode as mail clients
    still write it). Damaged input decodes as far as it can; an unknown encoding leaves the bytes
    as they are. Never raises."""
    if encoding is None or encoding in IDENTITY_ENCODINGS:
        return body
    if encoding == "quoted-printable":
        return quopri.decodestring(body)
    if encoding == "base64":
        return _base64(b"".join(body.splitlines()))
    if encoding in _UUENCODE:
        return _uudecode(body)
    return body


def _base64(data: bytes) -> bytes:
    """Strict first (with the padding a careless encoder left out); then skipping characters outside
    the alphabet; then with padding added; a length no padding can fix gives the bytes as they are."""
    missing = -len(data) % 4
    try:
        return base64.b64decode(data + b"=" * missing if missing != 3 else data, validate=True)
    except binascii.Error:
        pass
    for tail in (b"", b"=="):
        try:
            return base64.b64decode(data + tail, validate=False)
        except binascii.Error:
            continue
    return data


def _uudecode(data: bytes) -> bytes:
    """A uuencoded body (``begin MODE NAME`` ... ``end``); the bytes as they are when it is not one."""
    lines = iter(data.splitlines())
    for line in lines:
        if line.startswith(b"begin ") and re.fullmatch(rb"[0-7]+", line[6:].partition(b" ")[0]):
            break
    else:
        return data
    out: list[bytes] = []
    for line in lines:
        if not line:
            return data  # cut short
        if line.strip(b" \t\r\n\f") == b"end":
            break
        try:
            out.append(binascii.a2b_uu(line))
        except binascii.Error:
            try:  # an encoder that padded the line: read the length its first character gives
                out.append(binascii.a2b_uu(line[: (((line[0] - 32) & 63) * 4 + 5) // 3]))
            except binascii.Error:
                return data
    return b"".join(out)


_BASE64_JUNK_RE = re.compile(rb"[^A-Za-z0-9+/=\s]")


def base64_problem(body: bytes) -> str | None:
    """Why a base64 body is damaged, or None (it is decoded as far as it goes either way)."""
    if _BASE64_JUNK_RE.search(body):
        return "base64 body with invalid characters; decoded what could be read"
    if len(b"".join(body.split())) % 4:
        return "base64 body of impossible length (truncated?); decoded what could be read"
    return None


def build_tree(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[Part, list[str]]:
    """The tree of message ``data`` and the warnings of its parse. Never raises."""
    parsed = parse_message(data, limits)
    return TreeBuilder(parsed, limits).build(data), parsed.warnings


def part_payload(part: Part) -> bytes | None:
    """A leaf part's body after transfer decoding (for ``cid:`` images and attachments); None for
    containers and the whole message."""
    if not part.path or part.children or part.body_range is None or not isinstance(part.source, bytes):
        return None
    start, end = part.body_range
    return transfer_decode(part.source[start:end], part.transfer_encoding)


def part_source(part: Part, limit: int = DEFAULT_LIMITS.max_raw_bytes) -> bytes:
    """The undecoded source of ``part`` for a Raw view (the whole input for the root)."""
    if not isinstance(part.source, bytes):
        return b""
    if not part.path or part.source_range is None:
        return part.source[:limit] if not part.path else b""
    start, end = part.source_range
    return part.source[start : min(end, start + limit)]


class TreeBuilder:
    """Builds the Part tree of one parsed message, iteratively, within :class:`Limits`."""

    def __init__(self, parsed: ParsedMessage, limits: Limits = DEFAULT_LIMITS) -> None:
        self.parsed = parsed
        self.limits = limits
        self.count = 0

    def build(self, raw: bytes) -> Part:
        """The tree; ``raw``: the input as read, the root's source."""
        top = self.parsed.root
        root = self._node(top, "", root=True)
        root.source = raw
        stack: list[tuple[Entity, Part, int]] = [(top, root, 0)]
        while stack:
            ent, node, depth = stack.pop()
            children = self._children_of(ent, node)
            if not children:
                continue
            if depth + 1 > self.limits.max_depth:
                w = f"MIME nesting deeper than {self.limits.max_depth} levels; deeper parts are not shown"
                node.warnings.append(w)
                # Keep the deeper source as text so its codes are still found.
                data = self.parsed.data[ent.start : min(ent.end, ent.start + self.limits.max_text_chars)]
                node.text = node.text or decode_bytes(data, "utf-8")[0]
                continue
            base = node.path
            for i, child in enumerate(children, 1):
                if self.count >= self.limits.max_parts:
                    w = f"more than {self.limits.max_parts} MIME parts; the rest are not shown"
                    node.warnings.append(w)
                    break
                path = f"{base}.{i}" if base else str(i)
                node.children.append(self._node(child, path, root=False))
            for child, child_node in reversed(list(zip(children, node.children, strict=False))):
                stack.append((child, child_node, depth + 1))
        return root

    def _children_of(self, ent: Entity, node: Part) -> list[Entity]:
        """The entities of a node's children in IMAP numbering: a single-part message's body is
        part 1; an embedded message's body parts are the node's own children."""
        ctype = node.content_type
        if ctype in TEXT_LIKE_TYPES:
            return []
        if node.path == "" and ent.parts is None:
            return [ent]
        if ctype in EMBEDDED_MESSAGE_TYPES:
            if not ent.parts:
                return []
            inner = ent.parts[0]
            node.message_headers = HeaderList(inner.headers)
            if inner.parts is not None:
                if inner.content_type.startswith("multipart/"):
                    node.params.setdefault("inner-type", inner.content_type)
                return list(inner.parts)
            return [inner]
        return list(ent.parts or ())

    def _node(self, ent: Entity, path: str, *, root: bool) -> Part:
        self.count += 1
        warnings = [defect_text(d) for d in ent.defects]
        all_headers = HeaderList(ent.headers)
        raw = all_headers.raw_first
        cap = self.limits.max_header_chars
        ctype = ent.content_type
        ctype_value = raw("content-type")
        if ctype_value is not None and len(ctype_value) > cap:
            warnings.append("Content-Type header too long; treated as text/plain")
            ctype = "text/plain"
        params = _params(ctype_value, cap)
        charset = params.get("charset")
        cte = raw("content-transfer-encoding")
        filename = _filename(raw("content-disposition"), params, cap, warnings)
        leaf = ent.parts is None
        # A part's own headers are its MIME headers; a single-part message body (part 1 of a
        # message) does not repeat the message's From, To, Subject...
        if (root or path == "1" or path.endswith(".1")) and raw("from") is not None:
            # (a name that lower-cases to "content-..." starts with c or C: others skip the lower())
            own = HeaderList((k, v) for k, v in ent.headers if k[:1] in "cC" and k[:8].lower() == "content-")
        else:
            own = all_headers
        node = Part(
            path=path,
            content_type=ctype,
            params=params,
            transfer_encoding=decode_value(cte).lower() if cte else None,
            charset=charset.lower() if charset else None,
            size=ent.body_end - ent.body_start if leaf else 0,
            filename=filename,
            headers=own,
            message_headers=all_headers if root else None,
            warnings=warnings,
            source=self.parsed.data,
            source_range=(ent.start, ent.end),
            body_range=(ent.body_start, ent.body_end) if leaf else None,
        )
        if not root and leaf:
            self._fill_text(ent, node)
        return node

    def _fill_text(self, ent: Entity, node: Part) -> None:
        ctype = node.content_type
        maintype = ctype.split("/", 1)[0]
        # A multipart or message body that could not be cut is shown as it is.
        if maintype not in ("text", "multipart", "message") and ctype not in TEXT_LIKE_TYPES:
            return
        body = self.parsed.data[ent.body_start : ent.body_end]
        if node.transfer_encoding == "base64":
            warning = base64_problem(body)
            if warning:
                node.warnings.append(warning)
        data = transfer_decode(body, node.transfer_encoding)
        charset = node.charset or ("utf-8" if ctype.startswith("message/global") else None)
        text, warning = decode_bytes(data, charset)
        if warning:
            node.warnings.append(warning)
        if len(text) > self.limits.max_text_chars:
            text = text[: self.limits.max_text_chars]
            node.text_truncated = True
            node.warnings.append(f"text longer than {self.limits.max_text_chars:,} characters; the rest is not shown")
        node.text = text
        if ctype in DSN_TYPES:
            node.dsn = parse_delivery_status(text, is_global=ctype == "message/global-delivery-status")
            if not node.dsn.recipients:
                node.warnings.append("delivery-status part without any per-recipient block")
        elif ctype in HEADERS_TYPES:
            node.message_headers = headers_from_text(text)


def _params(value: str | None, cap: int) -> dict[str, str]:
    if value is None or len(value) > cap or ";" not in value:
        return {}
    return {k: decode_value(v) for k, v in parse_params(value).items()}


def _filename(disposition: str | None, params: dict[str, str], cap: int, warnings: list[str]) -> str | None:
    if disposition is not None and ";" in disposition:
        if len(disposition) > cap:
            warnings.append("Content-Disposition header too long; filename not read")
            return None
        name = parse_params(disposition).get("filename")
        if name:
            return decode_value(name)
    return params.get("name")


_HEADER_LINE_RE = re.compile(r"^([!-9;-~]+)[ \t]*:[ \t]*(.*)$")


def headers_from_text(text: str) -> HeaderList:
    """Parse a header block given as text (text/rfc822-headers, message/global-headers)."""
    out: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not line.strip():
            if out:
                break
            continue
        if line[:1] in " \t" and out:
            k, v = out[-1]
            out[-1] = (k, (v + " " + line.strip()).strip())
            continue
        m = _HEADER_LINE_RE.match(line)
        if m:
            out.append((m.group(1), m.group(2).strip()))
    return HeaderList(out)
