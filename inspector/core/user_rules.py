"""The user's own rules (``rules.toml``): a code and/or a fragment of the reply, optionally for one
recipient domain or mail-server family, mapped to a reason, hard, side and advice.

Rules are applied after the built-in classification and override it: a matching rule sets the
reason (and hard, side, advice where given, else the reason's own), confidence ``high``, and puts
``Evidence(kind="user")`` first among the recipient's evidence. The first matching rule in the file
wins. A rule with a mistake is left out with a message naming its line; a file that is not TOML
gives no rules and one message; neither ever stops an analysis. The format is in docs/reference.md.

Which file: ``rules.toml`` in the user config folder (:func:`inspector.resources.user_config_dir`),
or the one given to :func:`use_rules_file` (``--rules FILE``, the window's ``--config-dir``). The file
is read again when its size or modification time changes.
"""

from __future__ import annotations

import os
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from inspector.core.model import Evidence, Reading, RecipientResult, Side
from inspector.reference.tables import code_covers, load_reference
from inspector.resources import user_config_dir

RULES_FILE = "rules.toml"
_KEYS = ("id", "text", "code", "domain", "mta", "reason", "hard", "side", "advice")
_SIDES: tuple[Side, ...] = ("recipient", "sender", "network", "unknown")
_ENHANCED_RE = re.compile(r"^[245X]\.\d{1,3}\.\d{1,3}$", re.I)
_RANGE_RE = re.compile(r"^[245]\.\d{1,3}\.\d{1,3}-\d{1,3}$")
_BASIC_RE = re.compile(r"^[245]\d\d$")
_RULE_HEADER_RE = re.compile(r"^[ \t]*\[\[[ \t]*rule[ \t]*\]\]", re.M)


@dataclass(frozen=True, slots=True)
class UserRule:
    id: str
    line: int
    reason: str
    text: str | None = None
    code: str | None = None
    domain: str | None = None
    mta: str | None = None
    hard: bool | None = None
    side: Side | None = None
    advice: str | None = None


@dataclass(slots=True)
class UserRules:
    path: str | None = None
    rules: list[UserRule] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    """One message per rule left out (or for the whole file), each naming the file and line."""


EMPTY = UserRules()


def parse_rules(text: str, source: str = RULES_FILE) -> UserRules:
    """Rules from TOML text. Never raises: problems become :attr:`UserRules.errors`."""
    import tomllib  # about 3 ms, paid only when a rules file exists (the window imports this module)

    out = UserRules(path=source)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        out.errors.append(f"{source}: not valid TOML, so no rule is used: {exc}")
        return out
    except RecursionError:  # tomllib reads nested arrays and tables by recursion (found by fuzzing)
        out.errors.append(f"{source}: arrays or tables nested too deeply, so no rule is used")
        return out
    unknown_tables = [k for k in data if k != "rule"]
    if unknown_tables:
        out.errors.append(f"{source}: unknown table(s) {', '.join(map(repr, unknown_tables))}; rules are [[rule]]")
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list):
        out.errors.append(f"{source}: 'rule' must be written [[rule]] (an array of tables)")
        return out
    lines = _header_lines(text)
    reasons = _reason_names()
    for n, raw in enumerate(raw_rules, start=1):
        line = lines[n - 1] if n - 1 < len(lines) else 0
        rule, problems = _rule(raw, n, line, reasons)
        where = f"{source}, line {line} (rule {n})" if line else f"{source} (rule {n})"
        if problems:
            out.errors.append(f"{where}: {'; '.join(problems)}; this rule is not used")
        elif rule is not None:
            out.rules.append(rule)
    return out


def _header_lines(text: str) -> list[int]:
    """The line number of each ``[[rule]]``, counted on from the one before (counting from the top
    for each was quadratic in a file of thousands of rules)."""
    lines: list[int] = []
    line, pos = 1, 0
    for m in _RULE_HEADER_RE.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        lines.append(line)
    return lines


def _reason_names() -> dict[str, Any]:
    return dict(load_reference().reasons)


def _rule(raw: Any, n: int, line: int, reasons: dict[str, Any]) -> tuple[UserRule | None, list[str]]:
    if not isinstance(raw, dict):
        return None, ["a rule must be a table"]
    problems: list[str] = []
    for key in raw:
        if key not in _KEYS:
            problems.append(f"unknown key {key!r} (known: {', '.join(_KEYS)})")
    strings: dict[str, str | None] = {}
    for key in ("id", "text", "code", "domain", "mta", "reason", "side", "advice"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, str) or not value.strip()):
            problems.append(f"{key} must be a non-empty string")
            value = None
        strings[key] = value.strip() if isinstance(value, str) else None
    if strings["text"] is None and strings["code"] is None:
        problems.append("give text, code or both")
    code = strings["code"]
    if code is not None and not (
        _ENHANCED_RE.match(code) or _RANGE_RE.match(code) or _BASIC_RE.match(code) or re.fullmatch(r"[\w.-]+", code)
    ):
        problems.append(f"code {code!r} is not an enhanced (5.1.1), basic (550) or provider code (TSS04)")
    reason = strings["reason"]
    if reason is None:
        problems.append("reason is missing")
    elif reason not in reasons:
        problems.append(f"unknown reason {reason!r} (one of: {', '.join(sorted(reasons))})")
    side = strings["side"]
    if side is not None and side not in _SIDES:
        problems.append(f"side must be one of {', '.join(_SIDES)}, not {side!r}")
    hard = raw.get("hard")
    if hard is not None and not isinstance(hard, bool):
        problems.append("hard must be true or false (no quotes)")
    if problems or reason is None:
        return None, problems
    rule_id = strings["id"] or (f"line {line}" if line else f"rule {n}")
    return (
        UserRule(
            id=rule_id,
            line=line,
            reason=reason,
            text=strings["text"],
            code=code.upper() if code and _ENHANCED_RE.match(code) else code,
            domain=strings["domain"].lower().lstrip("@") if strings["domain"] else None,
            mta=strings["mta"],
            hard=hard,
            side=side,  # type: ignore[arg-type]  # checked against _SIDES above
            advice=strings["advice"],
        ),
        [],
    )


def load_rules(path: str | os.PathLike[str]) -> UserRules:
    """Rules from a file; a missing file gives no rules and no error, an unreadable one an error."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as fh:
            data = fh.read(1 << 20)
    except FileNotFoundError:
        return UserRules(path=name)
    except OSError as exc:
        return UserRules(path=name, errors=[f"{name}: cannot be read ({exc.strerror or exc}); no rule is used"])
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return UserRules(path=name, errors=[f"{name}: is not UTF-8 text; no rule is used"])
    return parse_rules(text, name)


# -- the rules in use -------------------------------------------------------------------------------

_lock = threading.Lock()
_override: Path | None = None
_cache: tuple[tuple[str, int, int], UserRules] | None = None


_default: tuple[str | None, Path] | None = None


def default_rules_path() -> Path:
    """``rules.toml`` in the user config folder (worked out once per value of BOUNCE_INSPECTOR_HOME:
    every analysis asks)."""
    global _default
    home = os.environ.get("BOUNCE_INSPECTOR_HOME")
    cached = _default
    if cached is not None and cached[0] == home:
        return cached[1]
    path = user_config_dir() / RULES_FILE
    _default = (home, path)
    return path


def rules_path() -> Path:
    """The file whose rules analyses use."""
    return _override or default_rules_path()


def use_rules_file(path: str | os.PathLike[str] | None) -> UserRules:
    """Use ``path`` from now on (None: back to the user config folder's); returns its rules."""
    global _override, _cache, _checked
    with _lock:
        _override = Path(path) if path is not None else None
        _cache = None
        _checked = None
    return active_rules()


_RECHECK_S = 1.0
"""How often the rules file is looked at again for changes (a batch analyses thousands of messages
a second; an edit saved outside the app is picked up within this time)."""
_checked: tuple[Path, float, UserRules] | None = None


def active_rules() -> UserRules:
    """The rules in use, read again when the file changed (looked at no more than once a second)."""
    global _cache, _checked
    path = rules_path()
    now = time.monotonic()
    checked = _checked
    if checked is not None and checked[0] == path and now - checked[1] < _RECHECK_S:
        return checked[2]
    try:
        st = os.stat(path)
    except OSError:
        rules = EMPTY if not path.exists() else load_rules(path)
        _checked = (path, now, rules)
        return rules
    key = (str(path), st.st_size, st.st_mtime_ns)
    cached = _cache
    if cached is not None and cached[0] == key:
        _checked = (path, now, cached[1])
        return cached[1]
    rules = load_rules(path)
    with _lock:
        _cache = (key, rules)
    _checked = (path, now, rules)
    return rules


# -- applying ------------------------------------------------------------------------------------------


def apply_user_rules(a: Reading, rules: UserRules | None = None) -> None:
    """Override each recipient's verdict with the first user rule that matches it."""
    if not a.recipients:
        return
    rules = active_rules() if rules is None else rules
    if not rules.rules:
        return
    for r in a.recipients:
        text = r.diagnostic or (a.text if len(a.recipients) == 1 else None) or ""
        for rule in rules.rules:
            words = _match(rule, r, text, a.mta)
            if words is not None:
                _apply(rule, r, words, rules.path)
                break


def _match(rule: UserRule, r: RecipientResult, text: str, mta: str | None) -> str | None:
    """The matched words, or None when ``rule`` does not fit ``r``."""
    if rule.mta is not None and (mta or "").lower() != rule.mta.lower():
        return None
    if rule.domain is not None:
        domain = (r.recipient or "").rsplit("@", 1)[-1].lower().rstrip(">")
        if not (domain == rule.domain or domain.endswith("." + rule.domain)):
            return None
    found: list[str] = []
    if rule.text is not None:
        at = text.lower().find(rule.text.lower())
        if at < 0:
            return None
        found.append(text[at : at + len(rule.text)])
    if rule.code is not None:
        code = _code_in(rule.code, r, text)
        if code is None:
            return None
        found.append(code)
    return " ".join(found)


def _code_in(code: str, r: RecipientResult, text: str) -> str | None:
    if _ENHANCED_RE.match(code) or _RANGE_RE.match(code):
        return r.status if r.status and code_covers(code, r.status) else None
    if _BASIC_RE.match(code):
        return r.reply_code if r.reply_code == code else None
    m = re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", text, re.I)
    return m.group(0) if m else None


def _apply(rule: UserRule, r: RecipientResult, words: str, path: str | None) -> None:
    reason = load_reference().reasons[rule.reason]
    r.reason = rule.reason
    r.hard = rule.hard if rule.hard is not None else reason.hard
    r.side = rule.side or reason.side
    r.advice = rule.advice or reason.advice
    r.confidence = "high"
    r.evidence = [Evidence(kind="user", id=rule.id, source=path, text=words)] + [
        e for e in r.evidence if e.kind != "user"
    ]
