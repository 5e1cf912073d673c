"""Pulling mail addresses out of text without ``email.utils.parseaddr`` (CVE-2023-27043 on 3.11.7).

Addresses may be internationalised (RFC 6531): the local part and domain may hold any letters.
What no address holds: CJK punctuation and full-width forms (``、。「」（）：＠``), which end one as
a blank does; and a top-level label that runs from ASCII into another script (a root-zone label is
all ASCII or all one script, RFC 5890/5892), which is text written against the address, as Chinese
and Japanese notices do (``user@example.comは届きませんでした``), and is cut off there, as is the
same kind of text written before the local part (``メールuser@...``).
"""

from __future__ import annotations

import re

# CJK symbols and punctuation (U+3000-303F) and half- and full-width forms (U+FF00-FFEF).
_NOT_IN_ADDRESS = "\u3000-\u303f\uff00-\uffef"
_ATOM = rf"[^\s<>()\[\]\"',;:@\\{_NOT_IN_ADDRESS}]+"
# Characters of an address without its dots. Every part below is written so that a text splits
# into it one way only: an expression whose runs of characters may or may not include the dots
# between them tries every split of a long dotted run before it fails (found by fuzzing: a reply
# holding "U......nauthenticated" took minutes).
_CHAR = rf"[^\s<>()\[\]\"',;:@\\.{_NOT_IN_ADDRESS}]"
# Local part: dots anywhere (mobile carriers allow "a..b.@"), at least one other character.
_LOCAL = rf"\.*{_CHAR}+(?:\.+{_CHAR}+)*\.*"
# Domain: at least one dot after a name character, ending with a name character.
_DOMAIN = rf"\.*{_CHAR}+(?:\.+{_CHAR}+)+"
_ADDR = rf"{_LOCAL}@{_DOMAIN}"
ANGLE_ADDRESS_RE = re.compile(rf"<\s*(?:mailto:)?({_ADDR}|{_ATOM}@{_ATOM})\s*>", re.I)
# A bare address starts where a run of address characters (dots included) starts: the look-behind
# refuses every later start in the run, which could only find the same address or none (with the
# word characters alone refused, a long run of "!" was tried from each of its characters: quadratic).
BARE_ADDRESS_RE = re.compile(rf"(?<![^\s<>()\[\]\"',;:@\\{_NOT_IN_ADDRESS}])({_ADDR})")
_QUOTED_LOCAL_RE = re.compile(r'<?("[^"\n]{1,64}"@[^\s<>()\[\]"\',;:@\\]+)>?')


def clean_address(addr: str) -> str:
    a = addr.strip().strip("<>").strip()
    if a.lower().startswith("mailto:"):
        a = a[7:]
    if not a.isascii():
        a = _unglue(a)
    return a.rstrip(".")


def _is_cjk(ch: str) -> bool:
    """Han, kana or Hangul: the scripts whose text is written without blanks around an address."""
    return "\u2e80" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" or "\uf900" <= ch <= "\ufaff" or ch >= "\U00020000"


def _unglue(addr: str) -> str:
    """``addr`` without CJK text written against it (see the module docstring)."""
    local, at, domain = addr.rpartition("@")
    if not at:
        return addr
    head, dot, last = domain.rpartition(".")
    cut = next((i for i, ch in enumerate(last) if not ch.isascii()), len(last))
    if dot and 0 < cut < len(last) and _is_cjk(last[cut]):
        domain = head + dot + last[:cut]  # "example.comは..." -> "example.com"
    if domain.isascii():
        start = len(local)
        while start > 0 and local[start - 1].isascii():
            start -= 1
        if 0 < start < len(local) and _is_cjk(local[start - 1]):
            local = local[start:]  # "メールuser" -> "user"
    return local + at + domain


def first_address(text: str) -> str | None:
    """The first address in ``text``: one in angle brackets first, else the first bare one."""
    if not text:
        return None
    m = ANGLE_ADDRESS_RE.search(text)
    if m:
        return clean_address(m.group(1))
    m = BARE_ADDRESS_RE.search(text)
    if m:
        return clean_address(m.group(1))
    m = _QUOTED_LOCAL_RE.search(text)
    return m.group(1) if m else None


def is_address(text: str) -> bool:
    return bool(re.fullmatch(_ADDR, text.strip()))


# Second-level labels under a country code that are not themselves a registrant (example.co.jp).
_SECOND_LEVEL = frozenset("co ne or ac ad go gr lg ed com net org gov edu mil ltd plc nic".split())


def organisational_domain(host: str) -> str:
    """The part of a host name a registrant owns (``mx.mail.example.co.jp`` -> ``example.co.jp``), by a
    short rule (no public-suffix list): the last two labels, three under ``co.jp``-style endings.
    Used for relaxed DMARC alignment and to group host names under one pseudonym."""
    labels = host.lower().rstrip(".").split(".")
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def domain_of(address: str | None) -> str | None:
    """The domain of the first address in ``address`` (a header value or a bare address), lower-cased."""
    if not address:
        return None
    found = first_address(address) if "@" in address else None
    if not found or "@" not in found:
        return None
    return found.rsplit("@", 1)[1].strip(".>").lower() or None
