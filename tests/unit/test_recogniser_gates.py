"""The recognisers' gates: the literal words looked for before a gate's regex runs must never
turn away a message the regex itself would accept."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.core.analyze import analyse_path
from inspector.core.model import Part
from inspector.core.patterns import literal_needles
from inspector.core.recognisers import ORDER, Bounce
from inspector.core.recognisers.gate import AllOf, Gate


@pytest.mark.parametrize(
    ("pattern", "needles"),
    [
        (r"This is the DragonFly Mail Agent", ("this is the dragonfly mail agent",)),
        (
            r"did not reach the following recipient\(?s?\)?|the following",
            ("did not reach the following recipient", "the following"),
        ),
        (r"foo\.bar+x", ("foo.bar",)),
        (r"abcdx?y", ("abcd",)),  # the optional x and what follows it are not required
        (r"ab(c|d)", None),  # too short a literal start
        (r"(?:after|in reply to)\s+data", None),  # starts with a group
        (r"abcd\s+x|[a-z]hello", ("abcd", "hello")),
        (r"-+ ?Transcript of session follows ?-+", ("transcript of session follows",)),
        (r"^-{5,}[ \t]*server message[ \t]*$", ("server message",)),
        (r"hello world\d|[a-z]\d+", None),  # one alternative has no literal run
    ],
)
def test_literal_needles(pattern: str, needles: tuple[str, ...] | None) -> None:
    assert literal_needles(re.compile(pattern, re.I)) == needles


def test_case_sensitive_patterns_get_no_needles() -> None:
    assert literal_needles(re.compile("Diagnostic information")) is None


def _with_body(text: str) -> Bounce:
    """A bounce whose own readable text is ``text``."""
    bounce = Bounce(Part(path="", content_type="text/plain"))
    bounce.__dict__["body_text"] = text  # the cached property, filled in
    return bounce


def _message(sender: str, subject: str, body: str, extra: str = "") -> Bounce:
    root = Part(path="", content_type="text/plain", message_headers=[("From", sender), ("Subject", subject)])
    if extra:
        root.message_headers = [*root.message_headers, ("X-Failed-Recipients", extra)]
    bounce = Bounce(root)
    bounce.__dict__["body_text"] = body
    return bounce


def test_a_gate_opens_on_any_sign_and_all_of_needs_every_gate() -> None:
    any_sign = Gate(sender=re.compile("daemon", re.I), subject=re.compile("failure"), body=re.compile("oops", re.I))
    assert any_sign.opens(_message("MAILER-DAEMON@x.example", "hello", ""))
    assert any_sign.opens(_message("a@x.example", "delivery failure", ""))
    assert any_sign.opens(_message("a@x.example", "hello", "well, OOPS"))
    assert not any_sign.opens(_message("a@x.example", "hello", "fine"))
    assert not Gate().opens(_message("MAILER-DAEMON@x.example", "failure", "oops"))
    near = Gate(body=re.compile("Error message below"), body_window=10)
    whole = Gate(body=re.compile("Error message below"), body_window=None)
    late = _message("a@x.example", "", "x" * 50 + "Error message below")
    assert not near.opens(late) and whole.opens(late)
    both = AllOf((Gate(sender=re.compile("google", re.I)), Gate(failed_recipient=re.compile(r"@groups\.example$"))))
    assert both.opens(_message("noreply@Google.com", "", "", "list@groups.example, b@c.example"))
    assert not both.opens(_message("noreply@Google.com", "", "", "b@c.example"))
    assert not both.opens(_message("a@x.example", "", "", "list@groups.example"))
    assert list(both.bodies()) == [] and list(near.bodies()) == [(near.body, 10)]


# Every text pattern a recogniser's gate looks for through the prefilter (the whole-text ones skip it).
_GATES = list(
    dict.fromkeys(p for r in ORDER if hasattr(r, "gate") for p, window in r.gate.bodies() if window is not None)
)


@given(st.sampled_from(_GATES), st.text(alphabet="abcdefghijklmnopqrstuvwxyz ()-:.\n", max_size=80), st.integers(0, 3))
def test_a_gate_accepts_text_holding_its_phrase(pattern: re.Pattern[str], noise: str, cut: int) -> None:
    needles = literal_needles(pattern)
    if needles is None:
        return
    # Text holding one alternative's words (in any case) passes the needle test, so the regex
    # decides; text without any of them the regex could never match.
    for needle in needles:
        text = noise + needle.upper() + noise
        bounce = _with_body(text)
        assert bounce.head_search(pattern, len(text)) == bool(pattern.search(text))
    stripped = noise[cut:]
    bounce = _with_body(stripped)
    assert bounce.head_search(pattern, len(stripped)) == bool(pattern.search(stripped))


def test_gates_agree_with_their_regex_on_the_corpus(corpus: Path) -> None:
    checked = 0
    for path in sorted((corpus / "eml").glob("*.eml"))[::3]:
        for a in analyse_path(path):
            if a.root is None:
                continue
            for pattern in _GATES:
                for window in (600, 3000):
                    bounce = Bounce(a.root)
                    assert bounce.head_search(pattern, window) == bool(pattern.search(bounce.body_text[:window]))
                    checked += 1
    assert checked > 1000
