"""The UI's one door to the code reference (:mod:`inspector.reference`) and the DSN field notes.

Everything here is loaded once, on first use (never at import time). Search is
``inspector.core.reference_search``; this module only shapes its hits for display.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from inspector.core.reference_search import field_text
from inspector.core.reference_search import search as reference_search
from inspector.reference.cache import cached_toml
from inspector.reference.tables import load_reference
from inspector.resources import resource_path


@dataclass(frozen=True)
class Hit:
    entry: Any
    """An :class:`inspector.reference.tables.Entry`."""
    spans: Any = None
    """Where the query matched: the reference search's field name -> [(start, end), ...]."""


@lru_cache(maxsize=1)
def reference() -> Any | None:
    return load_reference()


def entry_for(code: str) -> Any | None:
    ref = reference()
    if ref is None:
        return None
    try:
        return ref.get(code)
    except Exception:  # noqa: BLE001 - a bad look-up must not break a tooltip
        return None


def related(entry: Any) -> list[Any]:
    ref = reference()
    if ref is None or entry is None:
        return []
    return list(ref.related(entry))


def class_title(code: str) -> str:
    """What a code's first digit says, from the reference's class table (lower case)."""
    ref = reference()
    if ref is None:
        return ""
    heading = ref.class_meaning(code) if code[:1] in "245" else None
    if heading is not None:
        return str(heading.title).lower()
    return (ref.first_digit_meaning(code) or "").split(":")[0].lower()


def tooltip_for(code: str) -> str:
    """Plain text: the code, its title and meaning (or its class when the table has no entry)."""
    e = entry_for(code)
    if e is None:
        return f"{code}: {class_title(code)} (not in the reference)"
    return f"{code}: {e.title}\n{e.meaning}"


def search(query: str, limit: int = 60) -> list[Hit]:
    """Ranked hits of the reference search (:mod:`inspector.core.reference_search`), best first."""
    q = query.strip()
    if not q:
        return []
    return [Hit(h.entry, h.spans) for h in reference_search(q, limit)]


def marked_html(hit: Hit) -> str:
    """One result line as HTML: code, title and provider with the matched words in bold, and a
    short excerpt when the query matched only the meaning, advice or reply fragments."""
    spans: dict[str, list[tuple[int, int]]] = hit.spans or {}
    e = hit.entry
    line = (
        f"{_mark_text(field_text(e, 'code'), spans.get('code', []))}&nbsp;&nbsp;"
        f"{_mark_text(field_text(e, 'title'), spans.get('title', []))}"
    )
    if e.provider:
        line += f" [{_mark_text(e.provider, spans.get('provider', []))}]"
    if any(spans.get(n) for n in ("code", "title", "provider")):
        return line
    for name in ("meaning", "advice", "text_fragments"):
        found = sorted(spans.get(name, []))
        if found:
            text = field_text(e, name)
            a, b = max(0, found[0][0] - 25), min(len(text), found[0][1] + 35)
            inside = [(s - a, t - a) for s, t in found if s >= a and t <= b]
            excerpt = ("…" if a else "") + _mark_text(text[a:b], inside) + ("…" if b < len(text) else "")
            return f'{line} <span style="color:gray">— {excerpt}</span>'
    return line


def _mark_text(text: str, spans: list[tuple[int, int]]) -> str:
    out, last = [], 0
    for start, end in sorted(spans):
        if start < last or end > len(text):
            continue
        out += [html.escape(text[last:start]), "<b>", html.escape(text[start:end]), "</b>"]
        last = end
    out.append(html.escape(text[last:]))
    return "".join(out)


def warm_up() -> None:
    """Load the tables and build the search index (slow once; call on a worker after start-up)."""
    reference()
    search("5")
    search("mailbox")


@lru_cache(maxsize=1)
def _dsn_notes() -> dict[str, dict[str, str]]:
    try:
        data = cached_toml("dsn-fields", resource_path("reference", "dsn_fields.toml"))
    except (OSError, ValueError):  # missing or malformed (tomllib.TOMLDecodeError is a ValueError)
        return {}
    return {k: {str(a): str(b) for a, b in v.items()} for k, v in data.items() if isinstance(v, dict)}


def dsn_field_note(name: str) -> str:
    notes = _dsn_notes()
    low = name.lower()
    for group in ("per_message", "per_recipient"):
        if low in notes.get(group, {}):
            return notes[group][low]
    for prefix, text in notes.get("prefix", {}).items():
        if low.startswith(prefix):
            return text
    return "A field this app has no note for."


def entry_html(entry: Any, code: str | None = None) -> str:
    """The reference panel's detail view for one entry (everything escaped)."""
    e = html.escape
    rows = [
        f"<h2>{e(entry.code)} &mdash; {e(entry.title)}</h2>",
    ]
    if entry.provider:
        rows.append(f"<p><i>{e(str(entry.provider))}</i></p>")
    rows.append(f"<p>{e(entry.meaning)}</p>")
    retry = {"yes": "yes, a later attempt may work", "no": "no", "maybe": "maybe"}.get(entry.retry, entry.retry)
    rows.append(f"<p><b>Retry:</b> {e(retry)}{' &middot; <b>hard bounce</b>' if entry.hard else ''}</p>")
    if entry.advice:
        rows.append(f"<p><b>What to do:</b> {e(entry.advice)}</p>")
    if entry.rfc:
        rows.append(f"<p><b>Defined in:</b> {e(entry.rfc)}</p>")
    if getattr(entry, "note", None):
        rows.append(f"<p><small>{e(entry.note)}</small></p>")
    rel = related(entry)
    if rel:
        # one line each, saying what it is: "5.7.1 Gmail: looks like spam (Google)"
        links = "<br>".join(
            f'<a href="code:{e(r.id)}">{e(r.code)} {e(r.title)}</a>'
            + (f" ({e(str(r.provider))})" if r.provider else "")
            for r in rel[:24]
        )
        rows.append(f"<p><b>Related:</b><br>{links}</p>")
    return "".join(rows)
