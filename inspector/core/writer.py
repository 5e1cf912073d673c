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


def identify(bounce: Bounce, recognised: str | None) -> str | None:
    """The family's name, or the recogniser's own name when no family claims the bounce (None for
    a plain report no signal names)."""
    head = bounce.body_text[:_HEAD].lower()
    subject = bounce.subject.lower().strip()
    sender = bounce.sender.lower()
    hosts = _hosts(bounce)
    names = {n.lower() for n, _v in bounce.root.message_headers or ()}
    fields: set[str] = set()
    for _part, report in bounce.dsn_reports:
        for group in (report.per_message, *report.recipients):
            for f in group.fields:
                fields.add(f.name.lower())
                if f.type:
                    fields.add(f.type)

    def signals(fam: Family) -> bool:
        return (
            any(t in head for t in fam.text)
            or any(subject.startswith(s) for s in fam.subject)
            or any(s in sender for s in fam.sender)
            or any(_ends_with(h, d) for h in hosts for d in fam.hosts)
            or any(h in names for h in fam.headers)
            or any(f in fields for f in fam.dsn_fields)
        )

    if recognised in _NOT_BOUNCES:
        return recognised
    software = [f for f in families() if not f.provider]
    for fam in families():
        if fam.provider and (signals(fam) or recognised in fam.recognisers):
            return fam.name
    for fam in software:
        if recognised in fam.recognisers:
            return fam.name
    for fam in software:
        if signals(fam):
            return fam.name
    if recognised in (None, "generic", "RFC3464"):
        return None
    return recognised


@lru_cache(maxsize=1)
def _delay_notice() -> tuple[tuple[str, ...], tuple[str, ...]]:
    data = cached_toml("writers", resource_path("reference", "writers.toml")).get("delay_notice", {})
    return tuple(s.lower() for s in data.get("text", ())), tuple(s.lower() for s in data.get("subject", ()))


def is_delay_notice(bounce: Bounce) -> bool:
    """The bounce says the message is still being retried (``[delay_notice]`` of writers.toml)."""
    text, subject = _delay_notice()
    head = bounce.body_text[:_HEAD].lower()
    subj = bounce.subject.lower().strip()
    return any(t in head for t in text) or any(subj.startswith(s) for s in subject)


_NOT_BOUNCES = frozenset({"ARF", "RFC3834", "unsubscribe"})
"""Recognisers of messages that are not bounces (feedback reports, auto-replies): their name is
what the message is."""
