"""Build a standalone one-folder bundle of Bounce Inspector with PyInstaller, and check it.

    python build_app.py            build dist/bounce-inspector/ (reused when no input changed)
    python build_app.py --clean    build from scratch
    python build_app.py --check    build if needed, then run the frozen app headless and compare it
                                   with the app run from source; non-zero exit on any difference

The work is done by the ``tools/bundle`` package: ``build`` (PyInstaller, reused when no input
changed), ``prune`` (Qt parts the app never loads) and ``check`` (the frozen app against the source);
how the bundle is made and checked is described there and in the README.
"""

from __future__ import annotations

import argparse
import sys

from tools.bundle.build import build, exclusive, folder_size
from tools.bundle.check import check
from tools.bundle.paths import BUNDLE, executable


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
