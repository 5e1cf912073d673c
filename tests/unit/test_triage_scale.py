"""The Dask recipe (the optional [scale] extra) gives triage's rows, on a local Dask scheduler."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from inspector.core.triage import triage_paths
from inspector.core.triage.scale import plan_shards, shard_messages

dask = pytest.importorskip("dask", reason="the [scale] extra: pip install -e '.[scale]'")


@pytest.fixture
def mailbox(tmp_path: Path, corpus: Path) -> Path:
    box = tmp_path / "box"
    box.mkdir()
    shutil.copy(corpus / "mbox" / "mbox-0", box / "a.mbox")
    (box / "b.mbox").write_bytes((corpus / "mbox" / "mbox-0").read_bytes() * 3)
    for f in sorted((corpus / "eml").glob("lhost-postfix-*.eml"))[:5]:
        shutil.copy(f, box / f.name)
    return box


def test_shards_cover_every_message_once(mailbox: Path) -> None:
    shards = plan_shards([mailbox], per_shard=10)
    assert len(shards) == 4 + 12 + 5  # 37 messages in 4 shards, 111 in 12, five single files
    got = [(m.source, m.index, m.offset, m.data) for s in shards for m in shard_messages(s)]
    from inspector.core.triage import iter_messages

    want = [(m.source, m.index, m.offset, m.data) for m in iter_messages([mailbox])]
    assert got == want


def test_dask_bag_on_a_local_scheduler_gives_triages_rows(mailbox: Path) -> None:
    from inspector.core.triage.scale import triage_bag

    expected = [r for o in triage_paths([mailbox], jobs=1) for r in o.rows]
    rows = triage_bag([mailbox], per_shard=25).compute(scheduler="processes", num_workers=2)
    assert rows == expected
    assert len(rows) == 37 * 4 + 5
