"""The code reference: basic and enhanced SMTP codes, provider replies and bounce reasons.

Data lives in ``resources/reference/*.toml``; :mod:`.tables` loads and validates it once (the
ranked search over it is :mod:`inspector.core.reference_search`). Nothing here imports Qt or the
core.
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
