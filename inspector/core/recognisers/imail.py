"""IMail Server (Ipswitch): "Body of message generated response:" and its one-line notices.

A remote refusal reads ``undeliverable to <address>``, then ``Body of message generated
response:`` and the remote server's reply lines; local failures are one line ending with the
address (``User mailbox exceeds allowed size: a@b``), which the common reading handles. The
frame above (``Save to the following Address Book``, To/CC/Date/Subject of the notice) is not
part of the reason.
"""

from __future__ import annotations

import re

from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import Gate
from inspector.core.recognisers.message import text_part_path
from inspector.core.recognisers.notice import split_returned
from inspector.core.recognisers.recipients import make_recipient, parse_text

# The lines between are skipped as "[^\n]*\n": with re.S a ".*\n" could end at any later newline,
# and a text of many lines was split in every way (exponential; found by atheris).
_RESPONSE_RE = re.compile(
    r"undeliverable to[ \t]*<?(?P<addr>[^\s<>]+@[^\s<>]+?)>?[ \t]*\n(?:[^\n]*\n)*?[ \t]*"
    r"Body of message generated response:[ \t]*\n(?P<reply>.*)",
    re.I | re.S,
)


class IMail(FamilyRecogniser):
    name = "IMail"
    gate = Gate(body=re.compile(r"Body of message generated response:", re.I))

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        own, inline = split_returned(bounce.body_text)
        m = _RESPONSE_RE.search(own)
        if m is None:
            return parse_text(bounce, own, inline)
        return [make_recipient(m.group("addr"), m.group("reply"), part=text_part_path(bounce))]
