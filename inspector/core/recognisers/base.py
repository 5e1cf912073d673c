"""The contract every recogniser implements, and the view of a message they all read.

A recogniser knows how one mail-server family writes bounces. Its one entry point,
``recognise(bounce)``, gets a :class:`Bounce` (the parsed message with handy accessors) and returns
a :class:`Recognition` when the message is one of its own, or None. Recognisers never raise on odd
input; they read text the core already decoded. This module knows no recogniser: the order they
are tried in lives in :mod:`inspector.core.recognisers` alone, the usual gate-then-read shape in
:mod:`inspector.core.recognisers.family`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, overload

from inspector.core.headers import all_headers
from inspector.core.mimeparse import EMBEDDED_MESSAGE_TYPES, HEADERS_TYPES
from inspector.core.model import AnalysisKind, DsnReport, Part, RecipientResult
from inspector.core.patterns import TextHead
from inspector.core.text import html_to_text

T = TypeVar("T")


class once(Generic[T]):  # lower case: used like the decorator it stands for
    """``functools.cached_property`` without its lock (Python 3.11 takes a lock on every first
    read; a bounce is read by one thread, and its properties are read on every message)."""

    def __init__(self, fn: Callable[[Any], T]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    @overload
    def __get__(self, obj: None, cls: type | None = None) -> once[T]: ...

    @overload
    def __get__(self, obj: object, cls: type | None = None) -> T: ...

    def __get__(self, obj: object | None, cls: type | None = None) -> T | once[T]:
        if obj is None:
            return self
        value = self.fn(obj)
        obj.__dict__[self.name] = value  # read from the instance from now on
        return value


@dataclass(slots=True)
class Recognition:
    mta: str | None
    recipients: list[RecipientResult]
    kind: AnalysisKind = "non-dsn-bounce"
    feedback_type: str | None = None


class Recogniser(Protocol):
    name: str

    def recognise(self, bounce: Bounce) -> Recognition | None: ...


@dataclass
class Bounce:
    """A parsed message as recognisers see it."""

    root: Part
    warnings: list[str] = field(default_factory=list)
    no_report: bool = field(default=False, repr=False)
    """Set once the delivery-status search found nothing: later recognisers skip it."""

    def header(self, name: str) -> str | None:
        return self.root.header(name)

    def headers(self, name: str) -> list[str]:
        return all_headers(self.root.message_headers or [], name)

    @once
    def subject(self) -> str:
        return self.header("Subject") or ""

    @once
    def sender(self) -> str:
        return self.header("From") or ""

    @once
    def parts(self) -> list[Part]:
        return self.root.walk()

    @once
    def returned(self) -> Part | None:
        """The returned original message (message/rfc822 or a headers part), if any."""
        for p in self.parts:
            if p.content_type in EMBEDDED_MESSAGE_TYPES or p.content_type in HEADERS_TYPES:
                return p
        return None

    @once
    def inside_returned(self) -> set[str]:
        """Paths of the returned message's parts (the returned message included)."""
        r = self.returned
        if r is None:
            return set()
        return {p.path for p in r.walk()}

    @once
    def dsn_reports(self) -> list[tuple[Part, DsnReport]]:
        return [(p, p.dsn) for p in self.parts if p.dsn is not None]

    @once
    def text_parts(self) -> list[Part]:
        """The bounce's own human-readable parts (not those of the returned message)."""
        inside = self.inside_returned
        return [
            p
            for p in self.parts
            if p.text is not None
            and p.path not in inside
            and p.content_type in ("text/plain", "text/html", "text/enriched")
        ]

    @once
    def body_text(self) -> str:
        """The text a person reads in the bounce: plain parts, else HTML turned into text; with the
        text that follows the returned-message marker when the original is inlined (no MIME)."""
        plain = [p.text or "" for p in self.text_parts if p.content_type != "text/html"]
        if not plain:
            plain = [html_to_text(p.text or "") for p in self.text_parts if p.content_type == "text/html"]
        if not plain:
            # A multipart whose boundary was lost keeps its whole body as text: read that.
            inside = self.inside_returned
            plain = [
                p.text
                for p in self.parts
                if p.text and p.path not in inside and p.content_type.startswith("multipart/") and p.dsn is None
            ]
        return "\n".join(plain)

    @once
    def head(self) -> TextHead:
        """:attr:`body_text` as the gates read it (see :meth:`head_search`)."""
        return TextHead(self.body_text)

    def head_search(self, pattern: re.Pattern[str], window: int) -> bool:
        """True when ``pattern`` occurs in the first ``window`` characters of :attr:`body_text`
        (behind the prefilter of :mod:`inspector.core.patterns`)."""
        return self.head.search(pattern, window)

    @once
    def all_text(self) -> str:
        """Every decoded text of the message, returned message included."""
        return "\n".join(p.text or "" for p in self.parts if p.text is not None)
