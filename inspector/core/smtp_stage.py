"""The SMTP stage a diagnostic names: where in the SMTP conversation the refusal came.

The classifier reads what a refusal means from the stage (a "user unknown" answered to DATA is the
recipient filtering this message), and the DSN reader uses it to tell a remote server's reply from
the reporting server's own wording.
"""

from __future__ import annotations

import re

from inspector.core.patterns.literals import may_match, needles_of

# The SMTP stage a diagnostic names: "after initial connection", "in reply to MAIL FROM command",
# "did not like our RCPT TO", ">>> DATA", "SMTP command: DATA", Exim's "after pipelined RCPT TO",
# "after RCPT command" (GMX and others), and the command Yahoo puts after the reply: "[RCPT_TO]".
_STAGE_RE = re.compile(
    r"(?:after|in reply to|did not like our|response to|while sending|>>>|during|smtp command:?)\s+"
    r"(?:the\s+|our\s+)?(?:pipelined\s+)?"
    r"(?P<cmd>initial connection|connection|connect|greeting|banner|helo|ehlo|mail\s+from|rcpt(?:\s+to)?\b|"
    r"(?:end of |final )?data|message body)"
    r"|\[(?P<mark>rcpt_to|mail_from|data|body)\]",
)  # matched against lower-cased text: a case-insensitive search costs three times as much
_STAGE_NEEDLES: list[tuple[tuple[str, ...], ...] | None] = []
"""Words one of which a text must hold for :data:`_STAGE_RE` to match in it (most replies hold
none), read on first use (not at start-up)."""
_STAGE_NAME = {"helo": "connect", "ehlo": "connect", "greeting": "connect", "banner": "connect"}
# A failing basic or enhanced code not preceded by a digit or dot (checked after the first digit,
# so that the search can skip to the next 4 or 5).
_FIRST_FAIL_RE = re.compile(r"[45](?<![\d.][45])(?:\d\d(?:[ -]|$)|\.\d{1,3}\.\d{1,3})")


def smtp_stage(text: str) -> str | None:
    """``connect``, ``mail``, ``rcpt`` or ``data``: the last SMTP stage the text names before its
    first failing reply code (None when it names none)."""
    return stage_and_words(text)[0]


def stage_and_words(text: str) -> tuple[str | None, str | None]:
    """:func:`smtp_stage` and the words that named it ("in reply to rcpt to", "[rcpt_to]")."""
    text = text.lower()
    if not _STAGE_NEEDLES:
        _STAGE_NEEDLES.append(needles_of(_STAGE_RE))
    if not may_match(_STAGE_NEEDLES[0], text if text.isascii() else None):
        return None, None
    first_fail = _FIRST_FAIL_RE.search(text)
    limit = first_fail.start() if first_fail else len(text)
    stage = None
    words = None
    for m in _STAGE_RE.finditer(text):
        if m.start() > limit and stage is not None:
            break
        cmd = m.group("cmd") or m.group("mark").replace("_", " ")
        word = cmd.split()[0]
        if "connect" in cmd:
            stage = "connect"
        elif word in _STAGE_NAME:
            stage = _STAGE_NAME[word]
        elif word == "mail":
            stage = "mail"
        elif word == "rcpt":
            stage = "rcpt"
        else:
            stage = "data"
        words = m.group(0)
        if m.start() > limit:
            break
    return stage, words
