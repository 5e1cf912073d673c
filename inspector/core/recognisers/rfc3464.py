"""The standard path: a bounce with message/delivery-status parts (RFC 3464, RFC 6533), read by
:mod:`inspector.core.recognisers.delivery_status`. Tried after every family recogniser."""

from __future__ import annotations

from inspector.core.recognisers.base import Bounce, Recognition
from inspector.core.recognisers.delivery_status import dsn_recognition


class Rfc3464:
    name = "RFC3464"

    def recognise(self, bounce: Bounce) -> Recognition | None:
        return dsn_recognition(bounce)
