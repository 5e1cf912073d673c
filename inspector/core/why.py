"""One line that says why a recipient got its verdict, from its evidence (shown by the command
line's text output, the window's banner and the recipient's detail)."""

from __future__ import annotations

from inspector.core.model import Evidence, RecipientResult
from inspector.reference.tables import load_reference

_STAGES = {"connect": "the connection", "mail": "MAIL FROM", "rcpt": "RCPT TO", "data": "DATA"}
_MAX_WORDS = 80


def _quote(text: str | None) -> str:
    if not text:
        return ""
    text = " ".join(text.split())
    return f' "{text[:_MAX_WORDS]}..."' if len(text) > _MAX_WORDS else f' "{text}"'


def evidence_text(ev: Evidence) -> str:
    """One piece of evidence in words."""
    if ev.kind == "user":
        return f"your rule {ev.id}{_quote(ev.text)}"
    if ev.kind == "provider":
        return f"known provider reply {ev.id}{_quote(ev.text)}"
    if ev.kind == "rule":
        return f"wording{_quote(ev.text)} (rule {ev.id})"
    if ev.kind == "status":
        return f"status {ev.id}" + (f" ({ev.text})" if ev.text else "")
    if ev.kind == "reply":
        return f"reply code {ev.id}" + (f" ({ev.text})" if ev.text else "")
    if ev.kind == "stage":
        return f"refused at {_STAGES.get(ev.id, ev.id)}" + _quote(ev.text)
    if ev.kind == "layout":
        return f"the bounce's layout says {ev.id}"
    return f"{ev.id}" + (f": {ev.text}" if ev.text else "")


def meaning_note(rec: RecipientResult) -> str | None:
    """When the deciding provider reply gives a registered code its own meaning: which one applies
    to this message ("Google's meaning of 4.2.1 applies here, not the registry's X.2.1 ...")."""
    for ev in rec.evidence:
        if ev.kind != "provider":
            continue
        entry = load_reference().by_id.get(ev.id)
        if entry is not None and entry.kind != "provider":
            entry = None
        if entry is None or entry.registry_code is None:
            return None
        registered = load_reference().get(entry.registry_code)
        title = f' ("{registered.title}")' if registered is not None else ""
        return (
            f"{entry.provider}'s own meaning of {entry.code} applies to this message, "
            f"not the registry's {entry.registry_code}{title}"
        )
    return None


def why_line(rec: RecipientResult) -> str | None:
    """``why (high): wording "user unknown" (rule userunknown-plain); status 5.1.1 (...)``, or None
    for a recipient without evidence."""
    if not rec.evidence:
        return None
    parts = "; ".join(evidence_text(ev) for ev in rec.evidence[:3])
    note = meaning_note(rec)
    return f"why ({rec.confidence or 'unknown'} confidence): {parts}" + (f". {note}" if note else "")
