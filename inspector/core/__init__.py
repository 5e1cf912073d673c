"""The mail core: parsing, DSN fields, code finding, recognisers and classification. No Qt here."""

from inspector.core.analyze import analyse_bytes, analyse_item, analyse_path, analyse_text

__all__ = ["analyse_bytes", "analyse_item", "analyse_path", "analyse_text"]
