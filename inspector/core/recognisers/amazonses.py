"""Amazon SES notifications in JSON (SNS or e-mail feedback forwarding): Bounce, Complaint, Delivery.

The JSON names each recipient with its action, status and diagnostic; a complaint is a feedback
report, a delivery a success.
"""

from __future__ import annotations

import json
import re
from typing import Any

from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce, Recognition
from inspector.core.recognisers.message import text_part_path
from inspector.core.recognisers.replies import codes_in

_SENDER_RE = re.compile(r"amazonses\.com|amazonaws\.com", re.I)


def _json_of(text: str) -> dict[str, Any] | None:
    start = text.find("{")
    if start < 0:
        return None
    try:
        data, _ = json.JSONDecoder(strict=False).raw_decode(text[start:])
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("Message"), str):
        try:
            inner = json.loads(data["Message"], strict=False)
        except ValueError:
            return None
        data = inner
    return data if isinstance(data, dict) else None


class AmazonSes:
    name = "AmazonSES"

    def recognise(self, bounce: Bounce) -> Recognition | None:
        if not _SENDER_RE.search(bounce.sender) or bounce.dsn_reports:
            return None
        data = _json_of(bounce.body_text)
        if data is None:
            return None
        kind = str(data.get("notificationType") or data.get("eventType") or "")
        part = text_part_path(bounce)
        out: list[RecipientResult] = []
        if kind == "Bounce" and isinstance(data.get("bounce"), dict):
            b = data["bounce"]
            permanent = str(b.get("bounceType", "")).lower() == "permanent"
            for r in b.get("bouncedRecipients") or []:
                if not isinstance(r, dict):
                    continue
                diag = str(r.get("diagnosticCode") or "")
                codes = codes_in(diag)
                status = str(r.get("status") or "") or codes.status
                out.append(
                    RecipientResult(
                        recipient=r.get("emailAddress"),
                        action=str(r.get("action") or ("failed" if permanent else "delayed")),
                        status=status or None,
                        reply_code=codes.reply_code,
                        diagnostic=diag or None,
                        reporting_mta=b.get("reportingMTA"),
                        part=part,
                    )
                )
        elif kind == "Complaint" and isinstance(data.get("complaint"), dict):
            c = data["complaint"]
            ftype = str(c.get("complaintFeedbackType") or "abuse")
            for r in c.get("complainedRecipients") or []:
                if isinstance(r, dict):
                    out.append(
                        RecipientResult(
                            recipient=r.get("emailAddress"), reason="feedback", feedback_type=ftype, part=part
                        )
                    )
            return Recognition(self.name, out, "non-dsn-bounce", feedback_type=ftype) if out else None
        elif kind == "Delivery" and isinstance(data.get("delivery"), dict):
            d = data["delivery"]
            for addr in d.get("recipients") or []:
                diag = str(d.get("smtpResponse") or "")
                codes = codes_in(diag)
                out.append(
                    RecipientResult(
                        recipient=str(addr),
                        action="delivered",
                        status="2.0.0" if not codes.status else codes.status,
                        reply_code=codes.reply_code,
                        diagnostic=diag or None,
                        part=part,
                    )
                )
        return Recognition(self.name, out) if out else None
