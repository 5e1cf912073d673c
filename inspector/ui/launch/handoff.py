"""A second launch with files hands them to the running window, without loading Qt.

The running app listens (:class:`~inspector.ui.launch.single_instance.InstanceServer`, a Qt local
server) under a name made from the user and the config folder, so tests with their own folders
never meet. On Linux and macOS that server is a Unix socket in Qt's temporary folder (``$TMPDIR``
or ``/tmp``), which this module reaches with the standard library: a second launch hands its
files over before Qt is imported at all, and a first launch finds out there is no window to hand
them to just as cheaply. The message is the absolute paths as JSON, one line.
"""

from __future__ import annotations

import os
import socket
import sys
import zlib
from pathlib import Path


def server_name(config_dir: Path) -> str:
    """``bounce-inspector-<8 hex digits>`` for this user and config folder."""
    user = os.environ.get("USER") or os.environ.get("USERNAME") or str(getattr(os, "getuid", lambda: 0)())
    return f"bounce-inspector-{zlib.crc32(f'{user}:{config_dir}'.encode()):08x}"


def socket_path(name: str) -> str:
    """Where Qt's local server ``name`` listens on Unix (QDir::tempPath() + name)."""
    return os.path.join(os.path.normpath(os.environ.get("TMPDIR") or "/tmp"), name)


def hand_off(name: str, files: list[str], timeout_ms: int = 500) -> bool:
    """Send ``files`` to a running instance; False when none answers."""
    if sys.platform == "win32":
        return _hand_off_qt(name, files, timeout_ms)
    path = socket_path(name)
    if not os.path.exists(path):
        return False  # the usual first launch: not even a stale socket
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout_ms / 1000)
    try:
        sock.connect(path)
        sock.sendall(_payload(files))
    except OSError:
        return False  # a stale socket from a crashed run, or a window that does not answer
    finally:
        sock.close()
    return True


def _payload(files: list[str]) -> bytes:
    import json  # only when a window answered: a first launch has no use for it

    # absolute (the running window has another working folder), but as given: no symlink resolved
    return json.dumps([os.path.abspath(f) for f in files]).encode() + b"\n"


def _hand_off_qt(name: str, files: list[str], timeout_ms: int) -> bool:
    """Windows: Qt's local server is a named pipe there; Qt's own socket reaches it."""
    from PySide6.QtNetwork import QLocalSocket  # only on Windows, and only for a second launch

    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    sock.write(_payload(files))
    ok = sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return bool(ok)
