"""Triage beyond one machine: the same rows as :func:`~inspector.core.triage.pool.triage_paths`,
computed by Dask (``pip install -e '.[scale]'``). No distribution of our own: a mailbox is cut
into shards (whole files, or runs of an mbox's messages), and a ``dask.bag`` maps the pure
per-message analysis over them on whatever scheduler Dask is given (local processes, a cluster).

    from inspector.core.triage.scale import plan_shards, triage_bag
    rows = triage_bag(["/mail/archive"]).compute(scheduler="processes")
    # or with a cluster: from dask.distributed import Client; Client("tcp://scheduler:8786"); ....compute()

:func:`plan_shards` reads the mailbox once to find where messages start (a streaming pass, no
analysis); each shard is then read and analysed where Dask runs it, so the files must be visible
there under the same path (a shared file system or object store mount).
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from inspector.core.limits import DEFAULT_LIMITS, Limits
from inspector.core.triage.reader import RawMessage, expand_paths, iter_file, split_mbox_stream
from inspector.core.triage.rows import Row, outcome

MESSAGES_PER_SHARD = 2000
_SEPARATOR = b"From shard\n"


@dataclass(frozen=True, slots=True)
class Shard:
    """Messages ``first_index``... of ``source``: bytes ``start:end`` of it (after the first
    message's ``From `` line, up to the end of the last), or the whole file when ``end`` is -1."""

    source: str
    first_index: int
    start: int = 0
    end: int = -1


def plan_shards(
    paths: Iterable[str | os.PathLike[str]], per_shard: int = MESSAGES_PER_SHARD, limits: Limits = DEFAULT_LIMITS
) -> list[Shard]:
    """Shards covering every message under ``paths`` in order: a file that is not an mbox is one
    shard; an mbox is cut every ``per_shard`` messages."""
    shards: list[Shard] = []
    for f in expand_paths(paths):
        first: RawMessage | None = None
        last: RawMessage | None = None
        n = 0
        for m in iter_file(f, limits):
            if m.length < 0 or m.error is not None:  # a single message, or a file that cannot be read
                shards.append(Shard(f, m.index))
                break
            if first is None:
                first = m
            last, n = m, n + 1
            if n == per_shard:
                shards.append(Shard(f, first.index, first.offset, last.offset + last.length))
                first, n = None, 0
        if first is not None and last is not None:
            shards.append(Shard(f, first.index, first.offset, last.offset + last.length))
    return shards


def shard_messages(shard: Shard, limits: Limits = DEFAULT_LIMITS) -> Iterator[RawMessage]:
    if shard.end < 0:
        yield from iter_file(shard.source, limits)
        return
    with open(shard.source, "rb") as fh:
        fh.seek(shard.start)
        data = fh.read(shard.end - shard.start)
    # The shard starts after its first message's separator line: put one back in front to split it
    # as the whole file is split, then move indexes and offsets to where they are in the file.
    for m in split_mbox_stream(io.BytesIO(_SEPARATOR + data), shard.source, limits):
        m.index += shard.first_index
        m.offset += shard.start - len(_SEPARATOR)
        yield m


def shard_rows(shard: Shard) -> list[Row]:
    """The rows of one shard (what a Dask task computes)."""
    return [row for m in shard_messages(shard) for row in outcome(m).rows]


def triage_bag(paths: Iterable[str | os.PathLike[str]], per_shard: int = MESSAGES_PER_SHARD) -> Any:
    """A ``dask.bag.Bag`` of the rows of every message under ``paths``, in input order."""
    import dask.bag as db  # the optional [scale] extra (about 0.1 s to import): only for this recipe

    from_sequence: Any = db.from_sequence  # (dask's own annotations are partial; it is an optional extra)
    shards = plan_shards(paths, per_shard)
    return from_sequence(shards, partition_size=1).map(shard_rows).flatten()
