"""Evidence and confidence on every verdict, and the why line (issue 14, item 4)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from inspector.core.analyze import analyse_text
from inspector.core.why import why_line

ROOT = Path(__file__).resolve().parents[2]


def _one(text: str):  # type: ignore[no-untyped-def]
    a = analyse_text(text)
    assert len(a.recipients) == 1
    return a.recipients[0]


def test_a_provider_reply_decides_with_high_confidence_and_says_whose_meaning_applies() -> None:
    r = _one(
        "450 4.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional "
        "messages from being delivered"
    )
    assert r.reason == "speeding"
    assert r.confidence == "high"
    assert r.evidence[0].kind == "provider" and r.evidence[0].id.startswith("google-")
    assert r.evidence[0].text and r.evidence[0].text in r.diagnostic.lower()
    line = why_line(r)
    assert line is not None and "own meaning of 4.2.1" in line


def test_a_phrase_rule_names_itself_its_source_and_the_words() -> None:
    r = _one("550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table")
    assert r.reason == "userunknown"
    rule = next(ev for ev in r.evidence if ev.kind == "rule")
    assert rule.id and rule.source and "postfix" in rule.source.lower()
    assert rule.text and rule.text in r.diagnostic.lower()
    assert r.confidence == "high"


def test_nothing_specific_is_said_with_low_confidence() -> None:
    r = _one("550 Message refused")
    assert r.confidence == "low"
    assert r.evidence and r.evidence[0].kind in ("reply", "action", "status")


def test_json_and_text_output_carry_the_evidence(tmp_path: Path) -> None:
    p = tmp_path / "b.txt"
    p.write_text("550 5.1.1 <bob@example.org>: Recipient address rejected: User unknown in local recipient table\n")
    out = subprocess.run(
        [sys.executable, "-m", "inspector", "analyze", "--format", "json", "--no-parts", str(p)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    rec = json.loads(out)[0]["recipients"][0]
    assert rec["confidence"] == "high" and rec["side"] == "recipient" and rec["retry"] == "no"
    assert {"kind", "id", "source", "text"} <= set(rec["evidence"][0])
    text = subprocess.run(
        [sys.executable, "-m", "inspector", "analyze", str(p)], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert "why (high confidence): wording" in text
