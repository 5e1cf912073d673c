"""The usual shape of a recogniser: a gate (data, :mod:`.gate`), then the family's reading.

A message of the family that also carries a delivery-status part is read through the DSN fields
(:func:`~inspector.core.recognisers.delivery_status.dsn_recognition`); otherwise :meth:`parse`
reads the human-readable text (by default the common way,
:func:`~inspector.core.recognisers.recipients.parse_text`).
"""

from __future__ import annotations

from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce, Recognition
from inspector.core.recognisers.delivery_status import dsn_recognition
from inspector.core.recognisers.gate import NEVER, AllOf, Gate
from inspector.core.recognisers.recipients import parse_text


class FamilyRecogniser:
    """A family recogniser: :attr:`gate` (data) says whether the message may be the family's;
    then a delivery-status part wins, else :meth:`parse` reads the text. Subclasses set
    :attr:`name` and :attr:`gate`, and override :meth:`parse` when their layout needs it;
    :meth:`recognise` is the one entry point."""

    name = "generic"
    gate: Gate | AllOf = NEVER

    def parse(self, bounce: Bounce) -> list[RecipientResult]:
        return parse_text(bounce)

    def recognise(self, bounce: Bounce) -> Recognition | None:
        if not self.gate.opens(bounce):
            return None
        dsn = dsn_recognition(bounce)
        if dsn is not None:
            dsn.mta = self.name
            return dsn
        recipients = self.parse(bounce)
        if not recipients:
            return None
        return Recognition(self.name, recipients)
