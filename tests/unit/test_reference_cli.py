"""``bounce-inspector explain`` and ``codes``: through ``python -m inspector`` and directly."""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from inspector.cli import reference_cmds

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_KEYS = {"code", "kind", "title", "meaning", "retry", "advice", "hard", "provider", "rfc", "basic_codes",
               "text_fragments"}  # fmt: skip


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "inspector", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_codes_json_lists_every_table() -> None:
    proc = run_cli("codes", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert isinstance(rows, list) and len(rows) > 300
    for row in rows:
        assert set(row) >= SCHEMA_KEYS
        assert row["kind"] in ("basic", "enhanced", "provider")
        assert row["retry"] in ("yes", "no", "maybe")
        assert isinstance(row["hard"], bool) and isinstance(row["basic_codes"], list)
        assert (row["provider"] is None) == (row["kind"] != "provider")
    codes = {r["code"] for r in rows}
    assert {"550", "5.1.1", "4.1.1", "X.1.1", "TSS04", "5.7.606-649"} <= codes


def test_codes_search_json_is_ranked() -> None:
    proc = run_cli("codes", "--search", "5.7.26", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    rows = json.loads(proc.stdout)
    assert rows[0]["code"] == "5.7.26"
    scores = [r["score"] for r in rows]
    assert scores == sorted(scores, reverse=True)


def test_codes_text_shows_structure() -> None:
    proc = run_cli("codes")
    assert proc.returncode == 0, proc.stderr
    assert "Permanent negative" in proc.stdout and "Security or policy status" in proc.stdout
    assert "TSS04" in proc.stdout


def test_explain_pasted_line() -> None:
    proc = run_cli("explain", "550-5.1.1 The email account that you tried to reach does not exist")
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout
    assert "Gmail: account does not exist" in out and "Bad destination mailbox address" in out
    assert "HARD" in out and out.index("5.1.1") < out.index("550 ")


def test_explain_microsoft_5_4_1_shows_both_meanings() -> None:
    proc = run_cli("explain", "5.4.1")
    assert proc.returncode == 0, proc.stderr
    assert "No answer from host" in proc.stdout and "access denied" in proc.stdout.lower()
    assert "Which applies" in proc.stdout


def _ns(**kw: object) -> argparse.Namespace:
    base: dict[str, object] = {"format": "text", "search": None, "kind": None, "limit": None}
    base.update(kw)
    return argparse.Namespace(**base)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("550", "550"), ("X.7.26", "X.7.26"), ("TSS04", "TSS04"), ("5.7.620", "5.7.606-649"),
     ("421 4.7.0 [TSS04] deferred", "TSS04")],
)  # fmt: skip
def test_explain_json_directly(text: str, expected: str) -> None:
    out = io.StringIO()
    assert reference_cmds.run_explain(_ns(text=[text], format="json"), out) == 0
    rows = json.loads(out.getvalue())
    assert rows[0]["code"] == expected


def test_explain_nothing_found() -> None:
    out = io.StringIO()
    assert reference_cmds.run_explain(_ns(text=["zzqqxxyy"]), out) == 1
    assert "No code" in out.getvalue()


def test_codes_kind_and_limit_directly() -> None:
    out = io.StringIO()
    assert reference_cmds.run_codes(_ns(kind="provider", format="json"), out) == 0
    rows = json.loads(out.getvalue())
    assert len(rows) >= 120 and all(r["kind"] == "provider" for r in rows)
    out = io.StringIO()
    assert reference_cmds.run_codes(_ns(kind="provider", format="json", limit=0), out) == 0
    assert len(json.loads(out.getvalue())) == len(rows)  # 0: no limit, as with --search
    out = io.StringIO()
    assert reference_cmds.run_codes(_ns(search="mailbox ful", limit=3), out) == 0
    header, *rows, footer = out.getvalue().splitlines()
    assert header.split()[:3] == ["score", "code", "title"] and len(rows) == 3 and "--all" in footer


def test_codes_search_cuts_the_weak_tail_and_labels_its_columns() -> None:
    proc = run_cli("codes", "--search", "mailbox full")
    assert proc.returncode == 0, proc.stderr
    header, *rows, footer = proc.stdout.splitlines()
    assert header.split() == ["score", "code", "title", "what", "to", "do"]
    titles = " | ".join(r[24:] for r in rows)
    assert "Microsoft: mailbox full" in titles and "Mailbox full" in titles and "over quota" in titles
    assert "RRVS" not in titles and "SMTP AUTH" not in titles  # matched one word of two
    assert len(rows) <= reference_cmds.SEARCH_LIMIT
    assert "weaker matches left out" in footer
    every = run_cli("codes", "--search", "mailbox full", "--all").stdout.splitlines()
    assert "RRVS" in "\n".join(every) and len(every) > len(rows) + 2


def test_codes_search_limits_rows_by_default() -> None:
    rows = run_cli("codes", "--search", "550 5.1.1 user unknown").stdout.splitlines()[1:-1]
    assert len(rows) == reference_cmds.SEARCH_LIMIT
    rows = run_cli("codes", "--search", "550 5.1.1 user unknown", "--limit", "0").stdout.splitlines()
    assert len(rows) > 2 * reference_cmds.SEARCH_LIMIT


def test_explain_shows_a_code_once_when_every_class_reads_the_same() -> None:
    proc = run_cli("explain", "550 5.7.26 This mail is unauthenticated")
    assert proc.returncode == 0, proc.stderr
    blocks = proc.stdout.split("\n\n")
    heads = [b.splitlines()[0] for b in blocks]
    assert [h for h in heads if "Multiple authentication checks failed" in h] == [
        "5.7.26  Multiple authentication checks failed"
    ]
    assert "applies to every class" in blocks[heads.index("5.7.26  Multiple authentication checks failed")]
    # A class that reads differently (4.7.26 may be retried) is still shown beside the general entry.
    heads = [b.splitlines()[0] for b in run_cli("explain", "4.7.26").stdout.split("\n\n")]
    assert heads[:2] == [
        "4.7.26  Multiple authentication checks failed",
        "X.7.26  Multiple authentication checks failed",
    ]


def test_parsers_register_both_commands() -> None:
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="command")
    reference_cmds.add_parsers(sub)
    args = parser.parse_args(["codes", "--search", "spf", "--format", "json"])
    assert args.func is reference_cmds.run_codes and args.search == "spf"
    args = parser.parse_args(["explain", "550", "5.1.1"])
    assert args.func is reference_cmds.run_explain and args.text == ["550", "5.1.1"]
