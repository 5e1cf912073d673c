"""The data the core hands out: plain dataclasses, no behaviour beyond small look-ups.

Everything the UI, the command line and the benchmarks show comes from these types. They never
hold Qt objects; ``to_dict`` in :mod:`inspector.core.serialize` turns them into the JSON schema
documented in the README.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from inspector.core.headers import first_header

InputKind = Literal["message", "mbox", "text"]
AnalysisKind = Literal["dsn", "dsn-global", "non-dsn-bounce", "text", "not-bounce"]
CodeKind = Literal["basic", "enhanced"]
Severity = Literal["success", "transient", "permanent", "unknown"]
Confidence = Literal["high", "medium", "low"]
EvidenceKind = Literal["user", "provider", "rule", "status", "stage", "reply", "action", "layout"]
Side = Literal["recipient", "sender", "network", "unknown"]


@dataclass(frozen=True, slots=True)
class Evidence:
    """One thing that decided (or supported) a recipient's verdict.

    ``kind``: ``user`` (a rule of the user's own rule file), ``provider`` (a provider's known reply,
    providers.toml), ``rule`` (a phrase rule of reason_patterns.toml), ``status`` (the enhanced
    status code's registered meaning), ``stage`` (the SMTP stage the text names), ``reply`` (the
    basic reply code), ``action`` (the DSN action alone), ``layout`` (the recogniser of the bounce's
    layout set the reason). ``id`` names the rule, entry or code; ``source`` where its knowledge
    comes from (a file of an MTA's source, a vendor page, an RFC); ``text`` the matched words.
    """

    kind: EvidenceKind
    id: str
    source: str | None = None
    text: str | None = None


@dataclass(slots=True)
class CodeMatch:
    """One reply code found in a text, with its exact character span ``text[start:end]``."""

    code: str
    kind: CodeKind
    start: int
    end: int
    reply: int = -1
    """Index of the :class:`Reply` this code belongs to in the same text (``-1``: none)."""


@dataclass(slots=True)
class Reply:
    """A basic code and/or an enhanced code that belong together (``550 5.1.1 ...``)."""

    basic: CodeMatch | None
    enhanced: CodeMatch | None
    start: int
    end: int
    text: str
    """The reply's text after the codes, continuation lines joined with single spaces."""

    @property
    def codes(self) -> list[CodeMatch]:
        return [c for c in (self.basic, self.enhanced) if c is not None]


@dataclass(slots=True)
class DsnField:
    """One ``Name: value`` line of a delivery-status block, unfolded.

    ``type`` is the part before ``;`` for typed fields (``rfc822``, ``utf-8``, ``smtp``, ``dns``,
    ``x-unix``...), lower-cased; ``text`` is the value after it (or the whole value when untyped).
    """

    name: str
    value: str
    type: str | None
    text: str


@dataclass(slots=True)
class DsnGroup:
    fields: list[DsnField] = field(default_factory=list)
    _index: tuple[int, dict[str, DsnField]] | None = field(default=None, repr=False, compare=False)
    """(number of fields it was built from, lower-case name -> first field of that name)."""

    def get(self, name: str) -> DsnField | None:
        index = self._index
        if index is None or index[0] != len(self.fields):  # built again if fields were added
            index = self._index = (len(self.fields), {f.name.lower(): f for f in reversed(self.fields)})
        return index[1].get(name.lower())

    def text(self, name: str) -> str | None:
        f = self.get(name)
        return f.text if f is not None and f.text != "" else None


@dataclass(slots=True)
class DsnReport:
    """A parsed message/delivery-status (RFC 3464) or message/global-delivery-status (RFC 6533)."""

    per_message: DsnGroup
    recipients: list[DsnGroup]
    is_global: bool = False


@dataclass(slots=True)
class Part:
    """One node of the MIME tree.

    Paths follow IMAP: the whole message is ``""``; its body parts are ``1``, ``2``...; the parts of
    a message/rfc822 part ``3`` are ``3.1``, ``3.2``... (a single-part body is ``.1``).
    """

    path: str
    content_type: str
    params: dict[str, str] = field(default_factory=dict)
    transfer_encoding: str | None = None
    charset: str | None = None
    size: int = 0
    """Size of the part's body in bytes as transmitted (before transfer decoding)."""
    filename: str | None = None
    headers: Sequence[tuple[str, str]] = field(default_factory=list)
    """The part's own MIME headers, decoded (RFC 2047), in order (a
    :class:`~inspector.core.headers.HeaderList` decodes each value when it is first read)."""
    text: str | None = None
    """Decoded text for textual parts (text/*, delivery-status, headers parts); None otherwise."""
    text_truncated: bool = False
    message_headers: Sequence[tuple[str, str]] | None = None
    """For message nodes (the root, message/rfc822, message/global, text/rfc822-headers): the
    headers of that message, decoded."""
    dsn: DsnReport | None = None
    children: list[Part] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: object = field(default=None, repr=False, compare=False)
    """The stdlib message object behind this node; read it only through
    :func:`inspector.core.mime.part_source` (the undecoded source for a Raw view)."""

    def walk(self) -> list[Part]:
        out: list[Part] = []
        stack = [self]
        while stack:
            p = stack.pop()
            out.append(p)
            stack.extend(reversed(p.children))
        return out

    def header(self, name: str) -> str | None:
        """First header ``name`` of this message node (or of the part itself), or None."""
        if self.message_headers is not None:  # message headers win
            value = first_header(self.message_headers, name)
            if value is not None:
                return value
        return first_header(self.headers, name)

    @property
    def is_message(self) -> bool:
        return self.message_headers is not None


@dataclass(slots=True)
class OriginalMessage:
    """What the bounce tells about the message that was not delivered."""

    message_id: str | None = None
    sender: str | None = None
    to: str | None = None
    subject: str | None = None
    date: str | None = None
    part: str | None = None


@dataclass(slots=True)
class RecipientResult:
    """One failed (or reported) recipient. Field names are the JSON schema's."""

    recipient: str | None
    action: str | None = None
    status: str | None = None
    reply_code: str | None = None
    diagnostic: str | None = None
    remote_mta: str | None = None
    reporting_mta: str | None = None
    severity: Severity = "unknown"
    reason: str | None = None
    hard: bool | None = None
    advice: str | None = None
    original_recipient: str | None = None
    last_attempt: str | None = None
    will_retry_until: str | None = None
    feedback_type: str | None = None
    part: str | None = None
    """Path of the MIME part the result was read from (a DSN block or a text part)."""
    side: Side | None = None
    """Whose problem the failure is (from the reason): recipient, sender, network or unknown."""
    confidence: Confidence | None = None
    evidence: list[Evidence] = field(default_factory=list)
    """What decided the verdict, strongest first."""


AuthResult = Literal["pass", "fail", "softfail", "neutral", "none", "temperror", "permerror", "policy"]


@dataclass(slots=True)
class AuthCheck:
    """What the bounce says about one check (SPF, DKIM or DMARC).

    ``result`` is ``none`` when the bounce says nothing; ``domain`` the domain checked (SPF: the
    envelope sender's, DKIM: the signature's d=, DMARC: the From domain); ``aligned`` whether that
    domain matches the From domain (relaxed: same organisational domain; for DMARC: whether an
    aligned SPF or DKIM pass was seen), None when unknown; ``source`` where it was read."""

    result: AuthResult = "none"
    domain: str | None = None
    aligned: bool | None = None
    source: str | None = None
    selector: str | None = None
    """DKIM only: the signature's s=."""


@dataclass(slots=True)
class Authentication:
    """SPF, DKIM and DMARC as far as the bounce tells, and the one thing to fix (offline: no DNS)."""

    spf: AuthCheck = field(default_factory=AuthCheck)
    dkim: AuthCheck = field(default_factory=AuthCheck)
    dmarc: AuthCheck = field(default_factory=AuthCheck)
    from_domain: str | None = None
    """The From domain of the returned message (else of the sender the bounce names)."""
    relevant: bool = False
    """True when a recipient's refusal is about authentication (5.7.x policy codes or wording)."""
    fix: str | None = None
    signals: list[str] = field(default_factory=list)
    """Ids of the wording/code signals (resources/reference/authentication.toml) that matched."""


@dataclass(slots=True)
class TimelineEvent:
    """One moment in a bounce's life (:mod:`inspector.core.timeline`).

    ``time`` is ISO 8601 with the writer's UTC offset (the raw text when it could not be read, None
    for a retry hint with nothing to count from); ``delay_s`` the seconds since the previous event
    with a time; ``slow`` marks a delay over an hour."""

    time: str | None
    event: str
    host: str | None = None
    delay_s: float | None = None
    slow: bool = False


@dataclass(slots=True)
class Analysis:
    """Everything the inspector found in one message (or one pasted text)."""

    source: str
    index: int = 0
    kind: AnalysisKind = "not-bounce"
    mta: str | None = None
    parse_ms: float = 0.0
    warnings: list[str] = field(default_factory=list)
    recipients: list[RecipientResult] = field(default_factory=list)
    root: Part | None = None
    original: OriginalMessage | None = None
    subject: str | None = None
    sender: str | None = None
    date: str | None = None
    reporting_mta: str | None = None
    arrival_date: str | None = None
    feedback_type: str | None = None
    error: str | None = None
    text: str | None = None
    """For pasted text and log lines: the text that was analysed."""
    _authentication: Authentication | None = field(default=None, repr=False, compare=False)
    _timeline: list[TimelineEvent] | None = field(default=None, repr=False, compare=False)
    _codes: list[tuple[str, CodeMatch]] | None = field(default=None, repr=False, compare=False)

    @property
    def codes(self) -> list[tuple[str, CodeMatch]]:
        """(part path, code) for every code in every textual part (or in :attr:`text`), found the
        first time they are asked for: highlighting and the JSON export need them, a batch run
        that only wants the recipients does not."""
        if self._codes is None:
            from inspector.core.codes import find_codes  # codes builds on this module's types

            if self.root is not None:
                self._codes = [(p.path, c) for p in self.root.walk() if p.text for c in find_codes(p.text)]
            else:
                self._codes = [("", c) for c in find_codes(self.text)] if self.text else []
        return self._codes

    @codes.setter
    def codes(self, value: list[tuple[str, CodeMatch]]) -> None:
        self._codes = value

    @property
    def authentication(self) -> Authentication:
        """SPF/DKIM/DMARC as the bounce tells them (:mod:`inspector.core.authentication`), read the
        first time it is asked for (the window and the JSON ask; a batch that wants only the
        recipients does not pay for it)."""
        if self._authentication is None:
            from inspector.core.authentication import authentication_of

            self._authentication = authentication_of(self)
        return self._authentication

    @authentication.setter
    def authentication(self, value: Authentication) -> None:
        self._authentication = value

    @property
    def timeline(self) -> list[TimelineEvent]:
        """Dates and hops in time order (:mod:`inspector.core.timeline`), found on first use."""
        if self._timeline is None:
            from inspector.core.timeline import timeline_of

            self._timeline = timeline_of(self)
        return self._timeline

    @timeline.setter
    def timeline(self, value: list[TimelineEvent]) -> None:
        self._timeline = value
