"""Triage in the background: a QThread drives the core's process pool (the same machinery as the
``triage`` command) and hands rows to the UI thread in small batches, with progress.

The UI thread never waits: rows arrive by a queued signal at most every ``interval`` seconds;
Cancel sets an event the pool checks between batches.
"""

from __future__ import annotations

import sys
import threading
import time
from dataclasses import dataclass

from PySide6.QtCore import QThread, Signal

from inspector.core.triage.pool import lower_priority, safe_context, triage_paths
from inspector.core.triage.reader import count_messages
from inspector.core.triage.rows import Row


@dataclass(slots=True)
class Progress:
    done: int
    total: int
    elapsed: float
    finished: bool = False
    cancelled: bool = False
    errors: list[str] | None = None

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def time_left(self) -> float | None:
        if self.finished or self.rate <= 0 or self.total <= self.done:
            return None
        return (self.total - self.done) / self.rate

    def text(self) -> str:
        if self.cancelled:
            return f"Cancelled after {self.done:,} of {self.total:,} messages"
        if self.finished:
            return f"{self.done:,} messages in {self.elapsed:.1f} s ({self.rate:,.0f}/s)"
        if not self.total:  # still counting
            return f"{self.done:,} messages, {self.rate:,.0f}/s"
        left = self.time_left
        eta = f", {left:.0f} s left" if left is not None else ""
        return f"{self.done:,} / {self.total:,} messages, {self.rate:,.0f}/s{eta}"


# Row values that repeat across a mailbox (a reason's advice, a provider's reply, a file name): one
# string each instead of one per row (a 10,000-row table takes about a third of the memory).
_SHARED = (
    "source", "mta", "severity", "reason", "side", "status", "reply_code", "action", "advice", "domain",
    "reporting_mta", "remote_mta", "feedback_type", "confidence", "part", "subject", "diagnostic", "date",
    "last_attempt", "will_retry_until",
)  # fmt: skip


def compact(row: Row) -> Row:
    """``row`` with its keys and repeated values interned (on the worker thread, before it is kept)."""
    for k in _SHARED:
        v = row.get(k)
        if type(v) is str:
            row[k] = sys.intern(v)
    return {sys.intern(k): v for k, v in row.items()}


class TriageThread(QThread):
    rows_ready = Signal(object, object)
    """(list of rows, list of per-message (rows, error) tallies for the summary)"""
    progress = Signal(object)
    """:class:`Progress`"""

    def __init__(self, paths: list[str], jobs: int | None = None, interval: float = 0.1, parent: object = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.paths = paths
        self.jobs = jobs
        self.interval = interval
        self.cancel_event = threading.Event()

    def cancel(self) -> None:
        self.cancel_event.set()

    def run(self) -> None:
        t0 = time.perf_counter()
        # The total (for the progress bar) is counted beside the analysis, not before it: the first
        # rows should not wait for a pass over the whole mailbox.
        counted: list[int] = []
        counter = threading.Thread(target=lambda: counted.append(count_messages(self.paths)), daemon=True)
        counter.start()
        done = 0
        errors: list[str] = []
        rows: list[Row] = []
        tallies: list[tuple[int, str | None]] = []
        last = time.perf_counter()
        self.progress.emit(Progress(0, 0, 0.0))
        # A frozen app (the bundle) cannot start the pool's server process: analyse in this thread.
        jobs = 1 if getattr(sys, "frozen", False) else self.jobs
        ctx = safe_context() if jobs != 1 else None
        try:
            for o in triage_paths(
                self.paths, jobs, mp_context=ctx, cancel=self.cancel_event, initializer=lower_priority
            ):
                done += 1
                rows.extend(compact(r) for r in o.rows)
                tallies.append((len(o.rows), o.error))
                if o.error:
                    errors.append(o.error)
                now = time.perf_counter()
                if now - last >= self.interval:
                    self.rows_ready.emit(rows, tallies)
                    rows, tallies = [], []
                    total = counted[0] if counted else 0
                    self.progress.emit(Progress(done, max(total, done) if total else 0, now - t0))
                    last = now
                    # Hand the interpreter to the UI thread so it shows these rows (and can take a
                    # Cancel) now: analysing in this thread (one job) holds it almost always.
                    time.sleep(0.002)
        except Exception as exc:  # noqa: BLE001 - a broken pool must not take the window down
            errors.append(f"triage stopped: {type(exc).__name__}: {exc}")
        self.rows_ready.emit(rows, tallies)
        counter.join()
        total = counted[0] if counted else done
        cancelled = self.cancel_event.is_set()
        self.progress.emit(
            Progress(
                done, max(total, done) if not cancelled else total, time.perf_counter() - t0, True, cancelled, errors
            )
        )
