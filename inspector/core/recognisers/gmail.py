"""Gmail's own bounce (no delivery-status part): "Delivery to the following recipient failed".

The recipients are indented under "Delivery to the following recipient(s) failed permanently:" (or
"... has been delayed:"); the reason follows "Technical details of permanent (temporary) failure:".
When the remote server answered, Gmail quotes its reply after "The error that the other server
returned was:"; that reply is the diagnostic, not Google's sentence around it.
"""

from __future__ import annotations

import re

from inspector.core.addresses import first_address
from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import AllOf, Gate
from inspector.core.recognisers.message import text_part_path
from inspector.core.recognisers.notice import split_returned, squeeze
from inspector.core.recognisers.recipients import make_recipient, parse_text

_DETAILS_RE = re.compile(r"Technical details of (?P<kind>permanent|temporary) failure:?", re.I)
_LIST_RE = re.compile(
    r"Delivery to the following recipients? (?:failed permanently|has been delayed|is delayed)[^\n]*:\s*\n"
    r"(?P<list>(?:[ \t]*\S+@\S+[ \t]*\n?)+)",
    re.I,
)
_REMOTE_RE = re.compile(r"The error that the other server returned was:\s*", re.I)


class Gmail(FamilyRecogniser):
    name = "Gmail"
    # Google's sender, or (a body pasted without its headers) Gmail's own list of recipients; and
    # always the "Technical details of ... failure" heading.
    gate = AllOf(
        (
            Gate(
                sender=re.compile(r"mailer-daemon@google(?:mail)?\.com|@gmail\.com", re.I),
                body=_LIST_RE,
                body_window=4000,
            ),
            Gate(body=_DETAILS_RE, body_window=4000),
        )
    )

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        own, inline = split_returned(bounce.body_text)
        details = _DETAILS_RE.search(own)
        listed = _LIST_RE.search(own)
        if details is None or listed is None:
            return parse_text(bounce, own, inline)
        text = own[details.end() :]
        remote = _REMOTE_RE.search(text)
        diag = squeeze(text[remote.end() :] if remote else text)
        addresses = [a for a in (first_address(ln) for ln in listed.group("list").splitlines()) if a]
        temporary = details.group("kind").lower() == "temporary"
        out = []
        for addr in dict.fromkeys(addresses):
            rec = make_recipient(addr, diag, part=text_part_path(bounce))
            if temporary and not (rec.status or rec.reply_code):
                rec.action = "delayed"
            out.append(rec)
        return out
