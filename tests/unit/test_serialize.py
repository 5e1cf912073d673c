"""The JSON export's hand-made to-dicts give what ``dataclasses.asdict`` gives, field for field and
in the same order, for every dataclass the export writes (a nested dataclass added to one of them
must be handled in serialize.py, or these fail)."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from inspector.core.analyze import analyse_path
from inspector.core.model import Analysis, Part
from inspector.core.serialize import analysis_to_dict

ROOT = Path(__file__).resolve().parents[2]


def _reference(a: Analysis) -> dict[str, Any]:
    """The sections of the export that are dataclasses, the slow and sure way."""
    parts: list[Any] = []

    def dsn_of(p: Part) -> None:
        if p.dsn is not None:
            parts.append([asdict(f) for f in p.dsn.per_message.fields])
            parts.extend([asdict(f) for f in g.fields] for g in p.dsn.recipients)

    if a.root is not None:
        for p in a.root.walk():
            dsn_of(p)
    return {
        "original": asdict(a.original) if a.original else None,
        "recipients": [asdict(r) for r in a.recipients],
        "authentication": asdict(a.authentication),
        "timeline": [asdict(e) for e in a.timeline],
        "dsn": parts,
    }


def _fast(d: dict[str, Any]) -> dict[str, Any]:
    parts: list[Any] = []

    def dsn_of(p: dict[str, Any]) -> None:
        if "dsn" in p:
            parts.append(p["dsn"]["per_message"])
            parts.extend(p["dsn"]["recipients"])
        for c in p["children"]:
            dsn_of(c)

    if d["parts"] is not None:
        dsn_of(d["parts"])
    return {k: d[k] for k in ("original", "recipients", "authentication", "timeline")} | {"dsn": parts}


def _inputs() -> list[Path]:
    files = [p for base in ("tests/fixtures", "resources/samples") for p in sorted((ROOT / base).rglob("*"))]
    return [p for p in files if p.is_file() and p.suffix != ".md"]


@pytest.mark.parametrize("path", _inputs(), ids=lambda p: p.name)
def test_export_matches_asdict(path: Path) -> None:
    for a in analyse_path(path):
        fast, slow = _fast(analysis_to_dict(a)), _reference(a)
        # json.dumps keeps the key order, so the same text means the same fields in the same order
        assert json.dumps(fast) == json.dumps(slow)


def test_some_input_fills_every_nested_section() -> None:
    """The comparison above sees recipients with evidence, a timeline, authentication checks with
    domains, the original message and DSN fields (so it would see a missed nested field)."""
    seen = {"evidence": False, "timeline": False, "auth domain": False, "original": False, "dsn": False}
    for path in _inputs():
        for a in analyse_path(path):
            d = analysis_to_dict(a)
            seen["evidence"] |= any(r["evidence"] for r in d["recipients"])
            seen["timeline"] |= bool(d["timeline"])
            seen["auth domain"] |= any(d["authentication"][k]["domain"] for k in ("spf", "dkim", "dmarc"))
            seen["original"] |= d["original"] is not None
            seen["dsn"] |= bool(_fast(d)["dsn"])
    assert all(seen.values()), seen


def test_export_lists_are_its_own() -> None:
    """Changing the exported dict does not change the analysis (asdict copied; so does the export)."""
    a = analyse_path(ROOT / "resources" / "samples" / "postfix-user-unknown.eml")[0]
    d = analysis_to_dict(a)
    d["recipients"][0]["evidence"].clear()
    d["authentication"]["signals"].append("x")
    assert a.recipients[0].evidence
    assert "x" not in a.authentication.signals
