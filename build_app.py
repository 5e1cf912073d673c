"""Build a standalone one-folder bundle of Bounce Inspector with PyInstaller, and check it.

    python build_app.py            build dist/bounce-inspector/ (reused when no input changed)
    python build_app.py --clean    build from scratch
    python build_app.py --check    build if needed, then run the frozen app headless and compare it
                                   with the app run from source; non-zero exit on any difference

How the bundle is made:

* ``PyInstaller.__main__.run`` with ``inspector/__main__.py`` as the entry script, one folder
  (a one-file bundle unpacks itself on every start: several times slower to open).
* ``resources/`` goes to ``<bundle>/_internal/resources`` (``sys._MEIPASS``), so
  :func:`inspector.resources.resource_path` finds it exactly as it does in a checkout.
* Modules that static analysis could miss are named: every ``inspector`` module, ``email`` (its
  submodules are imported lazily by name), ``encodings`` complete (mail may use any charset Python
  knows), ``platformdirs``. Package metadata of PySide6 is copied so ``--version`` can name it.
* Qt parts an English-only widgets app never loads are pruned after the build: translations, and
  plugins outside :data:`KEEP_PLUGINS`; then every shared library that nothing left in the bundle
  links to (Qt Quick/Qml/Pdf, GTK's cairo/pango, OpenSSL: dragged in by the pruned plugins).

``--check`` runs the frozen binary with a temporary profile and ``QT_QPA_PLATFORM=offscreen``:
``--version``; ``analyze --format jsonl`` over the shared corpus (when present beside the
checkout), the test fixtures, the bundled samples and one generated message per text codec Python
knows, compared with the same command from source (``parse_ms`` dropped); ``--screenshot`` of a
bundled sample launched as the .desktop entry launches it (a PNG unlike the empty window's); a
second launch with a file while the app runs hands the file to the running window. Any difference,
non-zero exit, or unexpected line on stderr fails the check.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import hashlib
import json
import os
import pkgutil
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent
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

# Qt plugins kept, by plugin folder: None keeps the whole folder, a tuple keeps the plugins whose
# file name contains one of the words. Folders not named here are removed.
KEEP_PLUGINS: dict[str, tuple[str, ...] | None] = {
    # offscreen/minimal for headless runs, xcb and wayland on Linux desktops, and the native ones.
    "platforms": ("offscreen", "minimal.", "minimal.dll", "xcb", "wayland", "qwindows", "cocoa"),
    # png is built into QtGui; the icon is SVG; ico/jpeg/gif can appear in pasted or attached mail.
    "imageformats": ("svg", "ico", "jpeg", "gif"),
    "iconengines": None,  # the SVG icon engine
    # Native file dialogs through xdg-desktop-portal. Not gtk3: it drags in a second copy of GTK's
    # libraries (cairo, pango, glib) that clashes with the system GTK it loads at run time.
    "platformthemes": ("xdgdesktopportal", "qwindows", "cocoa"),
    "platforminputcontexts": ("compose", "ibus"),  # not the virtual keyboard: it needs Qt Quick
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": None,
    "wayland-shell-integration": None,
    "styles": None,  # Windows/macOS native styles
}

# Lines on stderr that are expected and harmless (none so far: keep this short and specific).
STDERR_ALLOWED: tuple[str, ...] = ()


# ---------------------------------------------------------------------------------------------
# Building


def executable(bundle: Path = BUNDLE) -> Path:
    return bundle / (NAME + ".exe" if sys.platform == "win32" else NAME)


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
    h.update(hashlib.sha256(Path(__file__).read_bytes()).digest())
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


# ---------------------------------------------------------------------------------------------
# Pruning


def _qt_dir(bundle: Path) -> Path | None:
    hits = sorted(bundle.rglob("PySide6/Qt"))
    return hits[0] if hits else None


def _is_library(path: Path) -> bool:
    name = path.name
    return path.is_file() and (name.endswith((".so", ".dll", ".dylib", ".pyd")) or ".so." in name)


def _remove(path: Path) -> int:
    """Delete a file or folder; returns the bytes freed."""
    if not path.exists() and not path.is_symlink():
        return 0
    if path.is_symlink() or path.is_file():
        size = 0 if path.is_symlink() else path.stat().st_size
        path.unlink()
        return size
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    shutil.rmtree(path)
    return size


def prune(bundle: Path) -> int:
    """Remove Qt translations, unused plugins and the Qt libraries left unused; returns bytes freed."""
    qt = _qt_dir(bundle)
    if qt is None:
        return 0
    freed = 0
    for folder in ("translations", "qml", "libexec", "resources/qtwebengine_devtools_resources.pak"):
        if (qt / folder).exists():
            freed += _remove(qt / folder)
    plugins = qt / "plugins"
    if plugins.is_dir():
        for folder in sorted(plugins.iterdir()):
            keep = KEEP_PLUGINS.get(folder.name, ())
            if keep is None:
                continue
            if keep == ():
                freed += _remove(folder)
                continue
            for plugin in sorted(folder.iterdir()):
                if not any(word in plugin.name for word in keep):
                    freed += _remove(plugin)
    freed += _prune_unreferenced_libraries(bundle)
    return freed


def _linked_names(path: Path) -> set[str]:
    from PyInstaller.depend.bindepend import get_imports

    try:
        return {Path(name).name for name, _full in get_imports(str(path))}
    except Exception:  # noqa: BLE001 - an unreadable binary keeps everything it might need
        return {"*"}


def _is_shared_library(path: Path) -> bool:
    """A plain shared library (Qt's or the system's), not a Python extension module or Qt plugin."""
    name = path.name
    if "plugins" in path.parts or ".cpython-" in name or name.endswith((".abi3.so", ".pyd")):
        return False
    return name.endswith((".dll", ".dylib")) or (name.startswith("lib") and (".so." in name or name.endswith(".so")))


def _prune_unreferenced_libraries(bundle: Path) -> int:
    """Shared libraries that nothing left in the bundle links to, directly or indirectly: the ones
    only the pruned plugins needed (Qt Quick/Qml/Pdf, GTK's cairo/pango, OpenSSL, ...).

    The roots are the executable, Python's own library (the bootloader opens it by name), extension
    modules and the plugins kept. Links PyInstaller makes beside them stand for their targets.
    """
    entries = [p for p in bundle.rglob("*") if p.is_symlink() or p.is_file()]
    libraries = {p.name: p for p in entries if not p.is_symlink() and _is_shared_library(p)}
    links = {p.name: p for p in entries if p.is_symlink()}
    roots = [p for p in entries if not p.is_symlink() and _is_library(p) and p.name not in libraries]
    roots += [p for name, p in libraries.items() if name.lower().startswith(("libpython", "python"))]
    roots.append(executable(bundle))
    needed: set[str] = set()
    todo = list(roots)
    seen: set[Path] = set()
    while todo:
        path = todo.pop()
        if path in seen or not path.exists():
            continue
        seen.add(path)
        names = _linked_names(path)
        if "*" in names:
            return 0
        for name in names:
            target = libraries.get(name) or (links[name].resolve() if name in links else None)
            if target is not None and target.name in libraries and target.name not in needed:
                needed.add(target.name)
                todo.append(target)
    freed = 0
    for name, path in sorted(libraries.items()):
        if name not in needed and path not in roots:
            freed += _remove(path)
    for link in links.values():
        if not link.exists():  # its target was just removed
            link.unlink()
    return freed


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.is_symlink())


# ---------------------------------------------------------------------------------------------
# Checking


def _env(home: Path, pythonpath: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="offscreen",
        BOUNCE_INSPECTOR_HOME=str(home / "profile"),
        XDG_CONFIG_HOME=str(home / "xdg-config"),
        XDG_CACHE_HOME=str(home / "xdg-cache"),
        XDG_DATA_HOME=str(home / "xdg-data"),
        XDG_STATE_HOME=str(home / "xdg-state"),
        XDG_RUNTIME_DIR=str(home / "xdg-runtime"),
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONIOENCODING="utf-8",
    )
    (home / "xdg-runtime").mkdir(parents=True, exist_ok=True)
    os.chmod(home / "xdg-runtime", 0o700)
    env.pop("PYTHONPATH", None)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return env


class Failure(Exception):
    pass


def _run(cmd: list[str], env: dict[str, str], cwd: Path, label: str, timeout: float = 120) -> bytes:
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, timeout=timeout)
    unexpected = [
        line
        for line in proc.stderr.decode("utf-8", "replace").splitlines()
        if line.strip() and not any(allowed in line for allowed in STDERR_ALLOWED)
    ]
    if proc.returncode != 0 or unexpected:
        detail = "\n  ".join(unexpected[:20]) or "(no stderr)"
        raise Failure(f"{label}: exit {proc.returncode}, stderr:\n  {detail}")
    return proc.stdout


def _normalised(jsonl: bytes) -> list[dict[str, object]]:
    records = []
    for line in jsonl.decode("utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            record.pop("parse_ms", None)
            records.append(record)
    return records


def text_codecs() -> list[str]:
    """Every text codec of the standard library's ``encodings`` package, by canonical name."""
    import encodings

    names = set()
    for module in pkgutil.iter_modules(encodings.__path__):
        try:
            info = codecs.lookup(module.name)
        except LookupError:
            continue
        if getattr(info, "_is_text_encoding", True):
            names.add(info.name)
    return sorted(names)


def write_charset_messages(folder: Path) -> list[Path]:
    """One small bounce per text codec, its body in that codec: a missing codec shows as a warning."""
    folder.mkdir(parents=True, exist_ok=True)
    sample = "Zustellung fehlgeschlagen: 配信できません 전달 실패 失败 Ошибка. 550 5.1.1 user unknown"
    paths = []
    for name in text_codecs():
        try:
            body = sample.encode(name, errors="replace")
        except (UnicodeError, LookupError, TypeError):
            continue
        head = (
            "From: MAILER-DAEMON@example.org\nTo: sender@example.com\n"
            f"Subject: Undelivered Mail ({name})\nMIME-Version: 1.0\n"
            f'Content-Type: text/plain; charset="{name}"\nContent-Transfer-Encoding: base64\n\n'
        )
        import base64

        path = folder / f"charset-{name}.eml"
        path.write_bytes(head.encode() + base64.encodebytes(body))
        paths.append(path)
    return paths


def analyze_inputs(tmp: Path, bundle: Path) -> list[Path]:
    paths = sorted(FIXTURES.glob("*.eml")) if FIXTURES.is_dir() else []
    samples = bundle / "_internal" / "resources" / "samples"
    paths += sorted(p for p in samples.rglob("*") if p.is_file()) if samples.is_dir() else []
    if CORPUS.is_dir():
        for sub in ("eml", "mbox", "not-bounce"):
            paths += sorted(p for p in (CORPUS / sub).glob("*") if p.is_file())
    paths += write_charset_messages(tmp / "charsets")
    return paths


def bundled_sample(bundle: Path) -> Path | None:
    samples = bundle / "_internal" / "resources" / "samples"
    order = {".eml": 0, ".mbox": 1, ".txt": 2}  # a whole bounce message first
    found = sorted((order[p.suffix], p) for p in samples.rglob("*") if p.is_file() and p.suffix in order)
    return found[0][1] if found else None


def desktop_command(desktop_file: Path, files: list[str]) -> list[str]:
    """The command a desktop environment runs for ``files``: the Exec line with %F/%f/%U/%u expanded."""
    import shlex

    exec_line = next(
        line.split("=", 1)[1]
        for line in desktop_file.read_text(encoding="utf-8").splitlines()
        if line.startswith("Exec=")
    )
    cmd: list[str] = []
    for word in shlex.split(exec_line):
        if word in ("%F", "%U"):
            cmd += files
        elif word in ("%f", "%u"):
            cmd += files[:1]
        elif not (len(word) == 2 and word[0] == "%"):
            cmd.append(word)
    return cmd


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    if len(data) < 24 or data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise Failure(f"{path.name} is not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def check(bundle: Path = BUNDLE, source_root: Path = SNAPSHOT) -> list[str]:
    """Run the frozen app against the source it was built from (``source_root``, holding
    ``inspector/`` and ``resources/``); returns the problems found (empty when all is well)."""
    exe = executable(bundle)
    source = [sys.executable, "-m", "inspector"]
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bi-check-") as tmp_name:
        tmp = Path(tmp_name)

        def step(label: str, fn) -> None:  # type: ignore[no-untyped-def]
            t0 = time.perf_counter()
            try:
                note = fn()
            except Failure as exc:
                problems.append(str(exc))
                print(f"  FAIL {label}: {exc}")
            except subprocess.TimeoutExpired as exc:
                problems.append(f"{label}: timed out after {exc.timeout} s")
                print(f"  FAIL {label}: timed out")
            else:
                print(f"  ok   {label} ({time.perf_counter() - t0:.1f} s){': ' + note if note else ''}")

        def version() -> str:
            frozen = _run([str(exe), "--version"], _env(tmp / "v1"), tmp, "frozen --version").decode().strip()
            src = (
                _run([*source, "--version"], _env(tmp / "v2", source_root), source_root, "source --version")
                .decode()
                .strip()
            )
            if frozen != src:
                raise Failure(f"--version differs: frozen {frozen!r}, source {src!r}")
            return frozen

        def analyze() -> str:
            files = [str(p) for p in analyze_inputs(tmp, bundle)]
            cmd = ["analyze", "--format", "jsonl", *files]
            frozen = _normalised(_run([str(exe), *cmd], _env(tmp / "a1"), tmp, "frozen analyze"))
            src = _normalised(_run([*source, *cmd], _env(tmp / "a2", source_root), source_root, "source analyze"))
            if len(frozen) != len(src):
                raise Failure(f"analyze: {len(frozen)} records frozen, {len(src)} from source")
            diffs = [f"{a.get('source')}#{a.get('index')}" for a, b in zip(frozen, src, strict=True) if a != b]
            if diffs:
                raise Failure(f"analyze differs from source on {len(diffs)} record(s): {', '.join(diffs[:10])}")
            if not frozen:
                raise Failure("analyze printed no records")
            # The codec messages only test the bundle if the source knows every codec they use.
            unknown = [
                r["source"] for r in src if "charset-" in str(r.get("source")) and "unknown charset" in json.dumps(r)
            ]
            if unknown:
                raise Failure(f"source does not know the charset of {', '.join(map(str, unknown[:5]))}")
            return f"{len(frozen)} records from {len(files)} files identical"

        def screenshots() -> str:
            sample = bundled_sample(bundle)
            if sample is None:
                fixtures = sorted(FIXTURES.glob("*.eml"))
                if not fixtures:
                    raise Failure("no bundled sample and no test fixture to open")
                sample = fixtures[0]
            # The window with nothing open, to tell it apart from the window with the sample open.
            empty = tmp / "empty.png"
            _run(
                [str(exe), "--config-dir", str(tmp / "c1"), "--screenshot", str(empty)],
                _env(tmp / "s1"),
                tmp,
                "frozen --screenshot (no file)",
            )
            png_size(empty)
            # Open the sample as the desktop does: the .desktop Exec line, %F expanded to a path with
            # a space, the command found on PATH as a link to the bundle (as the README installs it).
            opened = tmp / "my bounces" / sample.name
            opened.parent.mkdir()
            shutil.copyfile(sample, opened)
            shot = tmp / "shot.png"
            env = _env(tmp / "s2")
            cmd = [str(exe), str(opened)]
            how = "run directly"
            if sys.platform.startswith("linux") and DESKTOP_FILE.is_file():
                bindir = tmp / "bin"
                bindir.mkdir()
                (bindir / NAME).symlink_to(exe)
                env["PATH"] = f"{bindir}{os.pathsep}{env.get('PATH', '')}"
                cmd = desktop_command(DESKTOP_FILE, [str(opened)])
                found = shutil.which(cmd[0], path=env["PATH"])
                if found is None or Path(found).resolve() != exe.resolve():
                    raise Failure(f"the .desktop Exec command {cmd[0]!r} does not find the bundle")
                cmd[0] = found
                how = "launched like the .desktop entry, through a link on PATH"
            _run(
                [*cmd, "--config-dir", str(tmp / "c2"), "--screenshot", str(shot)], env, tmp, "frozen --screenshot FILE"
            )
            width, height = png_size(shot)
            if width < 100 or height < 100:
                raise Failure(f"--screenshot image is {width}x{height}")
            if shot.read_bytes() == empty.read_bytes():
                raise Failure(f"the window looks the same with {sample.name} opened as with nothing open")
            src = tmp / "source.png"
            _run(
                [*source, str(opened), "--config-dir", str(tmp / "c3"), "--screenshot", str(src)],
                _env(tmp / "s3", source_root),
                source_root,
                "source --screenshot FILE",
            )
            same = "identical to" if src.read_bytes() == shot.read_bytes() else "not byte-identical to"
            where = (
                sample.relative_to(bundle).as_posix()
                if bundle in sample.parents
                else f"{sample.name} (test fixture; no bundled sample)"
            )
            return f"{width}x{height} PNG of {where}, {how}; {same} the source's"

        def layout() -> str:
            internal = bundle / "_internal"
            wanted = [internal / "resources" / "reference", internal / "resources" / "icons"]
            missing = [p.relative_to(bundle).as_posix() for p in wanted if not p.is_dir()]
            if missing:
                raise Failure(f"missing from the bundle: {', '.join(missing)}")
            qt = _qt_dir(bundle)
            if qt is not None and (qt / "translations").exists():
                raise Failure("Qt translations were not pruned")
            probe = [sys.executable, "-c", "import inspector; print(inspector.__file__)"]
            where = Path(_run(probe, _env(tmp / "p", source_root), source_root, "source import").decode().strip())
            if source_root.resolve() not in where.resolve().parents:
                raise Failure(f"the source runs import {where}, not the snapshot in {source_root}")
            return f"resources present, Qt translations pruned; source runs from {source_root}"

        def hand_off() -> str:
            """A file opened from the desktop while the app runs goes to the running window."""
            env = _env(tmp / "h")
            sockets = tmp / "h-tmp"
            sockets.mkdir()
            env["TMPDIR"] = str(sockets)  # where Qt puts the single-instance socket
            sample = bundled_sample(bundle) or sorted(FIXTURES.glob("*.eml"))[0]
            first = subprocess.Popen([str(exe)], env=env, cwd=tmp, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            try:
                deadline = time.monotonic() + 60
                while not any(sockets.glob(f"{NAME}-*")):
                    if first.poll() is not None or time.monotonic() > deadline:
                        raise Failure("the first window never listened for other launches")
                    time.sleep(0.05)
                said = _run([str(exe), str(sample)], env, tmp, "second launch").decode().strip()
                if "handed 1 file" not in said:
                    raise Failure(f"second launch did not hand its file over: {said!r}")
            finally:
                first.terminate()
                _out, err = first.communicate(timeout=30)
            # The offscreen platform says it cannot raise or activate the window that got the file.
            offscreen_notes = ("This plugin does not support raise()", "This plugin does not support requestActivate")
            lines = [
                line
                for line in err.decode("utf-8", "replace").splitlines()
                if line.strip() and not line.startswith(offscreen_notes)
            ]
            if lines:
                raise Failure("the running window wrote on stderr:\n  " + "\n  ".join(lines[:20]))
            return said

        step("bundle layout", layout)
        step("--version", version)
        step("analyze --format jsonl vs source", analyze)
        step("--screenshot", screenshots)
        if sys.platform != "win32":
            step("second launch with a file", hand_off)
    return problems


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="build if needed, then test the bundle headless")
    parser.add_argument("--clean", action="store_true", help="rebuild even when no input changed")
    args = parser.parse_args(argv)

    with exclusive():
        return _build_and_check(args.clean, args.check)


def _build_and_check(clean: bool, run_check: bool) -> int:
    seconds, freed = build(clean=clean)
    size = folder_size(BUNDLE)
    how = f"built in {seconds:.1f} s, {freed / 1e6:.0f} MB pruned" if seconds else "up to date, not rebuilt"
    print(f"bundle: {BUNDLE} ({size / 1e6:.1f} MB, {how})")
    print(f"run it: {executable()}")
    if not run_check:
        return 0
    print("checking the bundle against the source:")
    problems = check(BUNDLE)
    if problems:
        print(f"check FAILED: {len(problems)} problem(s)", file=sys.stderr)
        return 1
    print("check passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
