"""Load and validate the reference tables in ``resources/reference/`` (TOML), once.

The four files are the only place a code's meaning lives:

* ``basic_codes.toml``: three-digit reply codes plus first/second digit meanings;
* ``enhanced_codes.toml``: class and subject tables and one record per registered ``X.Y.Z``,
  expanded here into one :class:`Entry` per class shown (``5.1.1``, ``4.1.1``) plus a general
  ``X.1.1`` entry;
* ``providers.toml``: what big providers and block lists send, with identifying text fragments;
* ``reasons.toml``: the bounce-reason vocabulary the classifier assigns.

:func:`load_reference` returns one cached :class:`Reference`. A malformed table raises
:class:`ReferenceDataError` (a bug in our data, not user input), listing every problem found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import astuple, dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast

from inspector.reference.cache import cached, read_toml
from inspector.resources import resource_path

Retry = Literal["yes", "no", "maybe"]
Kind = Literal["basic", "enhanced", "provider"]
RETRY_VALUES: tuple[str, ...] = ("yes", "no", "maybe")

CODE_REASONS = frozenset(
    {"delivered", "undefined", "onhold", "expired", "feedback", "vacation", "rejected", "systemerror", "hostunknown"}
)
"""Reasons the program assigns by name (the classifier's fallbacks, layouts a recogniser knows):
``reasons.toml`` must define them. The vocabulary itself is the file's tables, read nowhere else."""
_REASON_NAME_RE = re.compile(r"^[a-z]+$")
Side = Literal["recipient", "sender", "network", "unknown"]
SIDES: tuple[str, ...] = ("recipient", "sender", "network", "unknown")

BASIC_RE = re.compile(r"^[2-5]\d\d$")
ENHANCED_RE = re.compile(r"^([245X])\.(\d{1,3})\.(\d{1,3})$")
_RANGE_RE = re.compile(r"^([245])\.(\d{1,3})\.(\d{1,3})-(\d{1,3})$")


class ReferenceDataError(ValueError):
    """The reference tables are malformed (our bug): every problem found, one per line."""


@dataclass(frozen=True, slots=True)
class Reason:
    name: str
    title: str
    description: str
    hard: bool
    retry: Retry
    fix_sender_setup: bool
    advice: str
    side: Side
    """Whose problem it is: the recipient's address or mailbox, the sender's setup or content,
    the network between them (transient trouble), or unknown."""
    definition: str = ""
    """When the classifier gives this reason: the SMTP stage, the status codes, what servers say."""
    sources: tuple[str, ...] = ()
    """Where the definition comes from (RFCs, MTA sources, vendor documentation)."""
    advice_permanent: str = ""
    """The advice when the failure came as permanent, for reasons whose :attr:`advice` counts on
    retries (empty: :attr:`advice` holds for both)."""

    advice_transient: str = ""
    """The advice while the sending server still retries (empty: :attr:`advice` holds)."""

    def advice_for(self, severity: str) -> str:
        """The advice that agrees with ``severity``: no "retry later" after a permanent failure,
        nothing to resend while the sending server still retries."""
        if severity == "permanent" and self.advice_permanent:
            return self.advice_permanent
        if severity == "transient" and self.advice_transient:
            return self.advice_transient
        return self.advice

    def retry_for(self, severity: str) -> Retry:
        """Whether sending again may work, given the reason and how the failure came: never for a
        bad address; yes while the failure is transient; at best maybe once the server gave up."""
        if self.hard or severity == "success":
            return "no"
        if severity == "transient":
            return "yes"
        if severity == "permanent" and self.retry == "yes":
            return "maybe"
        return self.retry


@dataclass(frozen=True, slots=True)
class Heading:
    """A title and a plain meaning for a digit of a code (class, subject, first/second digit)."""

    title: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of the reference. Field names follow the JSON schema (``class_`` is ``class``)."""

    id: str
    code: str
    kind: Kind
    title: str
    meaning: str
    retry: Retry
    advice: str
    hard: bool
    provider: str | None
    rfc: str | None
    basic_codes: tuple[str, ...]
    text_fragments: tuple[str, ...]
    reason: str
    fix_sender_setup: bool
    class_: str | None
    """``2``/``4``/``5`` for a class-specific enhanced entry, ``X`` for the general one, the first
    digit for a basic code, ``None`` for provider entries."""
    registry_code: str | None = None
    """For a provider entry that gives a registered code its own meaning: the ``X.Y.Z`` code."""
    note: str | None = None
    source: str | None = None
    """Where the entry's wording comes from (a provider's documentation page)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "code": self.code,
            "kind": self.kind,
            "title": self.title,
            "meaning": self.meaning,
            "retry": self.retry,
            "advice": self.advice,
            "hard": self.hard,
            "provider": self.provider,
            "rfc": self.rfc,
            "basic_codes": list(self.basic_codes),
            "text_fragments": list(self.text_fragments),
            "reason": self.reason,
            "fix_sender_setup": self.fix_sender_setup,
            "class": self.class_,
            "registry_code": self.registry_code,
            "note": self.note,
            "source": self.source,
        }

    def covers(self, code: str) -> bool:
        """Whether this entry's ``code`` is ``code`` or a range/general form that includes it."""
        return code_covers(self.code, code)


def code_covers(pattern: str, code: str) -> bool:
    """``5.7.606-649`` covers ``5.7.620``; ``X.1.1`` covers ``5.1.1``; any code covers itself."""
    if pattern == code:
        return True
    m = _RANGE_RE.match(pattern)
    c = ENHANCED_RE.match(code)
    if m and c:
        return (
            m.group(1) == c.group(1)
            and int(m.group(2)) == int(c.group(2))
            and int(m.group(3)) <= int(c.group(3)) <= int(m.group(4))
        )
    p = ENHANCED_RE.match(pattern)
    if p and c and p.group(1) == "X":
        return p.group(2, 3) == c.group(2, 3)
    return False


def normalize_code(code: str) -> str:
    """``x.7.26`` -> ``X.7.26``; ``5.07.001`` -> ``5.7.1``; basic codes and tokens unchanged."""
    c = code.strip()
    m = ENHANCED_RE.match(c.upper())
    if m:
        return f"{m.group(1)}.{int(m.group(2))}.{int(m.group(3))}"
    return c


def general_form(code: str) -> str:
    """``5.1.1`` -> ``X.1.1`` (enhanced codes only; others unchanged)."""
    m = ENHANCED_RE.match(code)
    return f"X.{m.group(2)}.{m.group(3)}" if m else code


@dataclass
class Reference:
    """The loaded tables. Build with :func:`load_reference` (cached)."""

    entries: tuple[Entry, ...]
    reasons: dict[str, Reason]
    classes: dict[str, Heading]
    subjects: dict[str, Heading]
    first_digits: dict[str, str]
    second_digits: dict[str, str]
    provider_aliases: dict[str, tuple[str, ...]]
    by_id: dict[str, Entry] = field(init=False)
    _by_code: dict[str, list[Entry]] = field(init=False)
    _providers: tuple[Entry, ...] = field(init=False)

    def __post_init__(self) -> None:
        self.by_id = {e.id: e for e in self.entries}
        self._by_code = {}
        for e in self.entries:
            if e.kind != "provider":
                self._by_code.setdefault(e.code, []).append(e)
        self._providers = tuple(e for e in self.entries if e.kind == "provider")

    # -- look-ups ------------------------------------------------------------------------------

    def lookup(self, code: str) -> list[Entry]:
        """Table entries for ``550``, ``5.1.1`` or ``X.1.1``, most specific first.

        ``5.1.1`` gives the class-specific entry (if the table has one) then the general
        ``X.1.1``; ``X.1.1`` gives the general entry then every class-specific one. Provider
        entries are not included: see :meth:`providers_for`.
        """
        c = normalize_code(code)
        if BASIC_RE.match(c):
            return list(self._by_code.get(c, []))
        m = ENHANCED_RE.match(c)
        if not m:
            return []
        general = general_form(c)
        if m.group(1) == "X":
            out = list(self._by_code.get(general, []))
            for cls in ("5", "4", "2"):
                out.extend(self._by_code.get(f"{cls}{general[1:]}", []))
            return out
        return list(self._by_code.get(c, [])) + list(self._by_code.get(general, []))

    def get(self, code: str) -> Entry | None:
        """The most specific table entry for ``code``, or None."""
        found = self.lookup(code)
        return found[0] if found else None

    def providers_for(self, code: str) -> list[Entry]:
        """Provider entries for a code, a provider token (``TSS04``) or a range member."""
        c = normalize_code(code)
        if ENHANCED_RE.match(c) and c.startswith("X"):
            return [p for p in self._providers if ENHANCED_RE.match(p.code) and general_form(p.code) == c]
        low = c.lower()
        return [p for p in self._providers if p.covers(c) or p.code.lower() == low]

    @property
    def providers(self) -> tuple[Entry, ...]:
        return self._providers

    def reason(self, name: str) -> Reason:
        return self.reasons[name]

    def class_meaning(self, digit: str) -> Heading | None:
        """Meaning of an enhanced code's class (``2``, ``4``, ``5``)."""
        return self.classes.get(digit.strip()[:1])

    def subject_meaning(self, x_y: str) -> Heading | None:
        """Meaning of an enhanced code's subject: accepts ``X.7``, ``5.7``, ``7`` or ``5.7.26``."""
        parts = x_y.strip().split(".")
        subject = parts[0] if len(parts) == 1 else parts[1]
        return self.subjects.get(subject.lstrip("0") or "0")

    def first_digit_meaning(self, code: str) -> str | None:
        return self.first_digits.get(code.strip()[:1])

    def second_digit_meaning(self, code: str) -> str | None:
        c = code.strip()
        return self.second_digits.get(c[1:2]) if len(c) >= 2 else None

    def related(self, entry: Entry) -> list[Entry]:
        """Entries linked to ``entry``: basic <-> enhanced through the registry's basic codes,
        class variants of the same enhanced code, and provider entries for the same code."""
        out: list[Entry] = []
        seen = {entry.id}

        def add(items: Iterable[Entry]) -> None:
            for e in items:
                if e.id not in seen:
                    seen.add(e.id)
                    out.append(e)

        if entry.kind == "basic":
            add(
                e
                for e in self.entries
                if e.kind == "enhanced" and entry.code in e.basic_codes and e.class_ in ("X", entry.code[0])
            )
        elif entry.kind == "enhanced":
            add(self.lookup(general_form(entry.code)))
            for b in entry.basic_codes:
                add(self.lookup(b))
            add(self.providers_for(entry.code))
        else:
            if ENHANCED_RE.match(entry.code) or BASIC_RE.match(entry.code):
                add(self.lookup(entry.code))
            if entry.registry_code:
                add(self.lookup(entry.registry_code))
            for b in entry.basic_codes:
                add(self.lookup(b))
        return out

    def match_reply(self, text: str, basic: str | None = None, enhanced: str | None = None) -> Entry | None:
        """The entry that best explains one reply, as the classifier should read it.

        A provider entry whose text fragment occurs in ``text`` wins, preferring one whose code
        agrees with the reply's codes; then the class-specific enhanced entry, the general one,
        and finally the basic code's entry.
        """
        low = text.lower()
        best: tuple[int, int, Entry] | None = None
        for p in self._providers:
            hit = max((len(f) for f in p.text_fragments if f in low), default=0)
            if not hit:
                continue
            agrees = int(
                (enhanced is not None and p.covers(normalize_code(enhanced)))
                or (basic is not None and (p.code == basic or basic in p.basic_codes))
            )
            if best is None or (agrees, hit) > best[:2]:
                best = (agrees, hit, p)
        if best is not None and (best[0] or not enhanced):
            return best[2]
        for code in (enhanced, basic):
            if code:
                found = self.get(code)
                if found is not None:
                    return found
        return best[2] if best is not None else None


# ---------------------------------------------------------------------------- loading


def _tables_dir() -> Path:
    return resource_path("reference")


TABLE_FILES = ("reasons.toml", "basic_codes.toml", "enhanced_codes.toml", "providers.toml")


@lru_cache(maxsize=4)
def load_reference(directory: str | None = None) -> Reference:
    """Load, expand and validate the four tables (once per directory; cached).

    The installed tables (``directory=None``) go through :mod:`inspector.reference.cache`: what
    was built from them is kept in the user cache folder and used again while the four files are
    unchanged (the validation ran when it was stored)."""
    if directory:
        return _parse_reference(Path(directory))
    base = _tables_dir()
    shape = tuple(tuple(f.name for f in fields(c)) for c in (Entry, Reason, Heading))
    return cached(
        "reference-tables",
        [base / n for n in TABLE_FILES],
        lambda: _parse_reference(base),
        _dump_reference,
        _restore_reference,
        shape,
    )


def _dump_reference(ref: Reference) -> tuple[Any, ...]:
    def headings(d: dict[str, Heading]) -> dict[str, tuple[str, str]]:
        return {k: (v.title, v.meaning) for k, v in d.items()}

    return (
        [astuple(e) for e in ref.entries],
        [astuple(r) for r in ref.reasons.values()],
        headings(ref.classes),
        headings(ref.subjects),
        ref.first_digits,
        ref.second_digits,
        ref.provider_aliases,
    )


def _restore_reference(data: Any) -> Reference:
    entries, reasons, classes, subjects, first, second, aliases = data
    return Reference(
        entries=tuple(Entry(*e) for e in entries),
        reasons={r[0]: Reason(*r) for r in reasons},
        classes={k: Heading(*v) for k, v in classes.items()},
        subjects={k: Heading(*v) for k, v in subjects.items()},
        first_digits=dict(first),
        second_digits=dict(second),
        provider_aliases=dict(aliases),
    )


def _parse_reference(base: Path) -> Reference:
    problems: list[str] = []
    reasons = _load_reasons(read_toml(base / "reasons.toml"), problems)
    basic = read_toml(base / "basic_codes.toml")
    enhanced = read_toml(base / "enhanced_codes.toml")
    providers = read_toml(base / "providers.toml")
    entries: list[Entry] = []
    entries += _load_basic(basic, reasons, problems)
    entries += _load_enhanced(enhanced, reasons, problems)
    entries += _load_providers(providers, reasons, problems)
    _check_entries(entries, reasons, problems)
    if problems:
        raise ReferenceDataError("\n".join(problems))
    return Reference(
        entries=tuple(entries),
        reasons=reasons,
        classes={k: _heading(v) for k, v in enhanced.get("class", {}).items()},
        subjects={k: _heading(v) for k, v in enhanced.get("subject", {}).items()},
        first_digits={k: str(v) for k, v in basic.get("first_digit", {}).items()},
        second_digits={k: str(v) for k, v in basic.get("second_digit", {}).items()},
        provider_aliases={
            k: tuple(str(a).lower() for a in v) for k, v in providers.get("provider_aliases", {}).items()
        },
    )


def _heading(v: Mapping[str, Any]) -> Heading:
    return Heading(str(v.get("title", "")), str(v.get("meaning", "")))


def _str(rec: Mapping[str, Any], key: str, where: str, problems: list[str]) -> str:
    v = rec.get(key)
    if not isinstance(v, str) or not v.strip():
        problems.append(f"{where}: missing or empty {key!r}")
        return ""
    return v.strip()


def _retry(v: object, where: str, problems: list[str]) -> Retry:
    if v not in RETRY_VALUES:
        problems.append(f"{where}: retry must be yes/no/maybe, not {v!r}")
        return "maybe"
    return cast(Retry, v)


def _strs(v: object, where: str, key: str, problems: list[str]) -> tuple[str, ...]:
    if v is None:
        return ()
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        problems.append(f"{where}: {key} must be a list of strings")
        return ()
    return tuple(x for x in v)


def _side(v: object, where: str, problems: list[str]) -> Side:
    if v not in SIDES:
        problems.append(f"{where}: side must be one of {', '.join(SIDES)}")
        return "unknown"
    return v  # type: ignore[return-value]


def _load_reasons(data: Mapping[str, Any], problems: list[str]) -> dict[str, Reason]:
    out: dict[str, Reason] = {}
    for name, rec in data.items():
        where = f"reasons.toml [{name}]"
        if not _REASON_NAME_RE.match(name):
            problems.append(f"{where}: a reason name is one lower-case word")
        if not isinstance(rec, Mapping):
            problems.append(f"{where}: not a table")
            continue
        if not isinstance(rec.get("hard", False), bool):
            problems.append(f"{where}: hard must be true or false")
        out[name] = Reason(
            name=name,
            title=_str(rec, "title", where, problems),
            description=_str(rec, "description", where, problems),
            hard=bool(rec.get("hard", False)),
            retry=_retry(rec.get("retry"), where, problems),
            fix_sender_setup=bool(rec.get("fix_sender_setup", False)),
            advice=_str(rec, "advice", where, problems),
            side=_side(rec.get("side"), where, problems),
            definition=str(rec.get("definition", "")),
            sources=_strs(rec.get("sources"), where, "sources", problems),
            advice_permanent=str(rec.get("advice_permanent", "")),
            advice_transient=str(rec.get("advice_transient", "")),
        )
    for name in sorted(CODE_REASONS - set(out)):
        problems.append(f"reasons.toml: reason {name!r} is missing (the program assigns it)")
    return out


def _reason_of(rec: Mapping[str, Any], where: str, reasons: Mapping[str, Reason], problems: list[str]) -> str:
    name = rec.get("reason", "undefined")
    if name not in reasons:
        problems.append(f"{where}: unknown reason {name!r}")
        return "undefined"
    return str(name)


def _load_basic(data: Mapping[str, Any], reasons: Mapping[str, Reason], problems: list[str]) -> list[Entry]:
    out: list[Entry] = []
    for rec in data.get("code", []):
        code = str(rec.get("code", ""))
        where = f"basic_codes.toml {code or '?'}"
        if not BASIC_RE.match(code):
            problems.append(f"{where}: not a three-digit reply code")
        reason = _reason_of(rec, where, reasons, problems)
        out.append(
            Entry(
                id=code,
                code=code,
                kind="basic",
                title=_str(rec, "title", where, problems),
                meaning=_str(rec, "meaning", where, problems),
                retry=_retry(rec.get("retry"), where, problems),
                advice=_str(rec, "advice", where, problems),
                hard=bool(rec.get("hard", False)),
                provider=None,
                rfc=_str(rec, "rfc", where, problems),
                basic_codes=(code,),
                text_fragments=_strs(rec.get("text_fragments"), where, "text_fragments", problems),
                reason=reason,
                fix_sender_setup=bool(rec.get("fix_sender_setup", reasons[reason].fix_sender_setup)),
                class_=code[:1],
            )
        )
    return out


_CLASS_DEFAULTS: dict[str, dict[str, Any]] = {
    "2": {"retry": "no", "hard": False, "reason": "delivered"},
    "4": {"retry": "yes", "hard": False},
    "5": {},
}


def _load_enhanced(data: Mapping[str, Any], reasons: Mapping[str, Reason], problems: list[str]) -> list[Entry]:
    out: list[Entry] = []
    for rec in data.get("code", []):
        code = str(rec.get("code", ""))
        where = f"enhanced_codes.toml {code or '?'}"
        m = ENHANCED_RE.match(code)
        if not m or m.group(1) != "X":
            problems.append(f"{where}: records are written as X.Y.Z")
            continue
        title = _str(rec, "title", where, problems)
        rfc = _str(rec, "rfc", where, problems)
        basics = _strs(rec.get("basic_codes"), where, "basic_codes", problems)
        frags = _strs(rec.get("text_fragments"), where, "text_fragments", problems)
        classes = _strs(rec.get("classes"), where, "classes", problems)
        by_class: Mapping[str, Mapping[str, Any]] = rec.get("by_class", {})
        for extra in set(by_class) - set(classes):
            problems.append(f"{where}: by_class.{extra} is not listed in classes")
        if not classes:
            problems.append(f"{where}: classes must list at least one of 2, 4, 5")
        general_reason = _reason_of(rec, where, reasons, problems)

        shared = {"title": title, "rfc": rfc, "basic_codes": basics, "text_fragments": frags}
        variants: list[Entry] = []
        for cls in classes:
            if cls not in _CLASS_DEFAULTS:
                problems.append(f"{where}: bad class {cls!r}")
                continue
            merged: dict[str, Any] = {**rec, **_CLASS_DEFAULTS[cls], **by_class.get(cls, {})}
            if cls == "2" and "meaning" not in by_class.get(cls, {}):
                merged["meaning"] = f"Reported as a success: {title.lower()}."
                merged.setdefault("advice", "Nothing to do.")
                if "advice" not in by_class.get(cls, {}):
                    merged["advice"] = "Nothing to do."
            if cls == "2" and "reason" in rec and "reason" not in by_class.get(cls, {}):
                merged["reason"] = "delivered"
            if cls == "4" and "meaning" not in by_class.get(cls, {}):
                merged["meaning"] = f"{rec.get('meaning', '')} Reported as temporary: the sender may retry."
            vwhere = f"{where} (class {cls})"
            reason = _reason_of(merged, vwhere, reasons, problems)
            variants.append(
                _class_entry(code, cls, merged, merged.get("retry"), reason, shared, vwhere, reasons, problems)
            )
        retries = {v.retry for v in variants}
        general_retry = rec.get("retry") if len(retries) != 1 else retries.pop()
        out.append(_class_entry(code, "X", rec, general_retry, general_reason, shared, where, reasons, problems))
        out.extend(variants)
    return out


def _class_entry(
    code: str,
    cls: str,
    values: Mapping[str, Any],
    retry: object,
    reason: str,
    shared: Mapping[str, Any],
    where: str,
    reasons: Mapping[str, Reason],
    problems: list[str],
) -> Entry:
    """The entry of one class of an ``X.Y.Z`` record (``X``: the general entry) from the record's
    values for that class; ``shared``: the fields every class has the same (title, rfc, codes)."""
    return Entry(
        id=f"{cls}{code[1:]}",
        code=f"{cls}{code[1:]}",
        kind="enhanced",
        meaning=_str(values, "meaning", where, problems),
        retry=_retry(retry, where, problems),
        advice=_str(values, "advice", where, problems),
        hard=bool(values.get("hard", False)),
        provider=None,
        reason=reason,
        fix_sender_setup=bool(values.get("fix_sender_setup", reasons[reason].fix_sender_setup)),
        class_=cls,
        **shared,
    )


def _load_providers(data: Mapping[str, Any], reasons: Mapping[str, Reason], problems: list[str]) -> list[Entry]:
    out: list[Entry] = []
    for rec in data.get("provider", []):
        pid = str(rec.get("id", ""))
        where = f"providers.toml {pid or '?'}"
        reason = _reason_of(rec, where, reasons, problems)
        r = reasons[reason]
        frags = _strs(rec.get("text_fragments"), where, "text_fragments", problems)
        for f in frags:
            if f != f.lower() or not f.strip():
                problems.append(f"{where}: text fragment {f!r} must be non-empty lowercase")
        if not frags:
            problems.append(f"{where}: needs at least one text fragment")
        registry_code = rec.get("registry_code")
        if registry_code is not None and not rec.get("note"):
            problems.append(f"{where}: registry_code needs a note saying which meaning applies when")
        out.append(
            Entry(
                id=pid,
                code=_str(rec, "code", where, problems),
                kind="provider",
                title=_str(rec, "title", where, problems),
                meaning=_str(rec, "meaning", where, problems),
                retry=_retry(rec.get("retry", r.retry), where, problems),
                advice=_str(rec, "advice", where, problems),
                hard=bool(rec.get("hard", r.hard)),
                provider=_str(rec, "provider", where, problems),
                rfc=None,
                basic_codes=_strs(rec.get("basic_codes"), where, "basic_codes", problems),
                text_fragments=frags,
                reason=reason,
                fix_sender_setup=bool(rec.get("fix_sender_setup", r.fix_sender_setup)),
                class_=None,
                registry_code=str(registry_code) if registry_code is not None else None,
                note=str(rec["note"]) if rec.get("note") else None,
                source=str(rec["source"]) if rec.get("source") else None,
            )
        )
    return out


def _check_entries(entries: list[Entry], reasons: Mapping[str, Reason], problems: list[str]) -> None:
    seen: set[str] = set()
    basic_codes = {e.code for e in entries if e.kind == "basic"}
    for e in entries:
        if e.id in seen:
            problems.append(f"duplicate entry id {e.id!r}")
        seen.add(e.id)
        for b in e.basic_codes:
            if b not in basic_codes:
                problems.append(f"{e.id}: associated basic code {b} is not in basic_codes.toml")
        reason = reasons.get(e.reason)
        if e.hard and reason is not None and not reason.hard:
            problems.append(f"{e.id}: hard entries must have a hard reason, not {e.reason!r}")
