"""The core's entry points: input in, :class:`~inspector.core.model.Analysis` out.

Flow: loader (what the input is) -> mime (tree, decoded text, DSN fields) -> codes (spans in every
text) -> recognisers (who failed, per mail-server family) -> classify (severity, reason, advice).
Text that is not a message goes through :mod:`inspector.core.textinput` instead of mime.
"""

from __future__ import annotations

import os
import time

from inspector.core.classify import classify
from inspector.core.headers import HeaderList
from inspector.core.limits import DEFAULT_LIMITS, Limits
from inspector.core.loader import Item, LoadError, load_bytes, load_path, load_text
from inspector.core.mime import build_tree
from inspector.core.model import Analysis, OriginalMessage, Part, RecipientResult
from inspector.core.pasted import rebuild_message
from inspector.core.recognisers import Bounce, recognise
from inspector.core.textinput import analyse_plain_text
from inspector.core.user_rules import apply_user_rules
from inspector.core.writer import read_writer


def analyse_item(item: Item, limits: Limits = DEFAULT_LIMITS) -> Analysis:
    t0 = time.perf_counter()
    if item.kind == "text":
        result = analyse_plain_text(
            item.data.decode("utf-8", "replace"), item.source, lambda text: read_pasted_bounce(text, limits)
        )
    else:
        result = _analyse_message(item, limits)
    result.warnings[:0] = item.warnings  # what reading the input found, first
    apply_user_rules(result)  # the user's own rules.toml overrides the built-in verdicts
    result.index = item.index
    result.parse_ms = round((time.perf_counter() - t0) * 1000, 3)
    return result


def _analyse_message(item: Item, limits: Limits, *, pasted: bool = False) -> Analysis:
    root, warnings = build_tree(item.data, limits)
    _sum_sizes(root)
    result = Analysis(source=item.source, root=root)
    result.warnings = warnings + _part_warnings(root)
    result.subject = root.header("Subject")
    result.sender = root.header("From")
    result.date = root.header("Date")
    bounce = Bounce(root, result.warnings)
    result.original = _original(bounce)
    recognition = recognise(bounce)
    if recognition is not None:
        result.kind = recognition.kind
        result.layout = recognition.mta
        result.recipients = recognition.recipients
        result.feedback_type = recognition.feedback_type
    if recognition is not None or pasted:
        # Who wrote it (a pasted body is named by its wording even when no layout took it for a
        # bounce), and whether it is a warning that delivery is still being tried: what a warning
        # names without a permanent code is delayed, not failed (non-DSN notices carry no Action).
        result.mta, delay = read_writer(bounce, result.layout)
        if delay:
            for rec in result.recipients:
                if rec.action == "failed" and not _permanent_code(rec):
                    rec.action = "delayed"
    for _part, report in bounce.dsn_reports:
        result.reporting_mta = result.reporting_mta or report.per_message.text("Reporting-MTA")
        result.arrival_date = result.arrival_date or report.per_message.text("Arrival-Date")
    for rec in result.recipients:
        classify(rec)
    return result


def read_pasted_bounce(text: str, limits: Limits = DEFAULT_LIMITS) -> tuple[str | None, list[RecipientResult]]:
    """A pasted bounce body read as the message it was copied from (:mod:`inspector.core.pasted`):
    the family that wrote it (None when no signal names one) and the recipients, when a recogniser
    takes it for a bounce that names who failed (else an empty list)."""
    rebuilt = _analyse_message(Item(rebuild_message(text), "message", 0, "<pasted>"), limits, pasted=True)
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


def with_code_spans(analyses: list[Analysis]) -> list[Analysis]:
    """``analyses`` with their code spans, authentication and timeline found now (otherwise they are
    found on first use): for callers that hand the results to another thread or process, which
    then shows them."""
    for a in analyses:
        _ = a.codes, a.authentication, a.timeline
    return analyses


def error_analysis(source: str, message: str, index: int = 0) -> Analysis:
    return Analysis(source=source, index=index, kind="not-bounce", error=message)


def analyse_bytes(data: bytes, source: str = "<bytes>", limits: Limits = DEFAULT_LIMITS) -> list[Analysis]:
    """Analyse input bytes: one result per message (an mbox gives many). Never raises."""
    try:
        items = load_bytes(data, source, limits)
    except LoadError as exc:
        return [error_analysis(source, str(exc))]
    return [_safe(item, limits) for item in items]


def analyse_path(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> list[Analysis]:
    """Analyse a file, read-only. Never raises: unreadable input gives a result with ``error``."""
    try:
        items = load_path(path, limits)
    except LoadError as exc:
        return [error_analysis(str(path), str(exc))]
    return [_safe(item, limits) for item in items]


def analyse_text(text: str, source: str = "<pasted text>", limits: Limits = DEFAULT_LIMITS) -> Analysis:
    """Pasted text (a reply line, a transcript, a log line, or a whole message)."""
    try:
        items = load_text(text, source, limits)
    except LoadError as exc:
        return error_analysis(source, str(exc))
    return _safe(items[0], limits)


def _safe(item: Item, limits: Limits) -> Analysis:
    try:
        return analyse_item(item, limits)
    except RecursionError:
        return error_analysis(item.source, "the message is nested too deeply to analyse", item.index)
    except MemoryError:
        return error_analysis(item.source, "the message is too large to analyse in memory", item.index)
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not end a batch or the app
        return error_analysis(
            item.source, f"internal error while analysing this message ({type(exc).__name__}: {exc})", item.index
        )
