"""The user's own rules: they override the built-in verdict, show as evidence, and bad ones are named."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from inspector.cli import main
from inspector.core.analyze import analyse_bytes, analyse_text
from inspector.core.user_rules import (
    active_rules,
    apply_user_rules,
    default_rules_path,
    load_rules,
    parse_rules,
    use_rules_file,
)

RULES = """\
# my rules
[[rule]]
id = "acme-full"
text = "User unknown"
code = "5.1.1"
domain = "acme.example"
reason = "mailboxfull"
hard = false
side = "recipient"
advice = "Acme says unknown when the box is full: retry tomorrow."

[[rule]]
code = "TSS04"
reason = "speeding"
advice = "Slow down for Yahoo."

[[rule]]
text = "mailbox unavailable"
mta = "Exim"
reason = "suspend"
"""

BOUNCE = """From: MAILER-DAEMON@relay.example
To: me@shop.example
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example

Final-Recipient: rfc822; {rcpt}
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <{rcpt}>: Recipient address rejected: User unknown in local recipient table

--B--
"""


@pytest.fixture(autouse=True)
def _default_rules() -> Iterator[None]:
    yield
    use_rules_file(None)


def test_valid_rules_are_read_with_their_lines() -> None:
    rules = parse_rules(RULES, "mine.toml")
    assert rules.errors == []
    assert [(r.id, r.line) for r in rules.rules] == [("acme-full", 2), ("line 12", 12), ("line 17", 17)]
    assert rules.rules[0].domain == "acme.example" and rules.rules[0].hard is False


def test_bad_rules_are_left_out_and_named_by_line() -> None:
    text = (
        RULES
        + '\n[[rule]]\ntext = "x"\nreason = "mailbox_full"\nhard = "no"\nsid = "sender"\n\n[[rule]]\nreason = "blocked"\n'
    )
    rules = parse_rules(text, "mine.toml")
    assert len(rules.rules) == 3  # the good ones still work
    assert len(rules.errors) == 2
    first, second = rules.errors
    assert first.startswith("mine.toml, line 22 (rule 4):")
    assert "unknown reason 'mailbox_full'" in first and "mailboxfull" in first
    assert "hard must be true or false" in first and "unknown key 'sid'" in first
    assert second.startswith("mine.toml, line 28 (rule 5):") and "give text, code or both" in second


def test_a_file_that_is_not_toml_gives_no_rules_and_one_message(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[[rule]]\ntext = "unclosed\n', encoding="utf-8")
    rules = load_rules(path)
    assert rules.rules == [] and len(rules.errors) == 1
    assert "not valid TOML" in rules.errors[0] and "line 2" in rules.errors[0]
    assert load_rules(tmp_path / "missing.toml").errors == []
    # The analysis goes on with the built-in verdict.
    use_rules_file(path)
    a = analyse_bytes(BOUNCE.format(rcpt="pat@acme.example").encode(), "x")[0]
    assert a.error is None and a.recipients[0].reason == "userunknown"


def test_a_matching_rule_overrides_and_comes_first_in_the_evidence(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text(RULES, encoding="utf-8")
    use_rules_file(path)
    a = analyse_bytes(BOUNCE.format(rcpt="pat@mail.acme.example").encode(), "x")[0]
    r = a.recipients[0]
    assert (r.reason, r.hard, r.side, r.confidence) == ("mailboxfull", False, "recipient", "high")
    assert r.advice == "Acme says unknown when the box is full: retry tomorrow."
    ev = r.evidence[0]
    assert (ev.kind, ev.id, ev.source, ev.text) == ("user", "acme-full", str(path), "User unknown 5.1.1")
    # Another domain: the built-in verdict stays.
    b = analyse_bytes(BOUNCE.format(rcpt="pat@other.example").encode(), "x")[0]
    assert (b.recipients[0].reason, b.recipients[0].hard) == ("userunknown", True)
    assert all(e.kind != "user" for e in b.recipients[0].evidence)


def test_provider_code_and_reason_defaults() -> None:
    rules = parse_rules(RULES)
    a = analyse_text("421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred", "x")
    apply_user_rules(a, rules)
    r = a.recipients[0]
    assert r.reason == "speeding" and r.advice == "Slow down for Yahoo."
    assert r.side is not None and r.hard is not None  # from the reason table when the rule leaves them out
    assert r.evidence[0].text == "TSS04"


def test_mta_limit() -> None:
    rules = parse_rules(RULES)
    a = replace(analyse_text("550 mailbox unavailable", "x"), mta="Postfix")
    before = a.recipients[0].reason
    apply_user_rules(a, rules)
    assert a.recipients[0].reason == before
    a = replace(a, mta="exim")
    apply_user_rules(a, rules)
    assert a.recipients[0].reason == "suspend"


def test_the_config_folder_file_is_used_and_read_again_when_it_changes(monkeypatch: pytest.MonkeyPatch) -> None:
    import inspector.core.user_rules as user_rules

    monkeypatch.setattr(user_rules, "_RECHECK_S", 0.0)  # the file is looked at again at every analysis
    path = default_rules_path()
    assert str(path).startswith(os.environ["BOUNCE_INSPECTOR_HOME"])
    assert active_rules().rules == []
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RULES, encoding="utf-8")
    assert len(active_rules().rules) == 3
    path.write_text(RULES.split("[[rule]]\ncode")[0], encoding="utf-8")
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    assert [r.id for r in active_rules().rules] == ["acme-full"]


def test_cli_rules_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(RULES + '\n\n[[rule]]\ncode = "5.1.1"\nreason = "nonsense"\n', encoding="utf-8")
    bounce = tmp_path / "b.eml"
    bounce.write_text(BOUNCE.format(rcpt="pat@acme.example"), encoding="utf-8")
    assert main(["analyze", "--rules", str(path), "--format", "json", "--no-parts", str(bounce)]) == 0
    captured = capsys.readouterr()
    rec = json.loads(captured.out)[0]["recipients"][0]
    assert rec["reason"] == "mailboxfull"
    assert rec["evidence"][0] == {"kind": "user", "id": "acme-full", "source": str(path), "text": "User unknown 5.1.1"}
    assert "line 23 (rule 4): unknown reason 'nonsense'" in captured.err
    assert main(["explain", "--rules", str(path), "--format", "json", "550 5.1.1 <a@acme.example>: User unknown"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert found[0]["kind"] == "user" and found[0]["reason"] == "mailboxfull"
    assert main(["analyze", "--rules", str(tmp_path / "none.toml"), str(bounce)]) == 2
    assert "does not exist" in capsys.readouterr().err
