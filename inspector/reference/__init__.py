"""The code reference: basic and enhanced SMTP codes, provider replies and bounce reasons.

Data lives in ``resources/reference/*.toml``; :mod:`.tables` loads and validates it once and
:mod:`.search` ranks entries for a query. Nothing here imports Qt.
"""

from __future__ import annotations

from inspector.reference.tables import (
    Entry,
    Heading,
    Reason,
    Reference,
    ReferenceDataError,
    load_reference,
)

__all__ = ["Entry", "Heading", "Reason", "Reference", "ReferenceDataError", "load_reference"]
