"""Start-up and state: recent files, restored layout, error dialog and log, single instance,
About/--version, the screenshot option, and the layering rule (no Qt below the UI)."""

from __future__ import annotations

import ast
import subprocess
import sys
import threading
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox

from inspector.about import version_string
from inspector.ui import errors
from inspector.ui.settings import app_dirs

ROOT = Path(__file__).resolve().parents[2]


def test_recent_files_survive_a_restart_and_skip_missing_ones(qtbot, dirs, tmp_path: Path, postfix_eml: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.main_window import MainWindow

    copy = tmp_path / "copy.eml"
    copy.write_bytes(postfix_eml.read_bytes())
    first = MainWindow(dirs, synchronous=True)
    qtbot.addWidget(first)
    first.open_files([str(postfix_eml), str(copy)])
    first.close()
    assert (dirs.config / "recent.json").is_file()
    copy.unlink()
    second = MainWindow(dirs, synchronous=True)
    qtbot.addWidget(second)
    second._fill_recent()
    names = [a.text() for a in second.recent_menu.actions()]
    assert names[0] == str(postfix_eml)
    assert str(copy) not in names
    second.recent_menu.actions()[0].trigger()
    assert second.items_model.rowCount() == 1


def test_config_dir_option_and_env_override(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    assert app_dirs(tmp_path / "x").config == (tmp_path / "x").resolve()
    monkeypatch.setenv("BOUNCE_INSPECTOR_HOME", str(tmp_path / "home"))
    d = app_dirs()
    assert d.config == (tmp_path / "home" / "config").resolve()
    assert d.log == (tmp_path / "home" / "log").resolve()


def test_layout_is_restored(qtbot, dirs) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.main_window import MainWindow

    first = MainWindow(dirs, synchronous=True)
    qtbot.addWidget(first)
    first.resize(760, 700)  # within the offscreen screen (800x800), which restoreGeometry clamps to
    first.show()
    first.splitters[1].setSizes([300, 600])
    first.reference.hide()
    wanted = first.splitters[1].sizes()
    first.close()
    second = MainWindow(dirs, synchronous=True)
    qtbot.addWidget(second)
    second.show()
    qtbot.waitExposed(second)
    got = second.splitters[1].sizes()
    assert abs(got[0] / sum(got) - wanted[0] / sum(wanted)) < 0.02, (got, wanted)
    assert second.size() == first.size()
    assert not second.reference.isVisible()


def test_errors_from_a_worker_thread_reach_a_dialog_and_the_log(qtbot, dirs, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[tuple[str, str, bool]] = []
    monkeypatch.setattr(
        errors, "ask", lambda s, d: shown.append((s, d, threading.current_thread() is threading.main_thread()))
    )
    old_hook, old_thread_hook = sys.excepthook, threading.excepthook
    try:
        errors.install(dirs.log)

        def boom() -> None:
            raise ValueError("worker exploded")

        t = threading.Thread(target=boom)
        t.start()
        t.join()
        qtbot.waitUntil(lambda: len(shown) == 1)
        try:
            raise KeyError("slot exploded")
        except KeyError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
        qtbot.waitUntil(lambda: len(shown) == 2)
    finally:
        sys.excepthook, threading.excepthook = old_hook, old_thread_hook
    assert shown[0][0] == "ValueError: worker exploded" and shown[0][2]
    assert "Traceback" in shown[0][1]
    assert shown[1][0].startswith("KeyError") and shown[1][2]
    log = (dirs.log / "bounce-inspector.log").read_text(encoding="utf-8")
    assert "worker exploded" in log and "slot exploded" in log


def test_a_failing_job_is_reported_and_the_app_keeps_going(qtbot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(errors, "report", lambda exc, where="": shown.append(str(exc)))

    def bad() -> list[object]:
        raise RuntimeError("bug in a job")

    with qtbot.waitSignal(window.open_failed):
        window.runner.submit(bad, ("file", "x"))
    assert shown == ["bug in a job"]
    assert not window.runner.busy


def test_about_shows_the_version_string(qtbot, sync_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: seen.append(text))
    sync_window.act_about.trigger()
    assert seen[0].startswith(version_string())
    out = subprocess.run([sys.executable, "-m", "inspector", "--version"], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == version_string()


def test_second_launch_hands_files_to_the_running_window(qtbot, sync_window, postfix_eml: Path) -> None:  # type: ignore[no-untyped-def]
    from inspector.ui.launch import handoff, single_instance

    name = handoff.server_name(sync_window.dirs.config)
    server = single_instance.InstanceServer(name, sync_window.open_files, sync_window)
    assert server.listening
    with qtbot.waitSignal(sync_window.items_opened, timeout=5000):
        assert handoff.hand_off(name, [str(postfix_eml)])
    assert sync_window.items_model.rowCount() == 1
    server.close()
    assert not handoff.hand_off(name + "-none", [str(postfix_eml)], timeout_ms=100)


def test_screenshot_option_light_and_dark(tmp_path: Path, postfix_eml: Path) -> None:
    for scheme in ("light", "dark"):
        out = tmp_path / f"{scheme}.png"
        proc = subprocess.run(
            [sys.executable, "-m", "inspector", "--theme", scheme, "--config-dir", str(tmp_path / "cfg"),
             "--screenshot", str(out), str(postfix_eml)],
            capture_output=True, text=True, cwd=ROOT, timeout=60,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert proc.stderr == "" and proc.stdout == ""
        img = QImage(str(out))
        assert (img.width(), img.height()) == (1280, 800)
        corner = img.pixelColor(640, 700).lightness()
        assert (corner < 100) if scheme == "dark" else (corner > 150)


def test_screenshot_of_an_mbox_shows_the_triage_window(qtbot, dirs, tmp_path: Path, corpus: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from inspector.ui.launch.app import _screenshot
    from inspector.ui.main_window import MainWindow

    win = MainWindow(dirs, synchronous=True)
    qtbot.addWidget(win)
    win.triage.jobs = 1
    out = tmp_path / "triage.png"
    assert _screenshot(QApplication.instance(), win, [str(corpus / "mbox" / "mbox-0")], str(out)) == 0
    tw = win.triage.window
    assert tw is not None and tw.model.rowCount() > 30  # every row was in before the picture
    shot = QImage(str(out))
    assert (shot.width(), shot.height()) == (1280, 800)

    # the picture is the Triage window (a caret may blink between two grabs), not the main window
    def same(a: QImage, b: QImage) -> float:
        points = [(x, y) for x in range(0, 1280, 9) for y in range(0, 800, 9)]
        return sum(a.pixel(x, y) == b.pixel(x, y) for x, y in points) / len(points)

    assert same(shot, tw.grab().toImage()) > 0.95
    assert same(shot, win.grab().toImage()) < 0.5
    tw.close()


def test_core_reference_and_cli_never_import_qt() -> None:
    offenders = []
    for folder in ("inspector/core", "inspector/reference", "inspector/cli"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                for n in names:
                    rel = path.relative_to(ROOT).as_posix()
                    if n.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                        offenders.append(f"{rel}: {n}")
                    # main() starts the app's launcher lazily; nothing else may import the UI
                    if n.startswith("inspector.ui") and not (
                        rel == "inspector/cli/__init__.py" and n == "inspector.ui.launch" and node.col_offset > 0
                    ):
                        offenders.append(f"{rel}: {n}")
    assert offenders == []
    code = (
        "import sys, inspector.cli, inspector.core.analyze, inspector.reference.tables; print('PySide6' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.stdout.strip() == "False"


def test_the_ui_never_imports_the_command_line() -> None:
    offenders = []
    for path in sorted((ROOT / "inspector" / "ui").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            offenders += [f"{path.relative_to(ROOT)}: {n}" for n in names if n.startswith("inspector.cli")]
    assert offenders == []


def test_theme_refresh_recolours_codes(qtbot, sync_window, postfix_eml: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor

    from inspector.ui import theme

    sync_window.open_files([str(postfix_eml)])
    sync_window.paste.set_text("550 5.1.1 unknown")
    old = theme._current
    try:
        theme._current = theme.DARK
        sync_window.refresh_theme()
        formats = sync_window.paste.edit.document().begin().layout().formats()
        assert {r.format.foreground().color().name() for r in formats} == {QColor(theme.DARK.permanent).name()}
    finally:
        theme._current = old
        sync_window.refresh_theme()
