"""Unexpected errors: logged to the user log folder and shown in a dialog on the UI thread.

``install(log_dir)`` sets ``sys.excepthook`` (exceptions escaping Qt slots and virtual methods
land there) and ``threading.excepthook``; workers report their own failures through
:func:`report` as well. Whatever thread an error happens in, the dialog is opened on the UI
thread through a queued signal, and the app keeps running. Tests monkeypatch :func:`ask`.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger("inspector.ui")


class _Relay(QObject):
    error = Signal(str, str)

    @Slot(str, str)
    def show(self, summary: str, details: str) -> None:
        ask(summary, details)


_relay: _Relay | None = None
_log_file: Path | None = None


def ask(summary: str, details: str) -> None:
    """Show the error dialog (modal). Tests replace this function."""
    from PySide6.QtWidgets import QMessageBox  # its first touch costs ~1.3 ms: only when an error happens

    parent: QWidget | None = QApplication.activeWindow()
    box = QMessageBox(QMessageBox.Icon.Critical, "Unexpected error", summary, QMessageBox.StandardButton.Ok, parent)
    where = f"\n\nThe details are in {_log_file}." if _log_file else ""
    box.setInformativeText("The app keeps running; what you were doing may not have finished." + where)
    box.setDetailedText(details)
    box.exec()


def setup_logging(log_dir: Path) -> Path:
    global _log_file
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / "bounce-inspector.log"
    if _log_file != path:
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root = logging.getLogger("inspector")
        for h in list(root.handlers):
            if isinstance(h, logging.FileHandler):
                root.removeHandler(h)
                h.close()
        root.addHandler(handler)
        root.setLevel(logging.INFO)
        _log_file = path
    return path


def report(exc: BaseException, where: str = "") -> None:
    """Log ``exc`` and show it in a dialog on the UI thread (safe from any thread)."""
    details = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    log.error("unexpected error%s:\n%s", f" in {where}" if where else "", details)
    summary = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    if _relay is not None:
        _relay.error.emit(summary, details)


def _excepthook(etype: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
    if issubclass(etype, KeyboardInterrupt):
        sys.__excepthook__(etype, value, tb)
        return
    if value.__traceback__ is None:
        value = value.with_traceback(tb)
    report(value)


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is not None:
        report(args.exc_value, f"thread {args.thread.name if args.thread else '?'}")


def install(log_dir: Path) -> None:
    """Set the hooks; call once from the UI thread after the QApplication exists."""
    global _relay
    setup_logging(log_dir)
    if _relay is None:
        _relay = _Relay()
        _relay.error.connect(_relay.show, Qt.ConnectionType.QueuedConnection)
    sys.excepthook = _excepthook
    threading.excepthook = _thread_hook


def log_file() -> Path | None:
    return _log_file
