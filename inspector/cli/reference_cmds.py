"""``bounce-inspector explain "<text or code>"`` and ``bounce-inspector codes [--search Q]``.

Both read the reference tables (:mod:`inspector.reference`); neither imports Qt.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from inspector.cli import rules_opt
from inspector.core.codes import find_replies
from inspector.core.reference_search import Hit, field_text, highlight, relevant, search
from inspector.reference.tables import ENHANCED_RE, Entry, Reference, general_form, load_reference, normalize_code

_TOKEN_RE = re.compile(r"^[A-Za-z]{1,4}[:_]?[A-Za-z]*\d+[A-Za-z0-9_]*$")


def add_parsers(subparsers: Any) -> None:
    """Register ``explain`` and ``codes`` on an argparse sub-parsers object."""
    p = subparsers.add_parser(
        "explain",
        help="explain a code, a provider token or a pasted reply line",
        description="Print what the codes in TEXT mean and what to do about them.",
    )
    p.add_argument(
        "text", nargs="+", metavar="TEXT", help="a code (550, 5.7.26, X.1.1), a token (TSS04) or a reply line"
    )
    p.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or JSON entries")
    rules_opt.add_rules_argument(p)
    p.set_defaults(func=run_explain)

    c = subparsers.add_parser(
        "codes",
        help="list the code reference, or search it",
        description="List the reference tables, or with --search the ranked results of a query, best first.",
    )
    c.add_argument("--search", metavar="Q", help="a code or prefix, words (typos allowed), a provider, a reply line")
    c.add_argument("--kind", choices=("basic", "enhanced", "provider"), help="only entries of this kind")
    c.add_argument(
        "--limit",
        type=int,
        metavar="N",
        help=f"at most N entries (0: no limit; with --search the default is {SEARCH_LIMIT}, without it every entry)",
    )
    c.add_argument("--all", action="store_true", help="with --search: every match, weak ones too, no limit")
    c.add_argument("--format", choices=("text", "json"), default="text", help="text (default) or JSON entries")
    c.set_defaults(func=run_codes)


SEARCH_LIMIT = 20
"""Rows ``codes --search`` shows by default: a screenful."""


# ------------------------------------------------------------------------------- explain


def explain_entries(text: str, ref: Reference | None = None) -> list[Entry]:
    """The entries that explain ``text``: for each code in it, the matching provider entry (by
    text fragment), the class-specific and the general table entry; failing codes, the best
    search results."""
    ref = ref or load_reference()
    stripped = text.strip()
    out: list[Entry] = []
    seen: set[str] = set()

    def add(e: Entry | None) -> None:
        if e is not None and e.id not in seen:
            seen.add(e.id)
            out.append(e)

    # A bare code or provider token.
    code = normalize_code(stripped)
    direct = ref.lookup(code)
    tokens = ref.providers_for(code) if (_TOKEN_RE.match(stripped) or ENHANCED_RE.match(code)) else []
    if direct or tokens:
        for e in direct:
            add(e)
        for e in tokens:
            add(e)
        return out

    replies = find_replies(text)
    for r in replies:
        basic = r.basic.code if r.basic else None
        enhanced = r.enhanced.code if r.enhanced else None
        add(ref.match_reply(text, basic, enhanced))
        for c in (enhanced, basic):
            if c:
                for e in ref.lookup(c):
                    add(e)
    for m in re.finditer(r"(?<![\w.])[xX]\.\d{1,3}\.\d{1,3}(?![\w.])", text):
        for e in ref.lookup(m.group(0)):
            add(e)
    if not replies:
        add(ref.match_reply(text))
    if not out:
        for h in search(text, limit=5):
            add(h.entry)
    return out


def run_explain(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    text = " ".join(args.text)
    if text.strip() == "-":
        text = sys.stdin.read()
    ref = load_reference()
    entries = explain_entries(text, ref)
    if rules_opt.activate_rules(args) is None:
        return 2
    mine = rules_opt.user_verdict(text)  # the user's own rule first, when one matches
    if args.format == "json":
        found = ([mine] if mine else []) + [e.to_dict() for e in entries]
        out.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return 0 if found else 1
    if mine:
        out.write(rules_opt.format_user_verdict(mine) + ("\n\n" if entries else "\n"))
        if not entries:
            return 0
    if not entries:
        out.write("No code or known reply found. Try: bounce-inspector codes --search '...'\n")
    else:
        shown = merge_same_across_classes(entries)
        out.write("\n\n".join(format_entry(e, ref, same) for e, same in shown) + "\n")
    return 0 if entries else 1


_SAME_FIELDS = ("title", "meaning", "advice", "reason", "retry", "hard", "fix_sender_setup")


def merge_same_across_classes(entries: list[Entry]) -> list[tuple[Entry, list[Entry]]]:
    """Each entry to show, with the entries of the same code in another class (``5.7.26`` and
    ``X.7.26``) that read exactly the same and so are not shown again."""
    shown: list[tuple[Entry, list[Entry]]] = []
    for e in entries:
        twin = next(
            (
                kept
                for kept, _ in shown
                if e.kind == kept.kind == "enhanced"
                and general_form(e.code) == general_form(kept.code)
                and all(getattr(e, f) == getattr(kept, f) for f in _SAME_FIELDS)
            ),
            None,
        )
        if twin is None:
            shown.append((e, []))
        else:
            next(same for kept, same in shown if kept is twin).append(e)
    return shown


# ------------------------------------------------------------------------------- codes


def search_hits(args: argparse.Namespace) -> tuple[list[Hit], int, int]:
    """The hits ``codes --search`` shows, how many are close matches and how many matched in all.
    Weak matches (see :func:`inspector.core.reference_search.relevant`) and rows past the limit are
    left out unless ``--all``."""
    hits = search(args.search, limit=None)
    if args.kind:
        hits = [h for h in hits if h.entry.kind == args.kind]
    total = len(hits)
    if getattr(args, "all", False):
        return hits, total, total
    hits = relevant(hits)
    limit = SEARCH_LIMIT if args.limit is None else args.limit
    return (hits[:limit] if limit > 0 else hits), len(hits), total


def run_codes(args: argparse.Namespace, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    ref = load_reference()
    color = out.isatty()
    if args.search is not None:
        hits, close, total = search_hits(args)
        if args.format == "json":
            rows = [{**h.entry.to_dict(), "score": h.score, "matches": h.spans} for h in hits]
            out.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        elif not hits:
            out.write("No match.\n")
        else:
            width = max(len(h.entry.title) for h in hits)
            out.write(search_header(width) + "\n")
            for h in hits:
                out.write(format_hit(h, color, width) + "\n")
            if len(hits) < close:
                out.write(f"({len(hits)} of {close} close matches shown: --limit N shows more, --all every match)\n")
            elif close < total:
                out.write(f"({total - close} weaker matches left out: --all shows them)\n")
        return 0 if hits else 1
    entries = [e for e in ref.entries if not args.kind or e.kind == args.kind]
    if args.limit:  # None or 0: every entry
        entries = entries[: args.limit]
    if args.format == "json":
        out.write(json.dumps([e.to_dict() for e in entries], ensure_ascii=False, indent=2) + "\n")
        return 0
    out.write(format_structure(ref) + "\n")
    kind = None
    for e in entries:
        if e.kind != kind:
            kind = e.kind
            out.write(f"\n== {_KIND_TITLES[kind]} ==\n")
        out.write(format_line(e) + "\n")
    return 0


_KIND_TITLES = {
    "basic": "Basic reply codes",
    "enhanced": "Enhanced status codes",
    "provider": "Provider-specific replies",
}


# ------------------------------------------------------------------------------- formatting


def _flags(e: Entry) -> str:
    parts = [f"retry: {e.retry}"]
    if e.hard:
        parts.append("HARD: remove the address")
    if e.fix_sender_setup:
        parts.append("fix sender setup")
    return ", ".join(parts)


def format_line(e: Entry) -> str:
    return f"{e.code:<14} {e.title}  ({_flags(e)})"


def format_entry(e: Entry, ref: Reference, same: Sequence[Entry] = ()) -> str:
    """An entry for people; ``same``: entries of its code in other classes that read the same."""
    head = f"{e.code}  {e.title}"
    source = e.provider or e.rfc or ""
    lines = [head, f"  {e.kind}{' / ' + source if source else ''}"]
    lines.append(f"  Meaning: {e.meaning}")
    reason = ref.reasons[e.reason]
    lines.append(f"  Reason:  {e.reason} ({reason.title}); {_flags(e)}")
    lines.append(f"  Advice:  {e.advice}")
    if e.kind == "enhanced" and e.class_ in ("2", "4", "5"):
        cls = ref.class_meaning(e.class_)
        subj = ref.subject_meaning(e.code)
        if cls and subj:
            lines.append(f"  Class {e.class_}: {cls.title}. Subject {e.code.split('.')[1]}: {subj.title}.")
    if e.kind == "basic":
        first = ref.first_digit_meaning(e.code)
        second = ref.second_digit_meaning(e.code)
        if first and second:
            lines.append(f"  Digits: {e.code[0]}xx = {first} x{e.code[1]}x = {second}")
    if e.basic_codes and e.kind != "basic":
        lines.append(f"  Basic codes: {', '.join(e.basic_codes)}")
    if e.registry_code:
        reg = ref.get(e.registry_code)
        if reg is not None:
            lines.append(f"  Registry meaning of {e.registry_code}: {reg.title}. {reg.meaning}")
    if e.note:
        lines.append(f"  Which applies: {e.note}")
    general = [o for o in same if o.class_ == "X"]
    if general:
        lines.append(
            f"  Same as {general[0].code}: this meaning applies to every class; the first digit only says"
            " permanent (5), temporary (4) or success (2)."
        )
    others = [o.code for o in same if o.class_ != "X"]
    if others:
        lines.append(f"  {' and '.join(others)} read{'s' if len(others) == 1 else ''} the same.")
    if e.text_fragments and e.kind == "provider":
        lines.append("  Reply text contains: " + " | ".join(e.text_fragments))
    return "\n".join(lines)


def search_header(width: int = 44) -> str:
    """Column labels over ``codes --search`` rows (score: higher matches better)."""
    return f"{'score':>7}  {'code':<14} {'title':<{width}}  what to do"


def format_hit(h: Hit, color: bool = False, width: int = 44) -> str:
    start, end = ("\x1b[1m", "\x1b[0m") if color else ("", "")
    e = h.entry
    title = highlight(field_text(e, "title"), h.spans.get("title", []), start, end) if color else e.title
    pad = " " * max(0, width - len(e.title))  # the highlight marks take no room on screen
    return f"{h.score:7.1f}  {e.code:<14} {title}{pad}  {_flags(e)}"


def format_structure(ref: Reference) -> str:
    lines = ["Basic reply codes: first digit"]
    lines += [f"  {d}xx  {m}" for d, m in sorted(ref.first_digits.items())]
    lines.append("Basic reply codes: second digit")
    lines += [f"  x{d}x  {m}" for d, m in sorted(ref.second_digits.items())]
    lines.append("Enhanced status codes: class")
    lines += [f"  {d}.X.X  {h.title}: {h.meaning}" for d, h in sorted(ref.classes.items())]
    lines.append("Enhanced status codes: subject")
    lines += [f"  X.{d}.X  {h.title}: {h.meaning}" for d, h in sorted(ref.subjects.items())]
    return "\n".join(lines)


def entries_as_json(entries: list[Entry]) -> list[dict[str, Any]]:
    return [e.to_dict() for e in entries]
