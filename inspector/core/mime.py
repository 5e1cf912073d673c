"""The MIME tree: parse message bytes with the stdlib (``compat32``: it records defects instead of
raising) and turn the result into :class:`~inspector.core.model.Part` nodes with decoded text.

The walk is iterative and capped (depth, part count); the stdlib parser's own recursion limit is
caught and reported. Nothing here raises on bad input: every problem becomes a warning on the part.
"""

from __future__ import annotations

import base64
import contextlib
import io
import quopri
import re
from email import message_from_bytes
from email._policybase import compat32  # email.policy's compat32 without its header classes (~5 ms)
from email.message import Message
from email.utils import collapse_rfc2231_value
from functools import lru_cache
from typing import Any

from inspector.core.dsn import parse_delivery_status
from inspector.core.fastparse import fast_parse
from inspector.core.headers import HeaderList, content_type_of, decode_value, header_items, raw_value
from inspector.core.headers import simple_params as _simple_params
from inspector.core.limits import DEFAULT_LIMITS, Limits
from inspector.core.model import Part
from inspector.core.prescan import OMITTED_HEADER, bound_input
from inspector.core.text import decode_bytes

# Parts whose body is shown as text.
TEXT_LIKE_TYPES = frozenset(
    {
        "message/delivery-status",
        "message/global-delivery-status",
        "message/disposition-notification",
        "message/global-disposition-notification",
        "message/feedback-report",
        "text/rfc822-headers",
        "message/global-headers",
        "message/partial",
        "message/external-body",
        "application/json",
        "application/xml",
    }
)
# Parts that hold the header block of the original message.
HEADERS_TYPES = frozenset({"text/rfc822-headers", "message/global-headers"})
# message/* types the stdlib parses as an embedded message.
EMBEDDED_MESSAGE_TYPES = frozenset({"message/rfc822", "message/global", "message/news"})
DSN_TYPES = frozenset({"message/delivery-status", "message/global-delivery-status"})

_DEFECT_TEXT = {
    "NoBoundaryInMultipartDefect": "multipart without a boundary parameter",
    "StartBoundaryNotFoundDefect": "the multipart boundary never appears in the body",
    "CloseBoundaryNotFoundDefect": "the closing multipart boundary is missing (truncated message?)",
    "FirstHeaderLineIsContinuationDefect": "the first header line is a continuation line",
    "MisplacedEnvelopeHeaderDefect": "a 'From ' envelope line stands among the headers",
    "MissingHeaderBodySeparatorDefect": "no blank line between headers and body",
    "MultipartInvariantViolationDefect": "declared multipart but has no parts",
    "InvalidMultipartContentTransferEncodingDefect": "a multipart with a non-identity transfer encoding",
    "InvalidBase64PaddingDefect": "base64 body with bad padding",
    "InvalidBase64CharactersDefect": "base64 body with invalid characters",
    "InvalidBase64LengthDefect": "base64 body of impossible length (truncated?)",
    "UndecodableBytesDefect": "bytes that cannot be decoded",
    "InvalidHeaderDefect": "a malformed header",
}


def defect_text(defect: object) -> str:
    name = type(defect).__name__
    base = _DEFECT_TEXT.get(name, name)
    detail = str(defect)
    return f"{base} ({detail})" if detail and detail not in base and len(detail) < 200 else base


def _headers_only(data: bytes) -> Message:
    from email.parser import BytesParser  # the stdlib parser loads only when a message needs it

    return BytesParser(policy=compat32).parsebytes(data, headersonly=True)


def safe_parse(data: bytes, limits: Limits = DEFAULT_LIMITS) -> tuple[Message, list[str], bytes]:
    """Parse message bytes (bounded first by :func:`~inspector.core.prescan.bound_input`): the
    message, the warnings, and the bytes that were parsed (the bounded input)."""
    data, warnings = bound_input(data, limits)
    msg, parse_warnings = _parse(data)
    return msg, warnings + parse_warnings, data


def _parse(data: bytes) -> tuple[Message, list[str]]:
    fast = fast_parse(data)  # the same result, several times faster, for well-formed messages
    if fast is not None:
        return fast, []
    try:
        return message_from_bytes(data, policy=compat32), []
    except RecursionError:
        return (
            _headers_only(data),
            ["MIME nesting too deep for Python's parser; only the top-level headers and raw body are shown"],
        )
    except Exception as exc:  # noqa: BLE001
        return _headers_only(data), [f"the MIME structure could not be parsed ({type(exc).__name__}); headers only"]


def raw_payload(msg: Message) -> Any:
    """What the parser stored: a list of sub-messages or the body text as read (8-bit bytes kept as
    surrogate escapes). ``get_payload()`` would also look up the transfer encoding and replace
    those bytes, on every call."""
    return getattr(msg, "_payload", None)


_IDENTITY_ENCODINGS = frozenset({"7bit", "8bit", "binary"})


def body_bytes(msg: Message) -> bytes:
    """A leaf part's body after transfer decoding. Never raises."""
    payload = raw_payload(msg)
    if isinstance(payload, list):
        return flatten_body(msg)
    if isinstance(payload, str):
        cte = raw_value(msg.raw_items(), "content-transfer-encoding")
        if cte is None or str(cte).lower() in _IDENTITY_ENCODINGS:
            # What get_payload(decode=True) returns for a body that needs no decoding: the bytes
            # as read (the parser kept 8-bit bytes as surrogate escapes), without its look-ups.
            return payload.encode("ascii", "surrogateescape")
    try:
        data = msg.get_payload(decode=True)
    except Exception:  # noqa: BLE001
        data = None
    if isinstance(data, bytes):
        return data
    if isinstance(payload, str):
        return payload.encode("ascii", "surrogateescape")
    return b""


def flatten(msg: Message, limit: int | None = None) -> bytes:
    """The part as bytes (headers and body), generated without refolding; ``limit`` caps it."""
    from email.generator import BytesGenerator  # only for a Raw view

    buf = io.BytesIO()
    try:
        BytesGenerator(buf, mangle_from_=False, maxheaderlen=0, policy=compat32).flatten(msg)
    except RecursionError:
        return b"[part nested too deeply to regenerate]"
    except Exception as exc:  # noqa: BLE001
        return f"[part could not be regenerated: {type(exc).__name__}]".encode()
    data = buf.getvalue()
    return data if limit is None else data[:limit]


def _sub_message_bytes(sub: Message) -> bytes:
    """A sub-message the stdlib split off, back as the bytes it came from (raw header values keep
    their folds; no generator, which would re-fold and costs far more)."""
    head = "\n".join(f"{k}: {v}" for k, v in sub.raw_items())
    # The raw payload: get_payload() would turn 8-bit bytes (surrogate escapes) into U+FFFD.
    payload = getattr(sub, "_payload", None)
    if isinstance(payload, list):
        body = b"\n\n".join(_sub_message_bytes(p) for p in payload if isinstance(p, Message))
    else:
        body = str(payload or "").encode("utf-8", "surrogateescape")
    data = head.encode("utf-8", "surrogateescape")
    return data + b"\n\n" + body if body else data


def flatten_body(msg: Message) -> bytes:
    """The body of a part whose payload the stdlib split into sub-messages (delivery-status,
    message/global-delivery-status, message/global-headers), as it stood in the source."""
    payload = raw_payload(msg)
    if isinstance(payload, list):
        body = b"\n\n".join(_sub_message_bytes(p) for p in payload if isinstance(p, Message))
    else:
        body = str(payload or "").encode("utf-8", "surrogateescape")
    # The raw value: Message.get hands a value with 8-bit bytes out as a Header object.
    cte = str(raw_value(msg.raw_items(), "content-transfer-encoding") or "").strip().lower()
    if cte in ("base64", "quoted-printable"):
        with contextlib.suppress(Exception):
            body = base64.b64decode(body) if cte == "base64" else quopri.decodestring(body)
    return body


_BASE64_JUNK_RE = re.compile(r"[^A-Za-z0-9+/=\s]")


def base64_problem(payload: str) -> str | None:
    """Why a base64 body is damaged, or None (the stdlib decodes what it can silently)."""
    if _BASE64_JUNK_RE.search(payload):
        return "base64 body with invalid characters; decoded what could be read"
    if len("".join(payload.split())) % 4:
        return "base64 body of impossible length (truncated?); decoded what could be read"
    return None


@lru_cache(maxsize=2)
def _reparse(data: bytes) -> Message:
    """The parse of ``data`` again (the same bytes give the same objects): a part asked for its
    source or body is found in it by its path. Kept for the last messages asked about."""
    return _parse(data)[0]


def _message_at(data: bytes, path: str, cap: int = DEFAULT_LIMITS.max_header_chars) -> Message | None:
    """The stdlib message of the part at ``path`` in the parse of ``data``, found the way
    :class:`TreeBuilder` numbers parts; None when there is no such part."""
    m = _reparse(data)
    here = ""
    for step in path.split(".") if path else ():
        ctype = _content_type(m, HeaderList(m.raw_items()).raw_first("content-type"), [], cap)
        kids, _ = _child_messages(m, ctype, here)
        i = int(step) - 1 if step.isdigit() else -1
        if not 0 <= i < len(kids):
            return None
        m = kids[i]
        here = f"{here}.{step}" if here else step
    return m


def _part_message(part: Part) -> Message | None:
    if not part.path or not isinstance(part.source, bytes):
        return None
    return _message_at(part.source, part.path)


def part_payload(part: Part) -> bytes | None:
    """A leaf part's body after transfer decoding (for ``cid:`` images and attachments); None for
    containers and the whole message."""
    m = _part_message(part)
    if m is None or isinstance(raw_payload(m), list):
        return None
    return body_bytes(m)


def part_source(part: Part, limit: int = DEFAULT_LIMITS.max_raw_bytes) -> bytes:
    """The undecoded source of ``part`` for a Raw view (the whole input for the root)."""
    if not part.path:
        return part.source[:limit] if isinstance(part.source, bytes) else b""
    m = _part_message(part)
    return flatten(m, limit) if m is not None else b""


def _child_messages(m: Message, ctype: str, path: str) -> tuple[list[Message], Message | None]:
    """The messages of a node's children in IMAP numbering, and the embedded message when the
    node holds one (message/rfc822: its body parts are the node's children)."""
    payload = raw_payload(m)
    if ctype in DSN_TYPES or ctype in TEXT_LIKE_TYPES:
        return [], None
    if path == "" and not isinstance(payload, list):
        # A single-part message: its body is part 1 (IMAP numbering).
        return [m], None
    if ctype in EMBEDDED_MESSAGE_TYPES:
        if isinstance(payload, list) and payload and isinstance(payload[0], Message):
            inner = payload[0]
            # IMAP numbering: the embedded message's body parts become N.1, N.2...
            if inner.is_multipart():
                sub = raw_payload(inner)
                return ([p for p in sub if isinstance(p, Message)] if isinstance(sub, list) else []), inner
            return [inner], inner
        return [], None
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)], None
    return [], None


class TreeBuilder:
    """Builds the Part tree of one parsed message, iteratively, within :class:`Limits`."""

    def __init__(self, limits: Limits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.count = 0
        self.parsed = b""

    def build(self, msg: Message, raw: bytes, parsed: bytes | None = None) -> Part:
        """The tree of ``msg``, parsed from ``parsed`` (the bounded input; ``raw`` by default);
        ``raw``: the input as read, the root's source."""
        self.parsed = raw if parsed is None else parsed
        root = self._node(msg, "", root=True)
        root.source = raw
        # stack of (stdlib message, its node, depth)
        stack: list[tuple[Message, Part, int]] = [(msg, root, 0)]
        while stack:
            m, node, depth = stack.pop()
            children = self._children_of(m, node)
            if not children:
                continue
            if depth + 1 > self.limits.max_depth:
                w = f"MIME nesting deeper than {self.limits.max_depth} levels; deeper parts are not shown"
                node.warnings.append(w)
                # Keep the deeper source as text so its codes are still found.
                text, _ = decode_bytes(flatten(m, self.limits.max_text_chars), "utf-8")
                node.text = node.text or text
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

    def _children_of(self, m: Message, node: Part) -> list[Message]:
        children, inner = _child_messages(m, node.content_type, node.path)
        if inner is not None:
            node.message_headers = header_items(inner)
            if inner.is_multipart():
                node.params.setdefault("inner-type", inner.get_content_type())
        return children

    def _node(self, m: Message, path: str, *, root: bool) -> Part:
        self.count += 1
        warnings = [defect_text(d) for d in getattr(m, "defects", [])]
        items = m.raw_items()
        all_headers = HeaderList(items)
        raw = all_headers.raw_first
        cap = self.limits.max_header_chars
        ctype = _content_type(m, raw("content-type"), warnings, cap)
        params = _params(m, raw("content-type"), cap)
        charset = params.get("charset")
        cte = raw("content-transfer-encoding")
        filename = _filename(m, raw("content-disposition"), params, cap, warnings)
        payload = raw_payload(m)
        size = len(payload) if isinstance(payload, str) else 0
        omitted = raw(OMITTED_HEADER)
        if omitted is not None:
            size = int(omitted) if str(omitted).strip().isdigit() else size
            warnings.append(f"body of {size:,} bytes not decoded (non-text bodies over 1 MB are skipped)")
            all_headers = header_items(m, skip=OMITTED_HEADER)
        # A part's own headers are its MIME headers; a single-part message body (part 1 of a
        # message) does not repeat the message's From, To, Subject...
        if (root or path == "1" or path.endswith(".1")) and raw("from") is not None:
            # (a name that lower-cases to "content-..." starts with c or C: others skip the lower())
            own = HeaderList((k, v) for k, v in m.raw_items() if k[:1] in "cC" and k[:8].lower() == "content-")
        else:
            own = all_headers
        node = Part(
            path=path,
            content_type=ctype,
            params=params,
            transfer_encoding=decode_value(cte).lower() if cte else None,
            charset=charset.lower() if charset else None,
            size=size,
            filename=filename,
            headers=own,
            message_headers=all_headers if root else None,
            warnings=warnings,
            source=self.parsed,
        )
        if not root and (not isinstance(payload, list) or ctype in DSN_TYPES or ctype in TEXT_LIKE_TYPES):
            self._fill_text(m, node)
        return node

    def _fill_text(self, m: Message, node: Part) -> None:
        ctype = node.content_type
        maintype = ctype.split("/", 1)[0]
        is_text = maintype == "text" or ctype in TEXT_LIKE_TYPES or ctype in DSN_TYPES
        if maintype in ("multipart", "message") and isinstance(raw_payload(m), str):
            is_text = True  # a body the parser could not split: show it as it is
        if isinstance(raw_payload(m), list):
            if not is_text:
                return
            # The stdlib split this body into sub-messages (message/*); take it back as text.
            data = flatten_body(m)
            node.size = len(data)
        else:
            if not is_text:
                return
            data = body_bytes(m)
        payload = raw_payload(m)
        if node.transfer_encoding == "base64" and isinstance(payload, str):
            warning = base64_problem(payload)
            if warning:
                node.warnings.append(warning)
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


def _content_type(m: Message, value: str | None, warnings: list[str], cap: int) -> str:
    """The part's content type as the stdlib's ``get_content_type`` reads it (same rules: the
    default type when absent, text/plain when malformed), from the header ``value`` at hand."""
    if value is None:
        return m.get_default_type()
    if len(value) > cap:
        warnings.append("Content-Type header too long; treated as text/plain")
        return "text/plain"
    return content_type_of(str(value))


def _param_list(m: Message, header: str, raw: str | None) -> dict[str, str]:
    """The parameters of header ``header`` of ``m``, whose raw value is ``raw``."""
    simple = _simple_params(str(raw)) if raw is not None else None
    if simple is not None:
        return {k: decode_value(v) for k, v in simple.items()}
    try:
        params = m.get_params(header=header) or []
    except Exception:  # noqa: BLE001
        return {}
    out: dict[str, str] = {}
    for item in params[1:]:
        k, v = item
        if isinstance(v, tuple):  # RFC 2231 encoded value
            try:
                v = collapse_rfc2231_value(v)
            except Exception:  # noqa: BLE001
                v = str(v[2])
        if str(k):  # a stray ";" gives the stdlib an empty name
            out.setdefault(str(k).lower(), decode_value(str(v)))  # the first of repeated names wins
    return out


def _params(m: Message, raw_value: str | None, cap: int) -> dict[str, str]:
    if raw_value is None or len(raw_value) > cap or ";" not in raw_value:
        return {}
    return _param_list(m, "content-type", raw_value)


def _filename(m: Message, disposition: str | None, params: dict[str, str], cap: int, warnings: list[str]) -> str | None:
    if disposition is not None and ";" in disposition:
        if len(disposition) > cap:
            warnings.append("Content-Disposition header too long; filename not read")
            return None
        name = _param_list(m, "content-disposition", disposition).get("filename")
        if name:
            return name
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
