"""Triage of whole mailboxes: every message's failed recipients as rows, the suppression list and
the sender-side checklist. Streaming (:mod:`.reader`), all cores (:mod:`.pool`), no Qt."""

from __future__ import annotations

from inspector.core.triage.policy import (
    SUPPRESSION_COLUMNS,
    Summary,
    Suppression,
    SuppressionBuilder,
    suppression_csv,
    suppression_list,
)
from inspector.core.triage.reader import RawMessage, iter_messages, read_message
from inspector.core.triage.rows import MAIN_COLUMNS, MessageOutcome, Row, analyse_raw, rows_of

_POOL_NAMES = frozenset({"default_jobs", "safe_context", "triage_messages", "triage_paths"})


def __getattr__(name: str) -> object:
    # The pool (concurrent.futures, multiprocessing: about 20 ms) is imported when it is first asked
    # for, so that `analyze` on one file does not pay for it.
    if name in _POOL_NAMES:
        from inspector.core.triage import pool  # (see above)

        return getattr(pool, name)
    raise AttributeError(name)


__all__ = [
    "MAIN_COLUMNS",
    "SUPPRESSION_COLUMNS",
    "MessageOutcome",
    "RawMessage",
    "Row",
    "Summary",
    "Suppression",
    "SuppressionBuilder",
    "analyse_raw",
    "default_jobs",
    "iter_messages",
    "read_message",
    "rows_of",
    "safe_context",
    "suppression_csv",
    "suppression_list",
    "triage_messages",
    "triage_paths",
]
