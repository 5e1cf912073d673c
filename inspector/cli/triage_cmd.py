"""``bounce-inspector triage PATH...``: a whole mailbox (folders, Maildirs, mbox files) as one
record per failed recipient, with counts, the sender-side checklist and a suppression list.

Records go to ``--output`` (or standard output) in input order whatever ``--jobs``; with
``--summary`` and no ``--output`` only the summary is printed. A progress bar (tqdm) is drawn on
standard error when it is a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import sys
from contextlib import ExitStack
from typing import Any, TextIO

# Only what the parser needs is imported here: `analyze` and `explain` build the same parser.
DEFAULT_SOFT_THRESHOLD = 3
DEFAULT_SOFT_DAYS = 7.0


def add_parsers(sub: Any) -> None:
    p = sub.add_parser(
        "triage",
        help="a whole mailbox: one record per failed recipient, counts, suppression list",
        description="Read folders (recursively), Maildirs and mbox files message by message, on all CPUs.",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, Maildirs or mbox files")
    p.add_argument("--jobs", type=_positive, default=None, metavar="N", help="worker processes (default: CPUs)")
    p.add_argument("--format", choices=("jsonl", "csv"), default="jsonl", help="record format (default jsonl)")
    p.add_argument("--output", metavar="FILE", help="write the records here instead of standard output")
    p.add_argument("--suppress", metavar="FILE", help="write the suppression list (CSV) here")
    p.add_argument(
        "--soft-threshold",
        type=_positive,
        default=DEFAULT_SOFT_THRESHOLD,
        metavar="N",
        help=f"soft bounces that suppress an address (default {DEFAULT_SOFT_THRESHOLD}) ...",
    )
    p.add_argument(
        "--soft-days",
        type=float,
        default=DEFAULT_SOFT_DAYS,
        metavar="D",
        help=f"... when seen over at least D days (default {DEFAULT_SOFT_DAYS:g})",
    )
    p.add_argument("--summary", action="store_true", help="print counts by reason, side, domain and a checklist")
    p.set_defaults(func=run)


def _positive(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return n


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    # Every command's parser imports this module: the triage pool (multiprocessing, about 20 ms)
    # loads for the triage command only.
    from inspector.core.triage.policy import Summary, SuppressionBuilder, suppression_csv
    from inspector.core.triage.pool import triage_paths
    from inspector.core.triage.rows import ROW_COLUMNS, csv_value

    out = out or sys.stdout
    write_records = args.output is not None or not args.summary
    summary = Summary()
    suppress = SuppressionBuilder(args.soft_threshold, args.soft_days) if args.suppress else None
    status = 0
    with ExitStack() as stack:
        sink: TextIO = out
        if args.output is not None:
            try:
                sink = stack.enter_context(open(args.output, "w", encoding="utf-8", newline=""))
            except OSError as exc:
                print(f"bounce-inspector: cannot write {args.output}: {exc.strerror or exc}", file=sys.stderr)
                return 2
        writer = None
        if write_records and args.format == "csv":
            writer = csv.writer(sink, lineterminator="\n")
            writer.writerow(ROW_COLUMNS)
        bar = _progress(args.paths, stack)
        outcomes = triage_paths(args.paths, args.jobs)
        try:
            for o in outcomes:
                if bar is not None:
                    bar.update(1)
                if o.error is not None:
                    status = 1
                    print(f"bounce-inspector: {o.error}", file=sys.stderr)
                summary.add_message(o.rows, o.error)
                for row in o.rows:
                    if suppress is not None:
                        suppress.add(row)
                    if not write_records:
                        continue
                    if writer is not None:
                        writer.writerow([csv_value(row, c) for c in ROW_COLUMNS])
                    else:
                        sink.write(json.dumps(row, ensure_ascii=False) + "\n")
        except BrokenPipeError:  # `triage ... | head`: the reader has what it wanted
            outcomes.close()
            _silence_stdout()
            return 0
    if suppress is not None:
        result = suppress.result()
        try:
            with open(args.suppress, "w", encoding="utf-8", newline="") as fh:
                fh.write(suppression_csv(result))
        except OSError as exc:
            print(f"bounce-inspector: cannot write {args.suppress}: {exc.strerror or exc}", file=sys.stderr)
            return 2
        print(f"bounce-inspector: {args.suppress}: {result.note()}", file=sys.stderr)
    if args.summary:
        out.write(summary.text() + "\n")
    return status


def _silence_stdout() -> None:
    """After a broken pipe: send what is left of standard output nowhere (no error at exit)."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def _progress(paths: list[str], stack: ExitStack) -> Any:
    if not sys.stderr.isatty():
        return None
    # tqdm (about 23 ms) only when a terminal shows the progress.
    from tqdm import tqdm

    from inspector.core.triage.reader import count_messages  # with the pool: see run

    return stack.enter_context(tqdm(total=count_messages(paths), unit="msg", file=sys.stderr, smoothing=0.1))
