"""What literal text a regular expression's matches must hold, read from the pattern's source.

The classifier's rules (:mod:`.rules`) and the recognisers' gates (:mod:`.gates`) both look for
plain words before they run a regex; the reading of the pattern source they share lives here:
- :func:`is_literal`: a pattern with no regex syntax at all;
- :func:`top_level_alternatives`: the ``|`` branches outside any group or character class;
- :func:`group_end`: where the group opened at some index closes;
- :func:`literal_prefix`: the literal characters every match of a branch starts with;
- :func:`required_literal`: the longest literal run every match of a branch holds.

Each reader errs on the safe side: it may return less than could be known, never text a match
could lack.
"""

from __future__ import annotations

from collections.abc import Iterator

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
