"""One safe way to read header values.

Python 3.11's ``policy.default`` raises on malformed headers (``From: a@``, ``Message-ID: <``), and
its structured parse is quadratic in the header's length. The core therefore parses with
``compat32`` and reads every header through :func:`decode_value`: raw value, length-capped, RFC 2047
decoded where possible, raw text where not. It never raises.
"""

from __future__ import annotations

import re
from email.header import decode_header
from email.message import Message

from inspector.core.limits import DEFAULT_LIMITS
from inspector.core.text import decode_bytes

_FOLD_RE = re.compile(r"\r?\n(?=[ \t])")
_ENCODED_WORD_RE = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def unfold(value: str) -> str:
    return _FOLD_RE.sub("", value).strip()


def _from_surrogates(value: str) -> str:
    """compat32 keeps 8-bit header bytes as surrogate escapes; turn them into text (UTF-8 first)."""
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        raw = value.encode("ascii", "surrogateescape")
        return decode_bytes(raw, "utf-8")[0]


def decode_value(value: str, max_chars: int = DEFAULT_LIMITS.max_header_chars) -> str:
    """A header's raw value as readable text. Never raises."""
    value = str(value)
    if "\n" not in value and "=?" not in value and len(value) <= max_chars and value.isascii():
        return value.strip()  # the common case, kept cheap
    value = unfold(value)
    if len(value) > max_chars:
        value = value[:max_chars] + " [...]"
    value = _from_surrogates(value)
    if "=?" not in value or not _ENCODED_WORD_RE.search(value):
        return value
    try:
        pieces = decode_header(value)
    except Exception:  # noqa: BLE001 - any defect: keep the raw text
        return value
    out: list[str] = []
    for chunk, charset in pieces:
        if isinstance(chunk, str):
            out.append(chunk)
        else:
            out.append(decode_bytes(chunk, charset or "us-ascii")[0])
    # decode_header drops the space between an encoded word and plain text; keep it readable.
    return "".join(out) if len(pieces) == 1 else _join_decoded(pieces, out)


def _join_decoded(pieces: list[tuple[bytes | str, str | None]], out: list[str]) -> str:
    text = ""
    for (chunk, charset), piece in zip(pieces, out, strict=True):
        if text and charset is None and not piece.startswith(" ") and isinstance(chunk, bytes):
            text += " "
        text += piece
    return re.sub(r"\s+", " ", text).strip()


def header_items(msg: Message) -> list[tuple[str, str]]:
    """All headers of ``msg`` in order, decoded."""
    return [(str(k), decode_value(v)) for k, v in msg.raw_items()]
