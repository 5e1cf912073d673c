"""fml (a mailing-list manager): notices from the list's ``-admin`` address.

fml refuses a post or drops a looping message with a short notice whose subject names what
happened ("Loop Alert: Duplicated Message-ID (list)"); the list address is the recipient. A loop
is the mail system's fault, not the address's: the reason is ``systemerror``.
"""

from __future__ import annotations

import re

from inspector.core.addresses import first_address
from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import AllOf, Gate
from inspector.core.recognisers.message import text_part_path
from inspector.core.recognisers.notice import split_returned
from inspector.core.recognisers.recipients import make_recipient

_SUBJECT_RE = re.compile(r"^\s*(?:Loop Alert|fml (?:status|error)|Rejected mail|Not member)\b", re.I)
_SENDER_RE = re.compile(r"-admin@|fml", re.I)
_LOOP_RE = re.compile(r"Loop Alert|Duplicated Message-ID|loop", re.I)


class Fml(FamilyRecogniser):
    name = "fml"
    gate = AllOf((Gate(subject=_SUBJECT_RE), Gate(sender=_SENDER_RE)))

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        own = split_returned(bounce.body_text)[0]
        cut = own.find("Original mail as follows")
        if cut >= 0:
            own = own[:cut]
        address = first_address(own) or first_address(bounce.header("To") or "")
        rec = make_recipient(address, f"{bounce.subject}\n{own}", part=text_part_path(bounce))
        if _LOOP_RE.search(bounce.subject):
            rec.reason = "systemerror"
        return [rec]
