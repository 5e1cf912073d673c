"""A hosted gateway's notice: "We had trouble delivering your message. Full details follow:".

After the original's Subject/Date and ``N error(s):``, one line per failure names the recipient
and quotes the remote reply in square brackets ("... It responded as follows: [550 5.1.1 User
unknown]"); "The attachment contains the original mail headers" ends the list.
"""

from __future__ import annotations

import re

from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.blocks import addresses_in
from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import Gate
from inspector.core.recognisers.message import text_part_path
from inspector.core.recognisers.recipients import make_recipient, parse_text, unique_by_address

# "^[ \t]*", not "^\s*": from every line start, "\s*" ran on over all the blank lines after it
# (quadratic on a body of empty lines; found by fuzzing).
_ERRORS_RE = re.compile(
    r"^[ \t]*\d+ error\(s\):[ \t]*\n(?P<list>.*?)(?:^[ \t]*The attachment contains|\Z)", re.M | re.S
)


class TroubleNotice(FamilyRecogniser):
    name = "X6"
    gate = Gate(body=re.compile(r"We had trouble delivering your message", re.I), body_window=600)

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        m = _ERRORS_RE.search(bounce.body_text)
        if m is None:
            return parse_text(bounce)
        part = text_part_path(bounce)
        out = []
        for line in m.group("list").splitlines():
            for addr in addresses_in(line)[:1]:
                out.append(make_recipient(addr, line, part=part))
        return unique_by_address(out) or parse_text(bounce)
