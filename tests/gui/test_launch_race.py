"""Single instance: two launches started together give one window with both files (the second
used to find no window listening yet and open one of its own)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from inspector.resources import resource_path
from inspector.ui.launch import handoff

ROOT = Path(__file__).resolve().parents[2]
FILES = [resource_path("samples", "postfix-user-unknown.eml"), resource_path("samples", "gmail-style-reply.txt")]
WAIT_S = 8

# The real launcher with the command line's parser; the window says which files it shows once it
# has PROBE_WANT items (2 unless set; or after WAIT_S seconds), then quits. A launch that hands its files over prints so.
PROBE = f"""
import json, os, sys
sys.path.insert(0, {str(ROOT)!r})
from inspector.cli import build_gui_parser
from inspector.ui.launch import launch

def on_shown(app, win):
    from PySide6.QtCore import QTimer
    done = []

    def report(*_a):
        if not done:
            done.append(1)
            paths = sorted(item.path for item in win.items_model.items())
            print("WINDOW " + json.dumps(paths), flush=True)
            win.close()
            app.quit()

    want = int(os.environ.get("PROBE_WANT", "2"))
    win.items_opened.connect(lambda _n: win.items_model.rowCount() >= want and report())
    QTimer.singleShot({WAIT_S * 1000}, report)

sys.exit(launch(build_gui_parser().parse_args(sys.argv[1:]), on_shown=on_shown))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the launch claims a Unix socket; Windows uses a named pipe")
@pytest.mark.parametrize("delay_s", [0, 0.3])
def test_two_launches_started_together_give_one_window_with_both_files(tmp_path: Path, delay_s: float) -> None:
    # the hand-over name comes from the config folder, the socket and its lock file go to TMPDIR:
    # no other test's window meets these, and nothing is left in /tmp
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path))
    config = tmp_path / "profile"
    procs = []
    for f in FILES:  # the second while the first is loading Qt or opening its file
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", PROBE, "--config-dir", str(config), str(f)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
                cwd=tmp_path,
            )
        )
        time.sleep(delay_s)
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=WAIT_S + 30)
        assert p.returncode == 0, err
        outs.append(out)
    windows = [json.loads(line[7:]) for out in outs for line in out.splitlines() if line.startswith("WINDOW ")]
    assert windows == [sorted(str(f) for f in FILES)], outs  # one window, holding both files
    assert sum("handed 1 file(s) to the running window" in out for out in outs) == 1, outs
    # the window's server took the claimed socket over and removed it when it closed
    assert not (tmp_path / handoff.server_name(config.resolve())).exists()


@pytest.mark.skipif(sys.platform == "win32", reason="the launch claims a Unix socket; Windows uses a named pipe")
def test_a_launch_after_one_that_opened_a_mailbox_hands_its_file_over(tmp_path: Path) -> None:
    """A mailbox opens in the Triage window: no opened item comes for the hand-over server to wait
    for, and the file of a launch that came meanwhile must not wait in the socket for ever."""
    mbox = tmp_path / "two.mbox"
    bounce = FILES[0].read_bytes()
    mbox.write_bytes(b"From a Mon\n" + bounce + b"\nFrom b Tue\n" + bounce)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", TMPDIR=str(tmp_path), PROBE_WANT="1")
    config = tmp_path / "profile"

    def launch(f: Path) -> subprocess.Popen[str]:
        cmd = [sys.executable, "-c", PROBE, "--config-dir", str(config), str(f)]
        return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path)

    first = launch(mbox)
    time.sleep(0.3)
    second = launch(FILES[1])
    out2, err2 = second.communicate(timeout=WAIT_S + 30)
    out1, err1 = first.communicate(timeout=WAIT_S + 30)
    assert first.returncode == 0 and second.returncode == 0, err1 + err2
    assert "handed 1 file(s) to the running window" in out2, out2
    assert out1.splitlines()[-1] == "WINDOW " + json.dumps([str(FILES[1])]), out1


@pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets")
def test_claim_then_hand_off_before_any_window_listens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    name = handoff.server_name(tmp_path / "profile")
    handed, listener = handoff.hand_off_or_claim(name, [str(FILES[0])])
    assert not handed and listener is not None  # the first launch claims the name ...
    try:
        path = handoff.socket_path(name)
        assert os.stat(path).st_mode & 0o777 == 0o600  # this user's only
        # ... and a second one, before Qt is even loaded in the first, hands its files to it
        t0 = time.perf_counter()
        handed2, listener2 = handoff.hand_off_or_claim(name, [str(FILES[1])])
        assert handed2 and listener2 is None
        assert time.perf_counter() - t0 < 5
        conn, _ = listener.accept()
        with conn:
            assert json.loads(conn.makefile("rb").readline()) == [str(FILES[1])]
    finally:
        handoff.release(listener)
    assert not os.path.exists(path)
    # a stale socket left by a crashed run is replaced, not handed to
    stale = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    stale.bind(path)
    stale.close()
    handed3, listener3 = handoff.hand_off_or_claim(name, [str(FILES[0])])
    try:
        assert not handed3 and listener3 is not None
    finally:
        handoff.release(listener3)
