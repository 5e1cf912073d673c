"""Bounce recognisers, tried in this explicit order: most specific first, plain DSN last.

Each family module knows one mail-server family and has one entry point, ``recognise(bounce)``
(the contract: :mod:`.base`); most are a :class:`~.family.FamilyRecogniser` whose gate is data
(:mod:`.gate`). No directory scanning: the order is written here and only here, and frozen bundles
see every module. Shared reading, grouped by purpose: :mod:`.notice` (the bounce's own text),
:mod:`.blocks` (address-led blocks), :mod:`.replies` (the codes a reader takes), :mod:`.message`
(X-Failed-Recipients, the returned message), :mod:`.recipients` (results from text, the common
reading) and :mod:`.delivery_status` (recipients from delivery-status parts).
"""

from __future__ import annotations

from inspector.core.recognisers.amazonses import AmazonSes
from inspector.core.recognisers.arf import Arf
from inspector.core.recognisers.autoreply import AutoReply
from inspector.core.recognisers.base import Bounce, Recogniser, Recognition
from inspector.core.recognisers.challenge import ChallengeResponse
from inspector.core.recognisers.dragonfly import DragonFly
from inspector.core.recognisers.exchange import Exchange2003, Exchange2007
from inspector.core.recognisers.exim import Exim, MailRu
from inspector.core.recognisers.fml import Fml
from inspector.core.recognisers.generic import Generic
from inspector.core.recognisers.gmail import Gmail
from inspector.core.recognisers.googlegroups import GoogleGroups
from inspector.core.recognisers.imail import IMail
from inspector.core.recognisers.kddi import Kddi
from inspector.core.recognisers.mailmarshal import MailMarshal
from inspector.core.recognisers.mfilter import MFilter
from inspector.core.recognisers.postfix import PostfixSession
from inspector.core.recognisers.rfc3464 import Rfc3464
from inspector.core.recognisers.sendmail import Sendmail
from inspector.core.recognisers.verizon import Verizon
from inspector.core.recognisers.x6 import TroubleNotice

ORDER: tuple[Recogniser, ...] = (
    Arf(),
    AmazonSes(),
    GoogleGroups(),
    Gmail(),
    MailMarshal(),
    MFilter(),
    IMail(),
    TroubleNotice(),
    Fml(),
    Verizon(),
    Kddi(),
    DragonFly(),
    Exchange2003(),
    Exchange2007(),
    MailRu(),
    Exim(),
    Sendmail(),
    PostfixSession(),
    Rfc3464(),
    ChallengeResponse(),
    AutoReply(),
    Generic(),
)


def recognise(bounce: Bounce) -> Recognition | None:
    """The first recogniser's answer, in :data:`ORDER`."""
    for recogniser in ORDER:
        result = recogniser.recognise(bounce)
        if result is not None:
            if result.mta is None and recogniser.name not in ("RFC3464", "generic"):
                result.mta = recogniser.name
            return result
    return None


__all__ = ["ORDER", "Bounce", "Recognition", "Recogniser", "recognise"]
