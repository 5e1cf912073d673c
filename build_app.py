"""Build a standalone one-folder bundle of Bounce Inspector with PyInstaller.

Placeholder until the bundle issue lands: it says so instead of pretending to build.
"""

from __future__ import annotations

import sys


def main() -> int:
    print("build_app.py: the standalone bundle is not built yet (see the bundle issue)", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
