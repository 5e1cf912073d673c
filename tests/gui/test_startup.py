"""Start-up: the reference-table cache gives the very same tables, and the start-up benchmark's
probe sees the window with the bounce opened."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.reference import cache, tables
from inspector.resources import resource_path

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = [resource_path("samples", "postfix-user-unknown.eml"), resource_path("samples", "gmail-style-reply.txt")]


def _fresh_reference() -> tables.Reference:
    tables.load_reference.cache_clear()
    return tables.load_reference()


def test_reference_cache_gives_the_parsed_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = tables._parse_reference(tables._tables_dir())
    first = _fresh_reference()  # parses and stores
    path = cache.cache_file("reference-tables")
    assert path.is_file()
    assert str(path).startswith(os.environ["BOUNCE_INSPECTOR_HOME"])  # never the install folder
    monkeypatch.setattr(tables, "_parse_reference", lambda base: pytest.fail("parsed although cached"))
    second = _fresh_reference()  # from the cache
    assert first == parsed and second == parsed
    assert list(second.reasons) == list(parsed.reasons)
    assert [e.to_dict() for e in second.entries] == [e.to_dict() for e in parsed.entries]


def test_reference_cache_is_ignored_when_stale_or_damaged(monkeypatch: pytest.MonkeyPatch) -> None:
    parsed = _fresh_reference()
    path = cache.cache_file("reference-tables")
    calls = []
    real = tables._parse_reference

    def counting(base: Path) -> tables.Reference:
        calls.append(base)
        return real(base)

    monkeypatch.setattr(tables, "_parse_reference", counting)
    path.write_bytes(b"not marshal data")
    assert _fresh_reference() == parsed and len(calls) == 1  # damaged: parsed, stored again
    assert _fresh_reference() == parsed and len(calls) == 1  # and now read back
    # a table that changed (another size or modification time) is parsed again
    monkeypatch.setattr(cache, "_stamp", lambda sources: (("changed", 1, 2),))
    assert _fresh_reference() == parsed and len(calls) == 2
    monkeypatch.setenv(cache.DISABLE_ENV, "1")
    assert _fresh_reference() == parsed and len(calls) == 3
    tables.load_reference.cache_clear()


def test_reference_cache_survives_a_read_only_cache_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("BOUNCE_INSPECTOR_HOME", str(blocker))
    assert _fresh_reference() == tables._parse_reference(tables._tables_dir())
    tables.load_reference.cache_clear()


def test_startup_probe_sees_the_bounce_opened_at_start(tmp_path: Path) -> None:
    """The start-up benchmark's probe: the real launcher, the window shown with the file's
    analysis in it. The app prints nothing."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    probe = ROOT / "tests" / "bench" / "startup_probe.py"
    p = subprocess.run(
        [sys.executable, str(probe), "--config-dir", str(tmp_path), str(SAMPLES[0])],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("window shown with 1 file(s) opened"), p.stdout
    assert "items 1, tree nodes" in p.stdout and "tree nodes 0" not in p.stdout
    assert "banner: Hard bounce" in p.stdout, p.stdout


GC_PROBE = f"""
import gc, sys
sys.path.insert(0, {str(ROOT)!r})
from inspector.cli import build_gui_parser
from inspector.ui.launch import launch
from inspector.ui.launch.app import WARM_UP_DELAY_MS

def on_shown(app, win):
    from PySide6.QtCore import QTimer
    print("at show", gc.isenabled(), flush=True)

    def later():
        print("once the file is shown", gc.isenabled(), flush=True)
        win.close()
        app.quit()

    win.items_opened.connect(lambda _n: QTimer.singleShot(WARM_UP_DELAY_MS + 200, later))

status = launch(build_gui_parser().parse_args(sys.argv[1:]), on_shown=on_shown)
print("after the window", gc.isenabled(), flush=True)
sys.exit(status)
"""


def test_garbage_collection_is_paused_for_start_up_only(tmp_path: Path) -> None:
    """The launcher pauses the collector while it starts (a start-up cost) and turns it back on
    once the file asked for is shown."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.run(
        [sys.executable, "-c", GC_PROBE, "--config-dir", str(tmp_path), str(SAMPLES[0])],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert p.returncode == 0, p.stderr
    assert p.stdout.splitlines() == ["at show False", "once the file is shown True", "after the window True"], p.stdout
