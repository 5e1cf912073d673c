"""After start-up, before the user needs it: the lazy set-up the first search or bounce would pay.

:func:`background_job` runs on a worker once the files asked for are shown (the search index,
the core's rules over our own samples); :func:`on_ui_thread` runs when it is done.
"""

from __future__ import annotations

import gc

from PySide6.QtGui import QTextDocument

from inspector.resources import resource_path
from inspector.ui import reference_access
from inspector.ui.workers import analyse_file

SAMPLES = ("postfix-user-unknown.eml", "gmail-style-reply.txt")


def background_job() -> None:
    """Worker: build the search index and run the core once over our own samples."""
    reference_access.warm_up()
    for name in SAMPLES:
        path = resource_path("samples", name)
        if path.is_file():
            analyse_file(str(path))


def on_ui_thread() -> None:
    """UI thread, after :func:`background_job`."""
    # Lay out a line in the scripts bounces come in once, so Qt loads their fallback fonts now
    # rather than when the first such bounce is opened (the only opens over 100 ms).
    # Not Devanagari: without a shaping font (offscreen) Qt warns about it on stderr.
    doc = QTextDocument()
    doc.setPlainText("日本語 中文 한국어 العربية עברית ไทย Ελληνικά Кириллица")
    doc.size()
    # Start-up garbage (Qt wrappers, tables, the index) never needs collecting: keep it out of
    # the collector's way so no keystroke pays for a full collection.
    gc.freeze()
