"""The data the core hands out: plain dataclasses, no behaviour beyond small look-ups.

Everything the UI, the command line and the benchmarks show comes from these types. They never
hold Qt objects; ``to_dict`` in :mod:`inspector.core.serialize` turns them into the JSON schema
documented in the README.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

# authentication.py and timeline.py read this module only for type checking: no import circle.
from inspector.core.authentication import Authentication

# CodeMatch and Reply are defined with the code finder (codes.py needs nothing of this module); they
# are part of the data the core hands out, so they are importable from here too.
from inspector.core.codes import CodeMatch as CodeMatch
from inspector.core.codes import Reply as Reply
from inspector.core.headers import first_header
from inspector.core.timeline import TimelineEvent

InputKind = Literal["message", "mbox", "text"]
AnalysisKind = Literal["dsn", "dsn-global", "non-dsn-bounce", "text", "not-bounce"]
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
    source: bytes | None = field(default=None, repr=False, compare=False)
    """The bytes this node was read from: for the root, the input as read; for the other parts, the
    bytes the MIME parse read (one object shared by every part of a message)."""
    source_range: tuple[int, int] | None = field(default=None, repr=False, compare=False)
    """Where the part (its header lines and body) stands in :attr:`source`: what a Raw view shows
    (:func:`inspector.core.mime.part_source`)."""
    body_range: tuple[int, int] | None = field(default=None, repr=False, compare=False)
    """Where a leaf part's body stands in :attr:`source`, before transfer decoding (None for
    containers): what :func:`inspector.core.mime.part_payload` decodes for an attachment."""

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
    retry: Literal["yes", "no", "maybe"] | None = None
    """Whether sending to this address again may work (agrees with severity, hard and advice)."""
    confidence: Confidence | None = None
    evidence: list[Evidence] = field(default_factory=list)
    """What decided the verdict, strongest first."""


@dataclass(frozen=True, slots=True)
class Reading:
    """What the core reads from one message (or one pasted text) up to its verdicts: the tree,
    who failed, why and what to do (:func:`inspector.core.analyze.read_item`). A batch that wants
    only the verdicts (triage) stops here; :class:`Analysis` adds what the window and the JSON
    export show besides. Built once by the core; its fields cannot be set afterwards
    (``dataclasses.replace`` makes a changed copy; the lists it holds are plain lists, which nobody
    edits once the core has handed it out)."""

    source: str
    index: int = 0
    kind: AnalysisKind = "not-bounce"
    mta: str | None = None
    """The software or provider that wrote the bounce (:mod:`inspector.core.writer`)."""
    layout: str | None = None
    """The recogniser that read the bounce's layout (``generic`` for free text read line by line,
    None for a plain RFC 3464 report)."""
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

    def returned_part(self) -> Part | None:
        """The part that holds the returned message (:attr:`original`'s ``part``), or None."""
        path = self.original.part if self.original is not None else None
        node = self.root
        if path is None or node is None:
            return None
        while node.path != path:  # down the branch whose path leads to it ("3" -> "3.1" -> "3.1.2")
            node = next((c for c in node.children if path == c.path or path.startswith(c.path + ".")), None)
            if node is None:
                return None
        return node


@dataclass(frozen=True, slots=True)
class Analysis(Reading):
    """Everything the inspector found in one message (or one pasted text), finished: the
    :class:`Reading` and, found by the core before it hands the analysis out
    (:func:`inspector.core.analyze.analyse_item`), the code spans, authentication and timeline."""

    codes: list[tuple[str, CodeMatch]] = field(default_factory=list)
    """(part path, code) for every code in every textual part, in tree order (path ``""`` and
    :attr:`text` for pasted text): what the window highlights and the JSON export lists."""
    authentication: Authentication = field(default_factory=Authentication)
    """SPF/DKIM/DMARC as the bounce tells them (:mod:`inspector.core.authentication`)."""
    timeline: list[TimelineEvent] = field(default_factory=list)
    """Dates and hops in time order (:mod:`inspector.core.timeline`)."""
