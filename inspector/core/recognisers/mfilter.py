"""m-FILTER (Digital Arts' mail gateway): a Japanese notice, then labelled sections.

Layout: the failed addresses under the notice's sentences, then ``-------server message`` with the
remote server's reply, ``-------SMTP command`` with the command it answered, and
``-------original message`` before the returned message. The diagnostic is written the way a
session transcript reads (``>>> DATA <<< 550 ...``), so the command stays with the reply.
"""

from __future__ import annotations

import re

from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.blocks import addresses_in
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import Gate
from inspector.core.recognisers.message import text_part_path
from inspector.core.recognisers.notice import jis_text
from inspector.core.recognisers.recipients import make_recipient, parse_text

_SECTION_RE = re.compile(r"^-{5,}[ \t]*(?P<label>server message|SMTP command|original message)[ \t]*$", re.M | re.I)


class MFilter(FamilyRecogniser):
    name = "m-FILTER"
    gate = Gate(body=re.compile(r"^-{5,}[ \t]*server message[ \t]*$", re.M | re.I), body_window=4000)

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        text = jis_text(bounce.body_text)
        sections: dict[str, str] = {}
        marks = list(_SECTION_RE.finditer(text))
        if not marks:
            return parse_text(bounce)
        for i, m in enumerate(marks):
            end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
            sections.setdefault(m.group("label").lower(), text[m.end() : end].strip())
        reply = sections.get("server message", "")
        command = sections.get("smtp command", "").splitlines()[:1]
        addresses = addresses_in(text[: marks[0].start()]) or addresses_in(reply)
        if not reply or not addresses:
            return parse_text(bounce)
        diag = f">>> {command[0].strip()} <<< {reply}" if command and command[0].strip() else reply
        part = text_part_path(bounce)
        return [make_recipient(a, diag, part=part) for a in addresses]
