"""Redacting a bounce so it can be shared: every personal detail replaced by a stable pseudonym.

Works on the message bytes, entity by entity (headers, every text part, the delivery-status
fields, the returned message and its headers), decoding base64 and quoted-printable bodies and
encoded words before it looks, and encoding them again the same way after. What explains the bounce
stays: reply codes, enhanced and provider codes, the wording, the MIME structure, the DSN field
names, the dates (optionally shifted by whole days).

Within one input the same original always gets the same pseudonym:

- local parts ``user1``, ``user2``... (role mailboxes such as MAILER-DAEMON and postmaster kept),
- domains ``example1.test``...; host names ``mx1.example1.test``, ``host2.example1.test``...
  (well-known providers and services in ``resources/reference/kept_domains.toml`` kept),
- IPv4 ``192.0.2.x`` (then 198.51.100.x, 203.0.113.x), IPv6 ``2001:db8::x``,
- Message-IDs ``<msgid1@example1.test>``, personal names in address headers ``Person 1``,
- subjects of the returned message ``Subject 1`` (optional), wherever that subject is quoted.

Two passes: the first reads everything and learns which domains are mail domains, which strings
are Message-IDs and subjects, and which pseudonyms would collide with something already in the
message; the second writes. Nothing here touches the input file.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import ipaddress
import quopri
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from email.header import Header
from email.utils import format_datetime, getaddresses, parsedate_to_datetime
from functools import lru_cache

from inspector.core.addresses import organisational_domain as registrable
from inspector.core.headers import boundary_of, decode_value, parse_params, raw_value
from inspector.core.loader import detect_kind, looks_binary
from inspector.core.mime import transfer_decode
from inspector.core.mimeparse import IDENTITY_ENCODINGS, Entity, ParsedMessage, parse_message
from inspector.core.text import normalise_charset
from inspector.reference.cache import cached_toml
from inspector.resources import resource_path

# -- the shapes of what is replaced ---------------------------------------------------------------

_LABEL = r"[^\W_](?:[\w-]{0,61}[^\W_])?"  # letters of any script: internationalised names too
_LAST = r"[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"  # the top-level label: ASCII (or xn--...)
_HOST = rf"(?:{_LABEL}\.)+{_LAST}"
_END = r"(?![A-Za-z0-9-]|\.[A-Za-z0-9])"
_HOST_RE = re.compile(rf"(?<![\w.-]){_HOST}{_END}")
_ATEXT = r"\w!#$%&'*+/=?^`{|}~\-"
_ADDRESS_RE = re.compile(
    rf"(?<![{_ATEXT}.])(?P<local>[{_ATEXT}]+(?:\.[{_ATEXT}]+)*)@"
    rf"(?:(?P<domain>{_HOST}){_END}|(?P<literal>\[?(?:IPv6:)?[0-9A-Fa-f:.]+\]?))"
)
_OCTET = r"(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
_IPV4_RE = re.compile(rf"(?<![\d.]){_OCTET}(?:\.{_OCTET}){{3}}(?!\.?\d)")
_IPV6_RE = re.compile(r"(?:(?<=IPv6:)|(?<=ipv6:)|(?<![\w:.]))(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f.]{0,15}(?![\w:])")
_MSGID_HEADERS = frozenset(
    ("message-id", "in-reply-to", "references", "original-message-id", "x-original-message-id", "resent-message-id")
)
# "[\w-]*Message-ID" starts only where a run of word characters and dashes starts: tried from each
# of them (as after a mere \b), a long "a-a-a-..." took quadratic time (found by fuzzing).
_MSGID_IN_TEXT_RE = re.compile(r"(?im)(?:(?<![\w-])[\w-]*Message-ID|\bIn-Reply-To)\s*:\s*<([^<>@\s]+)@")
_MSGID_TOKEN_RE = re.compile(r"<([^<>@\s]+)@[^<>\s]+>")
_NAMED_ADDRESS_HEADERS = frozenset(
    (
        "from",
        "to",
        "cc",
        "bcc",
        "reply-to",
        "sender",
        "resent-from",
        "resent-to",
        "resent-cc",
        "resent-sender",
        "disposition-notification-to",
    )
)
# Possessive runs: the spaces of the lead and the name can be split one way only (with "\s*" and a
# lazy name, a value of thousands of spaces took cubic time to fail; found by fuzzing).
_NAME_BEFORE_ADDRESS_RE = re.compile(r'(?P<lead>(?:^|,)\s*+)(?P<q>"?)(?P<name>[^,<>"]*+)(?P=q)\s*<(?P<addr>[^<>\s]+)>')
_ENCODED_WORD_RE = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?\s]*)\?=")
_DSN_HOST_RE = re.compile(
    r"(?im)^((?:Reporting|Remote|Received-From)-MTA[ \t]*:[ \t]*dns[ \t]*;[ \t]*)([A-Za-z][\w-]*)[ \t]*$"
)
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_DATE_RE = re.compile(
    rf"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),?\s*)?\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}\s+\d{{1,2}}:\d\d(?::\d\d)?"
    r"(?:\s*(?:[+-]\d{4}|UT|GMT|[ECMP][SD]T|Z))?"
)
_NOT_BASE64_RE = re.compile(rb"[@:<>]|[A-Za-z0-9+/=][ \t]+[A-Za-z0-9+/=]")
"""What base64 never holds and text does: an address's "@", a header's colon, angle brackets, a
blank between two words (a stray dot or dash is damage to base64, and is decoded past)."""
_BOUNDARY_PARAM_RE = re.compile(r'(?i)\bboundary\s*=\s*(?:"(?:[^"\\]|\\.)*"|[^\s;"]+)')

# Endings that make a dotted word a host name when it stands alone (not in an address). Any
# two-letter country code counts, but for a few that are much more often file endings.
_GENERIC_TLDS = frozenset(
    "com net org edu gov mil int info biz name pro mobi asia io co me tv cc app dev cloud online site xyz top club "
    "shop email test invalid example local localdomain lan internal corp home arpa jobs travel aero coop tel".split()
)
_FILE_ENDINGS = frozenset("cf js py sh db rb gz so ts hs cs po mo el pl pm md ps".split())

# "key=" in front of an address in Authentication-Results, Received-SPF and log lines: not part of it.
_KEY_PREFIX_RE = re.compile(
    r"^(?:[A-Za-z][\w-]*\.[A-Za-z][\w-]*|envelope-from|from|to|orig_to|orcpt|sender|recipient|rcpt|mailfrom|"
    r"identity|user|ruser|mail_from|rcpt_to)=",
    re.I,
)
_ROLE_AFFIX_RE = re.compile(r"(?:owner-(?P<name>.+)|(?P<name2>.+)-(?:admin|request|owner|bounces))$")
BINARY_PLACEHOLDER = b"(binary content removed by the redactor)\n"
_MAX_ROLE_LOCAL = 256
_MAX_DEPTH = 40


@dataclass(frozen=True, slots=True)
class RedactOptions:
    subjects: bool = True
    """Replace the returned message's subject (and every quotation of it) by ``Subject N``."""
    shift_days: int = 0
    """Move every date by this many days (0: dates kept)."""


@dataclass(slots=True)
class RedactResult:
    data: bytes
    replacements: dict[str, str] = field(default_factory=dict)
    """Original -> pseudonym, in the order first met (for a preview that highlights them)."""

    def pseudonyms(self) -> list[str]:
        return list(dict.fromkeys(self.replacements.values()))


@dataclass(frozen=True, slots=True)
class KeptNames:
    domains: frozenset[str]
    local_parts: frozenset[str]


@lru_cache(maxsize=1)
def kept_names() -> KeptNames:
    """The kept provider domains and role local parts (resources/reference/kept_domains.toml)."""
    data = cached_toml("kept_domains", resource_path("reference", "kept_domains.toml"))
    return KeptNames(
        domains=frozenset(str(d).lower() for d in data.get("domains", [])),
        local_parts=frozenset(str(p).lower() for p in data.get("local_parts", [])),
    )


class Pseudonyms:
    """The maps from originals to pseudonyms for one input, and what the first pass learned."""

    def __init__(self, options: RedactOptions, kept: KeptNames) -> None:
        self.options = options
        self.kept = kept
        self.learning = True
        self.locals: dict[str, str] = {}
        self.msgid_locals: dict[str, str] = {}
        self.domains: dict[str, str] = {}
        self.hosts: dict[str, str] = {}
        self.host_counters: dict[str, int] = {}
        self.ips: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.subjects: dict[str, str] = {}
        self.mail_domains: set[str] = set()
        """Registrable domains seen in addresses: a standalone mention of one is a host name."""
        self.seen: set[str] = set()
        """Lower-cased hosts and IPs of the input: pseudonyms never take one of these."""
        self.produced: set[str] = set()
        self.replacements: dict[str, str] = {}
        self._subject_re: re.Pattern[str] | None = None

    # -- allocation ----------------------------------------------------------------------------

    def _record(self, original: str, pseudonym: str) -> str:
        if not self.learning and original != pseudonym:
            self.replacements.setdefault(original, pseudonym)
        self.produced.add(pseudonym.lower())
        return pseudonym

    def _free_domain(self) -> str:
        n = len(self.domains) + 1
        while f"example{n}.test" in self.seen:
            n += 1
        return f"example{n}.test"

    def is_kept_domain(self, host: str) -> bool:
        labels = host.lower().split(".")
        return any(".".join(labels[i:]) in self.kept.domains for i in range(len(labels) - 1))

    def host(self, original: str) -> str:
        low = original.lower().rstrip(".")
        if low in self.produced:
            return original
        if self.is_kept_domain(low):
            return self._inside_kept(original)
        if low in self.hosts:
            return self._record(original, self.hosts[low])
        reg = registrable(low)
        domain = self.domains.get(reg)
        if domain is None:
            domain = self.domains[reg] = self._free_domain()
        if low == reg:
            pseudo = domain
        else:
            first = low.split(".", 1)[0]
            kind = next((k for k in ("mx", "smtp", "mail", "mta") if first.startswith(k)), "host")
            n = self.host_counters.get(kind, 0) + 1
            while f"{kind}{n}.{domain}" in self.seen:
                n += 1
            self.host_counters[kind] = n
            pseudo = f"{kind}{n}.{domain}"
        self.hosts[low] = pseudo
        return self._record(original, pseudo)

    def _inside_kept(self, original: str) -> str:
        """A provider's host that spells a customer's domain (``example-com.mail.protection.outlook.com``)
        gets that domain replaced; other provider hosts stay as they are."""
        if self.learning:
            return original
        out = original
        for domain in self.mail_domains:
            if self.is_kept_domain(domain):
                continue
            for sep in (".", "-"):
                spelled = domain.replace(".", sep)
                pattern = re.compile(rf"(?i)(?<![A-Za-z0-9-]){re.escape(spelled)}(?=[.-])")
                if pattern.search(out):
                    pseudo = self.host(domain).replace(".", sep)
                    out = pattern.sub(pseudo, out)
        return self._record(original, out) if out != original else original

    def single_label_host(self, original: str) -> str:
        """A host named without its domain (``Reporting-MTA: dns; mail01``)."""
        low = original.lower()
        if low in ("localhost", "unknown") or low in self.produced:
            return original
        pseudo = self.hosts.get(low)
        if pseudo is None:
            n = self.host_counters.get("host", 0) + 1
            self.host_counters["host"] = n
            pseudo = self.hosts[low] = f"host{n}"
        return self._record(original, pseudo)

    def local(self, original: str) -> str:
        low = original.lower()
        if low in self.kept.local_parts or low in self.produced:
            return original
        if low in self.msgid_locals:
            return self._record(original, self.msgid_locals[low])
        # Roles are peeled off a local part of a sensible length only (RFC 5321: 64 octets): each
        # one peeled is a call deeper, and "owner-owner-..." of any length ran out of stack.
        role = _ROLE_AFFIX_RE.match(low) if len(low) <= _MAX_ROLE_LOCAL else None
        if role is not None:  # list roles (neko-admin, owner-neko): the role is kept, the name replaced
            group = "name" if role.group("name") else "name2"
            a, b = role.span(group)
            return self._record(original, original[:a] + self.local(original[a:b]) + original[b:])
        pseudo = self.locals.get(low)
        if pseudo is None:
            pseudo = self.locals[low] = f"user{len(self.locals) + 1}"
        return self._record(original, pseudo)

    def msgid_local(self, original: str) -> None:
        low = original.lower()
        if low not in self.msgid_locals and low not in self.kept.local_parts:
            self.msgid_locals[low] = f"msgid{len(self.msgid_locals) + 1}"

    def ip(self, original: str, version: int) -> str:
        low = original.lower()
        if low in self.produced:
            return original
        if self.learning:
            self.seen.add(low)
            return original
        pseudo = self.ips.get(low)
        if pseudo is None:
            n = len(self.ips) + 1
            while True:
                pseudo = _ipv4_pseudonym(n) if version == 4 else f"2001:db8::{n:x}"
                if pseudo not in self.seen:
                    break
                n += 1
            self.ips[low] = pseudo
        return self._record(original, pseudo)

    def name(self, original: str) -> str:
        key = " ".join(original.split()).lower()
        pseudo = self.names.get(key)
        if pseudo is None:
            pseudo = self.names[key] = f"Person {len(self.names) + 1}"
        return self._record(original, pseudo)

    def subject(self, original: str) -> str:
        key = " ".join(original.split())
        if not key or not self.options.subjects:
            return original
        pseudo = self.subjects.get(key)
        if pseudo is None:
            pseudo = self.subjects[key] = f"Subject {len(self.subjects) + 1}"
            self._subject_re = None
        return self._record(original, pseudo)

    # -- text ----------------------------------------------------------------------------------

    def text(self, s: str) -> str:
        """Every personal detail in ``s`` replaced (in the first pass: only learned)."""
        if not s:
            return s
        if self.learning:
            self._learn(s)
            return s
        if self.options.shift_days:
            s = _DATE_RE.sub(self._shift_date, s)
        if self.subjects and self.options.subjects:
            s = self._subjects_re().sub(lambda m: self.subjects[" ".join(m.group(0).split())], s)
        s = _IPV6_RE.sub(self._ipv6, s)
        s = _IPV4_RE.sub(lambda m: self._ipv4(m.group(0)), s)
        s = _ADDRESS_RE.sub(self._address, s)
        s = _HOST_RE.sub(self._standalone_host, s)
        return s

    def _learn(self, s: str) -> None:
        for m in _ADDRESS_RE.finditer(s):
            if m.group("domain"):
                self.mail_domains.add(registrable(m.group("domain")))
        for m in _HOST_RE.finditer(s):
            self.seen.add(m.group(0).lower())
        for m in _IPV4_RE.finditer(s):
            self.seen.add(m.group(0))
        for m in _IPV6_RE.finditer(s):
            self.seen.add(m.group(0).lower())
        for m in _MSGID_IN_TEXT_RE.finditer(s):
            self.msgid_local(m.group(1))

    def _subjects_re(self) -> re.Pattern[str]:
        if self._subject_re is None:
            quoted = [s for s in sorted(self.subjects, key=len, reverse=True) if len(s) >= 6]
            words = [r"\s+".join(re.escape(w) for w in s.split()) for s in quoted]
            self._subject_re = re.compile("|".join(words) if words else r"(?!x)x")
        return self._subject_re

    def _shift_date(self, m: re.Match[str]) -> str:
        try:
            when = parsedate_to_datetime(m.group(0))
        except (TypeError, ValueError, IndexError):
            return m.group(0)
        if when is None:
            return m.group(0)
        return format_datetime(when + timedelta(days=self.options.shift_days))

    def _ipv4(self, s: str) -> str:
        if _kept_ip(s):
            return s
        return self.ip(s, 4)

    def _ipv6(self, m: re.Match[str]) -> str:
        s = m.group(0)
        try:
            addr = ipaddress.ip_address(s)
        except ValueError:
            return s
        if _kept_ip(s) or addr.version != 6:
            return s
        return self.ip(s, 6)

    def _address(self, m: re.Match[str]) -> str:
        local = m.group("local")
        key = _KEY_PREFIX_RE.match(local)
        prefix = ""
        if key is not None:  # smtp.mailfrom=user@..., header.i=@..., envelope-from=...: the key stays
            prefix, local = key.group(0), local[key.end() :]
        new_local = self.local(local) if local else ""
        if m.group("domain") is None:  # user@[192.0.2.1], user@192.0.2.1: the IP was replaced already
            return f"{prefix}{new_local}@{m.group('literal')}"
        return f"{prefix}{new_local}@{self.host(m.group('domain'))}"

    def _standalone_host(self, m: re.Match[str]) -> str:
        s = m.group(0)
        low = s.lower()
        if low in self.produced:
            return s
        tld = low.rsplit(".", 1)[-1]
        if not (tld.isalpha() or tld.startswith("xn--")):
            return s
        looks_host = (
            low in self.hosts
            or registrable(low) in self.mail_domains
            or tld in _GENERIC_TLDS
            or (len(tld) == 2 and tld not in _FILE_ENDINGS)
        )
        return self.host(s) if looks_host else s


def _ipv4_pseudonym(n: int) -> str:
    nets = ("192.0.2", "198.51.100", "203.0.113")
    block, host = divmod(n - 1, 254)
    if block < len(nets):
        return f"{nets[block]}.{host + 1}"
    return f"192.0.2.{(n % 254) + 1}"  # past 762 different addresses pseudonyms repeat


def _kept_ip(s: str) -> bool:
    """Loopback, unspecified and documentation addresses say nothing about anyone."""
    try:
        addr = ipaddress.ip_address(s)
    except ValueError:
        return True
    if addr.is_loopback or addr.is_unspecified:
        return True
    docs = ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
    return any(addr in ipaddress.ip_network(n) for n in docs if ipaddress.ip_network(n).version == addr.version)


# -- the message walk -------------------------------------------------------------------------------


class _Walker:
    """Goes through a message's entities and hands every piece of text to ``Pseudonyms``."""

    def __init__(self, p: Pseudonyms) -> None:
        self.p = p

    # headers ----------------------------------------------------------------------------------

    def header_block(self, block: str, depth: int) -> str:
        fields: list[str] = []
        for line in block.splitlines(keepends=True):
            if fields and line[:1] in (" ", "\t"):
                fields[-1] += line
            else:
                fields.append(line)
        return "".join(self.header_field(f, depth) for f in fields)

    def header_field(self, raw: str, depth: int) -> str:
        m = re.match(r"([^:\s]+)([ \t]*:)(.*)", raw, re.S)
        if m is None:
            return self.p.text(raw)
        name, colon, value = m.groups()
        low = name.lower()
        end = value[len(value.rstrip("\r\n")) :]
        if low == "content-type":
            return name + colon + self.content_type(value)
        if low in ("content-transfer-encoding", "mime-version"):
            return raw
        if low in _MSGID_HEADERS and self.p.learning:
            for t in _MSGID_TOKEN_RE.finditer(value):
                self.p.msgid_local(t.group(1))
        if low == "subject" and depth > 0 and self.p.options.subjects:
            decoded = decode_value(value)
            if self.p.learning:
                self.p.subject(decoded)
                return raw
            return f"{name}{colon} {self.p.subject(decoded)}{end}"
        if low in _NAMED_ADDRESS_HEADERS:
            named = self.named_addresses(value)
            if named is not None:
                return f"{name}{colon} {named}{end}"
            return name + colon + self.header_text(_NAME_BEFORE_ADDRESS_RE.sub(self._name_in_place, value))
        return name + colon + self.header_text(value)

    def _name_in_place(self, m: re.Match[str]) -> str:
        display, addr = m.group("name").strip(), m.group("addr")
        local = addr.rsplit("@", 1)[0].lower()
        if not display or "=?" in display or local in self.p.kept.local_parts:
            return m.group(0)
        return f"{m.group('lead')}{m.group('q')}{self.p.name(display)}{m.group('q')} <{addr}>"

    def content_type(self, value: str) -> str:
        old = boundary_of(value)
        if old is None:
            return value
        # The parameter is rewritten where it stands (the value is read by headers.boundary_of, as
        # the parse reads it; this pattern only finds its place).
        m = _BOUNDARY_PARAM_RE.search(value)
        if m is None:
            return value
        return value[: m.start()] + f'boundary="{self.boundary(old)}"' + value[m.end() :]

    def boundary(self, old: str) -> str:
        return self.p.text(old)

    def named_addresses(self, value: str) -> str | None:
        if len(value) > 8000:  # decode_value shortens very long values: replace in place instead
            return None
        decoded = decode_value(value)
        pairs = getaddresses([decoded])
        # An address the parser glued from several words ("a@b.example 192.0.2.1" gives
        # "a@b.example192.0.2.1") is no address to rewrite: the host in it was left as it was
        # (found by the property tests). Such values are replaced in place.
        if not pairs or any("@" not in addr or addr not in decoded for _n, addr in pairs):
            return None
        out = []
        for display, addr in pairs:
            local = addr.rsplit("@", 1)[0].lower()
            keep_name = not display or local in self.p.kept.local_parts
            new_name = self.p.text(display) if keep_name else self.p.name(display)
            new_addr = self.p.text(addr)
            out.append(_format_address(new_name, new_addr))
        return ", ".join(out)

    def header_text(self, value: str) -> str:
        if "=?" not in value:
            return self.p.text(value)
        out: list[str] = []
        pos = 0
        for m in _ENCODED_WORD_RE.finditer(value):
            out.append(self.p.text(value[pos : m.start()]))
            out.append(self.encoded_word(m))
            pos = m.end()
        out.append(self.p.text(value[pos:]))
        return "".join(out)

    def encoded_word(self, m: re.Match[str]) -> str:
        charset, enc, payload = m.group(1), m.group(2).lower(), m.group(3)
        codec = _codec(charset)
        try:
            raw = (
                base64.b64decode(payload + "===") if enc == "b" else quopri.decodestring(payload.encode(), header=True)
            )
        except (ValueError, binascii.Error, UnicodeError, LookupError):
            return m.group(0)
        text, codec = _decode(raw, codec)
        new = self.p.text(text)
        if new == text:
            return m.group(0)
        data = _encode_text(new, codec)
        if enc == "b":
            return f"=?{charset}?B?{base64.b64encode(data).decode('ascii')}?="
        q = "".join(
            chr(b) if (chr(b).isalnum() or chr(b) in "!*+-/") and b < 128 else ("_" if b == 32 else f"={b:02X}")
            for b in data
        )
        return f"=?{charset}?Q?{q}?="

    # entities ---------------------------------------------------------------------------------

    def entity(self, data: str, depth: int) -> str:
        """One message, headers and body, cut into its parts by :mod:`inspector.core.mimeparse`."""
        if depth > _MAX_DEPTH:
            return self.p.text(data)
        parsed = parse_message(data.encode("utf-8", "surrogateescape"))
        return self._entity(parsed, parsed.root, depth)

    def _entity(self, parsed: ParsedMessage, ent: Entity, depth: int, end: int | None = None) -> str:
        """``ent`` rewritten; ``end``: where its bytes end when that is past ``ent.end`` (the line
        end before a delimiter, which the parse gives to the delimiter, stays with the part here:
        a re-encoded body ends with one)."""
        end = ent.end if end is None else end

        def piece(start: int, end: int) -> str:
            return parsed.data[start:end].decode("utf-8", "surrogateescape")

        if depth > _MAX_DEPTH:
            return self.p.text(piece(ent.start, end))
        body_start = ent.body_start
        if ent.parts is None and any(d.name == "MissingHeaderBodySeparatorDefect" for d in ent.defects):
            # A line that is no field ended the fields early (a fold without its blank): fields may
            # follow it, so up to the empty line is read as header lines (a Subject stays one).
            blank = parsed.data.find(b"\n\n", body_start, end)
            body_start = end if blank < 0 else blank + 2
        head = piece(ent.start, body_start)
        new_head = self.header_block(head, depth) if head else ""
        ctype_value = raw_value(ent.headers, "content-type") or ""
        cte = decode_value(raw_value(ent.headers, "content-transfer-encoding") or "").lower()
        if ent.parts is not None and ent.content_type.startswith("multipart/"):
            boundary = boundary_of(ctype_value) or ""
            new_boundary = self.boundary(boundary)
            out = [new_head]
            at = ent.body_start
            for part in ent.parts:
                out.append(self._between_parts(piece(at, part.start), boundary, new_boundary))
                at = part.end + 1 if parsed.data[part.end : part.end + 1] == b"\n" else part.end
                out.append(self._entity(parsed, part, depth + 1, at))
            out.append(self._between_parts(piece(at, end), boundary, new_boundary))
            return "".join(out)
        if ent.parts is not None and (not cte or cte in IDENTITY_ENCODINGS):
            return new_head + self._entity(parsed, ent.parts[0], depth + 1, end)  # an embedded message as it stands
        return new_head + self.body(piece(body_start, end), ent.content_type, ctype_value, cte, depth)

    def _between_parts(self, text: str, boundary: str, new_boundary: str) -> str:
        """Preamble, delimiter lines and epilogue: the delimiters get the new boundary."""
        delimiter = "--" + boundary
        out = []
        for line in text.splitlines(keepends=True):
            stripped = line.rstrip()
            if stripped.startswith(delimiter) and stripped[len(delimiter) :] in ("", "--"):
                out.append("--" + new_boundary + line[len(delimiter) :])
            else:
                out.append(self.p.text(line))
        return "".join(out)

    def body(self, body: str, ctype: str, ctype_value: str, cte: str, depth: int) -> str:
        if not body:
            return body
        if ctype.startswith("multipart/"):
            return self.p.text(body)  # a multipart that could not be cut into parts
        if ctype in ("message/rfc822", "message/global"):
            return self.transcoded(body, cte, lambda s: self.entity(s, depth + 1), keep_charset=True)
        if ctype in ("text/rfc822-headers", "message/global-headers", "message/rfc822-headers"):
            return self.transcoded(body, cte, lambda s: self.header_block(s, depth + 1), keep_charset=True)
        if ctype in ("message/delivery-status", "message/global-delivery-status"):
            return self.transcoded(body, cte, self.dsn, keep_charset=True)
        charset = parse_params(ctype_value).get("charset") if ";" in ctype_value else None
        textual = ctype.startswith("text/") or ctype.startswith("message/")
        return self.transcoded(body, cte, self.p.text, charset=charset, textual=textual)

    def dsn(self, s: str) -> str:
        if not self.p.learning:
            s = _DSN_HOST_RE.sub(lambda m: m.group(1) + self.p.single_label_host(m.group(2)), s)
        return self.p.text(s)

    def transcoded(
        self,
        body: str,
        cte: str,
        fn: Callable[[str], str],
        charset: str | None = None,
        keep_charset: bool = False,
        textual: bool = True,
    ) -> str:
        """``fn`` over the decoded body, encoded back the way it came."""
        raw = body.encode("utf-8", "surrogateescape")
        trail = body[len(body.rstrip("\n")) :]
        if cte == "base64" and _NOT_BASE64_RE.search(raw):
            # Declared base64 but written as text (an address, a colon, a blank inside a line):
            # decoding it would give noise with the text's addresses hidden in it, left as they
            # were. Read as it stands.
            return fn(body)
        data = transfer_decode(raw, cte) if cte in ("base64", "quoted-printable") else raw
        if not textual and looks_binary(data):
            new_data = BINARY_PLACEHOLDER
        else:
            codec = "utf-8" if keep_charset or not charset else _codec(charset)
            text, codec = _decode(data, codec)
            new_text = fn(text)
            if new_text == text:
                return body
            new_data = _encode_text(new_text, codec)
        if cte == "base64":
            encoded = base64.encodebytes(new_data).decode("ascii")
        elif cte == "quoted-printable":
            encoded = quopri.encodestring(new_data).decode("ascii", "surrogateescape")
        else:
            return new_data.decode("utf-8", "surrogateescape")
        return encoded.rstrip("\n") + (trail or "\n")


def _decode(data: bytes, codec: str) -> tuple[str, str]:
    """``data`` decoded with ``codec`` so that it encodes back to the same bytes, and the codec used:
    Latin-1 when ``codec`` cannot (surrogateescape keeps only bytes from 0x80 up: a 7-bit codec such
    as ISO-2022-JP raised on a broken sequence, and an encoded word that did not decode was left as
    it was, addresses and all; found by fuzzing). Addresses are ASCII and survive either way."""
    try:
        return data.decode(codec, "surrogateescape"), codec
    except (UnicodeError, LookupError):
        return data.decode("latin-1"), "latin-1"


def _codec(charset: str | None) -> str:
    name = normalise_charset(charset) or "utf-8"
    try:
        codec = codecs.lookup(name).name
    except (LookupError, ValueError, TypeError):
        return "latin-1"
    return "utf-8" if codec == "ascii" else codec


def _encode_text(text: str, codec: str) -> bytes:
    try:
        return text.encode(codec, "surrogateescape")
    except (UnicodeError, LookupError):
        return text.encode(codec, "replace")


def _format_address(name: str, addr: str) -> str:
    if not name:
        return addr if addr.startswith("<") else f"<{addr}>"
    if any(ord(c) > 127 for c in name):
        return f"{Header(name, 'utf-8').encode()} <{addr}>"
    if re.search(r'[()<>\[\]:;@\\,."]', name):
        escaped = name.replace("\\", "\\\\").replace('"', '\\"')
        return f'"{escaped}" <{addr}>'
    return f"{name} <{addr}>"


# -- entry point ------------------------------------------------------------------------------------


def redact_bytes(data: bytes, options: RedactOptions | None = None) -> RedactResult:
    """A redacted copy of ``data`` (a message, an mbox or pasted text). Never raises on odd input."""
    options = options or RedactOptions()
    crlf = data.count(b"\r\n") > data.count(b"\n") // 2 > 0
    text = data.replace(b"\r\n", b"\n").decode("utf-8", "surrogateescape")
    kind = detect_kind(text.encode("utf-8", "surrogateescape"))
    p = Pseudonyms(options, kept_names())
    walker = _Walker(p)

    def run() -> str:
        if kind == "message":
            return walker.entity(text, 0)
        if kind == "mbox":
            return _mbox(text, walker)
        return p.text(text)

    run()  # the first pass learns
    p.learning = False
    out = run()
    if crlf:
        out = out.replace("\n", "\r\n")
    return RedactResult(out.encode("utf-8", "surrogateescape"), dict(p.replacements))


def _mbox(text: str, walker: _Walker) -> str:
    pieces = re.split(r"(?m)^(From [^\n]*\n)", text)
    out = [walker.p.text(pieces[0])]
    for i in range(1, len(pieces), 2):
        out.append(walker.p.text(pieces[i]))
        out.append(walker.entity(pieces[i + 1], 0))
    return "".join(out)
