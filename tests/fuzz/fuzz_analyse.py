"""Coverage-guided fuzzing of the loader, MIME tree and DSN parser with atheris.

    pip install atheris
    python3 tests/fuzz/fuzz_analyse.py -max_total_time=120 [corpus_dir ...]

Seeds: pass a copy of ../shared/corpus/eml as a corpus directory (atheris mutates real bounces
and adds its finds to that folder). Any exception escaping ``analyse_bytes`` (or an "internal
error" record from it) or ``parse_delivery_status`` is a bug: the core must turn bad
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
        # analyse_bytes turns an unexpected exception into an "internal error" record so that a
        # batch goes on; for the fuzzer that record is the bug it looks for.
        if (a.error or "").startswith("internal error"):
            raise RuntimeError(a.error)
        analysis_to_dict(a)
    parse_delivery_status(data.decode("utf-8", "replace"), is_global=True)


def main() -> None:
    sys.setrecursionlimit(1000)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
