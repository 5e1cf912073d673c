"""The fallback for bounces of unnamed mail servers, and the text reading most families share.

:func:`parse_text` reads a free-text bounce the common way: cut at the returned-message marker,
one recipient per address-led block; failing that, the recipients of ``X-Failed-Recipients`` or
those the text names, each explained by the whole text. The :class:`Generic` recogniser accepts a
message only when it looks like a bounce (sender, subject or header) and the text gives a recipient.
"""

from __future__ import annotations

import re

from inspector.core.model import RecipientResult
from inspector.core.recognisers.base import Bounce, FamilyRecogniser
from inspector.core.recognisers.helpers import (
    address_blocks,
    addresses_in,
    blocks_to_recipients,
    make_recipient,
    returned_recipients,
    split_returned,
    text_part_path,
    x_failed_recipients,
)

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


def parse_text(bounce: Bounce, own: str | None = None, inline: str = "") -> list[RecipientResult]:
    """Recipients from the bounce's own text, the common way (see the module docstring)."""
    if own is None:
        own, inline = split_returned(bounce.body_text)
    failed = x_failed_recipients(bounce)
    blocks = address_blocks(own)
    if failed:
        wanted = {a.lower() for a in failed}
        chosen = [b for b in blocks if b.address.lower() in wanted]
        if chosen:
            blocks = chosen
    if blocks:
        return blocks_to_recipients(blocks, bounce, own)
    part = text_part_path(bounce)
    named = failed or addresses_in(own) or returned_recipients(bounce, inline)
    sender = (bounce.header("To") or "").lower()
    named = [a for a in named if a.lower() not in sender] or named[:1]
    if not own.strip():
        return []
    targets: list[str | None] = list(named[:1]) or [None]
    return [make_recipient(a, own, part=part) for a in targets]


class Generic(FamilyRecogniser):
    """A bounce from a server we do not know by name."""

    name = "generic"
    sender_re = BOUNCE_SENDER_RE
    subject_re = BOUNCE_SUBJECT_RE
    header_names = ("X-Failed-Recipients",)
