"""A start-up cache for data built from the TOML tables (no Qt; the TOML files stay the source).

Parsing the reference tables costs tens of milliseconds at every start, most of it ``tomllib``.
:func:`cached` keeps what was built from them in a ``marshal`` file in the user cache folder
(:func:`inspector.resources.user_cache_dir`), keyed by each source file's path, size and
modification time, the app version and the Python version. Any change to a table, any unreadable
or foreign cache file, or a read-only cache folder just means the tables are parsed again: the
cache can always be deleted, and nothing is ever written into the install folder.
"""

from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from inspector import __version__
from inspector.resources import user_cache_dir

T = TypeVar("T")

FORMAT = 1
"""Bump when what is stored changes shape without the app version changing."""
DISABLE_ENV = "BOUNCE_INSPECTOR_NO_CACHE"
"""Set (to anything) to always parse the tables, e.g. when editing them."""


def _stamp(sources: Sequence[Path]) -> tuple[tuple[str, int, int], ...] | None:
    try:
        return tuple((str(p), st.st_size, st.st_mtime_ns) for p in sources for st in (os.stat(p),))
    except OSError:
        return None


def cache_file(tag: str) -> Path:
    return user_cache_dir() / f"{tag}.marshal"


def cached(
    tag: str,
    sources: Sequence[Path],
    build: Callable[[], T],
    dump: Callable[[T], Any],
    restore: Callable[[Any], T],
    shape: Any = None,
) -> T:
    """``restore(data)`` from the cache when ``sources`` are unchanged; else ``build()`` and store
    ``dump(result)`` (plain data: tuples, lists, dicts, str, int, bool, None) for next time.

    ``shape`` is anything that must match for a stored value to be usable (e.g. a dataclass's
    field names). An error in ``build`` propagates; nothing is stored then.
    """
    stamp = _stamp(sources)
    if stamp is None or os.environ.get(DISABLE_ENV):
        return build()
    key: Any = (FORMAT, __version__, sys.implementation.cache_tag, tag, stamp, shape)
    path = cache_file(tag)
    try:
        with open(path, "rb") as fh:
            stored = marshal.loads(fh.read())  # one read; marshal.load(fh) reads in small pieces
        if isinstance(stored, tuple) and len(stored) == 2 and stored[0] == key:
            return restore(stored[1])
    except Exception:  # noqa: BLE001 - missing, unreadable or foreign: parse instead
        pass
    result = build()
    try:
        data = marshal.dumps((key, dump(result)))
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except (OSError, ValueError):  # read-only profile, or data marshal cannot hold: no cache
        pass
    return result


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file, parsed (``tomllib`` is imported only when a file is really parsed)."""
    import tomllib  # ~2 ms that start-up skips while the cache is fresh

    with path.open("rb") as fh:
        return tomllib.load(fh)


def _as_is(data: dict[str, Any]) -> dict[str, Any]:
    return data


def cached_toml(tag: str, path: Path) -> dict[str, Any]:
    """A TOML file's parsed contents through the cache (TOML gives plain data marshal can hold)."""
    return cached(tag, [path], lambda: read_toml(path), _as_is, _as_is)
