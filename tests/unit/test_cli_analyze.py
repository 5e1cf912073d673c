"""The command line: `bounce-inspector analyze`, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def _run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "inspector", *args], input=stdin, capture_output=True, timeout=120, check=False
    )


def test_jsonl_schema_and_error_record(corpus: Path, tmp_path: Path) -> None:
    good = corpus / "eml" / "lhost-postfix-01.eml"
    missing = tmp_path / "missing.eml"
    p = _run("analyze", "--format", "jsonl", str(good), str(missing))
    assert p.returncode == 1
    lines = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert len(lines) == 2
    rec = lines[0]
    for key in ("source", "index", "kind", "mta", "parse_ms", "warnings", "recipients", "codes", "parts"):
        assert key in rec
    assert rec["source"] == str(good) and rec["kind"] == "dsn"
    r = rec["recipients"][0]
    for key in (
        "recipient",
        "action",
        "status",
        "reply_code",
        "diagnostic",
        "remote_mta",
        "severity",
        "reason",
        "hard",
        "advice",
    ):
        assert key in r
    assert r["status"] == "5.1.1"
    assert "error" in lines[1] and "does not exist" in lines[1]["error"]
    assert p.stderr == b""  # the error is told once: in its record


def test_text_errors_are_told_once_on_stderr(corpus: Path, tmp_path: Path) -> None:
    good = corpus / "eml" / "lhost-postfix-01.eml"
    missing = tmp_path / "missing.eml"
    p = _run("analyze", str(missing), str(good))
    assert p.returncode == 1
    out, err = p.stdout.decode(), p.stderr.decode()
    assert err.splitlines() == [f"bounce-inspector: {missing} does not exist"]
    assert "does not exist" not in out and "ERROR" not in out
    assert out.startswith(f"{good}: dsn")


def test_text_marks_a_cut_diagnostic_and_json_keeps_it_whole() -> None:
    words = " ".join(f"word{i}" for i in range(80))
    line = f"550 5.1.1 The account you tried to reach does not exist. {words} END-OF-DIAGNOSTIC\n".encode()
    p = _run("analyze", "-", stdin=line)
    [diag] = [x.strip() for x in p.stdout.decode().splitlines() if x.strip().startswith("550 5.1.1")]
    assert diag.endswith("...") and len(diag) == 200 and "END-OF-DIAGNOSTIC" not in diag
    p = _run("analyze", "--format", "json", "-", stdin=line)
    [rec] = json.loads(p.stdout)
    assert rec["recipients"][0]["diagnostic"].endswith("END-OF-DIAGNOSTIC")
    short = b"550 5.1.1 No such user here\n"
    p = _run("analyze", "-", stdin=short)
    assert "No such user here\n" in p.stdout.decode() and "..." not in p.stdout.decode()


def test_mbox_gives_one_record_per_message(corpus: Path) -> None:
    p = _run("analyze", "--format", "jsonl", "--no-parts", str(corpus / "mbox" / "mbox-0"))
    assert p.returncode == 0
    recs = [json.loads(x) for x in p.stdout.decode().splitlines()]
    assert [r["index"] for r in recs] == list(range(37))


def test_stdin_text() -> None:
    p = _run("analyze", "--format", "json", "-", stdin=b"554 5.7.1 Service unavailable; client host blocked\n")
    assert p.returncode == 0
    [rec] = json.loads(p.stdout)
    assert rec["kind"] == "text" and rec["recipients"][0]["reply_code"] == "554"


def test_cli_does_not_import_qt(corpus: Path) -> None:
    code = (
        "import sys, runpy; sys.argv=['bounce-inspector','analyze','--format','jsonl',sys.argv[1]];"
        "import inspector.cli as c; c.main(sys.argv[1:]);"
        "assert not [m for m in sys.modules if m.startswith('PySide6')], 'Qt imported'"
    )
    p = subprocess.run(
        [sys.executable, "-c", code, str(corpus / "eml" / "rfc3464-01.eml")],
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert p.returncode == 0, p.stderr.decode()
