"""The command line: `bounce-inspector triage`, and `analyze` over folders with --jobs."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

from inspector.core.analyze import analyse_path
from inspector.core.triage import triage_paths
from inspector.core.triage.rows import ROW_COLUMNS


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector", *args], capture_output=True, text=True, timeout=120, check=False
    )


def _folder(tmp_path: Path, corpus: Path) -> Path:
    box = tmp_path / "box"
    (box / "sub").mkdir(parents=True)
    for f in sorted((corpus / "eml").glob("lhost-postfix-0*.eml"))[:4]:
        shutil.copy(f, box / "sub" / f.name)
    shutil.copy(corpus / "mbox" / "mbox-0", box / "all.mbox")
    return box


def test_jsonl_records_are_triages_rows_in_order(tmp_path: Path, corpus: Path) -> None:
    box = _folder(tmp_path, corpus)
    expected = [r for o in triage_paths([box], jobs=1) for r in o.rows]
    assert len(expected) >= 41
    for jobs in ("1", "2"):
        p = _run("triage", "--jobs", jobs, str(box))
        assert p.returncode == 0, p.stderr
        got = [json.loads(line) for line in p.stdout.splitlines()]
        assert got == expected
    rec = got[0]
    for key in ("recipient", "status", "reply_code", "reason", "hard", "side", "source", "index", "date", "domain"):
        assert key in rec
    assert rec["source"].endswith("all.mbox") and got[-1]["source"].endswith(".eml")


def test_csv_output_file_suppression_and_summary(tmp_path: Path, corpus: Path) -> None:
    box = _folder(tmp_path, corpus)
    out, sup = tmp_path / "rows.csv", tmp_path / "suppress.csv"
    p = _run("triage", str(box), "--format", "csv", "--output", str(out), "--suppress", str(sup), "--summary")
    assert p.returncode == 0, p.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    expected = [r for o in triage_paths([box], jobs=1) for r in o.rows]
    assert list(rows[0]) == list(ROW_COLUMNS)
    assert [(r["address"], r["reason"], r["side"]) for r in rows] == [
        (e["address"], e["reason"], e["side"]) for e in expected
    ]
    # the summary goes to standard output, the suppression note to standard error
    assert p.stdout.splitlines()[0].startswith(f"{len(set((e['source'], e['index']) for e in expected))} message(s)")
    assert "by reason:" in p.stdout and "by side:" in p.stdout and "by domain" in p.stdout
    assert "sender-side failure(s) were left out" in p.stderr
    sup_rows = list(csv.DictReader(io.StringIO(sup.read_text(encoding="utf-8"))))
    hard = {e["address"].lower() for e in expected if e["hard"] is True and e["side"] != "sender"}
    assert {r["address"] for r in sup_rows} == hard  # one-off soft bounces do not suppress
    assert all(r["side"] != "sender" for r in sup_rows)


def test_summary_alone_prints_no_records(corpus: Path) -> None:
    p = _run("triage", "--summary", str(corpus / "mbox" / "mbox-0"))
    assert p.returncode == 0
    assert not p.stdout.lstrip().startswith("{") and "37 message(s)" in p.stdout


def test_triage_bad_input_is_reported_not_a_crash(tmp_path: Path) -> None:
    p = _run("triage", str(tmp_path / "nope.mbox"))
    assert p.returncode == 1 and "does not exist" in p.stderr and "Traceback" not in p.stderr
    p = _run("triage", "--jobs", "0", str(tmp_path))
    assert p.returncode == 2 and "must be 1 or more" in p.stderr


def test_analyze_reads_folders_recursively_with_jobs(tmp_path: Path, corpus: Path) -> None:
    box = _folder(tmp_path, corpus)
    expected = [a.source for f in (box / "all.mbox", *sorted((box / "sub").iterdir())) for a in analyse_path(f)]
    for jobs in ("1", "2"):
        p = _run("analyze", "--format", "jsonl", "--no-parts", "--jobs", jobs, str(box))
        assert p.returncode == 0, p.stderr
        assert [json.loads(line)["source"] for line in p.stdout.splitlines()] == expected


def test_cli_defaults_agree_with_the_policy() -> None:
    from inspector.cli import triage_cmd
    from inspector.core.triage import policy

    assert (triage_cmd.DEFAULT_SOFT_THRESHOLD, triage_cmd.DEFAULT_SOFT_DAYS) == (
        policy.DEFAULT_SOFT_THRESHOLD,
        policy.DEFAULT_SOFT_DAYS,
    )
