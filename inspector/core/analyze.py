"""The core's entry points: input in, :class:`~inspector.core.model.Analysis` out.

Stages, each only feeding the next: loader (what the input is) -> mime (tree, decoded text, DSN
fields) -> recognisers (who failed, per mail-server family) -> writer -> classify (severity,
reason, advice) -> the user's rules: a :class:`~inspector.core.model.Reading`, which is where a
batch that wants the verdicts only stops (:func:`read_item`). Then the views the window and the
JSON export show (code spans, authentication, timeline) finish the
:class:`~inspector.core.model.Analysis` (:func:`analyse_item`). Text that is not a message goes
through :mod:`inspector.core.textinput` instead of mime.
"""

from __future__ import annotations

import os
import time
from typing import TypeVar

from inspector.core.authentication import Authentication, authentication_of
from inspector.core.classify import classify
from inspector.core.codes import find_codes, shared_scans
from inspector.core.headers import HeaderList
from inspector.core.limits import DEFAULT_LIMITS, Limits
from inspector.core.loader import Item, LoadError, load_bytes, load_path, load_text
from inspector.core.mime import build_tree
from inspector.core.model import (
    Analysis,
    AnalysisKind,
    CodeMatch,
    OriginalMessage,
    Part,
    Reading,
    RecipientResult,
)
from inspector.core.pasted import rebuild_message
from inspector.core.recognisers import Bounce, recognise
from inspector.core.textinput import analyse_plain_text
from inspector.core.timeline import timeline_of
from inspector.core.user_rules import apply_user_rules
from inspector.core.writer import read_writer

R = TypeVar("R", bound=Reading)


def analyse_item(item: Item, limits: Limits = DEFAULT_LIMITS) -> Analysis:
    """The whole analysis of one item: its :class:`Reading` and the views (may raise on a bug of
    ours: :func:`analyse_item_safely` and the functions below catch it)."""
    t0 = time.perf_counter()
    with shared_scans():  # each text's codes found once, for the recognisers and the code list alike
        return _finished(_read(item, limits, Analysis), item.index, t0)


def read_item(item: Item, limits: Limits = DEFAULT_LIMITS) -> Reading:
    """One item read up to its verdicts, without the views (for batches: triage). Never raises."""
    t0 = time.perf_counter()
    try:
        with shared_scans():
            reading = _read(item, limits, Reading)
    except Exception as exc:  # noqa: BLE001 - the same net as analyse_item_safely's
        return Reading(source=item.source, index=item.index, error=_failure(exc))
    return _stamped(reading, item.index, t0)


def _read(item: Item, limits: Limits, cls: type[R]) -> R:
    if item.kind == "text":
        text = item.data.decode("utf-8", "replace")
        result = analyse_plain_text(text, item.source, lambda t: read_pasted_bounce(t, limits), cls)
    else:
        result = _analyse_message(item, limits, cls)
    result.warnings[:0] = item.warnings  # what reading the input found, first
    apply_user_rules(result)  # the user's own rules.toml overrides the built-in verdicts
    return result


def _stamped(reading: R, index: int, t0: float) -> R:
    """``reading`` with its place in the input and the time it took, set once before it leaves the
    core (it is frozen; a ``dataclasses.replace`` copy of all its fields cost 1% of the analysis)."""
    object.__setattr__(reading, "index", index)
    object.__setattr__(reading, "parse_ms", round((time.perf_counter() - t0) * 1000, 3))
    return reading


def _finished(a: Analysis, index: int, t0: float) -> Analysis:
    """``a`` finished: its index, the code spans of every text, what it says about authentication,
    its timeline and the time taken. A bug of ours in any of the three views becomes a warning on
    the analysis (its verdicts stand), never an exception."""
    views: dict[str, object] = {}
    for name, what, find, empty in (
        ("codes", "finding the codes", _codes, list),
        ("authentication", "reading authentication", authentication_of, Authentication),
        ("timeline", "building the timeline", timeline_of, list),
    ):
        try:
            views[name] = find(a)
        except Exception as exc:  # noqa: BLE001 - a bug of ours: say so, keep the analysis
            a.warnings.append(f"internal error while {what} ({type(exc).__name__}: {exc})")
            views[name] = empty()
    # Set here, once, before the analysis leaves the core (see _stamped).
    for name, value in views.items():
        object.__setattr__(a, name, value)
    return _stamped(a, index, t0)


def _codes(a: Analysis) -> list[tuple[str, CodeMatch]]:
    """(part path, code) for every code in every textual part, else in the pasted text."""
    if a.root is not None:
        return [(p.path, c) for p in a.root.walk() if p.text for c in find_codes(p.text)]
    return [("", c) for c in find_codes(a.text)] if a.text else []


def _analyse_message(item: Item, limits: Limits, cls: type[R], *, pasted: bool = False) -> R:
    root, warnings = build_tree(item.data, limits)
    _sum_sizes(root)
    warnings = warnings + _part_warnings(root)
    bounce = Bounce(root, warnings)
    recognition = recognise(bounce)
    kind: AnalysisKind = "not-bounce"
    layout = mta = feedback_type = reporting_mta = arrival_date = None
    recipients: list[RecipientResult] = []
    if recognition is not None:
        kind, layout, recipients = recognition.kind, recognition.mta, recognition.recipients
        feedback_type = recognition.feedback_type
    if recognition is not None or pasted:
        # Who wrote it (a pasted body is named by its wording even when no layout took it for a
        # bounce), and whether it is a warning that delivery is still being tried: what a warning
        # names without a permanent code is delayed, not failed (non-DSN notices carry no Action).
        mta, delay = read_writer(bounce, layout)
        if delay:
            for rec in recipients:
                if rec.action == "failed" and not _permanent_code(rec):
                    rec.action = "delayed"
    for _part, report in bounce.dsn_reports:
        reporting_mta = reporting_mta or report.per_message.text("Reporting-MTA")
        arrival_date = arrival_date or report.per_message.text("Arrival-Date")
    for rec in recipients:
        classify(rec)
    return cls(
        source=item.source,
        kind=kind,
        mta=mta,
        layout=layout,
        warnings=warnings,
        recipients=recipients,
        root=root,
        original=_original(bounce),
        subject=root.header("Subject"),
        sender=root.header("From"),
        date=root.header("Date"),
        reporting_mta=reporting_mta,
        arrival_date=arrival_date,
        feedback_type=feedback_type,
    )


def read_pasted_bounce(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str | None, list[RecipientResult]]:
    """A pasted bounce body read as the message it was copied from (:mod:`inspector.core.pasted`):
    the family that wrote it (None when no signal names one) and the recipients, when a recogniser
    takes it for a bounce that names who failed (else an empty list)."""
    rebuilt = _analyse_message(Item(rebuild_message(text), "message", 0, "<pasted>"), limits, Reading, pasted=True)
    if rebuilt.kind == "not-bounce" or not any(r.recipient for r in rebuilt.recipients):
        return rebuilt.mta, []
    return rebuilt.mta, rebuilt.recipients


def _permanent_code(rec: RecipientResult) -> bool:
    return any(c and c[:1] == "5" for c in (rec.status, rec.reply_code))


def _sum_sizes(root: Part) -> None:
    """Containers get the size of what they hold: an embedded message its headers plus its parts,
    the whole message the input's length."""
    for p in reversed(root.walk()):
        if p.size == 0 and (p.children or p.message_headers):
            mh = p.message_headers or []
            headers = mh.raw_size() if isinstance(mh, HeaderList) else sum(len(k) + len(v) + 3 for k, v in mh)
            p.size = headers + sum(c.size for c in p.children)
    if isinstance(root.source, bytes):
        root.size = len(root.source)


def _part_warnings(root: Part) -> list[str]:
    out = []
    for p in root.walk():
        for w in p.warnings:
            out.append(f"part {p.path or 'message'}: {w}")
    return out


def _original(bounce: Bounce) -> OriginalMessage | None:
    part = bounce.returned
    if part is None or not part.message_headers:
        return None
    h = part.header
    return OriginalMessage(
        message_id=h("Message-ID"),
        sender=h("From"),
        to=h("To"),
        subject=h("Subject"),
        date=h("Date"),
        part=part.path,
    )


def error_analysis(source: str, message: str, index: int = 0) -> Analysis:
    return Analysis(source=source, index=index, kind="not-bounce", error=message)


def analyse_bytes(data: bytes, source: str = "<bytes>", limits: Limits = DEFAULT_LIMITS) -> list[Analysis]:
    """Analyse input bytes: one result per message (an mbox gives many). Never raises."""
    try:
        items = load_bytes(data, source, limits)
    except LoadError as exc:
        return [error_analysis(source, str(exc))]
    return [analyse_item_safely(item, limits) for item in items]


def analyse_path(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> list[Analysis]:
    """Analyse a file, read-only. Never raises: unreadable input gives a result with ``error``."""
    try:
        items = load_path(path, limits)
    except LoadError as exc:
        return [error_analysis(str(path), str(exc))]
    return [analyse_item_safely(item, limits) for item in items]


def analyse_text(text: str, source: str = "<pasted text>", limits: Limits = DEFAULT_LIMITS) -> Analysis:
    """Pasted text (a reply line, a transcript, a log line, or a whole message)."""
    try:
        items = load_text(text, source, limits)
    except LoadError as exc:
        return error_analysis(source, str(exc))
    return analyse_item_safely(items[0], limits)


def analyse_item_safely(item: Item, limits: Limits = DEFAULT_LIMITS) -> Analysis:
    """:func:`analyse_item` that never raises: a failure gives a result with ``error``."""
    try:
        return analyse_item(item, limits)
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not end a batch or the app
        return error_analysis(item.source, _failure(exc), item.index)


def _failure(exc: Exception) -> str:
    """What the user is told when analysing a message failed."""
    if isinstance(exc, RecursionError):
        return "the message is nested too deeply to analyse"
    if isinstance(exc, MemoryError):
        return "the message is too large to analyse in memory"
    return f"internal error while analysing this message ({type(exc).__name__}: {exc})"
