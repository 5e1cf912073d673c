"""Where the bundle is built from and to, and what it is called."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NAME = "bounce-inspector"
RESOURCES = ROOT / "resources"
WORK = ROOT / "build" / "pyinstaller"
# The sources the bundle is built from, copied first: a tree edited during a build cannot give a
# bundle of two minds, and --check compares the bundle with exactly the source it was made from.
SNAPSHOT = ROOT / "build" / "source"
SOURCES = ("inspector", "resources")
DIST = ROOT / "dist"
BUNDLE = DIST / NAME
STAMP = ROOT / "build" / f"{NAME}.inputs"
LOCK = ROOT / "build" / f"{NAME}.lock"
CORPUS = ROOT.parent / "shared" / "corpus"
FIXTURES = ROOT / "tests" / "fixtures"
DESKTOP_FILE = RESOURCES / f"{NAME}.desktop"


def executable(bundle: Path = BUNDLE) -> Path:
    return bundle / (NAME + ".exe" if sys.platform == "win32" else NAME)
