"""DragonFly Mail Agent (dma): "This is the DragonFly Mail Agent ... at host."

One failed recipient per notice: "There was an error delivering your mail to <address>.", then
what went wrong (the remote host, the command it "did not like", its reply) up to
"Message headers follow.".
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

_ERROR_RE = re.compile(
    r"There was an error delivering your mail to <?(?P<addr>[^\s<>]+@[^\s<>]+?)>?\.?[ \t]*\n(?P<why>.*?)"
    r"(?:\n[ \t]*Message headers follow\.|\Z)",
    re.S | re.I,
)


class DragonFly(FamilyRecogniser):
    name = "DragonFly"
    gate = Gate(body=re.compile(r"This is the DragonFly Mail Agent", re.I), body_window=400)

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        # "Original message follows." (or "Message headers follow.") ends the explanation.
        m = _ERROR_RE.search(split_returned(bounce.body_text)[0])
        if m is None:
            return parse_text(bounce)
        return [make_recipient(m.group("addr"), m.group("why"), part=text_part_path(bounce))]
