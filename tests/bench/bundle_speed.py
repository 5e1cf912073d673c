"""Standalone bundle figures (not a test): build time, bundle size, and start-up of the bundle
side by side with the app run from source, in one run.

    python3 tests/bench/bundle_speed.py [--runs 5] [--reuse]

1. Build: ``tools.bundle.build.build(clean=True)`` (PyInstaller with ``--clean``, then pruning), timed; the
   bundle's size on disk and how much the pruning removed. ``--reuse`` skips the build when the
   bundle is current (then no build time is given).
2. Start-up, headless (``QT_QPA_PLATFORM=offscreen``, a fresh temporary profile per run): from
   process start to the window shown, for the frozen binary and for ``python3 -m inspector`` from
   the source the bundle was built from, alternating, with no file and with a bundled sample
   opened. "Shown" is the line ``--bench-exit`` prints once the window is up (the process's whole
   run when the app has no ``--bench-exit``: then ``--screenshot`` is timed). Also the command
   line's start (``--version``, no Qt).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tools.bundle import build as bundle_build  # noqa: E402
from tools.bundle import check as bundle_check  # noqa: E402
from tools.bundle import paths as bundle_paths  # noqa: E402


def launch_ms(cmd: list[str], cwd: Path, pythonpath: Path | None, until_line: bool) -> float:
    """Milliseconds from spawning ``cmd`` to its first line on stdout (or to its exit)."""
    with tempfile.TemporaryDirectory(prefix="bi-bench-") as tmp:
        env = bundle_check._env(Path(tmp), pythonpath)
        # From source, Python runs cached bytecode as an installed app would (the bundle has its
        # own compiled modules); the first, discarded run writes the cache.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None
        if until_line:
            line = proc.stdout.readline()
            elapsed = time.perf_counter() - t0
            out, err = proc.communicate(timeout=60)
        else:
            out, err = proc.communicate(timeout=60)
            line = b""
            elapsed = time.perf_counter() - t0
        if proc.returncode != 0 or (until_line and not line):
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode(errors='replace')[-500:]}")
        return 1000 * elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="launches of each kind (default 5)")
    parser.add_argument("--reuse", action="store_true", help="do not rebuild a current bundle")
    args = parser.parse_args()
    with bundle_build.exclusive():
        return measure(args)


def measure(args: argparse.Namespace) -> int:

    print(f"Bounce Inspector bundle, {sys.platform}, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    if args.reuse and bundle_build.is_current():
        print("build: reused (no build time measured)")
    else:
        seconds, freed = bundle_build.build(clean=True)
        print(f"build: {seconds:.1f} s (PyInstaller --clean, then pruning)")
        print(f"pruned: {freed / 1e6:.1f} MB of Qt translations, unused plugins and the libraries only they needed")
    files = [p for p in bundle_paths.BUNDLE.rglob("*") if p.is_file() and not p.is_symlink()]
    size = sum(p.stat().st_size for p in files)
    print(f"bundle: {size / 1e6:.1f} MB in {len(files)} files ({bundle_paths.BUNDLE})")

    exe = str(bundle_paths.executable())
    src_root = bundle_paths.SNAPSHOT
    source = [sys.executable, "-m", "inspector"]
    sample = bundle_check.bundled_sample(bundle_paths.BUNDLE)
    cli_src = (src_root / "inspector" / "cli" / "__init__.py").read_text(encoding="utf-8")
    has_bench_exit = "--bench-exit" in cli_src
    with tempfile.TemporaryDirectory(prefix="bi-bench-out-") as out_dir:
        shot = str(Path(out_dir) / "shot.png")
        window = ["--bench-exit"] if has_bench_exit else ["--screenshot", shot]
        cases: list[tuple[str, list[str], bool]] = [
            ("window shown, no file", window, has_bench_exit),
        ]
        if sample is not None:
            cases.append((f"window shown, {sample.name} open", [*window, str(sample)], has_bench_exit))
        cases.append(("command line (--version)", ["--version"], False))

        print(f"\nstart-up, headless, ms (median / min of {args.runs}, alternating frozen and source):")
        print(f"{'':44} {'frozen bundle':>18} {'from source':>18} {'ratio':>7}")
        for label, extra, until_line in cases:
            frozen: list[float] = []
            from_source: list[float] = []
            launch_ms([exe, *extra], Path(out_dir), None, until_line)  # warm the file cache once each
            launch_ms([*source, *extra], src_root, src_root, until_line)
            for _ in range(args.runs):
                frozen.append(launch_ms([exe, *extra], Path(out_dir), None, until_line))
                from_source.append(launch_ms([*source, *extra], src_root, src_root, until_line))
            fz, sr = statistics.median(frozen), statistics.median(from_source)
            print(f"{label:44} {fz:9.0f} / {min(frozen):6.0f} {sr:9.0f} / {min(from_source):6.0f} {fz / sr:6.2f}x")
    if not has_bench_exit:
        print("(the app has no --bench-exit: the window rows time a whole --screenshot run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
