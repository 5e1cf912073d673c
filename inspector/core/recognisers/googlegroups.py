"""Google Groups: a post refused by a group (it does not exist, or the sender may not post).

Google writes this notice in the sender's language, so the layout decides, not the words: the
refused group is in ``X-Failed-Recipients`` and the reason is always ``rejected``.
"""

from __future__ import annotations

import re

from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import AllOf, Gate
from inspector.core.recognisers.message import returned_recipients, text_part_path, x_failed_recipients
from inspector.core.recognisers.notice import split_returned
from inspector.core.recognisers.recipients import make_recipient

_GROUP_RE = re.compile(r"@googlegroups\.com$", re.I)
_SIGNATURE_RE = re.compile(r"Google Groups|groups\.google\.com", re.I)
_HELP_RE = re.compile(r"groups\.google\.com/support", re.I)


class GoogleGroups(FamilyRecogniser):
    name = "GoogleGroups"
    gate = AllOf(
        (
            # Google's sender, or (a notice pasted without its headers) the link to the Groups
            # help centre every language version of the notice ends with.
            Gate(sender=re.compile("google", re.I), body=_HELP_RE, body_window=4000),
            Gate(failed_recipient=_GROUP_RE, body=_SIGNATURE_RE, body_window=4000),
        )
    )

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        own = split_returned(bounce.body_text)[0]
        out = []
        # The refused group: X-Failed-Recipients, else (no headers) the returned message's group.
        groups = x_failed_recipients(bounce) or [
            a for a in returned_recipients(bounce, split_returned(bounce.body_text)[1]) if _GROUP_RE.search(a)
        ]
        for addr in groups:
            rec = make_recipient(addr, own, part=text_part_path(bounce))
            rec.reason = "rejected"
            out.append(rec)
        return out
