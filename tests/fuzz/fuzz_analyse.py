"""Coverage-guided fuzzing of the loader, MIME tree and DSN parser with atheris.

    pip install atheris
    python3 tests/fuzz/fuzz_analyse.py -max_total_time=120 [corpus_dir ...]

Seeds: pass ../shared/corpus/eml as a corpus directory (atheris mutates real bounces). Any
exception escaping ``analyse_bytes`` or ``parse_delivery_status`` is a bug: the core must turn bad
input into warnings or an ``error`` field, never a traceback. Not part of the pytest run (the
hypothesis tests in tests/unit/test_bad_input.py are).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from inspector.core.analyze import analyse_bytes
    from inspector.core.dsn import parse_delivery_status
    from inspector.core.serialize import analysis_to_dict


def test_one_input(data: bytes) -> None:
    for a in analyse_bytes(data, "fuzz"):
        analysis_to_dict(a)
    parse_delivery_status(data.decode("utf-8", "replace"), is_global=True)


def main() -> None:
    sys.setrecursionlimit(1000)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
