"""Turning bytes into text whatever the charset says: every codec Python knows, with a fallback
and a warning when the declared charset is unknown or does not fit the bytes."""

from __future__ import annotations

import codecs
import html
import re

# Charset names seen in real mail that Python does not know under that spelling.
_ALIASES = {
    "unknown-8bit": "utf-8",
    "x-unknown": "utf-8",
    "x-user-defined": "latin-1",
    "ansi_x3.4-1968": "ascii",
    "iso-8859-8-i": "iso-8859-8",
    "ks_c_5601-1987": "cp949",
    "x-sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "windows-874": "cp874",
    "x-mac-roman": "mac_roman",
    "gb2312": "gb18030",
    "gbk": "gb18030",
}


_JIS_ESCAPE_RE = re.compile(rb"\x1b\$[@B]|\x1b\$\(D")


def normalise_charset(charset: str | None) -> str | None:
    if not charset:
        return None
    name = charset.strip().strip('"').lower()
    return _ALIASES.get(name, name)


def decode_bytes(data: bytes, charset: str | None) -> tuple[str, str | None]:
    """Decode ``data``; returns (text, warning or None). Never raises."""
    declared = normalise_charset(charset) or "us-ascii"
    try:
        codec = codecs.lookup(declared).name
    except (LookupError, ValueError, TypeError):  # unknown name, or junk such as NUL in it
        text = _best_effort(data)
        return text, f"unknown charset {charset!r}; shown as UTF-8 where valid, Latin-1 elsewhere"
    if codec == "ascii":
        if b"\x1b" in data and _JIS_ESCAPE_RE.search(data):
            # 7-bit Japanese mail (ISO-2022-JP) often arrives with no charset declared at all.
            try:
                return data.decode("iso2022_jp_ext"), None
            except UnicodeDecodeError:
                pass
        try:
            return data.decode("ascii"), None
        except UnicodeDecodeError:
            # Undeclared 8-bit text is nearly always UTF-8 today.
            return _best_effort(data), None
    try:
        return data.decode(codec), None
    except UnicodeDecodeError:
        if codec != "utf-8":
            try:
                return data.decode("utf-8"), f"text is not valid {charset}; decoded as UTF-8"
            except UnicodeDecodeError:
                pass
        return data.decode(codec, errors="replace"), f"text does not match its charset {charset!r}; bad bytes replaced"
    except Exception:  # noqa: BLE001 - some codecs raise other errors on junk
        return _best_effort(data), f"charset {charset!r} failed on this text; shown as UTF-8/Latin-1"


def _best_effort(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


_TAG_RE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]*>", re.S | re.I)
_BLOCK_RE = re.compile(r"<\s*(?:br|/p|/div|/tr|/li|/h\d|p|div|tr|li|table|/table)\b[^>]*>", re.I)


def html_to_text(html_text: str) -> str:
    """Readable text from HTML for code finding and recognisers (no rendering, no resources)."""
    s = _BLOCK_RE.sub("\n", html_text)
    s = _TAG_RE.sub("", s)
    s = html.unescape(s)
    s = re.sub(r"[ \t\u00a0]+", " ", s)
    return re.sub(r"\n\s*\n+", "\n", s).strip()
