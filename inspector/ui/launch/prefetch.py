"""Analyse the files given on the command line in a forked process while Qt starts (no Qt here).

Importing the core and analysing the first bounce is Python work; on a worker thread it shares
the interpreter lock with Qt's start-up and the window build, so the two add up. Forked before
Qt is imported (the process has no other threads then), a child process does it on another CPU
core at the same time and sends each file's analyses back through a pipe, pickled, in order. The
window reads them on a worker thread (:meth:`Prefetch.analyses`) and shows them exactly as if the
worker had analysed the file itself.

It only pays with a CPU to spare: when every other CPU is busy (:func:`spare_cpu`), the child
would take turns with the window's own start-up, so the app's worker thread does it as usual.
Anything unusual falls back to that too: no ``fork`` (Windows), macOS (system frameworks dislike
forked children), files too large to be worth sending, ``BOUNCE_INSPECTOR_PREFETCH=never``
in the environment, a child that fails, dies, or sends nothing. Errors inside the analysis itself are not the child's to report: that file is analysed
again in the app, where the usual error handling sees them.
"""

from __future__ import annotations

import os
import struct
import sys
import threading
from collections.abc import Sequence
from typing import Any

MODE_ENV = "BOUNCE_INSPECTOR_PREFETCH"
"""``never``, ``always`` (even without a spare CPU; for tests), or unset: when a CPU is spare."""
MAX_BYTES = 64 * 1024 * 1024
"""Above this (all files together) the files are analysed in the app as usual."""
_HEADER = struct.Struct("<Q")


class Prefetch:
    """A forked child analysing ``paths`` (absolute) in order; see the module docstring."""

    def __init__(self, paths: list[str], pid: int, fd: int) -> None:
        self.paths = paths
        self._pid = pid
        self._fd: int | None = fd
        self._lock = threading.Lock()
        self._received: list[Any] = []

    @classmethod
    def start(cls, files: Sequence[str]) -> Prefetch | None:
        """Fork the child, or None when prefetching does not apply (the caller goes on as usual)."""
        if not files or not sys.platform.startswith("linux") or not hasattr(os, "fork"):
            return None
        mode = os.environ.get(MODE_ENV, "auto")
        if mode == "never" or "PySide6.QtCore" in sys.modules:
            return None  # never fork a process that runs Qt (its threads would not come along)
        if mode != "always" and not spare_cpu():
            return None  # the child would only take turns with the window on the same CPU
        paths = [os.path.abspath(f) for f in files]
        try:
            if sum(os.path.getsize(p) for p in paths) > MAX_BYTES:
                return None
        except OSError:
            return None  # a missing file: the app reports it the usual way
        try:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # the child: analyse, send, and leave without running the parent's exit code
            os.close(read_fd)
            _child(paths, write_fd)
        os.close(write_fd)
        return cls(paths, pid, read_fd)

    def analyses(self, index: int) -> list[Any] | None:
        """The analyses of ``paths[index]`` (blocks until the child sent them), or None when the
        child could not deliver them (then analyse the file as usual). Any thread."""
        with self._lock:
            while len(self._received) <= index and self._fd is not None:
                self._received.append(self._read_one())
            found = self._received[index] if index < len(self._received) else None
            if index < len(self._received):
                self._received[index] = None  # handed out once; the memory goes with it
            return found if isinstance(found, list) else None

    def _read_one(self) -> Any:
        assert self._fd is not None
        try:
            head = _read_exactly(self._fd, _HEADER.size)
            body = _read_exactly(self._fd, _HEADER.unpack(head)[0]) if head is not None else None
            import pickle  # only when the child sent something (most starts have no prefetch)

            result = pickle.loads(body) if body is not None else None
        except Exception:  # noqa: BLE001 - a broken child: the app analyses the file itself
            result = None
        if result is None or len(self._received) + 1 >= len(self.paths):
            self.close()
        return result

    def close(self) -> None:
        """Stop listening; the child ends (killed if still at work) and is reaped. Idempotent."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        os.close(fd)
        try:
            pid, _status = os.waitpid(self._pid, os.WNOHANG)
            if pid == 0:
                os.kill(self._pid, 9)
                os.waitpid(self._pid, 0)
        except OSError:
            pass


def spare_cpu() -> bool:
    """Whether a CPU is idle right now besides the one this process runs on.

    Without one the child and the window take turns on the same CPU, which is slower than the
    app's own worker thread (measured: a 2-CPU machine with one CPU busy elsewhere). Read from
    the number of runnable tasks in ``/proc/loadavg`` (this process included)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    if cpus < 2:
        return False
    try:
        with open("/proc/loadavg", "rb") as fh:
            running = int(fh.read().split()[3].split(b"/")[0])
    except (OSError, ValueError, IndexError):
        return True
    return cpus - running >= 1


def _read_exactly(fd: int, n: int) -> bytes | None:
    chunks, left = [], n
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _child(paths: list[str], fd: int) -> None:
    code = 0
    try:
        devnull = os.open(os.devnull, os.O_RDWR)
        os.dup2(devnull, 0)
        os.dup2(devnull, 1)  # the parent's stdout is its own (a benchmark may read it)
        # the child loads the core after the fork: the parent goes on to load Qt meanwhile
        import pickle

        from inspector.core.analyze import analyse_path, with_code_spans

        for path in paths:
            try:
                result: object = with_code_spans(analyse_path(path))  # the child finds them, not the UI
                data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:  # noqa: BLE001 - the app analyses this file again and reports it
                data = pickle.dumps(None)
            os.write(fd, _HEADER.pack(len(data)))
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
    except BaseException:  # noqa: BLE001 - the parent gone (broken pipe) or anything else: just end
        code = 1
    finally:
        os._exit(code)
