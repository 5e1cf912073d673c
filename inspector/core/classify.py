"""Classification of one recipient: severity, reason, hard, side, retry, advice, confidence and
the evidence that decided.

This docstring is the one place the order is written down; ``_decide`` follows it step by step and
records each step that decided (or changed) the reason as :class:`~inspector.core.model.Evidence`.
Each reason's definition (the SMTP stage, the codes, the wording it covers; ``reasons.toml``) is
what the rules and code tables below implement; every rule names its source.

The reason is decided from the evidence in this order, strongest first:

1. a provider's own reply (``providers.toml``: a text fragment of the provider's reply together with
   a code the provider uses it with), because providers reuse codes with their own meaning;
2. the phrase rules of ``resources/reference/reason_patterns.toml`` over the diagnostic text, then
   what a refusal at the SMTP stage named in the text means (connection: blocked; MAIL FROM:
   rejected; DATA: a "user unknown" is the recipient filtering this message) and what a precise
   code adds (the file's ``[code."X.Y.Z"]`` tables: X.4.7 names the outcome, so it outranks a text
   naming only a network cause), since the text outranks a vague or misused code;
3. the enhanced status code's reason in the reference when its detail names a cause: not an
   ``X.Y.0`` ("other or undefined" within its subject) and not a code the file marks ``loose``
   (X.7.1, which servers send for every kind of refusal);
4. the file's *weak* phrase rules (broad words such as "policy" or "access denied");
5. the reason of an ``X.Y.0`` or loose code (never ``X.0.0``), then the basic reply code's
   reason, then the action alone (``delayed`` without any detail: expired; a transient failure
   with codes but nothing specific: onhold).

Last, a failure that is still transient reads some reasons differently (the file's ``[transient]``
map: a domain not found while the sender keeps retrying is a DNS problem, not a dead domain).

``hard``, ``side``, ``retry`` and ``advice`` come from the reference tables
(:mod:`inspector.reference.tables`): the matched provider entry's advice, else the reason's advice
for this severity (no "retry later" after a permanent failure, nothing to resend while the sending
server still retries). Nothing here holds a second copy of them.

Confidence: ``high`` when a provider reply or a strong phrase decided and no precise code says
otherwise; ``medium`` when a precise code or the SMTP stage decided without a phrase, or the
phrase and a precise code disagree (the phrase won); ``low`` when only broad words, a vague code,
the reply code or the action was left. On the shared corpus (one-recipient files) the reason is
right for about 95% of high, 94% of medium and 79% of low verdicts (``tests/bench/accuracy.py``).

Speed (start-up matters to the desktop app; the prefilter lives in :mod:`inspector.core.patterns`,
the reading of the SMTP stage in :mod:`inspector.core.smtp_stage`): nothing is compiled when the
rules load. A rule's
literal phrases are found with ``str.find`` (from the start of a word); its other patterns are
compiled on first use, and only tried when the literal text they start with occurs in the
diagnostic. Rules are tried in file order and the first that matches wins. Provider fragments are
found through a regular expression over their first characters, and only the first
:data:`_MAX_TEXT` characters of a diagnostic are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from inspector.core.codes import code_spans
from inspector.core.model import Confidence, Evidence, EvidenceKind, RecipientResult, Severity
from inspector.core.patterns import PhraseRule as _Rule
from inspector.core.patterns import RuleIndex as _RuleIndex
from inspector.core.phrases import PhraseIndex
from inspector.core.smtp_stage import smtp_stage as smtp_stage  # re-exported: tests and callers read it here
from inspector.core.smtp_stage import stage_and_words
from inspector.reference.cache import cached_toml
from inspector.reference.tables import ENHANCED_RE, Entry, Reference, code_covers, load_reference, normalize_code
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
class _CodeRule:
    code: str
    outranks: frozenset[str]
    """The code's own reason wins over these reasons read from the text."""
    rewrite: dict[str, str]
    """A reason read from the text -> the reason it is with this code ..."""
    unless_stages: frozenset[str]
    """... unless the text names one of these SMTP stages."""
    loose: bool = False
    """Servers use the code for so many causes that even a weak phrase says more."""
    vague: bool = False
    """The code says nothing of the cause: the reply code's reason is read before the code's."""


@dataclass(frozen=True, slots=True)
class _Stage:
    reason: str | None
    keep: frozenset[str]
    rewrite: dict[str, str]
    keep_codes: tuple[str, ...]
    """Status codes precise enough that the text's reason stands whatever the stage says."""


@dataclass(frozen=True, slots=True)
class ReasonRules:
    """The phrase rules of ``reason_patterns.toml``, compiled."""

    rules: tuple[_Rule, ...]
    weak: tuple[_Rule, ...]
    stages: dict[str, _Stage]
    transient: dict[str, str]
    codes: tuple[_CodeRule, ...]
    """What a precise status code changes in the reason read from the text."""
    about: tuple[tuple[str, str | None], ...] = ()
    """``(id, source)`` of each rule of :attr:`rules`, in the same order."""
    weak_about: tuple[tuple[str, str | None], ...] = ()
    """``(id, source)`` of each rule of :attr:`weak`."""
    index: _RuleIndex = field(init=False, repr=False, compare=False)
    weak_index: _RuleIndex = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index", _RuleIndex(self.rules))
        object.__setattr__(self, "weak_index", _RuleIndex(self.weak))

    def match(self, text: str, *, weak: bool = False) -> str | None:
        """The reason of the first rule (in file order) matching ``text`` (lower case)."""
        rules, index = (self.weak, self.weak_index) if weak else (self.rules, self.index)
        i = index.first_match(text)
        return rules[i].reason if i is not None else None

    def match_evidence(self, text: str, *, weak: bool = False) -> tuple[str, Evidence] | None:
        """The reason of the first rule matching ``text`` and the evidence for it: the rule's id,
        its source and the words that matched."""
        rules, index, about = (
            (self.weak, self.weak_index, self.weak_about) if weak else (self.rules, self.index, self.about)
        )
        i = index.first_match(text)
        if i is None:
            return None
        rule = rules[i]
        rid, source = about[i] if i < len(about) else (f"{'weak-' if weak else ''}rule-{i + 1}", None)
        return rule.reason, Evidence("rule", rid, source, _matched_words(rule, text))

    def first_rule(self, text: str, *, weak: bool = False) -> _Rule | None:
        """The matching rule itself (for tests and debugging); slow path, one search per rule."""
        for rule in self.weak if weak else self.rules:
            if rule.pattern.search(text):
                return rule
        return None


@lru_cache(maxsize=1)
def reason_rules() -> ReasonRules:
    """Load and compile ``resources/reference/reason_patterns.toml`` once."""
    path = resource_path("reference", "reason_patterns.toml")
    data = cached_toml("reason-patterns", path)
    known = set(load_reference().reasons)
    rules: list[_Rule] = []
    weak: list[_Rule] = []
    about: list[tuple[str, str | None]] = []
    weak_about: list[tuple[str, str | None]] = []
    for i, raw in enumerate(data.get("rule", [])):
        reason = raw["reason"]
        if reason not in known:
            raise ValueError(f"reason_patterns.toml rule {i + 1}: unknown reason {reason!r}")
        # The text is lower-cased once before matching; patterns are written in lower case. They
        # are checked when compiled (tests compile them all): (?:...) groups only.
        (weak if raw.get("weak") else rules).append(_Rule(reason, list(raw["patterns"])))
        rid = str(raw.get("id") or f"{reason}-{i + 1}")
        (weak_about if raw.get("weak") else about).append((rid, raw.get("source")))
    stages = {
        name: _Stage(
            v.get("reason"),
            frozenset(v.get("keep", ())),
            dict(v.get("map", {})),
            tuple(v.get("keep_codes", ())),
        )
        for name, v in data.get("stage", {}).items()
    }
    transient = dict(data.get("transient", {}).get("map", {}))
    for name in (*transient, *transient.values()):
        if name not in known:
            raise ValueError(f"reason_patterns.toml [transient]: unknown reason {name!r}")
    codes = tuple(
        _CodeRule(
            code,
            frozenset(v.get("outranks", ())),
            dict(v.get("map", {})),
            frozenset(v.get("unless_stage", ())),
            bool(v.get("loose", False)),
            bool(v.get("vague", False)),
        )
        for code, v in data.get("code", {}).items()
    )
    for c in codes:
        for name in (*c.outranks, *c.rewrite, *c.rewrite.values()):
            if name not in known:
                raise ValueError(f"reason_patterns.toml [code.{c.code!r}]: unknown reason {name!r}")
    return ReasonRules(tuple(rules), tuple(weak), stages, transient, codes, tuple(about), tuple(weak_about))


def _matched_words(rule: _Rule, text: str) -> str | None:
    """The words of ``text`` that ``rule`` matched (for the evidence shown to the user)."""
    m = rule.pattern.search(text)
    return m.group(0).strip() if m else None


def _reference() -> Reference:
    return load_reference()


@dataclass(frozen=True, slots=True)
class _ProviderIndex:
    fragments: PhraseIndex[tuple[int, Entry]]
    """Each fragment's length and entry."""
    numeric: frozenset[str]
    """Ids of the entries whose ``code`` is a number (it must agree with the reply's codes)."""
    rank: dict[str, int]
    """Entry id -> its place in providers.toml (the first listed wins a tie)."""


@lru_cache(maxsize=1)
def _provider_index() -> _ProviderIndex:
    providers = _reference().providers
    numeric = set()
    for p in providers:
        if ENHANCED_RE.match(p.code) or re.fullmatch(r"[2-5]\d\d|[245]\.\d+\.\d+-\d+", p.code):
            numeric.add(p.id)
    return _ProviderIndex(
        PhraseIndex((f, (len(f), p)) for p in providers for f in p.text_fragments),
        frozenset(numeric),
        {p.id: i for i, p in enumerate(providers)},
    )


def provider_entry(text: str, status: str | None, reply_code: str | None) -> Entry | None:
    """The provider reply that ``text`` is, when the provider's fragment occurs in it (from the
    start of a word) together with a code the provider gives it (or the fragment carries the
    provider's own token). The longest fragment found wins; on a tie, the first entry listed."""
    low = text.lower()
    index = _provider_index()
    status_n = normalize_code(status) if status else None
    best: tuple[int, int, Entry] | None = None
    for length, p in index.fragments.find(low):
        if p.id in index.numeric and not (
            (status_n is not None and code_covers(p.code, status_n))
            or (reply_code is not None and p.code == reply_code)
        ):
            continue
        key = (length, -index.rank[p.id])
        if best is None or key > best[:2]:
            best = (key[0], key[1], p)
    return best[2] if best is not None else None


def reason_from_code(code: str | None) -> str | None:
    """The reason the reference gives a code (None for codes that say nothing specific)."""
    if not code or code.endswith(".0.0"):
        return None
    entry = _reference().get(code)
    if entry is not None and entry.reason not in ("undefined", "delivered"):
        return entry.reason
    return None


_MAX_TEXT = 1500
"""Characters of a diagnostic the rules read (replies are short; the rest is boilerplate)."""

# Codes inside the text are taken out before the rules read it: the codes are known already, and
# a multi-line reply repeats them at the start of every line ("550-5.7.1 [...] Messages with
# multiple 550-5.7.1 addresses in From:"), which would split the phrases the rules look for.
_CODE_GAP = frozenset(" -")


def _without_codes(text: str) -> str:
    """``text`` without the codes the code finder sees in it (each with one space or dash after)."""
    out: list[str] = []
    last = 0
    for c in code_spans(text):  # where the codes are (their replies are not needed)
        if c.start < last:
            continue
        end = c.end + 1 if text[c.end : c.end + 1] in _CODE_GAP and c.end < len(text) else c.end
        out.append(text[last : c.start])
        last = end
    out.append(text[last:])
    return "".join(out)


_SPACES_RE = re.compile(r"\s+")


def prepare_text(diagnostic: str | None) -> tuple[str, str]:
    """``(low, clean)``: the lower-cased bounded text with whitespace squeezed, and the same
    without the status codes in it (what the phrase rules read)."""
    if not diagnostic:
        return "", ""
    low = _SPACES_RE.sub(" ", diagnostic[:_MAX_TEXT].lower())
    return low, _without_codes(low)


@dataclass(slots=True)
class Decision:
    reason: str
    provider: Entry | None = None
    evidence: list[Evidence] = field(default_factory=list)
    """What decided, strongest first."""
    confidence: Confidence = "medium"


def _stage_adjust(rules: ReasonRules, stage: str | None, reason: str | None, status: str | None) -> str | None:
    if stage is None or stage not in rules.stages:
        return reason
    st = rules.stages[stage]
    if status and any(code_covers(c, normalize_code(status)) for c in st.keep_codes):
        return reason
    if st.reason is not None and reason not in st.keep:
        return st.reason
    if reason is not None and reason in st.rewrite:
        return st.rewrite[reason]
    return reason


def _precise(rules: ReasonRules, status: str) -> bool:
    """A code whose detail names a cause (not X.Y.0, not a code the file marks ``loose``)."""
    if status.endswith(".0"):
        return False
    return not any(c.loose and code_covers(c.code, status) for c in rules.codes)


def decide_reason(rec: RecipientResult) -> Decision:
    """The reason for one recipient (see the module docstring for the order of evidence)."""
    low, text = prepare_text(rec.diagnostic)
    severity = severity_of(rec)
    action = (rec.action or "").lower()
    if severity == "success" or action in ("delivered", "relayed", "expanded"):
        return Decision(
            "delivered", evidence=[_code_evidence(rec) or Evidence("action", action or "delivered")], confidence="high"
        )
    rules = reason_rules()
    decision = _decide(rec, low, text, severity, action, rules)
    if severity == "transient" and decision.provider is None and decision.reason in rules.transient:
        reason = rules.transient[decision.reason]
        decision.evidence.append(
            Evidence("action", "transient", None, f"still retried: {decision.reason} read as {reason}")
        )
        decision.reason = reason
    return decision


def _entry_evidence(kind: EvidenceKind, code: str, shown: str) -> Evidence:
    """A code as evidence: its reference entry's RFC and title (``shown``: the code as quoted)."""
    entry = _reference().get(code)
    return Evidence(kind, shown, entry.rfc if entry else None, entry.title if entry else None)


def _code_evidence(rec: RecipientResult) -> Evidence | None:
    if rec.status:
        return _entry_evidence("status", rec.status, rec.status)
    if rec.reply_code:
        return _entry_evidence("reply", rec.reply_code, rec.reply_code)
    return None


def _status_evidence(status: str) -> Evidence:
    return _entry_evidence("status", status, normalize_code(status))


def _provider_words(entry: Entry, text: str) -> str | None:
    return next((f for f in entry.text_fragments if f in text), None)


def _decide(rec: RecipientResult, low: str, text: str, severity: Severity, action: str, rules: ReasonRules) -> Decision:
    evidence: list[Evidence] = []
    if low:
        # Fragments are looked for with and without the codes in the text (a fragment may hold a
        # code; a multi-line reply repeats its codes in the middle of a phrase).
        both = f"{text}\n{low}"
        provider = provider_entry(both, rec.status, rec.reply_code)
        if provider is not None:
            ev = [Evidence("provider", provider.id, provider.source, _provider_words(provider, both))]
            code_ev = _code_evidence(rec)
            if code_ev is not None:
                ev.append(code_ev)
            return Decision(provider.reason, provider, ev, "high")
    found = rules.match_evidence(text) if text else None
    reason = found[0] if found else None
    text_reason = reason
    if found:
        evidence.append(found[1])
    stage, stage_words = stage_and_words(low) if low else (None, None)
    adjusted = _stage_adjust(rules, stage, reason, rec.status)
    if stage is not None and (adjusted != reason or reason is None):
        evidence.insert(0 if adjusted != reason else len(evidence), Evidence("stage", stage, "RFC 5321", stage_words))
    reason = adjusted
    status = normalize_code(rec.status) if rec.status else None
    if reason is not None and status:
        for c in rules.codes:
            if not code_covers(c.code, status):
                continue
            if reason in c.outranks:
                reason = reason_from_code(status) or reason
                evidence.insert(0, _status_evidence(status))
            elif reason in c.rewrite and stage not in c.unless_stages:
                reason = c.rewrite[reason]
                evidence.insert(0, _status_evidence(status))
    precise = status is not None and _precise(rules, status)
    if reason is None and precise:
        reason = reason_from_code(status)
        if reason is not None:
            evidence.insert(0, _status_evidence(status))  # type: ignore[arg-type]
    if reason is None and text:
        found = rules.match_evidence(text, weak=True)
        if found:
            reason = found[0]
            evidence.append(found[1])
    vague = status is not None and any(c.vague and code_covers(c.code, status) for c in rules.codes)
    fallback = False
    if reason is None and not precise and not vague:
        reason = reason_from_code(status)
        if reason is not None:
            evidence.append(_status_evidence(status))  # type: ignore[arg-type]
            fallback = True
    if reason is None:
        reason = reason_from_code(rec.reply_code)
        if reason is not None:
            evidence.append(_entry_evidence("reply", rec.reply_code, rec.reply_code))  # type: ignore[arg-type]
            fallback = True
    if reason is None and vague:
        reason = reason_from_code(status)
        if reason is not None:
            evidence.append(_status_evidence(status))  # type: ignore[arg-type]
            fallback = True
    if reason is None:
        if severity == "transient" or action == "delayed":
            reason = "expired" if not (rec.status or rec.reply_code) else "onhold"
        else:
            reason = "undefined" if (rec.status or rec.reply_code) else "onhold"
        evidence.append(Evidence("action", action or severity, "RFC 3464" if action else None, "nothing more specific"))
        return Decision(reason, None, evidence, "low")
    return Decision(reason, None, evidence, _confidence(reason, text_reason, status, precise, fallback, rules))


def _confidence(
    reason: str, text_reason: str | None, status: str | None, precise: bool, fallback: bool, rules: ReasonRules
) -> Confidence:
    """``high``: a strong phrase decided and no precise code says otherwise; ``medium``: the text
    and a precise code disagree (the text won), or a precise code or the SMTP stage decided without
    a phrase; ``low``: only broad words, a vague code, the reply code or the action was left."""
    if fallback:
        return "low"
    if text_reason is None:
        return "medium" if precise or reason != text_reason and _decided_by_stage(reason, rules) else "low"
    code_reason = reason_from_code(status) if precise else None
    return "high" if code_reason is None or code_reason == reason else "medium"


def _decided_by_stage(reason: str, rules: ReasonRules) -> bool:
    return any(st.reason == reason for st in rules.stages.values())


def classify(rec: RecipientResult) -> None:
    """Fill ``severity``, ``reason``, ``hard``, ``side``, ``advice``, ``confidence`` and
    ``evidence`` of one recipient."""
    if rec.reason in _NO_CLASS_REASONS:
        # Set by the recogniser of a feedback report or an auto-reply: not a failure.
        rec.severity = "unknown"
        decision = Decision(rec.reason, evidence=[Evidence("layout", rec.reason)], confidence="high")
    else:
        preset = rec.reason
        rec.severity = severity_of(rec)
        # The recogniser knows what this layout means (a mailing list refusing a post...).
        if preset:
            decision = Decision(preset, evidence=[Evidence("layout", preset, None, None)], confidence="high")
            code_ev = _code_evidence(rec)
            if code_ev is not None:
                decision.evidence.append(code_ev)
        else:
            decision = decide_reason(rec)
        rec.reason = decision.reason
    entry = _reference().reason(decision.reason)
    rec.hard = entry.hard
    rec.side = entry.side
    rec.retry = entry.retry_for(rec.severity)
    rec.advice = decision.provider.advice if decision.provider is not None else entry.advice_for(rec.severity)
    rec.confidence = decision.confidence
    rec.evidence = decision.evidence
