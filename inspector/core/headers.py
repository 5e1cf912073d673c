"""One safe way to read header values.

Python 3.11's ``policy.default`` raises on malformed headers (``From: a@``, ``Message-ID: <``), and
its structured parse is quadratic in the header's length. The core therefore keeps every field as
written (:mod:`inspector.core.mimeparse`) and reads it through :func:`decode_value`: raw value,
length-capped, RFC 2047 decoded where possible, raw text where not; and the parameters of
structured fields through :func:`parse_params`. Nothing here raises.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from typing import overload

from inspector.core.limits import DEFAULT_LIMITS
from inspector.core.text import decode_bytes

_FOLD_RE = re.compile(r"\r?\n(?=[ \t])")
_ENCODED_WORD_RE = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def unfold(value: str) -> str:
    return _FOLD_RE.sub("", value).strip()


def _from_surrogates(value: str) -> str:
    """Header fields keep 8-bit bytes as surrogate escapes; turn them into text (UTF-8 first)."""
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


def _simple_params(value: str) -> dict[str, str] | None:
    """The parameters of ``value`` in the plain form nearly every message uses, or None for
    anything else (RFC 2231 ``*`` names, escapes, comments, bare words)."""
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


def unquote(value: str) -> str:
    """A parameter value without its surrounding double quotes (and their backslash escapes) or
    angle brackets, as mail software has read it since RFC 822."""
    if len(value) > 1:
        if value[0] == '"' and value[-1] == '"':
            return value[1:-1].replace("\\\\", "\\").replace('\\"', '"')
        if value[0] == "<" and value[-1] == ">":
            return value[1:-1]
    return value


def _split_params(value: str) -> list[str]:
    """``value`` cut at each ``;`` that is not inside a quoted string (the first piece is the value
    itself); around ``=`` the blanks go and the name is lower-cased."""
    pieces: list[str] = []
    rest = value
    while True:
        end = rest.find(";")
        # A ";" inside quotes (an odd number of unescaped quotes before it) does not end the piece.
        while end > 0 and (rest.count('"', 0, end) - rest.count('\\"', 0, end)) % 2:
            end = rest.find(";", end + 1)
        piece = rest if end < 0 else rest[:end]
        name, eq, val = piece.partition("=")
        pieces.append((name.strip().lower() + "=" + val.strip()) if eq else piece.strip())
        if end < 0:
            return pieces
        rest = rest[end + 1 :]


_RFC2231_NAME_RE = re.compile(r"(\w+)\*(?:([0-9]+)\*?)?", re.ASCII)


def _rfc2231_value(sections: list[tuple[int | None, str, bool]]) -> str:
    """One parameter given in RFC 2231 sections (``name*0*=utf-8''...``, ``name*1=...``), joined
    and decoded: percent escapes are bytes, the charset before the first ``'`` says how to read them."""
    sections.sort()  # by section number (None and numbers mixed raise TypeError: the caller's problem)
    chunks: list[str] = []
    extended = False
    for _num, text, encoded in sections:
        if encoded:
            text = urllib.parse.unquote(text, encoding="latin-1")
            extended = True
        chunks.append(text)
    joined = "".join(chunks)
    if not extended:
        return joined
    bits = joined.split("'", 2)
    charset, text = (bits[0], bits[2]) if len(bits) == 3 else ("us-ascii", joined)
    try:
        return str(bytes(text, "raw-unicode-escape"), charset, "replace")
    except (LookupError, ValueError):  # no charset, or one Python does not know: the text as it stands
        return text


def parse_params(value: str) -> dict[str, str]:
    """The parameters of a structured header value (Content-Type, Content-Disposition; RFC 2045
    section 5.1, RFC 2231): lower-case name -> value with its quotes taken off, the first of
    repeated names winning; RFC 2231 sections joined and decoded. A bare word gets ``""``; a
    comment stays part of the value it follows (as mail software has long read it). Never raises:
    sections that cannot be put in order give no parameters at all."""
    simple = _simple_params(value)
    if simple is not None:
        return simple
    plain: list[tuple[str, str]] = []
    sections: dict[str, list[tuple[int | None, str, bool]]] = {}
    for piece in _split_params(value)[1:]:
        name, eq, val = piece.partition("=")
        name, val = (name.strip(), val.strip()) if eq else (piece.strip(), "")
        m = _RFC2231_NAME_RE.fullmatch(name)
        if m is None:
            plain.append((name, unquote(val)))
        else:
            number = int(m.group(2)) if m.group(2) is not None else None
            sections.setdefault(m.group(1), []).append((number, unquote(val), name.endswith("*")))
    try:
        plain.extend((name, _rfc2231_value(parts)) for name, parts in sections.items())
    except TypeError:  # numbered and unnumbered sections of one name
        return {}
    out: dict[str, str] = {}
    for name, val in plain:
        if name:  # a stray ";" gives an empty name
            out.setdefault(name.lower(), val)
    return out


def boundary_of(value: str) -> str | None:
    """The multipart boundary a Content-Type value gives (RFC 2046 section 5.1.1: it may end in
    blanks that are not part of it), or None."""
    boundary = parse_params(value).get("boundary")
    return None if boundary is None else unquote(boundary).rstrip()


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
