"""Triage over all cores: messages are read in order, analysed by a process pool in batches, and
their outcomes come back in input order whatever the number of workers.

The reading side holds at most a few batches per worker in flight, and a worker sends back only
rows, so memory follows the rows, not the mailbox. ``jobs=1`` analyses in the calling process.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext

from inspector.core.limits import DEFAULT_LIMITS, Limits
from inspector.core.triage.reader import RawMessage, iter_messages
from inspector.core.triage.rows import MessageOutcome, outcome

BATCH_MESSAGES = 64
BATCH_BYTES = 1 << 20
IN_FLIGHT_PER_WORKER = 3


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def analyse_batch(batch: list[RawMessage], limits: Limits = DEFAULT_LIMITS) -> list[MessageOutcome]:
    """A worker's job: a batch of messages in, their outcomes (rows) out."""
    return [outcome(m, limits) for m in batch]


def batches(
    messages: Iterable[RawMessage], size: int = BATCH_MESSAGES, max_bytes: int = BATCH_BYTES
) -> Iterator[list[RawMessage]]:
    batch: list[RawMessage] = []
    nbytes = 0
    for m in messages:
        batch.append(m)
        nbytes += len(m.data)
        if len(batch) >= size or nbytes >= max_bytes:
            yield batch
            batch, nbytes = [], 0
    if batch:
        yield batch


def triage_messages(
    messages: Iterable[RawMessage],
    jobs: int | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    mp_context: BaseContext | None = None,
    cancel: threading.Event | None = None,
    batch_size: int = BATCH_MESSAGES,
    on_read: Callable[[RawMessage], None] | None = None,
) -> Iterator[MessageOutcome]:
    """Outcomes of ``messages`` in their order. ``cancel`` set: stops after the batches in flight
    are dropped (no more are read). ``on_read`` sees every message as it is read (progress)."""
    jobs = default_jobs() if jobs is None else max(1, jobs)
    source: Iterable[RawMessage] = messages
    if on_read is not None:
        source = _tap(messages, on_read)
    if jobs == 1:
        for batch in batches(source, batch_size):
            if cancel is not None and cancel.is_set():
                return
            yield from analyse_batch(batch, limits)
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp_context) as pool:
        pending: deque[Future[list[MessageOutcome]]] = deque()
        feed = batches(source, batch_size)
        try:
            for batch in feed:
                if cancel is not None and cancel.is_set():
                    break
                pending.append(pool.submit(analyse_batch, batch, limits))
                while len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                    yield from pending.popleft().result()
                    if cancel is not None and cancel.is_set():
                        break
            while pending and not (cancel is not None and cancel.is_set()):
                yield from pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()


def _tap(messages: Iterable[RawMessage], on_read: Callable[[RawMessage], None]) -> Iterator[RawMessage]:
    for m in messages:
        on_read(m)
        yield m


def triage_paths(
    paths: Iterable[str | os.PathLike[str]],
    jobs: int | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    mp_context: BaseContext | None = None,
    cancel: threading.Event | None = None,
    on_read: Callable[[RawMessage], None] | None = None,
) -> Iterator[MessageOutcome]:
    """:func:`triage_messages` over every message under ``paths`` (folders, Maildirs, mbox files)."""
    return triage_messages(
        iter_messages(paths, limits), jobs, limits=limits, mp_context=mp_context, cancel=cancel, on_read=on_read
    )


def safe_context() -> BaseContext:
    """A start method that is safe from a process that runs threads (the window): workers start
    from a clean server process that has the core imported already."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["inspector.core.triage.pool"])
        return ctx
    return multiprocessing.get_context("spawn")
