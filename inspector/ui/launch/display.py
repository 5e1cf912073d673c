"""Can Qt open a window here? Checked before Qt gets the chance to abort the process.

Qt aborts when no display can be opened; :func:`display_problem` says in one line what is
missing and how to run headless instead. No Qt is imported here.
"""

from __future__ import annotations

import ctypes
import os
import sys

# Shared libraries Qt's xcb platform plugin loads, and the Debian package that has each.
_XCB_LIBS = {
    "xcb-cursor": "libxcb-cursor0",
    "xkbcommon-x11": "libxkbcommon-x11-0",
    "xcb-icccm": "libxcb-icccm4",
    "xcb-keysyms": "libxcb-keysyms1",
    "xcb-shape": "libxcb-shape0",
}
# Libraries every Qt GUI module needs, whatever the platform plugin.
_QT_LIBS = {"EGL": "libegl1", "GL": "libgl1", "fontconfig": "libfontconfig1", "xkbcommon": "libxkbcommon0"}
# Their usual sonames: loading one directly is much faster than find_library (which runs ldconfig).
_SONAMES = {
    "EGL": "libEGL.so.1",
    "GL": "libGL.so.1",
    "fontconfig": "libfontconfig.so.1",
    "xkbcommon": "libxkbcommon.so.0",
    "xcb-cursor": "libxcb-cursor.so.0",
    "xkbcommon-x11": "libxkbcommon-x11.so.0",
    "xcb-icccm": "libxcb-icccm.so.4",
    "xcb-keysyms": "libxcb-keysyms.so.1",
    "xcb-shape": "libxcb-shape.so.0",
}


def _have_lib(lib: str) -> bool:
    soname = _SONAMES.get(lib)
    if soname:
        try:
            ctypes.CDLL(soname)  # Qt loads it anyway; this only loads it a moment earlier
            return True
        except OSError:
            pass
    # Imported here: ctypes.util brings subprocess (~5 ms at start-up, measured with -X importtime),
    # and find_library runs ldconfig: only when the soname is not there.
    from ctypes.util import find_library

    return find_library(lib) is not None


def display_problem(offscreen: bool) -> str | None:
    """None when a window can be opened; otherwise one line saying why not."""
    if sys.platform.startswith("linux"):
        missing = [pkg for lib, pkg in _QT_LIBS.items() if not _have_lib(lib)]
        if missing:
            return f"Qt cannot start: missing system libraries (install: apt-get install {' '.join(missing)})"
        platform = os.environ.get("QT_QPA_PLATFORM", "")
        if offscreen or platform in ("offscreen", "minimal", "vnc") or platform.startswith("wayland"):
            return None
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            return (
                "no display found (DISPLAY and WAYLAND_DISPLAY are not set); run headless with "
                "QT_QPA_PLATFORM=offscreen, or use 'bounce-inspector analyze FILE' on the command line"
            )
        if os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            missing = [pkg for lib, pkg in _XCB_LIBS.items() if not _have_lib(lib)]
            if missing:
                return f"Qt's X11 plugin cannot load (install: apt-get install {' '.join(missing)})"
    return None
