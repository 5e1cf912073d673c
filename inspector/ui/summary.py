"""Turning an Analysis into the banner's lines and the "Copy summary" text (plain and Markdown).

Pure presentation: it only reads what the core returned. No Qt here either.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.core.model import Analysis, RecipientResult
from inspector.core.why import why_line
from inspector.ui.reference_access import reference, tooltip_for
from inspector.ui.text import visible, visible_line

if TYPE_CHECKING:
    from inspector.ui.theme import Colours

SEVERITY_TITLE = {
    "permanent": "Hard bounce",
    "transient": "Soft bounce",
    "success": "Delivered",
    "unknown": "Bounce",
}


# Messages the core reads that are not bounces at all: their line says what they are instead.
NOT_BOUNCE_TITLE = {"feedback": "Complaint", "vacation": "Auto-reply"}


def severity_title(r: RecipientResult) -> str:
    if r.reason == "feedback" and r.feedback_type == "opt-out":
        return "Unsubscribe"
    if r.reason in NOT_BOUNCE_TITLE:
        return NOT_BOUNCE_TITLE[r.reason]
    if r.hard:
        # The address is bad whatever class the reply came with (a 450 "user unknown" too).
        return "Hard bounce"
    if r.severity == "permanent" and r.hard is False:
        return "Permanent failure"
    return SEVERITY_TITLE.get(r.severity, "Bounce")


def _reason_text(r: RecipientResult) -> str | None:
    if r.reason:
        try:
            ref = reference()
            if ref is not None and r.reason in ref.reasons:
                return str(ref.reasons[r.reason].title).lower()
        except Exception:  # noqa: BLE001 - fall back to the raw reason name
            pass
        return r.reason
    return None


def recipient_line(r: RecipientResult) -> str:
    """``Hard bounce - alice@example.com - 550 5.1.1 - the mailbox does not exist - remove ...``"""
    parts = [severity_title(r), r.recipient or "(recipient not named)"]
    codes = " ".join(c for c in (r.reply_code, r.status) if c)
    if codes:
        parts.append(codes)
    reason = _reason_text(r)
    if reason:
        parts.append(reason)
    elif r.diagnostic:
        d = " ".join(r.diagnostic.split())
        parts.append(d if len(d) <= 90 else d[:87] + "...")
    if r.advice:
        a = r.advice.rstrip(".")
        parts.append(a[0].lower() + a[1:] if len(a) > 1 and a[1].islower() else a)
    return " - ".join(parts)


def title_of(a: Analysis, numbered: bool = False) -> str:
    """``mbox-0 #2: Subject``. Messages of a file that holds several (``numbered``) carry their
    number, counted from 1 as the command line's text output does (JSON keeps ``index`` 0-based)."""
    name = Path(a.source).name if a.source and not a.source.startswith("<") else a.source
    head = f"{name} #{a.index + 1}" if numbered or a.index else name
    if a.subject:
        return visible_line(f"{head}: {a.subject}")
    return visible_line(head)


def headline(a: Analysis) -> str:
    if a.error:
        name = Path(a.source).name if a.source and not a.source.startswith("<") else a.source
        reason = a.error
        for prefix in (a.source, name):  # the core's message names the file already
            if prefix and reason.startswith(prefix + " "):
                reason = reason[len(prefix) + 1 :]
                break
        return f"Could not open {name}: {reason}"
    if a.kind == "not-bounce":
        reasons = {r.reason for r in a.recipients}
        if "feedback" in reasons and a.feedback_type == "opt-out":
            return "Not a bounce: an unsubscribe request - the recipient asked to get no more mail from this list."
        if "feedback" in reasons:
            kind = f" (type: {a.feedback_type})" if a.feedback_type else ""
            return f"Not a bounce: a feedback report{kind} - a recipient's provider passed on a complaint."
        if a.layout == "challenge":
            return (
                "Not a bounce: a challenge-response request - the recipient's filter holds your message until you "
                "confirm you are a person (follow its instructions if you know the recipient); the address is fine."
            )
        if "vacation" in reasons:
            return "Not a bounce: an automatic reply (out of office or vacation); the message was delivered."
        return "This message is not a bounce: it has no delivery report and no failure notice was recognised."
    if not a.recipients:
        if a.kind == "text":
            return "No SMTP reply code or failure was found in this text."
        return "A bounce, but no failed recipient could be read from it."
    return ""


def details(a: Analysis, r: RecipientResult | None = None, cut: int | None = 160) -> list[tuple[str, str]]:
    """The small print: (label, value) pairs that have a value. ``cut``: the banner's diagnostic
    ends in "..." past this many characters (the copied text keeps it whole: ``None``)."""
    rows: list[tuple[str, str | None]] = []
    if r is not None:
        if r.reporting_mta and r.reporting_mta != a.reporting_mta:
            rows.append(("Reporting MTA", r.reporting_mta))
        rows += [
            ("Remote MTA", r.remote_mta),
            ("Last attempt", r.last_attempt),
            ("Retry until", r.will_retry_until),
        ]
        if r.diagnostic and _reason_text(r):
            d = " ".join(r.diagnostic.split())
            rows.append(("Diagnostic", d if cut is None or len(d) <= cut else d[: cut - 3] + "..."))
        why = why_line(r)
        if why:
            rows.append(("Why", why.removeprefix("why ")))
    else:
        rows += [("Reporting MTA", a.reporting_mta), ("Arrival", a.arrival_date)]
    return [(k, v) for k, v in rows if v]


def message_details(a: Analysis) -> list[tuple[str, str]]:
    rows: list[tuple[str, str | None]] = [
        (
            "Mail server",
            a.mta or ({"dsn": "standard DSN (RFC 3464)", "dsn-global": "standard DSN (RFC 6533)"}.get(a.kind)),
        ),
        ("Reporting MTA", a.reporting_mta),
        ("Arrival", a.arrival_date),
        ("Bounce from" if a.kind != "not-bounce" else "From", a.sender),
        ("Date", a.date),
        ("Original subject", a.original.subject if a.original else None),
    ]
    return [(k, v) for k, v in rows if v]


def plain_text(a: Analysis, numbered: bool = False) -> str:
    lines = [title_of(a, numbered)]
    head = headline(a)
    if head:
        lines.append(head)
    for r in a.recipients:
        lines.append(recipient_line(r))
        for k, v in details(a, r, cut=None):
            lines.append(f"    {k}: {v}")
    for k, v in message_details(a):
        lines.append(f"{k}: {v}")
    for w in a.warnings:
        lines.append(f"Warning: {w}")
    return visible("\n".join(lines)) + "\n"


def _md(s: str) -> str:
    out = s.replace("\\", "\\\\")
    for ch in "`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out


def markdown(a: Analysis, numbered: bool = False) -> str:
    lines = [f"**{_md(title_of(a, numbered))}**", ""]
    head = headline(a)
    if head:
        lines += [_md(head), ""]
    for r in a.recipients:
        lines.append(f"- **{_md(severity_title(r))}** {_md(recipient_line(r).split(' - ', 1)[1])}")
        for k, v in details(a, r, cut=None):
            lines.append(f"  - {k}: {_md(v)}")
    if a.recipients:
        lines.append("")
    for k, v in message_details(a):
        lines.append(f"- {k}: {_md(v)}")
    for w in a.warnings:
        lines.append(f"- Warning: {_md(w)}")
    return visible("\n".join(lines)).rstrip() + "\n"


def _linked_line(r: RecipientResult, colour: str) -> str:
    """The recipient line, escaped, with its codes as ``code:`` links (click: open in the reference)."""
    line = html.escape(recipient_line(r))
    codes = " ".join(c for c in (r.reply_code, r.status) if c)
    if not codes:
        return line
    linked = " ".join(
        f'<a href="code:{html.escape(c)}" title="{html.escape(tooltip_for(c), quote=True)}"'
        f' style="color:{colour}">{html.escape(c)}</a>'
        for c in codes.split()
    )
    return line.replace(f" - {html.escape(codes)} - ", f" - {linked} - ", 1)


def banner_html(a: Analysis, c: Colours) -> str:
    """Rich text for the banner; every value from the message is escaped."""
    e = html.escape
    out = []
    head = headline(a)
    if head:
        colour = c.permanent if a.error else c.muted
        out.append(f'<p style="color:{colour}; font-size:large"><b>{e(head)}</b></p>')
    for r in a.recipients[:50]:
        fg = c.severity_fg(r.severity)
        bg = c.severity_bg(r.severity)
        out.append(
            f'<table width="100%" cellspacing="0" cellpadding="4" style="margin-bottom:4px">'
            f'<tr><td bgcolor="{bg}"><span style="color:{fg}; font-size:large"><b>{_linked_line(r, fg)}</b></span>'
        )
        small = details(a, r)
        if small:
            out.append(
                f'<br><small style="color:{c.muted}">'
                + " &nbsp;&middot;&nbsp; ".join(f"{e(k)}: {e(v)}" for k, v in small)
                + "</small>"
            )
        out.append("</td></tr></table>")
    if len(a.recipients) > 50:
        out.append(f"<p>... and {len(a.recipients) - 50} more recipients (see the tree).</p>")
    small = message_details(a)
    if small:
        out.append(
            f'<p style="color:{c.muted}"><small>'
            + " &nbsp;&middot;&nbsp; ".join(f"{e(k)}: {e(v)}" for k, v in small)
            + "</small></p>"
        )
    if a.warnings:
        out.append(
            f'<p style="color:{c.warning}"><small>&#9888; '
            + e(f"{len(a.warnings)} warning(s): " + "; ".join(a.warnings[:3]))
            + ("; ..." if len(a.warnings) > 3 else "")
            + "</small></p>"
        )
    return visible("".join(out))  # a NUL in a subject shows as a symbol, not as an empty box
