"""One window per profile: the running window's end of the hand-over.

The running app listens on a QLocalServer named by :func:`~inspector.ui.launch.handoff.server_name`;
a second launch connects (:func:`~inspector.ui.launch.handoff.hand_off`, no Qt), sends the
absolute paths as JSON and exits. Where the launch already listens under the name
(:func:`~inspector.ui.launch.handoff.hand_off_or_claim`), the server takes its socket over, with
the files of any launch that connected in the meantime.
"""

from __future__ import annotations

import json
import socket
from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket


class InstanceServer(QObject):
    def __init__(
        self,
        name: str,
        on_files: Callable[[list[str]], None],
        parent: QObject | None = None,
        listener: socket.socket | None = None,
    ) -> None:
        super().__init__(parent)
        self.on_files = on_files
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # the launch's socket when it has one (Qt closes it, and removes its file, on close)
        adopted = listener is not None and self.server.listen(listener.detach())
        if not adopted and not self.server.listen(name):
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
