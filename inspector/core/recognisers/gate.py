"""A recogniser's gate as data: the cheap signs that a message may be one of its family's.

A :class:`Gate` opens on any one of its signs (sender, subject, a header, an address in
``X-Failed-Recipients``, words near the start of the bounce's text); :class:`AllOf` opens when every
gate it holds does. The text test goes through the prefilter of :mod:`inspector.core.patterns`
(:meth:`Bounce.head_search <inspector.core.recognisers.base.Bounce.head_search>`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from inspector.core.recognisers.base import Bounce
from inspector.core.recognisers.message import x_failed_recipients


@dataclass(frozen=True, slots=True)
class Gate:
    """Opens when any one of its signs is there (a gate without any never opens)."""

    sender: re.Pattern[str] | None = None
    """Searched in the From header."""
    subject: re.Pattern[str] | None = None
    headers: tuple[str, ...] = ()
    """Headers whose mere presence is a sign."""
    failed_recipient: re.Pattern[str] | None = None
    """Searched in each address of ``X-Failed-Recipients``."""
    body: re.Pattern[str] | None = None
    """Searched in the first :attr:`body_window` characters of the bounce's own text."""
    body_window: int | None = 3000
    """None: the whole text (read without the prefilter, which keeps only a text's beginning)."""

    def opens(self, bounce: Bounce) -> bool:
        if self.sender is not None and self.sender.search(bounce.sender):
            return True
        if self.subject is not None and self.subject.search(bounce.subject):
            return True
        if any(bounce.header(h) is not None for h in self.headers):
            return True
        if self.failed_recipient is not None:
            pattern = self.failed_recipient
            if any(pattern.search(a) for a in x_failed_recipients(bounce)):
                return True
        if self.body is None:
            return False
        if self.body_window is None:
            return self.body.search(bounce.body_text) is not None
        return bounce.head_search(self.body, self.body_window)

    def bodies(self) -> Iterator[tuple[re.Pattern[str], int | None]]:
        """The text patterns it looks for, with their windows (for tests of the prefilter)."""
        if self.body is not None:
            yield self.body, self.body_window


@dataclass(frozen=True, slots=True)
class AllOf:
    """Opens when every one of its gates does (tried in order)."""

    gates: tuple[Gate, ...]

    def opens(self, bounce: Bounce) -> bool:
        return all(g.opens(bounce) for g in self.gates)

    def bodies(self) -> Iterator[tuple[re.Pattern[str], int | None]]:
        for g in self.gates:
            yield from g.bodies()


NEVER = Gate()
"""A gate without signs: for recognisers that decide in :meth:`recognise` itself."""
