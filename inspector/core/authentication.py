"""SPF, DKIM and DMARC as a bounce tells them, and the one thing to fix. Offline: no DNS look-ups.

Read, weakest first (a later source overrides an earlier one for the same check):

1. the returned message's ``DKIM-Signature`` (d= and s=: who signed, not whether it verified),
2. its ``Received-SPF``, then ``ARC-Authentication-Results``, then ``Authentication-Results``
   (the first header that names a check wins; a header copy inside the bounce text counts when
   the returned message is not a MIME part),
3. the refusal's status code and wording (``resources/reference/authentication.toml``: "5.7.23",
   "Unauthenticated email ... DMARC policy"),
4. explicit verdicts in the refusal (``spf=fail dkim=pass``, Gmail's ``DKIM = did not pass``).

Alignment is DMARC's relaxed rule, by :func:`inspector.core.addresses.organisational_domain`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from inspector.core.addresses import domain_of, organisational_domain
from inspector.core.headers import all_headers, first_header
from inspector.core.patterns.literals import ascii_lower, may_match, needles_of
from inspector.reference.cache import cached_toml
from inspector.resources import resource_path

if TYPE_CHECKING:
    from inspector.core.model import Reading

AuthResult = Literal["pass", "fail", "softfail", "neutral", "none", "temperror", "permerror", "policy"]


@dataclass(slots=True)
class AuthCheck:
    """What the bounce says about one check (SPF, DKIM or DMARC).

    ``result`` is ``none`` when the bounce says nothing; ``domain`` the domain checked (SPF: the
    envelope sender's, DKIM: the signature's d=, DMARC: the From domain); ``aligned`` whether that
    domain matches the From domain (relaxed: same organisational domain; for DMARC: whether an
    aligned SPF or DKIM pass was seen), None when unknown; ``source`` where it was read."""

    result: AuthResult = "none"
    domain: str | None = None
    aligned: bool | None = None
    source: str | None = None
    selector: str | None = None
    """DKIM only: the signature's s=."""


@dataclass(slots=True)
class Authentication:
    """SPF, DKIM and DMARC as far as the bounce tells, and the one thing to fix (offline: no DNS)."""

    spf: AuthCheck = field(default_factory=AuthCheck)
    dkim: AuthCheck = field(default_factory=AuthCheck)
    dmarc: AuthCheck = field(default_factory=AuthCheck)
    from_domain: str | None = None
    """The From domain of the returned message (else of the sender the bounce names)."""
    relevant: bool = False
    """True when a recipient's refusal is about authentication (5.7.x policy codes or wording)."""
    fix: str | None = None
    signals: list[str] = field(default_factory=list)
    """Ids of the wording/code signals (resources/reference/authentication.toml) that matched."""


_RESULTS: dict[str, AuthResult] = {
    "pass": "pass",
    "passed": "pass",
    "fail": "fail",
    "failed": "fail",
    "hardfail": "fail",
    "did not pass": "fail",
    "softfail": "softfail",
    "neutral": "neutral",
    "none": "none",
    "temperror": "temperror",
    "permerror": "permerror",
    "error": "temperror",
    "policy": "policy",
}
_COMMENT_RE = re.compile(r"\([^()]*\)")
_METHOD_RE = re.compile(r"^\s*(spf|dkim|dmarc)\s*=\s*([A-Za-z]+)(.*)$", re.I | re.S)
_PROP_RE = re.compile(r"\b([a-z]+\.[a-z-]+)\s*=\s*\"?([^\s;\"]+)", re.I)
_TAG_RE = re.compile(r"(?:^|;)\s*([a-z]+)\s*=\s*([^;]*)", re.I)
# Read from a refusal's own words (public: the patterns' word tests are checked against them).
EXPLICIT_RESULT_RE = re.compile(
    r"\b(?P<m>spf|dkim|dmarc)\b(?:\s*\[(?P<d>[^\]\s]+)\])?(?:\s+with\s+ip:?\s*\[[^\]]*\])?"
    r"\s*(?:=|:|\bresult\s*[:=]?)\s*\"?(?P<r>did not pass|passed|pass|failed|fail|hardfail|softfail|neutral|"
    r"none|temperror|permerror)\b",
    re.I,
)
_INLINE_RE = re.compile(
    r"(?im)^(Authentication-Results|ARC-Authentication-Results|Received-SPF|DKIM-Signature|From)[ \t]*:"
    r"(.*(?:\n[ \t]+.*)*)"
)
_ENVELOPE_RE = re.compile(r"\benvelope-from=\"?<?([^\s;\">]+)", re.I)
_DOMAIN_OF_RE = re.compile(r"\bdomain of\s+(?:transitioning\s+)?([^\s()]+)", re.I)
MAIL_FROM_DOMAIN_RE = re.compile(r"\bMAIL FROM domain \[([^\]\s]+)\]", re.I)
_RELEVANT_RE = re.compile(r"\b(?:spf|dkim|dmarc)\b", re.I)


@dataclass(frozen=True, slots=True)
class Signal:
    id: str
    status: tuple[str, ...]
    pattern: re.Pattern[str] | None
    results: dict[str, AuthResult]
    fix: str | None
    needles: tuple[tuple[str, ...], ...] | None = None
    """Words the pattern's matches hold (:func:`~inspector.core.patterns.literals.needles_of`),
    looked for before the pattern is run."""


@dataclass(frozen=True, slots=True)
class Table:
    signals: tuple[Signal, ...]
    fixes: dict[str, str]
    gate: tuple[str, ...] | None = None
    """Words of which a text holds one whenever some signal's pattern may match it (each pattern's
    first group of needles, together): a text with none of them is not run through the patterns.
    None when a pattern has no needles."""
    statuses: frozenset[str] = frozenset()
    """Every status code some signal names."""


@lru_cache(maxsize=1)
def table() -> Table:
    """resources/reference/authentication.toml, validated."""
    data = cached_toml("authentication", resource_path("reference", "authentication.toml"))
    signals = []
    for raw in data.get("signal", []):
        results: dict[str, AuthResult] = {}
        for method in ("spf", "dkim", "dmarc"):
            if method in raw:
                results[method] = _RESULTS[str(raw[method]).lower()]
        pattern = re.compile(raw["pattern"], re.I) if raw.get("pattern") else None
        needles = needles_of(pattern) if pattern is not None else None
        signals.append(Signal(str(raw["id"]), tuple(raw.get("status", [])), pattern, results, raw.get("fix"), needles))
    patterned = [s for s in signals if s.pattern is not None]
    gate = None
    if all(s.needles for s in patterned):
        gate = tuple(sorted({w for s in patterned if s.needles for w in s.needles[0]}))
    statuses = frozenset(code for s in signals for code in s.status)
    return Table(tuple(signals), {str(k): str(v) for k, v in data.get("fix", {}).items()}, gate, statuses)


@lru_cache(maxsize=1)
def _needles() -> tuple[tuple[tuple[str, ...], ...] | None, tuple[tuple[str, ...], ...] | None]:
    """The words the MAIL FROM domain and explicit-verdict patterns need."""
    return needles_of(MAIL_FROM_DOMAIN_RE), needles_of(EXPLICIT_RESULT_RE)


def _result(word: str) -> AuthResult:
    return _RESULTS.get(word.strip().lower(), "none")


def _domain(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().strip("<>\"'()").rstrip(";,.)")
    if "@" in value:
        return domain_of(value) or value.rsplit("@", 1)[1].lower() or None
    return value.lower() or None


def _aligned(domain: str | None, from_domain: str | None) -> bool | None:
    if not domain or not from_domain:
        return None
    return organisational_domain(domain) == organisational_domain(from_domain)


def _returned_headers(a: Reading) -> Sequence[tuple[str, str]]:
    """The returned message's headers (a MIME part), else header lines copied into the bounce text."""
    root = a.root
    if root is None:
        return []
    part = a.returned_part()
    if part is not None and part.message_headers:
        return part.message_headers  # read through first_header/all_headers: decoded only when looked at
    out: list[tuple[str, str]] = []
    for p in root.walk():
        if p is root or not p.text or p.dsn is not None:
            continue
        for m in _INLINE_RE.finditer(p.text):
            out.append((m.group(1), re.sub(r"\s*\n[ \t]+", " ", m.group(2)).strip()))
    return out


def _authentication_results(value: str) -> list[tuple[str, AuthResult, dict[str, str]]]:
    out = []
    for piece in _COMMENT_RE.sub(" ", value).split(";"):
        m = _METHOD_RE.match(piece)
        if m is None:
            continue
        props = {k.lower(): v for k, v in _PROP_RE.findall(m.group(3))}
        out.append((m.group(1).lower(), _result(m.group(2)), props))
    return out


def _from_results(checks: dict[str, AuthCheck], value: str, source: str, from_domain: str | None) -> None:
    """Fill the checks a results header names (those it does not name keep what they had)."""
    found: dict[str, list[AuthCheck]] = {}
    for method, result, props in _authentication_results(value):
        if method == "spf":
            domain = _domain(props.get("smtp.mailfrom") or props.get("smtp.mfrom") or props.get("smtp.helo"))
            found.setdefault(method, []).append(AuthCheck(result, domain, source=source))
        elif method == "dkim":
            domain = _domain(props.get("header.d") or props.get("header.i"))
            found.setdefault(method, []).append(
                AuthCheck(result, domain, source=source, selector=props.get("header.s"))
            )
        else:
            domain = _domain(props.get("header.from")) or from_domain
            found.setdefault(method, []).append(AuthCheck(result, domain, source=source))
    for method, candidates in found.items():

        def rank(c: AuthCheck) -> int:
            return (c.result == "pass") * 2 + bool(_aligned(c.domain, from_domain))

        best = max(candidates, key=rank)
        if method == "dkim" and best.domain is None and checks["dkim"].domain:
            best.domain, best.selector = checks["dkim"].domain, checks["dkim"].selector
        checks[method] = best


def authentication_of(a: Reading) -> Authentication:
    """What the analysed bounce says about SPF, DKIM and DMARC. Never raises on odd input."""
    headers = _returned_headers(a)
    from_domain = domain_of(first_header(headers, "From"))
    if from_domain is None and a.original is not None:
        from_domain = domain_of(a.original.sender)
    checks = {"spf": AuthCheck(), "dkim": AuthCheck(), "dmarc": AuthCheck()}

    signature = first_header(headers, "DKIM-Signature")
    if signature:
        tags = {k.lower(): v.strip() for k, v in _TAG_RE.findall(signature)}
        checks["dkim"] = AuthCheck("none", _domain(tags.get("d")), source="DKIM-Signature", selector=tags.get("s"))
    spf_header = first_header(headers, "Received-SPF")
    if spf_header:
        word = spf_header.split(None, 1)[0] if spf_header.split() else ""
        m = _ENVELOPE_RE.search(spf_header) or _DOMAIN_OF_RE.search(spf_header)
        domain = _domain(m.group(1) if m else None)
        checks["spf"] = AuthCheck(_result(word), domain, source="Received-SPF")
    for name in ("ARC-Authentication-Results", "Authentication-Results"):
        if first_header(headers, name) is None:  # a look-up in the names' index, not a pass over all headers
            continue
        for value in reversed(all_headers(headers, name)):
            _from_results(checks, value, name, from_domain)

    # The refusal itself: status codes and wording, then explicit verdicts.
    diagnostics = [(r.status or "", r.diagnostic or "") for r in a.recipients]
    if a.text and not a.recipients:
        diagnostics.append(("", a.text))
    lowered = [ascii_lower(text) for _status, text in diagnostics]  # for the patterns' word tests
    signals: list[Signal] = []
    known = table()
    for (status, text), low in zip(diagnostics, lowered, strict=True):
        # Most refusals hold none of the words any pattern needs, nor a code a signal names.
        worded = bool(text) and (low is None or known.gate is None or any(map(low.__contains__, known.gate)))
        if not worded and status not in known.statuses:
            continue
        for s in known.signals:
            if any(s is found for found in signals):
                continue
            if (status and status in s.status) or (
                worded and s.pattern is not None and may_match(s.needles, low) and s.pattern.search(text)
            ):
                signals.append(s)
    mail_from_needles, explicit_needles = _needles()
    for (_status, text), low in zip(diagnostics, lowered, strict=True):  # "The MAIL FROM domain [example.com] ..."
        m = MAIL_FROM_DOMAIN_RE.search(text) if may_match(mail_from_needles, low) else None
        if m is not None:
            checks["spf"].domain = _domain(m.group(1))
    explicit = False
    for s in signals:
        for method, result in s.results.items():
            checks[method] = AuthCheck(
                result, checks[method].domain, source="diagnostic", selector=checks[method].selector
            )
    for (_status, text), low in zip(diagnostics, lowered, strict=True):
        if not may_match(explicit_needles, low):
            continue
        for m in EXPLICIT_RESULT_RE.finditer(text):
            method = m.group("m").lower()
            old = checks[method]
            domain = _domain(m.group("d")) or old.domain
            checks[method] = AuthCheck(_result(m.group("r")), domain, source="diagnostic", selector=old.selector)
            explicit = True

    spf, dkim, dmarc = checks["spf"], checks["dkim"], checks["dmarc"]
    spf.aligned = _aligned(spf.domain, from_domain)
    dkim.aligned = _aligned(dkim.domain, from_domain)
    if dmarc.domain is None:
        dmarc.domain = from_domain
    aligned_pass = (spf.result == "pass" and spf.aligned) or (dkim.result == "pass" and dkim.aligned)
    if aligned_pass:
        dmarc.aligned = True
    elif spf.result != "none" or dkim.result != "none":
        dmarc.aligned = False if from_domain else None
    relevant = (
        bool(signals)
        or explicit
        or any(
            r.reason == "authfailure"
            or (r.status or "").startswith(("5.7.", "4.7."))
            and _RELEVANT_RE.search(r.diagnostic or "")
            for r in a.recipients
        )
    )
    auth = Authentication(spf, dkim, dmarc, from_domain, relevant, signals=[s.id for s in signals])
    auth.fix = _fix(auth, signals, seen_headers=bool(headers))
    return auth


def _fix(auth: Authentication, signals: list[Signal], seen_headers: bool) -> str | None:
    """The one thing to fix, or None when nothing failed and the refusal is not about authentication.
    "No DKIM signature" is only said when the returned message's headers were there to look at."""
    spf, dkim, dmarc = auth.spf, auth.dkim, auth.dmarc
    fixes = table().fixes
    own = next((s.fix for s in signals if s.fix), None)
    if own:
        return own
    failed = {spf.result, dkim.result, dmarc.result} & {"fail", "softfail", "temperror", "permerror", "policy"}
    if not auth.relevant and not failed:
        return None
    key: str | None = None
    check: AuthCheck = dmarc
    dmarc_bad = dmarc.result in ("fail", "policy") or dmarc.aligned is False
    if spf.result in ("temperror", "permerror"):
        key, check = "spf_error", spf
    elif dmarc_bad and dkim.result == "pass" and dkim.aligned is False:
        key, check = "dmarc_unaligned_dkim", dkim
    elif dmarc_bad and spf.result == "pass" and spf.aligned is False and dkim.result != "fail":
        key, check = "dmarc_unaligned_spf", spf
    elif dkim.result == "fail":
        key, check = "dkim_fail", dkim
    elif spf.result == "fail":
        key, check = "spf_fail", spf
    elif spf.result == "softfail":
        key, check = "spf_softfail", spf
    elif dmarc_bad:
        no_signature = seen_headers and dkim.domain is None and dkim.result == "none"
        key = "dkim_missing" if no_signature else "dmarc_fail"
    elif spf.result == dkim.result == dmarc.result == "pass":
        key = "all_pass"
    else:
        key = "unknown"
    return _fill(fixes.get(key, ""), auth, check) or None


def _fill(template: str, auth: Authentication, check: AuthCheck) -> str:
    values: dict[str, Any] = {
        "from": auth.from_domain or "the From domain",
        "domain": check.domain or auth.from_domain or "the sender's domain",
        "selector": check.selector or "<selector>",
    }
    return template.format(**values)
