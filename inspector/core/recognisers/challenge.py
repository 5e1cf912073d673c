"""Challenge-response and allow-list notices: not bounces.

Some recipients run a filter that holds mail from unknown senders and asks the sender to prove they
are a person (click a link, reply to the notice) before the message is delivered: cPanel's
BoxTrapper, TMDA, SpamArrest, Boxbe, ChoiceMail and many providers' "approved senders" features.
Such a notice is neither a failure nor an auto-reply: the address is fine and the message waits.
It is read as ``not-bounce`` with no failed recipient (the summary says what it is), and is tried
before the auto-reply reader and the generic bounce reader, which would otherwise take its
"held" and "blocked" words for a refusal.

The wording below is what these products' notices ask of the sender (documented in their user
guides: cPanel BoxTrapper's verification message, TMDA's confirmation request, SpamArrest and
Boxbe's sender verification), written as short, general phrases, not copied from any one notice.
"""

from __future__ import annotations

import re

from inspector.core.codes import find_codes
from inspector.core.recognisers.base import Bounce, Recognition

_ASK_RE = re.compile(
    r"(?:confirm|verify|prove)\s+(?:that\s+)?you\s+are\s+(?:a\s+)?(?:real\s+)?(?:live\s+)?(?:person|human)"
    r"|(?:approved|allowed|safe)[ -]senders?\s+list|\bwhite[ -]?list(?:ed)?\b|\bguest\s+list\b"
    r"|challenge[ -]response|awaiting\s+(?:your\s+)?(?:confirmation|verification)"
    r"|(?:held|quarantined|waiting)\s+(?:pending|until)\s+(?:your\s+)?(?:verification|confirmation|you\s+confirm)"
    r"|\b(?:boxtrapper|tmda|spam\s?arrest|boxbe|choicemail|mailblocks)\b",
    re.I,
)
_ACTION_RE = re.compile(
    r"(?:click|follow|visit|open)\s+(?:on\s+)?(?:the\s+|this\s+)?(?:link|url|button|address)"
    r"|reply\s+to\s+this\s+(?:message|e-?mail)|\bconfirm(?:ation)?\b|\bverif(?:y|ication)\b",
    re.I,
)
_WINDOW = 4000
# Words one of which every match of _ASK_RE holds (lower case): looked for first, with plain
# substring search, so that most messages never run the regular expression.
_NEEDLES = (
    "person", "human", "sender", "list", "challenge", "awaiting", "pending", "until", "boxtrapper",
    "tmda", "arrest", "boxbe", "choicemail", "mailblocks",
)  # fmt: skip


class ChallengeResponse:
    name = "challenge"

    def recognise(self, bounce: Bounce) -> Recognition | None:
        if bounce.dsn_reports:
            return None
        head = bounce.body_text[:_WINDOW]
        low = bounce.head.lowered(_WINDOW)  # the gates' lower-cased beginning, when ASCII
        if low is None:
            low = head.lower()
        if not any(n in low for n in _NEEDLES):
            return None
        if _ASK_RE.search(head) is None or _ACTION_RE.search(head) is None:
            return None
        if any(c.code[:1] in "45" for c in find_codes(head)):
            return None  # a refusal that mentions an allow-list is still a refusal
        return Recognition(self.name, [], "not-bounce")
