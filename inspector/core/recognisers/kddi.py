"""KDDI's au one net (dion.ne.jp, auone-net.jp) mail system: a short notice in English, sometimes
after a Japanese paragraph, with the original message attached::

    Your mail sent on: Thu, 29 Apr 2013 00:00:00 +0900
         Could not be delivered to: <someone@example.dion.ne.jp>
         As their mailbox is full.

No SMTP reply and no enhanced code: the sentence after the address is the reason. The notice may
come with a plain subject ("Mail") and a ``no-reply`` sender, so its own opening line is the gate.
"""

from __future__ import annotations

import re

from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import Gate

_BODY_RE = re.compile(r"^[ \t]*your mail sent on:[^\n]*\n[ \t]*could not be delivered to:", re.I | re.M)


class Kddi(FamilyRecogniser):
    name = "KDDI"
    gate = Gate(body=_BODY_RE, body_window=1200)
