"""Text as people can see it: control characters shown visibly.

A NUL or another C0 control in a subject or a body is drawn by Qt as an empty box (or nothing).
:func:`visible` shows each as its U+2400 "control picture" (NUL -> ␀, ESC -> ␛, DEL -> ␡), keeping
tabs and line breaks; every view shows message text through it. Where no installed font can draw
those symbols (they would be boxes again), the characters are written by name instead: ``[NUL]``.
Which of the two is decided once, by the check the window registers (:func:`use_font_check`),
the first time a control character is shown. No Qt here.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector.core.model import CodeMatch

_NAMES = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN EM SUB ESC FS GS RS US"
).split()
_KEEP = (0x09, 0x0A, 0x0D)  # tab and line breaks stay what they are in running text
_CODES = [*range(0x20), 0x7F]
_PICTURES = {c: 0x2400 + c for c in range(0x20)} | {0x7F: 0x2421}
_BY_NAME = {c: f"[{_NAMES[c]}]" for c in range(0x20)} | {0x7F: "[DEL]"}
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f]")

_font_check: Callable[[], bool] | None = None
_pictures: bool | None = None


def use_font_check(check: Callable[[], bool] | None) -> None:
    """``check()`` says whether the fonts can draw U+2400 symbols (asked once, when first needed)."""
    global _font_check, _pictures
    _font_check, _pictures = check, None


def _table(line: bool) -> dict[int, int] | dict[int, str]:
    global _pictures
    if _pictures is None:
        _pictures = _font_check() if _font_check is not None else True
    codes = _CODES if line else [c for c in _CODES if c not in _KEEP]
    if _pictures:
        return {c: _PICTURES[c] for c in codes}
    return {c: _BY_NAME[c] for c in codes}


def visible(text: str) -> str:
    """``text`` with control characters shown; tabs and line breaks kept."""
    if _CONTROL.search(text) is None:  # the usual case: no copy
        return text
    return text.translate(_table(line=False))


def visible_line(text: str) -> str:
    """For one-line places (a title, a table cell): line breaks and tabs shown as well."""
    if _CONTROL_OR_BREAK.search(text) is None:
        return text
    return text.translate(_table(line=True))


def visible_with_spans(text: str, spans: Sequence[CodeMatch] | None) -> tuple[str, list[CodeMatch] | None]:
    """:func:`visible`, and the codes found in ``text`` moved to where the same characters are in
    the shown text (names are longer than one character)."""
    shown = visible(text)
    if spans is None or len(shown) == len(text):
        return shown, None if spans is None else list(spans)
    # where each control character was, and how much longer the text is after it
    grow: list[int] = []
    extra: list[int] = []
    total = 0
    for m in _CONTROL.finditer(text):
        total += len(_BY_NAME[ord(m.group())]) - 1
        grow.append(m.start())
        extra.append(total)

    def moved(offset: int) -> int:
        i = bisect.bisect_left(grow, offset)  # controls strictly before ``offset``
        return offset + (extra[i - 1] if i else 0)

    return shown, [dataclasses.replace(s, start=moved(s.start), end=moved(s.end)) for s in spans]
