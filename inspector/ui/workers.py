"""Slow work off the UI thread: analysis runs on a QThreadPool, results come back by signal.

Workers never touch widgets. :class:`Runner` wraps the pool; ``Runner(synchronous=True)`` runs
jobs in the calling thread (screenshots, benchmarks and tests that want no threads).
Each job carries a ``token`` so a view can ignore results it no longer wants (paste box).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from inspector.ui import errors

if TYPE_CHECKING:
    from inspector.core.model import Analysis


def analyse_file(path: str) -> list[Analysis]:
    """Job: a file's analyses, ready to show (finished by the core: nothing is left to compute on
    the UI thread). The core is imported here, on the worker (22-44 ms measured): its first import
    overlaps the window being built and shown."""
    from inspector.core.analyze import analyse_path  # on the worker (see above)

    return analyse_path(path)


def analyse_pasted(text: str, source: str = "<pasted text>") -> Analysis:
    """Job: pasted or typed text's analysis, ready to show."""
    from inspector.core.analyze import analyse_text  # on the worker (see analyse_file)

    return analyse_text(text, source)


class JobSignals(QObject):
    finished = Signal(object, object)
    """(token, result)"""
    failed = Signal(object, str)
    """(token, message)"""


class Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], token: object, signals: JobSignals) -> None:
        super().__init__()
        self.fn = fn
        self.token = token
        self.signals = signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # our bug: report it, keep the app running
            errors.report(exc, "a background job")
            self.signals.failed.emit(self.token, f"{type(exc).__name__}: {exc}")
            return
        self.signals.finished.emit(self.token, result)


class Runner(QObject):
    """Runs callables in the background and re-emits their results on the UI thread."""

    finished = Signal(object, object)
    failed = Signal(object, str)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, *, synchronous: bool = False, threads: int = 2) -> None:
        super().__init__(parent)
        self.synchronous = synchronous
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(threads)
        self._pending = 0
        self._signals = JobSignals(self)
        self._signals.finished.connect(self._done)
        self._signals.failed.connect(self._failed)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def submit(self, fn: Callable[[], Any], token: object = None) -> None:
        self._pending += 1
        if self._pending == 1:
            self.busy_changed.emit(True)
        job = Job(fn, token, self._signals)
        if self.synchronous:
            job.run()
        else:
            self.pool.start(job)

    def _settle(self) -> None:
        self._pending -= 1
        if self._pending == 0:
            self.busy_changed.emit(False)

    def _done(self, token: object, result: object) -> None:
        self._settle()
        self.finished.emit(token, result)

    def _failed(self, token: object, message: str) -> None:
        self._settle()
        self.failed.emit(token, message)

    def wait(self, msecs: int = 10_000) -> bool:
        return self.pool.waitForDone(msecs)
