"""One safe way to read header values.

Python 3.11's ``policy.default`` raises on malformed headers (``From: a@``, ``Message-ID: <``), and
its structured parse is quadratic in the header's length. The core therefore parses with
``compat32`` and reads every header through :func:`decode_value`: raw value, length-capped, RFC 2047
decoded where possible, raw text where not. It never raises.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import TYPE_CHECKING, overload

from inspector.core.limits import DEFAULT_LIMITS
from inspector.core.text import decode_bytes

if TYPE_CHECKING:  # the data model reads headers through this module; it need not load email.*
    from email.message import Message

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
        pass
    try:
        # UTF-8, not ASCII: a value read from bytes as UTF-8 (the redactor's) holds letters beside
        # the escapes, and ASCII raised on them (found by atheris).
        raw = value.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte
        return value.encode("utf-8", "replace").decode("utf-8")
    return decode_bytes(raw, "utf-8")[0]


def decode_value(value: str, max_chars: int = DEFAULT_LIMITS.max_header_chars) -> str:
    """A header's raw value as readable text. Never raises."""
    value = str(value)
    if "\n" not in value and "=?" not in value and len(value) <= max_chars and value.isascii():
        return value.strip()  # the common case, kept cheap
    value = unfold(value)
    if len(value) > max_chars:
        value = value[:max_chars] + " [...]"
    if not value.isascii():
        value = _from_surrogates(value)
    if "=?" not in value or not _ENCODED_WORD_RE.search(value):
        return value
    from email.header import decode_header  # not at start-up: the UI imports this module for the model

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


class HeaderList(Sequence[tuple[str, str]]):
    """A message's or part's headers in order, each value decoded (:func:`decode_value`) the first
    time it is read. Most headers of a bounce (Received, DKIM-Signature...) are never looked at, so
    decoding them all up front was a good part of the cost of building the tree."""

    __slots__ = ("_raw", "_decoded", "_first")

    def __init__(self, raw: Iterable[tuple[str, str]] = ()) -> None:
        self._raw: list[tuple[str, str]] = list(raw)
        self._decoded: list[tuple[str, str]] | None = None
        self._first: dict[str, int] | None = None
        """Lower-case name -> the place of its first header (built on the first look-up)."""

    def _all(self) -> list[tuple[str, str]]:
        if self._decoded is None:
            self._decoded = [(k, decode_value(v)) for k, v in self._raw]
        return self._decoded

    @overload
    def __getitem__(self, i: int) -> tuple[str, str]: ...

    @overload
    def __getitem__(self, i: slice) -> list[tuple[str, str]]: ...

    def __getitem__(self, i: int | slice) -> tuple[str, str] | list[tuple[str, str]]:
        return self._all()[i]

    def __len__(self) -> int:
        return len(self._raw)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, HeaderList):
            return self._all() == other._all()
        if isinstance(other, list):
            return self._all() == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-looking sequence: not hashable, like list

    def __repr__(self) -> str:
        return f"HeaderList({self._raw!r})"

    def _place(self, name: str) -> int | None:
        index = self._first
        if index is None:
            raw = self._raw
            # Built backwards so that the first of repeated names wins.
            index = self._first = {raw[n][0].lower(): n for n in range(len(raw) - 1, -1, -1)}
        return index.get(name.lower())

    def raw_first(self, name: str) -> str | None:
        """The value of the first header called ``name`` (any case) as written, or None."""
        at = self._place(name)
        return None if at is None else self._raw[at][1]

    def first(self, name: str) -> str | None:
        """The decoded value of the first header called ``name`` (any case), or None."""
        at = self._place(name)
        if at is None:
            return None
        if self._decoded is not None:
            return self._decoded[at][1]
        return decode_value(self._raw[at][1])

    def get_all(self, name: str) -> list[str]:
        """The decoded values of every header called ``name`` (any case), in order."""
        low = name.lower()
        if low.isascii():  # a name of another length cannot lower-case to it (see raw_value)
            n = len(low)
            return [decode_value(v) for k, v in self._raw if len(k) == n and k.lower() == low]
        return [decode_value(v) for k, v in self._raw if k.lower() == low]

    def raw_size(self) -> int:
        """Characters of the headers as they were written (``Name: value`` and a line end each)."""
        return sum(map(len, chain.from_iterable(self._raw))) + 3 * len(self._raw)


def raw_value(items: Iterable[tuple[str, str]], name: str) -> str | None:
    """The first value of header ``name`` (any case) among ``(name, value)`` pairs, as written."""
    low = name.lower()
    if low.isascii():  # a name of another length cannot lower-case to it: skip its lower()
        n = len(low)
        return next((v for k, v in items if len(k) == n and k.lower() == low), None)
    return next((v for k, v in items if k.lower() == low), None)


def content_type_of(value: str) -> str:
    """The content type a Content-Type value gives, by ``Message.get_content_type``'s rules: the
    part before any ``;``, lower-cased; text/plain when that is not ``type/subtype``."""
    ctype = value.partition(";")[0].strip().lower()
    return ctype if ctype.count("/") == 1 else "text/plain"


# One parameter in its plain form: a token name, "=", a token or a quoted string without escapes.
_SIMPLE_PARAM_RE = re.compile(r'[ \t\n]*;[ \t\n]*([!#$%&\'+.^_`|~0-9A-Za-z-]+)[ \t]*=[ \t]*(?:"([^"\\]*)"|([^\s;"]*))')


def simple_params(value: str) -> dict[str, str] | None:
    """The parameters of a header value in the plain form nearly every message uses, or None for
    anything else (RFC 2231 ``*`` names, escapes, comments, bare words), which the stdlib reads."""
    first = value.find(";")
    if first < 0:
        return {}
    if "*" in value or "\\" in value or "(" in value:
        return None
    out: dict[str, str] = {}
    pos = first - len(value[:first]) + len(value[:first].rstrip(" \t\n"))
    while pos < len(value):
        m = _SIMPLE_PARAM_RE.match(value, pos)
        if m is None:
            return None if value[pos:].strip(" \t\n;") else out
        name = m.group(1).lower()
        out.setdefault(name, m.group(2) if m.group(2) is not None else m.group(3))
        pos = m.end()
    return out


def first_header(headers: Sequence[tuple[str, str]], name: str) -> str | None:
    """The first value of header ``name`` in any header sequence (decoded)."""
    if isinstance(headers, HeaderList):
        return headers.first(name)
    return raw_value(headers, name)


def all_headers(headers: Sequence[tuple[str, str]], name: str) -> list[str]:
    """Every value of header ``name`` in any header sequence (decoded), in order."""
    if isinstance(headers, HeaderList):
        return headers.get_all(name)
    low = name.lower()
    return [v for k, v in headers if k.lower() == low]


def header_items(msg: Message, skip: str | None = None) -> HeaderList:
    """All headers of ``msg`` in order (but ``skip``), decoded when read."""
    raw = msg.raw_items()
    if skip is not None:
        low = skip.lower()
        return HeaderList((k, v) for k, v in raw if k.lower() != low)
    return HeaderList(raw)
