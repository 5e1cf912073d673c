"""What the app says about itself: its version, and the versions it runs on.

Both fronts use this: the command line's ``--version`` and the window's Help > About. No Qt is
imported here (PySide6's version is read from package metadata).
"""

from __future__ import annotations

import sys

from inspector import __version__

APP_NAME = "Bounce Inspector"


def qt_version() -> str:
    """The installed PySide6's version, read from package metadata (no Qt import)."""
    # Imported here: importlib.metadata costs ~11 ms at start-up (measured with -X importtime),
    # and only --version and About need it.
    from importlib import metadata

    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return "not installed"


def version_string() -> str:
    """``Bounce Inspector 0.1.0 (Python 3.11.9, PySide6 6.11.3)``"""
    py = ".".join(map(str, sys.version_info[:3]))
    return f"{APP_NAME} {__version__} (Python {py}, PySide6 {qt_version()})"
