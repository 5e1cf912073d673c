"""Classification of one recipient: severity now; reason, hard and advice from the reference tables."""

from __future__ import annotations

from inspector.core.model import RecipientResult, Severity

_ACTION_SEVERITY: dict[str, Severity] = {
    "failed": "permanent",
    "delayed": "transient",
    "delivered": "success",
    "relayed": "success",
    "expanded": "success",
}
_CLASS_SEVERITY: dict[str, Severity] = {"2": "success", "4": "transient", "5": "permanent"}


def severity_of(rec: RecipientResult) -> Severity:
    """From the enhanced status class, else the reply code's first digit, else the DSN action."""
    for code in (rec.status, rec.reply_code):
        if code and code[:1] in _CLASS_SEVERITY:
            return _CLASS_SEVERITY[code[:1]]
    if rec.action:
        return _ACTION_SEVERITY.get(rec.action.split()[0].lower(), "unknown")
    return "unknown"


def classify(rec: RecipientResult) -> None:
    rec.severity = severity_of(rec)
