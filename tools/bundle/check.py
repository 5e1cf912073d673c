"""Checking: the frozen app run headless against the source it was built from."""

from __future__ import annotations

import codecs
import json
import os
import pkgutil
import shutil
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.bundle.paths import BUNDLE, CORPUS, DESKTOP_FILE, FIXTURES, NAME, SNAPSHOT, executable
from tools.bundle.prune import _qt_dir

# Lines on stderr that are expected and harmless (none so far: keep this short and specific).
STDERR_ALLOWED: tuple[str, ...] = ()


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
