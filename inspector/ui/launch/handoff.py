"""A second launch with files hands them to the running window, without loading Qt.

The running app listens (:class:`~inspector.ui.launch.single_instance.InstanceServer`, a Qt local
server) under a name made from the user and the config folder, so tests with their own folders
never meet. On Linux and macOS that server is a Unix socket in Qt's temporary folder (``$TMPDIR``
or ``/tmp``), which this module reaches with the standard library: a second launch hands its
files over before Qt is imported at all, and a first launch finds out there is no window to hand
them to just as cheaply. The message is the absolute paths as JSON, one line.

Two launches started together: the window's own server is set up only once its first file is
shown, so a launch that merely looked for it could find none and open a second window. So a launch
that finds no window claims the name at once (:func:`hand_off_or_claim`): it binds and listens on
the socket itself, before Qt is loaded, and the window's server takes that socket over later. The
look-and-claim is done under a lock file in the config folder, so of two launches the second always
finds the first one's socket; its files wait in the socket until the window takes them.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import zlib
from collections.abc import Iterator
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
    return _send(socket_path(name), files, timeout_ms)


def hand_off_or_claim(
    name: str, files: list[str], timeout_ms: int = 500, lock_file: str | os.PathLike[str] | None = None
) -> tuple[bool, socket.socket | None]:
    """``(True, None)`` when ``files`` went to a running instance. Otherwise ``(False, listener)``:
    this launch is the one to open a window, and ``listener`` is a socket listening under ``name``
    that its :class:`~inspector.ui.launch.single_instance.InstanceServer` takes over (None where
    that cannot be done: on Windows, or when the socket cannot be made; the server then listens
    by name). A launch without files opens its own window and takes the name over. ``lock_file``:
    the lock to hold meanwhile (the launch's is in the config folder the name is made from);
    beside the socket when not given."""
    if sys.platform == "win32" or not hasattr(socket, "AF_UNIX"):
        return (bool(files) and _hand_off_qt(name, files, timeout_ms)), None
    path = socket_path(name)
    with _locked(os.fspath(lock_file) if lock_file is not None else path + ".lock"):
        if files and _send(path, files, timeout_ms):
            return True, None
        return False, _listen(path)


def release(listener: socket.socket | None) -> None:
    """Give up a name claimed by :func:`hand_off_or_claim` without a window to serve it."""
    if listener is None or listener.fileno() < 0:  # none, or taken over (detached) or closed
        return
    with contextlib.suppress(OSError):
        path = listener.getsockname()
        listener.close()
        if isinstance(path, str) and path:
            os.unlink(path)


@contextlib.contextmanager
def _locked(path: str) -> Iterator[None]:
    """Hold an exclusive lock on the file ``path`` (made if missing, readable by this user only);
    no lock, rather than no launch, where it cannot be had."""
    try:
        import fcntl  # Unix only: Windows has none (and no lock is needed there)

        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except (ImportError, OSError):
        yield
        return
    try:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)  # held for a connect and a send at most
        yield
    finally:
        os.close(fd)  # (closing releases the lock)


def _listen(path: str) -> socket.socket | None:
    """A socket listening at ``path`` (a stale one from a crashed run replaced), readable and
    writable by this user only as Qt's UserAccessOption makes it; None when it cannot be made."""
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)
        old = os.umask(0o177)
        try:
            sock.bind(path)
        finally:
            os.umask(old)
        sock.listen(16)
    except OSError:
        sock.close()
        return None
    return sock


def _send(path: str, files: list[str], timeout_ms: int) -> bool:
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
