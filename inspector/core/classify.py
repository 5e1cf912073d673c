"""Classification of one recipient: severity, reason, hard and advice.

The reason is decided from the evidence in this order, strongest first:

1. a provider's own reply (``providers.toml``: a text fragment of the provider's reply together with
   a code the provider uses it with), because providers reuse codes with their own meaning;
2. the phrase rules of ``resources/reference/reason_patterns.toml`` over the diagnostic text, then
   what a refusal at the SMTP stage named in the text means (connection: blocked; MAIL FROM:
   rejected), since the text outranks a vague or misused code;
3. the enhanced status code's reason in the reference (unless it is a vague ``X.0.0``);
4. the file's *weak* phrase rules (broad words such as "policy" or "access denied");
5. the basic reply code's reason, then the action alone (``delayed`` without any detail: expired).

``hard`` and ``advice`` come from the reference tables (:mod:`inspector.reference.tables`): the
matched provider entry's advice, else the reason's. Nothing here holds a second copy of them.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from inspector.core.model import RecipientResult, Severity
from inspector.reference.tables import ENHANCED_RE, Entry, Reference, load_reference, normalize_code
from inspector.resources import resource_path

_ACTION_SEVERITY: dict[str, Severity] = {
    "failed": "permanent",
    "delayed": "transient",
    "delivered": "success",
    "relayed": "success",
    "expanded": "success",
}
_CLASS_SEVERITY: dict[str, Severity] = {"2": "success", "4": "transient", "5": "permanent"}
# Reasons that are not failures: a feedback report or an auto-reply has no class.
_NO_CLASS_REASONS = frozenset({"feedback", "vacation"})


def severity_of(rec: RecipientResult) -> Severity:
    """From the enhanced status class, else the reply code's first digit, else the DSN action."""
    for code in (rec.status, rec.reply_code):
        if code and code[:1] in _CLASS_SEVERITY:
            return _CLASS_SEVERITY[code[:1]]
    if rec.action:
        return _ACTION_SEVERITY.get(rec.action.split()[0].lower(), "unknown")
    return "unknown"


@dataclass(frozen=True, slots=True)
class _Rule:
    reason: str
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class _Stage:
    reason: str | None
    keep: frozenset[str]
    rewrite: dict[str, str]


@dataclass(frozen=True, slots=True)
class ReasonRules:
    """The phrase rules of ``reason_patterns.toml``, compiled."""

    rules: tuple[_Rule, ...]
    weak: tuple[_Rule, ...]
    stages: dict[str, _Stage]

    def match(self, text: str, *, weak: bool = False) -> str | None:
        for rule in self.weak if weak else self.rules:
            if rule.pattern.search(text):
                return rule.reason
        return None


@lru_cache(maxsize=1)
def reason_rules() -> ReasonRules:
    """Load and compile ``resources/reference/reason_patterns.toml`` once."""
    with open(resource_path("reference", "reason_patterns.toml"), "rb") as fh:
        data = tomllib.load(fh)
    known = set(load_reference().reasons)
    rules: list[_Rule] = []
    weak: list[_Rule] = []
    for i, raw in enumerate(data.get("rule", [])):
        reason = raw["reason"]
        if reason not in known:
            raise ValueError(f"reason_patterns.toml rule {i + 1}: unknown reason {reason!r}")
        # The text is lower-cased once before matching; patterns are written in lower case.
        pattern = re.compile("|".join(f"(?:{p})" for p in raw["patterns"]))
        (weak if raw.get("weak") else rules).append(_Rule(reason, pattern))
    stages = {
        name: _Stage(v.get("reason"), frozenset(v.get("keep", ())), dict(v.get("map", {})))
        for name, v in data.get("stage", {}).items()
    }
    return ReasonRules(tuple(rules), tuple(weak), stages)


# The SMTP stage a diagnostic names: "after initial connection", "in reply to MAIL FROM command",
# "did not like our RCPT TO", ">>> DATA"...
_STAGE_RE = re.compile(
    r"(?:after|in reply to|did not like our|response to|while sending|>>>|during)\s+(?:the\s+|our\s+)?"
    r"(?P<cmd>initial connection|connection|connect|greeting|banner|helo|ehlo|mail\s+from|rcpt\s+to|"
    r"(?:end of |final )?data|message body)",
    re.I,
)
_STAGE_NAME = {"helo": "connect", "ehlo": "connect", "greeting": "connect", "banner": "connect"}


def smtp_stage(text: str) -> str | None:
    """``connect``, ``mail``, ``rcpt`` or ``data``: the last SMTP stage the text names before its
    first failing reply code (None when it names none)."""
    first_fail = re.search(r"(?<![\d.])[45]\d\d(?:[ -]|$)|(?<![\d.])[45]\.\d{1,3}\.\d{1,3}", text)
    limit = first_fail.start() if first_fail else len(text)
    stage = None
    for m in _STAGE_RE.finditer(text):
        if m.start() > limit and stage is not None:
            break
        cmd = m.group("cmd").lower()
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
        if m.start() > limit:
            break
    return stage


def _reference() -> Reference:
    return load_reference()


def provider_entry(text: str, status: str | None, reply_code: str | None) -> Entry | None:
    """The provider reply that ``text`` is, when the provider's fragment occurs in it together
    with a code the provider gives it (or the fragment carries the provider's own token)."""
    low = text.lower()
    best: tuple[int, Entry] | None = None
    for p in _reference().providers:
        hit = max((len(f) for f in p.text_fragments if f in low), default=0)
        if not hit:
            continue
        numeric = bool(ENHANCED_RE.match(p.code) or re.fullmatch(r"[2-5]\d\d|[245]\.\d+\.\d+-\d+", p.code))
        agrees = (
            not numeric
            or (status is not None and p.covers(normalize_code(status)))
            or (reply_code is not None and p.code == reply_code)
        )
        if agrees and (best is None or hit > best[0]):
            best = (hit, p)
    return best[1] if best is not None else None


def reason_from_code(code: str | None) -> str | None:
    """The reason the reference gives a code (None for codes that say nothing specific)."""
    if not code or code.endswith(".0.0"):
        return None
    entry = _reference().get(code)
    if entry is not None and entry.reason not in ("undefined", "delivered"):
        return entry.reason
    return None


_MAX_TEXT = 2000
"""Characters of a diagnostic the phrase rules read (replies are short; the rest is boilerplate)."""


@dataclass(slots=True)
class Decision:
    reason: str
    provider: Entry | None = None


def decide_reason(rec: RecipientResult) -> Decision:
    """The reason for one recipient (see the module docstring for the order of evidence)."""
    text = (rec.diagnostic or "")[:_MAX_TEXT].lower()
    severity = severity_of(rec)
    if severity == "success" or (rec.action or "").lower() in ("delivered", "relayed", "expanded"):
        return Decision("delivered")
    if text:
        provider = provider_entry(text, rec.status, rec.reply_code)
        if provider is not None:
            return Decision(provider.reason, provider)
    rules = reason_rules()
    reason = rules.match(text) if text else None
    stage = smtp_stage(text) if text else None
    if stage is not None and stage in rules.stages:
        st = rules.stages[stage]
        if st.reason is not None and reason not in st.keep:
            reason = st.reason
        elif reason in st.rewrite:
            reason = st.rewrite[reason]
    if reason is None:
        reason = reason_from_code(rec.status)
    if reason is None and text:
        reason = rules.match(text, weak=True)
    if reason is None:
        reason = reason_from_code(rec.reply_code)
    if reason is None:
        if severity == "transient" or (rec.action or "").lower() == "delayed":
            reason = "expired" if not (rec.status or rec.reply_code) else "undefined"
        else:
            reason = "undefined" if (rec.status or rec.reply_code) else "onhold"
    return Decision(reason)


def classify(rec: RecipientResult) -> None:
    """Fill ``severity``, ``reason``, ``hard`` and ``advice`` of one recipient."""
    if rec.reason in _NO_CLASS_REASONS:
        # Set by the recogniser of a feedback report or an auto-reply: not a failure.
        rec.severity = "unknown"
        decision = Decision(rec.reason)
    else:
        preset = rec.reason
        rec.severity = severity_of(rec)
        decision = decide_reason(rec)
        if preset:
            # The recogniser knows what this layout means (a mailing list refusing a post...).
            decision = Decision(preset)
        rec.reason = decision.reason
    entry = _reference().reason(decision.reason)
    rec.hard = entry.hard
    rec.advice = decision.provider.advice if decision.provider is not None else entry.advice
