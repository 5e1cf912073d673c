"""One line that says why a recipient got its verdict, from its evidence (shown by the command
line's text output, the window's banner and the recipient's detail)."""

from __future__ import annotations

from inspector.core.model import Evidence, RecipientResult

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


def why_line(rec: RecipientResult) -> str | None:
    """``why (high): wording "user unknown" (rule userunknown-plain); status 5.1.1 (...)``, or None
    for a recipient without evidence."""
    if not rec.evidence:
        return None
    parts = "; ".join(evidence_text(ev) for ev in rec.evidence[:3])
    return f"why ({rec.confidence or 'unknown'} confidence): {parts}"
