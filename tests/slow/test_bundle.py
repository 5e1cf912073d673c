"""The standalone bundle: build it and run it headless against the source (``build_app.py --check``),
and the Linux desktop entry that opens files in it."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "resources" / "bounce-inspector.desktop"


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_opens_mail_files_with_the_app() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"].split() == ["bounce-inspector", "%F"]  # several files, as local paths
    mime_types = entry["MimeType"].rstrip(";").split(";")
    assert {"message/rfc822", "application/mbox", "text/plain"} <= set(mime_types)
    icon = entry["Icon"]
    assert icon == "bounce-inspector"
    assert (ROOT / "resources" / "icons" / f"{icon}.svg").is_file(), "the icon the entry names is in resources/icons"


def test_desktop_entry_passes_desktop_file_validate() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: apt-get install desktop-file-utils)")
    proc = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True)
    assert proc.returncode == 0 and not (proc.stdout + proc.stderr).strip(), proc.stdout + proc.stderr


@pytest.mark.slow
def test_bundle_builds_and_behaves_like_the_source() -> None:
    pytest.importorskip("PyInstaller", reason="PyInstaller is not installed: pip install -e '.[test]' installs it")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "build_app.py"), "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    report = "\n".join(line for line in proc.stdout.splitlines() if "WARNING: Library" not in line)
    assert proc.returncode == 0, f"{report}\n{proc.stderr[-4000:]}"
    assert "check passed" in proc.stdout
