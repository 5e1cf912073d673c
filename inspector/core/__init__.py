"""The mail core: parsing, DSN fields, code finding, recognisers and classification. No Qt here.

The entry points are imported on first use, so ``import inspector.core.model`` (all the UI needs
at start-up) does not pay for the parser, the recognisers and the classifier.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector.core.analyze import analyse_bytes, analyse_item, analyse_path, analyse_text

__all__ = ["analyse_bytes", "analyse_item", "analyse_path", "analyse_text"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        # The analysis (about 45 ms of imports: recognisers, classifier, tables) loads on first use:
        # the window and the reference commands import the core's data model without it.
        from inspector.core import analyze

        return getattr(analyze, name)
    raise AttributeError(f"module 'inspector.core' has no attribute {name!r}")
