"""Triage over all cores: messages are read in order, analysed by a process pool in batches, and
their outcomes come back in input order whatever the number of workers.

The reading side holds at most a few batches per worker in flight, and a worker sends back only
rows, so memory follows the rows, not the mailbox. ``jobs=1`` analyses in the calling process.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import threading
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from multiprocessing.context import BaseContext
from typing import TypeVar

from inspector.core.limits import DEFAULT_LIMITS, Limits
from inspector.core.triage.reader import RawMessage, iter_messages
from inspector.core.triage.rows import MessageOutcome, outcome

BATCH_MESSAGES = 16
BATCH_BYTES = 1 << 20
IN_FLIGHT_PER_WORKER = 3
T = TypeVar("T")
R = TypeVar("R")


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def analyse_batch(batch: list[RawMessage]) -> list[MessageOutcome]:
    """A worker's job: a batch of messages in, their outcomes (rows) out."""
    return [outcome(m) for m in batch]


def batches(
    items: Iterable[T],
    size: int = BATCH_MESSAGES,
    max_bytes: int = BATCH_BYTES,
    size_of: Callable[[T], int] = lambda _item: 0,
) -> Iterator[list[T]]:
    """``items`` in lists of ``size``, or fewer when their ``size_of`` (bytes) adds up to ``max_bytes``."""
    batch: list[T] = []
    nbytes = 0
    for m in items:
        batch.append(m)
        nbytes += size_of(m)
        if len(batch) >= size or nbytes >= max_bytes:
            yield batch
            batch, nbytes = [], 0
    if batch:
        yield batch


def run_ordered(
    fn: Callable[[list[T]], list[R]],
    items: Iterable[T],
    jobs: int | None = None,
    *,
    mp_context: BaseContext | None = None,
    cancel: threading.Event | None = None,
    batch_size: int = BATCH_MESSAGES,
    size_of: Callable[[T], int] = lambda _item: 0,
    initializer: Callable[[], None] | None = None,
) -> Generator[R, None, None]:
    """``fn`` over ``items`` in batches on ``jobs`` processes (default: all CPUs, but none for a
    single batch), its results in the items' order. ``fn`` must be a module-level function.
    At most ``jobs * IN_FLIGHT_PER_WORKER`` batches are read ahead."""
    feed = batches(items, batch_size, size_of=size_of)
    first = next(feed, None)
    if first is None:
        return
    second = next(feed, None)
    jobs = (default_jobs() if second is not None else 1) if jobs is None else max(1, jobs)
    feed = itertools.chain([first] if second is None else [first, second], feed)
    if jobs == 1:
        for batch in feed:
            if cancel is not None and cancel.is_set():
                return
            yield from fn(batch)
        return
    # The first batch is analysed here while nothing else runs yet: its rows come without waiting for
    # the workers to start, and forked workers inherit the tables and rules it loaded.
    yield from fn(next(feed))
    if cancel is not None and cancel.is_set():
        return
    with ProcessPoolExecutor(max_workers=jobs, mp_context=mp_context, initializer=initializer) as pool:
        pending: deque[Future[list[R]]] = deque()
        try:
            for batch in feed:
                if cancel is not None and cancel.is_set():
                    return
                pending.append(pool.submit(fn, batch))
                while len(pending) >= jobs * IN_FLIGHT_PER_WORKER:
                    yield from pending.popleft().result()
            while pending:
                if cancel is not None and cancel.is_set():
                    return
                yield from pending.popleft().result()
        finally:
            for f in pending:
                f.cancel()


def triage_messages(
    messages: Iterable[RawMessage],
    jobs: int | None = None,
    *,
    mp_context: BaseContext | None = None,
    cancel: threading.Event | None = None,
    batch_size: int = BATCH_MESSAGES,
    on_read: Callable[[RawMessage], None] | None = None,
    initializer: Callable[[], None] | None = None,
) -> Generator[MessageOutcome, None, None]:
    """Outcomes of ``messages`` in their order. ``cancel`` set: no more batches are read or
    waited for. ``on_read`` sees every message as it is read (progress). ``initializer`` runs
    in each worker as it starts (:func:`lower_priority`)."""
    source: Iterable[RawMessage] = messages if on_read is None else _tap(messages, on_read)
    return run_ordered(
        analyse_batch,
        source,
        jobs,
        mp_context=mp_context,
        cancel=cancel,
        batch_size=batch_size,
        size_of=_size,
        initializer=initializer,
    )


def lower_priority() -> None:
    """Worker initializer for the window: workers yield the CPU to the process that draws."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(5)


def _size(m: RawMessage) -> int:
    return len(m.data)


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
    initializer: Callable[[], None] | None = None,
) -> Generator[MessageOutcome, None, None]:
    """:func:`triage_messages` over every message under ``paths`` (folders, Maildirs, mbox files)."""
    messages = iter_messages(paths, limits)
    return triage_messages(
        messages, jobs, mp_context=mp_context, cancel=cancel, on_read=on_read, initializer=initializer
    )


def safe_context() -> BaseContext:
    """A start method that is safe from a process that runs threads (the window): workers start
    from a clean server process that has the core imported already."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["inspector.core.triage.pool"])
        return ctx
    return multiprocessing.get_context("spawn")
