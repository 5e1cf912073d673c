"""One window per profile: a second launch with files hands them to the running window.

The running app listens on a QLocalServer named after the user and the config folder (so tests
with their own folders never meet). A second launch connects, sends the absolute paths as JSON
and exits.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket


def server_name(config_dir: Path) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # noqa: BLE001
        user = "user"
    digest = hashlib.sha1(f"{user}:{config_dir}".encode()).hexdigest()[:16]
    return f"bounce-inspector-{digest}"


def hand_off(name: str, files: list[str], timeout_ms: int = 500) -> bool:
    """Send ``files`` to a running instance; False when none answers."""
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(timeout_ms):
        return False
    payload = json.dumps([str(Path(f).resolve()) for f in files]).encode() + b"\n"
    sock.write(payload)
    ok = sock.waitForBytesWritten(timeout_ms)
    sock.disconnectFromServer()
    return ok


class InstanceServer(QObject):
    def __init__(self, name: str, on_files: Callable[[list[str]], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_files = on_files
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not self.server.listen(name):
            QLocalServer.removeServer(name)  # a stale socket from a crashed run
            self.server.listen(name)
        self.server.newConnection.connect(self._accept)

    @property
    def listening(self) -> bool:
        return self.server.isListening()

    def _accept(self) -> None:
        while self.server.hasPendingConnections():
            sock = self.server.nextPendingConnection()
            buf = bytearray()

            def read(sock: QLocalSocket = sock, buf: bytearray = buf) -> None:
                buf.extend(bytes(sock.readAll().data()))
                if buf.endswith(b"\n"):
                    try:
                        files = [str(f) for f in json.loads(buf.decode())]
                    except ValueError:
                        files = []
                    sock.disconnectFromServer()
                    if files:
                        self.on_files(files)

            sock.readyRead.connect(read)
            sock.disconnected.connect(sock.deleteLater)
            read()

    def close(self) -> None:
        self.server.close()
