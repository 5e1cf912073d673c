"""Ranked search over the reference: codes, code prefixes, words with typos, provider names and
whole pasted reply lines, from one query box. (It lives in the core, over :mod:`inspector.reference`,
because it reads the codes of a pasted line with the core's code finder.)

How it works (see ``docs/reference.md``):

1. **Codes.** Codes in the query are pulled out with :func:`inspector.core.codes.find_codes`
   (so a pasted ``550-5.1.1 The email account ...`` line yields ``550`` and ``5.1.1``). A query
   that is only a code or a prefix (``5``, ``55``, ``5.7``, ``X.7.26``) is matched as a prefix.
   Exact code hits score far above word hits, so the codes of a pasted line rank first.
2. **Provider fragments.** A provider entry whose identifying fragment occurs in the query gets a
   large bonus, so a pasted Gmail or Microsoft reply finds that provider's entry.
3. **Words.** Every other word is looked up in an inverted index built at load time: exact word,
   prefix of a word (``ful`` -> ``full``), or a typo within edit distance 1 (2 for long words),
   found through a deletion index (no scan of the vocabulary). Each entry's word score weighs
   the field the word was found in (code > title/provider > fragments > meaning > advice) and
   rewards entries that match more of the query's words.

A :class:`Hit` carries the entry, its score and, per field, the ``(start, end)`` spans of the
matched words for highlighting.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from inspector.core.codes import find_codes
from inspector.reference.tables import (
    BASIC_RE,
    ENHANCED_RE,
    Entry,
    Reference,
    general_form,
    load_reference,
    normalize_code,
)

FIELDS: tuple[str, ...] = ("code", "title", "provider", "text_fragments", "reason", "meaning", "advice")
FIELD_WEIGHT: dict[str, float] = {
    "code": 6.0,
    "title": 3.0,
    "provider": 3.0,
    "text_fragments": 2.5,
    "reason": 2.0,
    "meaning": 1.2,
    "advice": 0.8,
}
FRAGMENT_SEPARATOR = "; "
"""``text_fragments`` spans refer to the fragments joined with this separator."""

_WORD_RE = re.compile(r"[^\W_]+")
_CODE_QUERY_RE = re.compile(r"^(?:[2-5xX](?:\.\d{0,3}(?:\.\d{0,3})?)?|[2-5]\d{1,2})$")
_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "to",
        "of",
        "that",
        "you",
        "your",
        "is",
        "are",
        "was",
        "it",
        "in",
        "on",
        "for",
        "and",
        "or",
        "be",
        "this",
        "we",
        "our",
        "please",
        "by",
        "at",
        "as",
        "with",
        "i",
        "me",
        "my",
    ]
)

Span = tuple[int, int]
CodeFinder = Callable[[str], Sequence[tuple[str, int, int]]]


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    score: float
    spans: dict[str, list[Span]] = field(default_factory=dict)
    """Field name -> spans of matched words in that field's text (see :func:`field_text`)."""

    @property
    def matches(self) -> tuple[tuple[str, int, int], ...]:
        """The same spans flattened to ``(field, start, end)`` triples, in field order."""
        return tuple((name, s, t) for name in FIELDS for s, t in self.spans.get(name, ()))


def field_text(entry: Entry, name: str) -> str:
    """The text of a field as search sees it (spans refer to this string)."""
    if name == "text_fragments":
        return FRAGMENT_SEPARATOR.join(entry.text_fragments)
    if name == "provider":
        return entry.provider or ""
    value = getattr(entry, name)
    return value if isinstance(value, str) else ""


def _tokens(text: str) -> list[tuple[str, int, int]]:
    low = text.lower()
    if len(low) != len(text):  # rare case-mapping that changes length: keep positions exact
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return [(m.group(0), m.start(), m.end()) for m in _WORD_RE.finditer(low)]


def osa_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (Damerau-Levenshtein without re-edits), capped at limit+1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                v = min(v, prev2[j - 2] + 1)
            cur[j] = v
            best = min(best, v)
        if best > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[len(b)]


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    frontier = {word}
    for _ in range(depth):
        nxt: set[str] = set()
        for w in frontier:
            for i in range(len(w)):
                nxt.add(w[:i] + w[i + 1 :])
        out |= nxt
        frontier = nxt
    return out


_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


def _edits1(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = {a + b[1:] for a, b in splits if b}
    out |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {a + c + b[1:] for a, b in splits if b for c in _ALPHABET}
    out |= {a + c + b for a, b in splits for c in _ALPHABET}
    out.discard(word)
    return {w for w in out if len(w) >= 3}


def _max_typos(word: str) -> int:
    if len(word) < 4:
        return 0
    return 1 if len(word) <= 6 else 2


def _default_code_finder(text: str) -> list[tuple[str, int, int]]:
    return [(c.code, c.start, c.end) for c in find_codes(text)]


class SearchIndex:
    """Precomputed index over a :class:`Reference`; build once, query many times."""

    def __init__(self, reference: Reference, code_finder: CodeFinder | None = None) -> None:
        self.reference = reference
        self.entries: tuple[Entry, ...] = reference.entries
        self._find_codes: CodeFinder = code_finder or _default_code_finder
        self._field_tokens: list[dict[str, list[tuple[str, int, int]]]] = []
        postings: dict[str, dict[tuple[int, int], None]] = {}
        for i, e in enumerate(self.entries):
            per_field: dict[str, list[tuple[str, int, int]]] = {}
            for fi, name in enumerate(FIELDS):
                toks = _tokens(field_text(e, name))
                per_field[name] = toks
                for w, _, _ in toks:
                    if w not in _STOPWORDS:
                        postings.setdefault(w, {})[(i, fi)] = None
            if e.provider:
                pfi = FIELDS.index("provider")
                for alias in reference.provider_aliases.get(e.provider, ()):
                    for w, _, _ in _tokens(alias):
                        postings.setdefault(w, {})[(i, pfi)] = None
            rfi = FIELDS.index("reason")
            for w, _, _ in _tokens(reference.reasons[e.reason].title):
                if w not in _STOPWORDS:
                    postings.setdefault(w, {})[(i, rfi)] = None
            self._field_tokens.append(per_field)
        self._postings: dict[str, tuple[tuple[int, int], ...]] = {w: tuple(p) for w, p in postings.items()}
        self._vocab: list[str] = sorted(self._postings)
        self._deletion_index: dict[str, list[str]] = {}
        for w in self._vocab:
            for d in _deletes(w, _max_typos(w)):
                self._deletion_index.setdefault(d, []).append(w)
        self._expand = lru_cache(maxsize=4096)(self._expand_uncached)
        self._codes = [(i, e.code, e.kind) for i, e in enumerate(self.entries)]
        self._order = [self._tiebreak(i) for i in range(len(self.entries))]
        self._by_basic: dict[str, list[int]] = {}
        for i, e in enumerate(self.entries):
            if e.kind != "basic":
                for b in e.basic_codes:
                    self._by_basic.setdefault(b, []).append(i)

    # -- words ---------------------------------------------------------------------------------

    def _expand_uncached(self, word: str) -> tuple[tuple[str, float], ...]:
        """Vocabulary words matching ``word``: exact 1.0, prefix 0.75, typo 0.6 (d=1) / 0.4 (d=2)."""
        found: dict[str, float] = {}
        if word in self._postings:
            found[word] = 1.0
        if word.isdigit():
            return tuple(found.items())
        if len(word) >= 2:
            prefixed: list[str] = []
            k = bisect_left(self._vocab, word)
            while k < len(self._vocab) and self._vocab[k].startswith(word):
                if self._vocab[k] != word:
                    prefixed.append(self._vocab[k])
                k += 1
            prefixed.sort(key=len)
            for w in prefixed[:40]:
                found.setdefault(w, 0.75 if len(word) >= 3 else 0.5)
        limit = 0 if word in found else _max_typos(word)
        if limit:
            candidates: set[str] = set()
            for d in _deletes(word, limit):
                candidates.update(self._deletion_index.get(d, ()))
            for c in candidates:
                if c in found:
                    continue
                dist = osa_distance(word, c, limit)
                if dist <= limit:
                    found[c] = 0.6 if dist == 1 else 0.4
            # A typo in the beginning of a longer word ("fial" -> "failed"): one edit, then prefix.
            for variant in _edits1(word):
                k = bisect_left(self._vocab, variant)
                n = 0
                while k < len(self._vocab) and self._vocab[k].startswith(variant) and n < 10:
                    found.setdefault(self._vocab[k], 0.45)
                    k += 1
                    n += 1
        return tuple(found.items())

    # -- codes ---------------------------------------------------------------------------------

    def _code_scores(self, query: str) -> tuple[dict[int, float], list[Span]]:
        scores: dict[int, float] = {}
        used: list[Span] = []

        def bump(i: int, s: float) -> None:
            if s > scores.get(i, 0.0):
                scores[i] = s + 0.01 * scores.get(i, 0.0)
            else:
                scores[i] += 0.01 * s

        stripped = query.strip()
        if _CODE_QUERY_RE.match(stripped):
            self._prefix_scores(stripped.upper(), bump)
            start = query.find(stripped)
            used.append((start, start + len(stripped)))
        found = list(self._find_codes(query))
        for m in re.finditer(r"(?<![\w.])[xX]\.\d{1,3}\.\d{1,3}(?![\w.])", query):
            found.append((m.group(0), m.start(), m.end()))
        for code, start, end in found:
            used.append((start, end))
            c = normalize_code(code)
            if BASIC_RE.match(c):
                for i, e_code, kind in self._codes:
                    if e_code == c:
                        bump(i, 100.0 if kind == "basic" else 80.0)
                for i in self._by_basic.get(c, ()):
                    e = self.entries[i]
                    bump(i, 30.0 if e.kind == "provider" else (40.0 if e.class_ in ("X", c[0]) else 20.0))
            elif ENHANCED_RE.match(c):
                general = general_form(c)
                is_general = c.startswith("X")
                for i, e_code, kind in self._codes:
                    e = self.entries[i]
                    if e_code == c:
                        bump(i, 100.0 if kind == "enhanced" else 80.0)
                    elif kind == "enhanced" and e_code == general:
                        bump(i, 90.0)
                    elif kind == "enhanced" and is_general and general_form(e_code) == general:
                        bump(i, 95.0)
                    elif kind == "provider" and (
                        e.covers(c) or (is_general and ENHANCED_RE.match(e_code) and general_form(e_code) == c)
                    ):
                        bump(i, 80.0)
        return scores, used

    def _prefix_scores(self, prefix: str, bump: Callable[[int, float], None]) -> None:
        general_prefix = prefix.startswith("X")
        for i, code, kind in self._codes:
            if kind == "provider" and not (ENHANCED_RE.match(code) or BASIC_RE.match(code) or "-" in code):
                continue
            target = code
            if general_prefix and ENHANCED_RE.match(code):
                target = "X" + code[1:]
            if kind == "provider" and "-" in code:
                target = code.split("-", 1)[0]
            if target == prefix:
                bump(i, 100.0 if kind != "provider" else 80.0)
            elif target.startswith(prefix) and (len(prefix) < 3 or not prefix[-1].isdigit() or "." in prefix):
                extra = len(target) - len(prefix)
                base = 70.0 if kind != "provider" else 55.0
                bump(i, base - extra)

    # -- query ---------------------------------------------------------------------------------

    def search(self, query: str, limit: int | None = 50) -> list[Hit]:
        """Entries ranked for ``query``, best first (at most ``limit``; None for all)."""
        if not query or not query.strip():
            return []
        scores, code_spans = self._code_scores(query)
        low = query.lower()
        fragment_hits: dict[int, list[str]] = {}
        if len(low) >= 8:
            for i, e in enumerate(self.entries):
                if e.kind != "provider":
                    continue
                frags = [f for f in e.text_fragments if len(f) >= 4 and f in low]
                if frags:
                    fragment_hits[i] = frags
                    scores[i] = scores.get(i, 0.0) + 60.0 + min(40, max(len(f) for f in frags)) / 2
        words = [
            w for w, s, t in _tokens(query) if w not in _STOPWORDS and not any(a <= s and t <= b for a, b in code_spans)
        ]
        words = list(dict.fromkeys(words))
        matched_words: dict[int, set[str]] = {}
        if words:
            total: dict[int, float] = {}
            count: dict[int, int] = {}
            for w in words:
                best: dict[int, float] = {}
                for vocab_word, quality in self._expand(w):
                    for i, fi in self._postings[vocab_word]:
                        contrib = quality * FIELD_WEIGHT[FIELDS[fi]]
                        if contrib > best.get(i, 0.0):
                            best[i] = contrib
                        matched_words.setdefault(i, set()).add(vocab_word)
                for i, contrib in best.items():
                    total[i] = total.get(i, 0.0) + contrib
                    count[i] = count.get(i, 0) + 1
            n = len(words)
            # With codes in the query (a pasted reply line) words only order entries among the
            # code hits and the provider entries; without codes they are the whole score.
            weight = 1.0 if code_spans else 6.0
            for i, t in total.items():
                coverage = count[i] / n
                if n >= 3 and coverage < 0.34 and i not in scores:
                    continue
                scores[i] = scores.get(i, 0.0) + (t / n) * weight * coverage * coverage
        order = self._order
        if limit is not None and limit < len(scores):
            ranked = heapq.nsmallest(limit, scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        else:
            ranked = sorted(scores.items(), key=lambda kv: (-kv[1], order[kv[0]]))
        return [
            Hit(self.entries[i], round(s, 3), self._spans(i, matched_words.get(i, set()), fragment_hits.get(i, [])))
            for i, s in ranked
            if s > 0
        ]

    def _tiebreak(self, i: int) -> tuple[int, int, tuple[int, ...], str]:
        e = self.entries[i]
        order = {"basic": 0, "enhanced": 1, "provider": 2}[e.kind]
        cls = "X542".find(e.class_ or "X")
        numbers = tuple(int(n) for n in re.findall(r"\d+", e.code))
        return (order, cls, numbers, e.id)

    def _spans(self, i: int, words: set[str], fragments: list[str]) -> dict[str, list[Span]]:
        out: dict[str, list[Span]] = {}
        for name, toks in self._field_tokens[i].items():
            spans = [(s, t) for w, s, t in toks if w in words]
            if name == "text_fragments" and fragments:
                text = field_text(self.entries[i], name)
                for f in fragments:
                    k = text.find(f)
                    if k >= 0:
                        spans.append((k, k + len(f)))
            if spans:
                out[name] = sorted(set(spans))
        return out


@lru_cache(maxsize=1)
def default_index() -> SearchIndex:
    """The index over the packaged tables, built once."""
    return SearchIndex(load_reference())


def search(query: str, limit: int | None = 50) -> list[Hit]:
    """Search the packaged reference (see :class:`SearchIndex`)."""
    return default_index().search(query, limit)


RELEVANCE_RATIO = 0.2
"""A hit is relevant when it scores at least this share of the reference score (see :func:`relevant`)."""
RELEVANCE_ANCHOR = 3
"""The reference score is the score of this hit in the ranking (the best when there are fewer)."""


def relevant(hits: Sequence[Hit], ratio: float = RELEVANCE_RATIO, anchor: int = RELEVANCE_ANCHOR) -> list[Hit]:
    """The head of a ranking (best first) without its tail of weak matches.

    A hit stays when its score is at least ``ratio`` times the ``anchor``-th best score. Taking
    the third score rather than the first keeps one outlier (a provider entry whose reply text
    occurs in the query scores far above the table entries) from cutting the good matches below
    it; an entry that matched one word of several, or only through a typo, falls below.
    """
    if not hits:
        return []
    reference = hits[min(anchor, len(hits)) - 1].score
    return [h for h in hits if h.score >= ratio * reference]


def highlight(text: str, spans: Sequence[Span], start: str = "[", end: str = "]") -> str:
    """``text`` with each span wrapped in ``start``/``end`` markers (for terminals and tests)."""
    out: list[str] = []
    pos = 0
    for s, t in sorted(spans):
        if s < pos:
            continue
        out.append(text[pos:s])
        out.append(start + text[s:t] + end)
        pos = t
    out.append(text[pos:])
    return "".join(out)
