"""Which software or provider wrote a bounce: the analysis's ``mta``.

The recognisers read a bounce by its layout; several families share a layout (Office 365 writes
as Exchange does, most software writes plain RFC 3464 reports) and one family has several
layouts. The name comes from the signals of ``resources/reference/writers.toml``: the bounce
frame's wording, the subject, the sending address and host, headers and delivery-status fields only
one software writes; the recogniser that read the layout is the last signal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from inspector.core.phrases import PhraseIndex
from inspector.core.recognisers.base import Bounce
from inspector.reference.cache import cached_toml
from inspector.resources import resource_path

_HEAD = 4000
"""Characters of the bounce's own text searched for a bounce frame's wording."""
_DOMAIN_RE = re.compile(r"@([A-Za-z0-9.-]+)")
_HOST_RE = re.compile(r"([A-Za-z0-9][A-Za-z0-9.-]*\.[A-Za-z]{2,})")


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    text: tuple[str, ...]
    subject: tuple[str, ...]
    sender: tuple[str, ...]
    hosts: tuple[str, ...]
    headers: tuple[str, ...]
    dsn_fields: tuple[str, ...]
    recognisers: tuple[str, ...]
    source: str
    provider: bool = False


@lru_cache(maxsize=1)
def families() -> tuple[Family, ...]:
    data = cached_toml("writers", resource_path("reference", "writers.toml"))
    out = []
    for raw in data.get("family", []):
        out.append(
            Family(
                name=str(raw["name"]),
                text=tuple(s.lower() for s in raw.get("text", ())),
                subject=tuple(s.lower() for s in raw.get("subject", ())),
                sender=tuple(s.lower() for s in raw.get("sender", ())),
                hosts=tuple(s.lower() for s in raw.get("hosts", ())),
                headers=tuple(s.lower() for s in raw.get("headers", ())),
                dsn_fields=tuple(s.lower() for s in raw.get("dsn_fields", ())),
                recognisers=tuple(raw.get("recognisers", ())),
                source=str(raw.get("source", "")),
                provider=bool(raw.get("provider", False)),
            )
        )
    return tuple(out)


def _hosts(bounce: Bounce) -> list[str]:
    """Domains the bounce was written at: its From address, Reporting-MTA and Message-ID."""
    out = []
    for value in (bounce.sender, bounce.header("Message-ID") or ""):
        out += [m.lower() for m in _DOMAIN_RE.findall(value)]
    for _part, report in bounce.dsn_reports:
        mta = report.per_message.text("Reporting-MTA")
        if mta:
            out += [m.lower() for m in _HOST_RE.findall(mta)[:1]]
    return [h.rstrip(".") for h in out]


def _ends_with(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


@dataclass(frozen=True, slots=True)
class _Signals:
    """Every family's signals as look-ups, so that a bounce is read once for all of them."""

    text: PhraseIndex[int]
    """Bounce-frame phrases -> family index (-1: a delay notice's wording)."""
    hosts: dict[str, frozenset[int]]
    headers: dict[str, frozenset[int]]
    fields: dict[str, frozenset[int]]
    subjects: tuple[tuple[str, int], ...]
    senders: tuple[tuple[str, int], ...]
    delay_subjects: tuple[str, ...]


def _by_key(pairs: list[tuple[str, int]]) -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for key, i in pairs:
        out.setdefault(key, set()).add(i)
    return {k: frozenset(v) for k, v in out.items()}


@lru_cache(maxsize=1)
def _signals() -> _Signals:
    fams = families()
    delay_text, delay_subjects = _delay_notice()
    return _Signals(
        PhraseIndex([(t, i) for i, f in enumerate(fams) for t in f.text] + [(t, -1) for t in delay_text]),
        _by_key([(d, i) for i, f in enumerate(fams) for d in f.hosts]),
        _by_key([(h, i) for i, f in enumerate(fams) for h in f.headers]),
        _by_key([(d, i) for i, f in enumerate(fams) for d in f.dsn_fields]),
        tuple((p, i) for i, f in enumerate(fams) for p in f.subject),
        tuple((p, i) for i, f in enumerate(fams) for p in f.sender),
        delay_subjects,
    )


def _suffixes(host: str) -> list[str]:
    """``mx.eu.example.com`` -> itself, ``eu.example.com``, ``example.com``, ``com``."""
    labels = host.split(".")
    return [".".join(labels[i:]) for i in range(len(labels))]


def read_writer(bounce: Bounce, recognised: str | None) -> tuple[str | None, bool]:
    """Who wrote the bounce (the family's name; else the recogniser's own name, or None for a
    plain report no signal names) and whether it is a delay warning (``[delay_notice]`` of
    writers.toml), from one reading of its signals."""
    sig = _signals()
    fams = families()
    head = bounce.head.lowered(_HEAD)  # the gates' lower-cased beginning, when ASCII
    if head is None:
        head = bounce.body_text[:_HEAD].lower()
    subject = bounce.subject.lower().strip()
    found = set(sig.text.find(head))
    delay = -1 in found or any(subject.startswith(s) for s in sig.delay_subjects)
    if recognised in _NOT_BOUNCES:
        return recognised, delay
    sender = bounce.sender.lower()
    found.update(i for prefix, i in sig.subjects if subject.startswith(prefix))
    found.update(i for part, i in sig.senders if part in sender)
    for host in _hosts(bounce):
        for suffix in _suffixes(host):
            found |= sig.hosts.get(suffix, frozenset())
    for name, which in sig.headers.items():  # a few names, looked up without decoding any header
        if bounce.root.header(name) is not None:
            found |= which
    for _part, report in bounce.dsn_reports:
        for group in (report.per_message, *report.recipients):
            for f in group.fields:
                found |= sig.fields.get(f.name.lower(), frozenset())
                if f.type:
                    found |= sig.fields.get(f.type, frozenset())
    for i, fam in enumerate(fams):  # providers first, every signal
        if fam.provider and (i in found or recognised in fam.recognisers):
            return fam.name, delay
    for fam in fams:  # then the software whose own layout was read
        if not fam.provider and recognised in fam.recognisers:
            return fam.name, delay
    for i, fam in enumerate(fams):  # then the software's other signals
        if not fam.provider and i in found:
            return fam.name, delay
    if recognised in (None, "generic", "RFC3464"):
        return None, delay
    return recognised, delay


@lru_cache(maxsize=1)
def _delay_notice() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = cached_toml("writers", resource_path("reference", "writers.toml")).get("delay_notice", {})
    return tuple(s.lower() for s in data.get("text", ())), tuple(s.lower() for s in data.get("subject", ()))


_NOT_BOUNCES = frozenset({"ARF", "RFC3834", "unsubscribe", "challenge"})
"""Recognisers of messages that are not bounces (feedback reports, auto-replies): their name is
what the message is."""
