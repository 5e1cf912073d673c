"""Coverage-guided fuzzing of the loader, MIME tree, DSN parser, pasted-text reader and redactor with atheris.

    pip install atheris
    PYTHONPATH=. python3 tests/fuzz/fuzz_analyse.py -max_total_time=120 -timeout=10 [corpus_dir ...]

(Run from the checkout root with PYTHONPATH=.: otherwise the installed copy of the package is fuzzed.
-timeout: an input that takes longer is reported as a hang, which is a bug too.)

Seeds: pass a copy of ../shared/corpus/eml as a corpus directory (atheris mutates real bounces
and adds its finds to that folder). Any exception escaping ``analyse_bytes`` (or an "internal
error" record from it), ``analyse_text`` (the same input read as pasted text), ``redact_bytes``
(whose copy must parse again) or ``parse_delivery_status`` is a bug: the core must turn bad
input into warnings or an ``error`` field, never a traceback. Not part of the pytest run (the
hypothesis tests in tests/unit/test_bad_input.py and tests/unit/test_robust_*.py are).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports():
    from inspector.core.analyze import analyse_bytes, analyse_text
    from inspector.core.dsn import parse_delivery_status
    from inspector.core.model import Analysis
    from inspector.core.redact import redact_bytes
    from inspector.core.serialize import analysis_to_dict


def _check(a: Analysis) -> None:
    # The analyse_* functions turn an unexpected exception into an "internal error" record so that
    # a batch goes on; for the fuzzer that record is the bug it looks for.
    if (a.error or "").startswith("internal error"):
        raise RuntimeError(a.error)
    internal = [w for w in a.warnings if w.startswith("internal error")]  # authentication, timeline
    if internal:
        raise RuntimeError(internal[0])
    analysis_to_dict(a)


def test_one_input(data: bytes) -> None:
    for a in analyse_bytes(data, "fuzz"):
        _check(a)
    text = data.decode("utf-8", "replace")
    _check(analyse_text(text, "fuzz"))
    parse_delivery_status(text, is_global=True)
    for a in analyse_bytes(redact_bytes(data).data, "redacted"):
        _check(a)


def main() -> None:
    sys.setrecursionlimit(1000)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
