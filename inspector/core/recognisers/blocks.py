"""Address-led blocks: most free-text bounces write each failed recipient as an address line
followed by a few lines of explanation; and the addresses a text names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from inspector.core.addresses import ANGLE_ADDRESS_RE, BARE_ADDRESS_RE, clean_address

# Lines naming a failed recipient: the line starts with an address (angle brackets or not). The
# bullets before it are taken whole ("*+"): "*" and "-" may also start an address, and a long line
# of them was split between the two in every way (quadratic; found by fuzzing). An address made
# of bullets only ("--@example.com") is no longer read as one.
ADDRESS_LINE_RE = re.compile(
    r"^[ \t>*-]*+(?:(?:RCPT[ \t]*TO|Recipient(?:[ \t]+address)?|Original-Recipient|address)[ \t]*:[ \t]*)?"
    r"<?(?:mailto:)?(?P<addr>[^\s<>()\[\]\"',;:@\\]+@[^\s<>()\[\]\"',;:@\\]*[\w\]])>?"
    r"(?P<rest>[ \t]*(?::|\.\.\.|\s|$).*)?$",
    re.M | re.I,
)


@dataclass(slots=True)
class Block:
    """One recipient's address line and the lines that explain it."""

    address: str
    text: str
    """The rest of the address line and the following lines, up to the next address line."""
    start: int


def address_blocks(text: str, line_re: re.Pattern[str] = ADDRESS_LINE_RE) -> list[Block]:
    """Split ``text`` at the lines that start with an address."""
    matches = [m for m in line_re.finditer(text) if _plausible(m.group("addr"))]
    out = []
    for i, m in enumerate(matches):
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        rest = (m.group("rest") or "").lstrip(" \t:.")
        body = rest + text[m.end() : end]
        out.append(Block(clean_address(m.group("addr")), body, m.start()))
    return out


def _plausible(addr: str) -> bool:
    a = clean_address(addr)
    local, _, domain = a.rpartition("@")
    return bool(local) and "." in domain and not domain.startswith(".")


def addresses_in(text: str) -> list[str]:
    """The addresses ``text`` names in angle brackets, else bare ones, each once, in order."""
    seen: dict[str, None] = {}
    for m in ANGLE_ADDRESS_RE.finditer(text):
        seen.setdefault(clean_address(m.group(1)), None)
    if not seen:
        for m in BARE_ADDRESS_RE.finditer(text):
            seen.setdefault(clean_address(m.group(1)), None)
    return list(seen)
