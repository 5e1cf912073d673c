"""Building: the inputs' digest (a bundle is rebuilt only when one changed), the source snapshot,
PyInstaller's arguments, one build at a time per checkout."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tools.bundle.paths import BUNDLE, DIST, LOCK, NAME, ROOT, SNAPSHOT, SOURCES, STAMP, WORK, executable
from tools.bundle.prune import prune

TOOL_FILES = (ROOT / "build_app.py", *sorted(Path(__file__).parent.glob("*.py")))
"""The build's own code: a change to it makes a new bundle."""

# Python modules the app never uses but PyInstaller would follow into (Qt bindings' optional
# integrations, the Tk GUI toolkit, test tools).
EXCLUDES = (
    "tkinter",
    "_tkinter",
    "pytest",
    "pytestqt",
    "hypothesis",
    "dask",  # the optional [scale] extra (inspector/core/triage/scale.py): never in the app
    "distributed",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickControls2",
    "PySide6.QtPdf",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtMultimedia",
    "PySide6.Qt3DCore",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtSql",
    "PySide6.QtTest",
)


def _input_files(root: Path) -> Iterator[Path]:
    for name in SOURCES:
        for path in sorted((root / name).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                yield path


def inputs_digest(root: Path = ROOT) -> str:
    """A hash of everything the bundle is made from: sources, resources, tool and Qt versions."""
    from importlib import metadata

    h = hashlib.sha256()
    versions = [sys.version, sys.platform]
    for dist in ("pyinstaller", "PySide6-Essentials", "shiboken6", "platformdirs", "pyahocorasick"):
        try:
            versions.append(f"{dist}={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{dist}=none")
    h.update("\n".join(versions).encode())
    for tool in TOOL_FILES:
        h.update(hashlib.sha256(tool.read_bytes()).digest())
    for path in _input_files(root):
        h.update(path.relative_to(root).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.hexdigest()


def is_current(root: Path = ROOT) -> bool:
    """The bundle and its source snapshot exist and were made from what ``root`` holds now."""
    if not (executable().is_file() and STAMP.is_file() and (SNAPSHOT / "inspector").is_dir()):
        return False
    return STAMP.read_text().strip() == inputs_digest(root)


def snapshot() -> Path:
    if SNAPSHOT.exists():
        shutil.rmtree(SNAPSHOT)
    for name in SOURCES:
        shutil.copytree(ROOT / name, SNAPSHOT / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return SNAPSHOT


def pyinstaller_args(src: Path = SNAPSHOT) -> list[str]:
    sep = os.pathsep
    resources = src / "resources"
    args = [
        str(src / "inspector" / "__main__.py"),
        "--name",
        NAME,
        "--onedir",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(DIST),
        "--workpath",
        str(WORK),
        "--specpath",
        str(WORK),
        "--paths",
        str(src),
        "--add-data",
        f"{resources}{sep}resources",
        "--collect-submodules",
        "inspector",
        "--collect-submodules",
        "email",
        "--collect-submodules",
        "encodings",
        "--collect-submodules",
        "platformdirs",
        "--hidden-import",
        "tomllib",
        "--copy-metadata",
        "PySide6-Essentials",
        "--copy-metadata",
        "shiboken6",
    ]
    for module in EXCLUDES:
        args += ["--exclude-module", module]
    if sys.platform == "win32":
        args += ["--windowed"]  # no console window; the CLI still writes to a parent console
        icon = resources / "icons" / f"{NAME}.ico"
    elif sys.platform == "darwin":
        args += ["--windowed", "--osx-bundle-identifier", "org.bounce-inspector.BounceInspector"]
        icon = resources / "icons" / f"{NAME}.icns"
    else:
        args += ["--strip"]  # symbols are most of a self-built libpython (23 MB -> 5 MB)
        icon = None  # Linux has no icon in the executable: the .desktop file names it
    if icon is not None and icon.is_file():
        args += ["--icon", str(icon)]
    return args


@contextlib.contextmanager
def exclusive() -> Iterator[None]:
    """One build or check at a time per checkout (two test runs at once share ``dist/``)."""
    LOCK.parent.mkdir(parents=True, exist_ok=True)
    with open(LOCK, "a+") as fh:
        try:
            import fcntl
        except ImportError:  # Windows: no lock
            yield
            return
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def build(clean: bool = False) -> tuple[float, int]:
    """Build the bundle unless it is current; returns the seconds spent and the bytes pruned
    (both 0 when the bundle was reused)."""
    if not clean and is_current():
        return 0.0, 0
    try:
        import PyInstaller.__main__
    except ImportError:
        raise SystemExit("build_app.py: PyInstaller is not installed (pip install -e '.[test]')") from None
    t0 = time.perf_counter()
    STAMP.unlink(missing_ok=True)
    src = snapshot()
    digest = inputs_digest(src)
    PyInstaller.__main__.run(pyinstaller_args(src))
    freed = prune(BUNDLE)
    elapsed = time.perf_counter() - t0
    STAMP.parent.mkdir(parents=True, exist_ok=True)
    STAMP.write_text(digest + "\n")
    return elapsed, freed


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
