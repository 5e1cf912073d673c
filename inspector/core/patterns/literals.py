"""What literal text a regular expression's matches must hold, read from the pattern's source.

The classifier's rules (:mod:`.rules`) and the recognisers' gates (:mod:`.gates`) both look for
plain words before they run a regex; the reading of the pattern source they share lives here:
- :func:`is_literal`: a pattern with no regex syntax at all;
- :func:`top_level_alternatives`: the ``|`` branches outside any group or character class;
- :func:`group_end`: where the group opened at some index closes;
- :func:`literal_prefix`: the literal characters every match of a branch starts with;
- :func:`required_literal`: the longest literal run every match of a branch holds;
- :func:`needles_of`: words one of which every match of a compiled pattern holds (read from its
  parse tree, through groups).

Each reader errs on the safe side: it may return less than could be known, never text a match
could lack.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterator
from typing import Any

META = frozenset("\\.^$*+?{}[]|()")
_OPTIONAL = ("?", "*", "{")
"""Quantifiers after which the character before may be absent."""


def is_literal(pattern: str) -> bool:
    """A pattern without any regular-expression syntax (it matches exactly its own text)."""
    return not any(ch in META for ch in pattern)


def class_end(pattern: str, start: int) -> int:
    """The index just after the character class opened at ``start`` (a ``]`` first in the class,
    or after ``^``, is a member); -1 when it is not closed."""
    i = start + 1
    if pattern[i : i + 1] == "^":
        i += 1
    if pattern[i : i + 1] == "]":
        i += 1
    while i < len(pattern):
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "]":
            return i + 1
        i += 1
    return -1


def _structure(pattern: str, start: int = 0) -> Iterator[tuple[int, str]]:
    """``(index, character)`` of every ``(``, ``)`` and ``|`` of ``pattern`` from ``start`` that is
    regex syntax (not escaped, not inside a character class); ``(-1, "[")`` then the end when a
    class is not closed. The one walk over brackets the readers below share."""
    i = start
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i = class_end(pattern, i)
            if i < 0:
                yield -1, "["
                return
            continue
        if ch in "()|":
            yield i, ch
        i += 1


def top_level_alternatives(pattern: str) -> list[str] | None:
    """``pattern`` split at its ``|`` outside any group or class; None when its groups or classes
    are not balanced."""
    out: list[str] = []
    depth = last = 0
    for i, ch in _structure(pattern):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth < 0:
                return None
        elif ch == "|" and depth == 0:
            out.append(pattern[last:i])
            last = i + 1
        elif ch == "[":
            return None
    if depth != 0:
        return None
    out.append(pattern[last:])
    return out


def group_end(pattern: str, start: int) -> int:
    """The index just after the group opened at ``start`` (-1 when unbalanced)."""
    depth = 0
    for i, ch in _structure(pattern, start):
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        elif ch == "[":
            return -1
    return -1


def literal_prefix(branch: str) -> str:
    """The literal characters every match of ``branch`` (no top-level ``|``) starts with."""
    prefix: list[str] = []
    i = 0
    while i < len(branch):
        ch = branch[i]
        if ch == "\\" and i + 1 < len(branch) and not branch[i + 1].isalnum():
            ch, step = branch[i + 1], 2  # an escaped punctuation character stands for itself
        elif ch in META:
            break
        else:
            step = 1
        if branch[i + step : i + step + 1] in _OPTIONAL:
            break  # this character is optional (or repeated a variable number of times)
        prefix.append(ch)
        i += step
    return "".join(prefix)


def required_literal(branch: str) -> str:
    """The longest run of literal characters that every match of ``branch`` (no top-level ``|``)
    holds, read up to its first group (what a group holds may be optional)."""
    runs: list[str] = []
    run: list[str] = []
    i = 0
    while i < len(branch):
        c = branch[i]
        if c == "\\" and i + 1 < len(branch) and not branch[i + 1].isalnum():
            run.append(branch[i + 1])  # an escaped punctuation character stands for itself
            i += 2
            continue
        if c not in META:
            run.append(c)
            i += 1
            continue
        if c in _OPTIONAL and run:
            run.pop()  # the character before may be absent
        runs.append("".join(run))
        run = []
        if c == "(":
            break
        if c == "[":
            end = class_end(branch, i)
            i = len(branch) if end < 0 else end
        elif c == "{":
            close = branch.find("}", i)
            i = len(branch) if close < 0 else close + 1
        else:
            i += 2 if c == "\\" else 1  # \d, \s, \b... stand for no literal
    runs.append("".join(run))
    return max(runs, key=len)


def needles_of(pattern: re.Pattern[str], min_len: int = 3) -> tuple[tuple[str, ...], ...] | None:
    """Groups of lower-case ASCII words such that every match of ``pattern`` holds a word of each
    group (so a text whose lower-cased form misses every word of some group cannot match), read
    from the compiled pattern's parse tree, through groups and alternatives; shortest group first.
    None when no group of words of ``min_len`` characters or more is known. Only to be trusted on
    ASCII text: a case-insensitive ``k`` also matches the Kelvin sign."""
    return source_needles(pattern.pattern, pattern.flags, min_len)


def source_needles(source: str, flags: int = 0, min_len: int = 3) -> tuple[tuple[str, ...], ...] | None:
    """:func:`needles_of` for a pattern not compiled (yet)."""
    if flags & re.VERBOSE:
        return None
    try:
        groups = _seq_needles(_sre_parser().parse(source, flags), min_len)
    except Exception:  # noqa: BLE001 - a construct this reader does not know: no prefilter
        return None
    return tuple(sorted((tuple(sorted(g)) for g in groups), key=lambda g: (len(g), g))) or None


def _sre_parser() -> Any:
    return importlib.import_module("re._parser")


def _best(groups: list[frozenset[str]]) -> frozenset[str] | None:
    """The group of fewest words, of those the one whose shortest word is longest (one group stands
    for a part of a pattern)."""
    return max(groups, key=lambda g: (-len(g), min(len(w) for w in g))) if groups else None


def _seq_needles(items: Any, min_len: int) -> list[frozenset[str]]:
    """Every needle group a sequence of parse-tree items is known to need: its literal runs, and
    the best group of each of its mandatory parts (groups, alternatives, repeats at least once)."""
    c = importlib.import_module("re._constants")
    groups: list[frozenset[str]] = []
    run: list[str] = []

    def close_run() -> None:
        if len(run) >= min_len:
            groups.append(frozenset(["".join(run)]))
        run.clear()

    for op, av in items:
        if op is c.LITERAL and av < 128:
            run.append(chr(av).lower())
            continue
        if op is c.AT:
            continue  # zero-width: the literals either side are next to each other in the match
        close_run()
        inner: frozenset[str] | None = None
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if not (add_flags | del_flags) & re.VERBOSE:
                inner = _best(_seq_needles(sub, min_len))
        elif op is c.BRANCH:
            alternatives = [_best(_seq_needles(alt, min_len)) for alt in av[1]]
            if all(a is not None for a in alternatives):
                inner = frozenset().union(*(a for a in alternatives if a is not None))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT) and av[0] >= 1:
            inner = _best(_seq_needles(av[2], min_len))
        elif op is c.ATOMIC_GROUP:
            inner = _best(_seq_needles(av, min_len))
        if inner:
            groups.append(inner)
    close_run()
    return groups


def ascii_lower(text: str) -> str | None:
    """``text`` lower-cased for :func:`may_match`, or None when it is not ASCII."""
    return text.lower() if text.isascii() else None


def may_match(needles: tuple[tuple[str, ...], ...] | None, low: str | None) -> bool:
    """False only when ``low`` (a text as :func:`ascii_lower` gives it) misses every word of some
    group of ``needles`` (:func:`needles_of`), so that the pattern cannot match the text."""
    if needles is None or low is None:
        return True
    for group in needles:
        for word in group:
            if word in low:
                break
        else:
            return False
    return True
