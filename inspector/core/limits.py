"""Limits that keep hostile or huge input bounded. Hitting one is reported as a warning."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    max_file_bytes: int = 100 * 1024 * 1024
    """Larger inputs are refused with a clear error instead of being read."""
    max_depth: int = 40
    """Deeper MIME nesting is not walked (Python's parser itself gives up near 1,000)."""
    max_parts: int = 2000
    max_header_chars: int = 16 * 1024
    """Header values longer than this are cut before any structured parsing."""
    max_text_chars: int = 2 * 1024 * 1024
    """Decoded text kept per part; the rest is dropped with a warning."""
    max_raw_bytes: int = 4 * 1024 * 1024
    """Undecoded source returned for a Raw view."""
    max_messages: int = 100_000
    """Messages read from one mbox."""


DEFAULT_LIMITS = Limits()
