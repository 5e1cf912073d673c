"""What the bounce message itself says beyond its text: the ``X-Failed-Recipients`` header, the
returned message's headers and recipients, and which part holds the notice's text.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspector.core.addresses import BARE_ADDRESS_RE, clean_address, first_address
from inspector.core.mime import headers_from_text
from inspector.core.recognisers.base import Bounce


def x_failed_recipients(bounce: Bounce) -> list[str]:
    """The addresses of the ``X-Failed-Recipients`` headers (Exim and others), each once."""
    out: list[str] = []
    for value in bounce.headers("X-Failed-Recipients"):
        for piece in value.split(","):
            a = first_address(piece)
            if a and a not in out:
                out.append(a)
    return out


def returned_headers(bounce: Bounce, inline: str = "") -> Sequence[tuple[str, str]]:
    """Headers of the returned message: its MIME part, else the inlined text after the marker."""
    part = bounce.returned
    if part is not None and part.message_headers:
        return part.message_headers
    if inline:
        return headers_from_text(inline.lstrip("\n"))
    return []


def returned_recipients(bounce: Bounce, inline: str = "") -> list[str]:
    """The To: addresses of the returned message (a last resort for who failed)."""
    for k, v in returned_headers(bounce, inline):
        if k.lower() == "to":
            return [clean_address(m.group(1)) for m in BARE_ADDRESS_RE.finditer(v)]
    return []


def text_part_path(bounce: Bounce) -> str | None:
    """The path of the bounce's first own text part (where a text-read result comes from)."""
    parts = bounce.text_parts
    return parts[0].path if parts else None
