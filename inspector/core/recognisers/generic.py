"""The fallback for bounces of unnamed mail servers.

The :class:`Generic` recogniser accepts a message only when it looks like a bounce (sender, subject
or header) and the common reading of the text
(:func:`~inspector.core.recognisers.recipients.parse_text`) gives a recipient.
"""

from __future__ import annotations

import re

from inspector.core.recognisers.family import FamilyRecogniser
from inspector.core.recognisers.gate import Gate

BOUNCE_SENDER_RE = re.compile(
    r"mailer[-_ ]?daemon|post_?master|mail ?delivery|delivery ?(?:sub)?system|mail ?administrator|"
    r"\bmta\b|mailer@|smtp ?gateway|returned mail|bounce",
    re.I,
)
BOUNCE_SUBJECT_RE = re.compile(
    r"undeliver|undelivered|delivery (?:status|failure|failed|notification|report|problem)|"
    r"failure notice|failed delivery|delivery has failed|mail delivery failed|returned mail|"
    r"returned to sender|could not be delivered|not delivered|non[- ]?delivery|nondeliverable|"
    r"mail system error|delivery error|delivery fail|bounce|rejected|warning: message|delayed|"
    r"unzustellbar|nicht zustellbar|non remis|non distribuable|échec de la remise|"
    r"no entregado|não entregue|niet afgeleverd|recapitabile|配信|エラー|不達|未送达|退信|失败",
    re.I,
)


class Generic(FamilyRecogniser):
    """A bounce from a server we do not know by name."""

    name = "generic"
    gate = Gate(sender=BOUNCE_SENDER_RE, subject=BOUNCE_SUBJECT_RE, headers=("X-Failed-Recipients",))
