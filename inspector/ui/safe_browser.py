"""A QTextBrowser that never reads anything outside the message it shows.

Qt's text widgets load ``file://`` and absolute-path sources (images, style sheets) from disk and
follow links when clicked. Two layers stop that here:

* the browser's document is a :class:`SafeDocument`, whose ``loadResource`` answers only ``cid:``
  image URLs, from the message's own parts (through a resolver the view sets). Overriding the
  browser's ``loadResource`` alone is not enough: when it returns nothing, ``QTextDocument``'s own
  ``loadResource`` falls back to reading local files;
* links are neither followed nor opened externally, and ``setSource`` does nothing
  (``anchorClicked`` is still emitted for the app to use).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

CidResolver = Callable[[str], bytes | None]


class SafeDocument(QTextDocument):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.resolver: CidResolver | None = None
        self.requested: list[str] = []
        """Every resource URL asked for (for tests and debugging)."""

    def loadResource(self, type: int, name: QUrl | str) -> object:  # noqa: A002, N802
        from PySide6.QtGui import QImage  # first use sets the class up: not at start-up

        name = QUrl(name) if isinstance(name, str) else name
        self.requested.append(name.toString())
        image = QImage()  # an empty image: "no such resource", with no fallback to the file system
        if name.scheme().lower() != "cid" or self.resolver is None or type != QTextDocument.ResourceType.ImageResource:
            return image
        data = self.resolver(name.path() or name.toString()[4:])
        if data:
            image.loadFromData(data)
        return image


class SafeBrowser(QTextBrowser):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._doc = SafeDocument(self)
        self.setDocument(self._doc)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setSearchPaths([])

    @property
    def requested(self) -> list[str]:
        return self._doc.requested

    def set_cid_resolver(self, resolver: CidResolver | None) -> None:
        self._doc.resolver = resolver

    def setSource(
        self, name: QUrl | str, type: QTextDocument.ResourceType = QTextDocument.ResourceType.UnknownResource
    ) -> None:  # noqa: A002, N802
        return  # navigation (by code or by a link) never loads a document

    def loadResource(self, type: int, name: QUrl | str) -> object:  # noqa: A002, N802
        return self._doc.loadResource(type, name)
