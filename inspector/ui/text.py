"""Text as people can see it: control characters shown as their visible symbols.

A NUL or another C0 control in a subject or a body is drawn by Qt as an empty box (or nothing);
:func:`visible` replaces each with its U+2400 "control picture" (NUL -> U+2400, ESC -> U+241B,
DEL -> U+2421), keeping tabs and line breaks. Every text view shows message text through it.
"""

from __future__ import annotations

import re

# C0 controls (but tab, line feed, carriage return) and DEL -> their control pictures.
_PICTURES = {c: 0x2400 + c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)}
_PICTURES[0x7F] = 0x2421
_LINE = {**_PICTURES, 0x09: 0x2409, 0x0A: 0x240A, 0x0D: 0x240D}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f]")


def visible(text: str) -> str:
    """``text`` with control characters shown as symbols; tabs and line breaks kept (same length)."""
    if _CONTROL.search(text) is None:  # the usual case: no copy
        return text
    return text.translate(_PICTURES)


def visible_line(text: str) -> str:
    """For one-line places (a title, a table cell): line breaks and tabs shown as symbols too."""
    if _CONTROL_OR_BREAK.search(text) is None:
        return text
    return text.translate(_LINE)
