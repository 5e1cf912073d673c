"""Microsoft Exchange: the 2000/2003 notice ("did not reach the following recipient(s)") and the
2007-and-later NDR ("Diagnostic information for administrators"), Office 365 included.

Exchange 2000 opens with "did not reach some or all of the intended recipients", repeats the
To/Subject/Sent lines, and lists the failures under "The following recipient(s) could not be
reached:" in the same shape. Exchange 2003 writes each failed recipient as ``address on <date>``, then the reason, the
``The MTS-ID of the original message is: ...`` line (a queue id, wrapped) and an ``MSEXCH:...``
line with Exchange's own error code::

    kijitora@example.jp on Thu, 29 Apr 2010 00:00:00 -0000
        The recipient name is not recognized
        The MTS-ID of the original message is: c=jp;a= ;p=neko
    ;l=EXCHANGE0000
        MSEXCH:IMS:NNN:KIJITORACAT:NEKO 0 (000C05A6) Unknown Recipient

Exchange 2007 and later add a delivery-status part, read through the DSN path. Its text lists
every attempt, newest first (``<date> - Remote Server at host returned '<reply>'``). When the
queue gave up (``QUEUE.Expired``), the last "reply" is Exchange's own expiry notice under a
made-up 550; the remote server's real answer is the newest attempt before it, which the
diagnostic then leads with (the expiry kept after it).
"""

from __future__ import annotations

import re

from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce, Recognition
from inspector.core.recognisers.blocks import address_blocks
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import AllOf, Gate
from inspector.core.recognisers.notice import split_returned, squeeze
from inspector.core.recognisers.recipients import blocks_to_recipients, parse_text
from inspector.core.recognisers.replies import remote_codes

# "did not reach the following recipient(s)" (2003), or "did not reach some or all of the intended
# recipients" followed by "The following recipient(s) could not be reached:" (2000): the list follows.
_NOT_REACHED_RE = re.compile(
    r"did not reach the following recipient\(?s?\)?|the following recipient\(?s?\)? could not be reached:?", re.I
)
_E2003_MARK_RE = re.compile(r"MSEXCH:|The MTS-ID of the original message is", re.I)
# "on Thu, 29 Apr 2010 00:00:00 -0000" / "on 4/29/01 11:34:45 PM" after the address.
_ON_DATE_RE = re.compile(r"\A[ \t]*on [^\n]*\d{1,2}:\d\d(?::\d\d)?[^\n]*\n?", re.I)
# The MTS-ID line and its wrapped continuation (";l=...").
_MTS_ID_RE = re.compile(
    r"^[ \t]*The MTS-ID of the original message is:[^\n]*(?:\n(?![ \t])[^\n]*[;=][^\n]*)*\n?", re.I | re.M
)

_ADMIN_RE = re.compile(r"Diagnostic information for administrators", re.I)
_ATTEMPT_RE = re.compile(r"Remote Server (?:at [^\n']*?)?\s*returned\s+'(?P<reply>[^']+)'", re.I)
_EXPIRED_RE = re.compile(r"QUEUE\.Expired", re.I)


class Exchange2003(FamilyRecogniser):
    name = "Exchange2003"
    gate = AllOf((Gate(body=_NOT_REACHED_RE, body_window=4000), Gate(body=_E2003_MARK_RE, body_window=None)))

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        own, inline = split_returned(bounce.body_text)
        m = _NOT_REACHED_RE.search(own)
        if m is None:
            return parse_text(bounce, own, inline)
        listed = own[m.end() :]
        blocks = address_blocks(listed)
        if not blocks:
            return parse_text(bounce, own, inline)
        for b in blocks:
            b.text = _MTS_ID_RE.sub("", _ON_DATE_RE.sub("", b.text))
        return blocks_to_recipients(blocks, bounce, listed)


class Exchange2007(FamilyRecogniser):
    name = "Exchange2007"
    gate = Gate(headers=("X-MS-Exchange-Message-Is-Ndr",), body=_ADMIN_RE, body_window=6000)

    def recognise(self, bounce: Bounce) -> Recognition | None:
        found = super().recognise(bounce)
        if found is None:
            return None
        if found.kind != "non-dsn-bounce":
            text = bounce.body_text
            for rec in found.recipients:
                _last_real_reply(rec, text)
        return found


def _last_real_reply(rec: RecipientResult, text: str) -> None:
    """A queue expiry in the diagnostic: lead with the newest earlier attempt's reply."""
    diag = rec.diagnostic or ""
    if not _EXPIRED_RE.search(diag):
        return
    flat = text.replace("=\n", "")
    for m in _ATTEMPT_RE.finditer(flat):
        reply = squeeze(m.group("reply"))
        if _EXPIRED_RE.search(reply):
            continue
        codes = remote_codes(reply)
        if not codes.status or (rec.status or "")[:1] not in ("", codes.status[0]):
            continue
        rec.diagnostic = f"{reply} (then: {squeeze(diag)})"
        rec.status = codes.status
        rec.reply_code = codes.reply_code
        return
