"""The phrase rules of ``reason_patterns.toml`` against the wording their sources emit.

Every line below is written from the rule's ``source`` (an MTA's reply or bounce string with its
``%s`` filled with made-up values, a provider's documented reply, an RFC title), not copied from a
bounce in any collection. Each is run through the classifier as a recipient would be, and the
test checks both the reason and which rule decided it (the first strong rule that matches, else
the first weak one), so that a new rule placed above another cannot take its wording silently.
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from typing import Any

import pytest

from inspector.core.classify import classify, prepare_text, reason_rules
from inspector.core.model import RecipientResult
from inspector.resources import resource_path


@lru_cache(maxsize=1)
def _rules() -> list[dict[str, Any]]:
    with open(resource_path("reference", "reason_patterns.toml"), "rb") as fh:
        return list(tomllib.load(fh)["rule"])


def _deciding_rule(diagnostic: str) -> str | None:
    """The id of the rule the classifier's index picks for this text (strong rules, then weak)."""
    text = prepare_text(diagnostic)[1]
    compiled = reason_rules()
    strong = [r for r in _rules() if not r.get("weak")]
    weak = [r for r in _rules() if r.get("weak")]
    i = compiled.index.first_match(text)
    if i is not None:
        return str(strong[i]["id"])
    j = compiled.weak_index.first_match(text)
    return str(weak[j]["id"]) if j is not None else None


# (diagnostic as the source writes it, status, reply code, expected reason, expected rule id)
CASES: list[tuple[str, str | None, str | None, str, str]] = [
    # ---- narrow wording of products and providers
    ("554 Transaction failed: Duplicate header 'Message-ID'.", None, "554", "contenterror", "ses-duplicate-header"),
    ("554 5.6.0 STOREDRV.Deliver; Corrupt message content", "5.6.0", "554", "contenterror", "exchange-corrupt-content"),
    # Exchange's status tokens, as Microsoft's NDR pages give them
    (
        "550 5.1.1 RESOLVER.ADR.ExRecipNotFound; not found",
        "5.1.1",
        "550",
        "userunknown",
        "exchange-resolver-ex-recip-not-found",
    ),
    (
        "550 5.2.3 RESOLVER.RST.RecipSizeLimit; message too large for this recipient",
        "5.2.3",
        "550",
        "exceedlimit",
        "exchange-resolver-recip-size-limit",
    ),
    # the token decides where the words after it would not ("too many recipients" is a connection limit)
    (
        "550 5.5.3 RESOLVER.ADR.RecipLimit; too many recipients",
        "5.5.3",
        "550",
        "exceedlimit",
        "exchange-resolver-recip-limit",
    ),
    # ... and where a localised server's words say nothing the rules know
    (
        "#550 5.5.3 RESOLVER.ADR.RecipLimit; trop de destinataires ##",
        "5.5.3",
        "550",
        "exceedlimit",
        "exchange-resolver-recip-limit",
    ),
    # the recipient takes authenticated senders only: its restriction, not a login the sender skipped
    (
        "550 5.7.1 RESOLVER.RST.AuthRequired; authentication required",
        "5.7.1",
        "550",
        "filtered",
        "exchange-resolver-auth-required",
    ),
    (
        "550 The mail server could not deliver mail to kijitora@example.org. The account or domain may not exist, "
        "they may be blacklisted, or missing the proper dns entries.",
        None,
        "550",
        "hostunknown",
        "cpanel-exim-verify-account-or-domain",
    ),
    (
        "Unable to deliver message to <kijitora@example.org> (and other recipients in the same domain).",
        None,
        None,
        "userunknown",
        "trendmicro-imss-same-domain",
    ),
    (
        "Each of the following recipients was rejected by a remote mail server.",
        None,
        None,
        "filtered",
        "ezweb-recipients-rejected",
    ),
    ("--- Delivery report unavailable ---", None, None, "undefined", "postfix-report-unavailable"),
    (
        "550 mwinf5c10 ME Mail refuse / Mail rejected. OFR_506 [506]",
        None,
        "550",
        "spamdetected",
        "orange-ofr-506",
    ),
    ("552 5.6.0 Headers too large (32768 max)", "5.6.0", "552", "contenterror", "sendmail-headers-too-large"),
    ('procmail: Couldn\'t create "/var/mail/kijitora"', None, None, "mailererror", "procmail-own-error"),
    ("451 4.3.0 Error: queue file write error", "4.3.0", "451", "systemerror", "postfix-queue-file-write-error"),
    ("Error, ERROR_CODE :421, Host not reachable.", None, "421", "expired", "final-report-host-not-reachable"),
    ("message has lines too long for transport", None, None, "mesgtoobig", "exim-lines-too-long"),
    (
        "Host or domain name not found. Name service error for name=example.org type=MX: Host not found, try again",
        None,
        None,
        "networkerror",
        "dns-temporary-failure",
    ),
    (
        "550 5.7.1 <kijitora@example.org>... Relaying denied. Proper authentication required.",
        "5.7.1",
        "550",
        "norelaying",
        "sendmail-relaying-denied",
    ),
    ("530 5.7.0 Must issue a STARTTLS command first", "5.7.0", "530", "securityerror", "auth-required"),
    (
        'Command died with status 75: "/usr/bin/procmail -a $EXTENSION"',
        None,
        None,
        "mailererror",
        "pipe-command-failed",
    ),
    ("552 5.2.3 Message length exceeds limit set by recipient", "5.2.3", "552", "exceedlimit", "recipient-size-limit"),
    ("452 4.5.3 Error: too many recipients", "4.5.3", "452", "toomanyconn", "too-many-recipients"),
    (
        "550 Message rejected: blacklisted URL in message (example.net) - see http://lookup.uribl.com",
        None,
        "550",
        "spamdetected",
        "uri-blocklist",
    ),
    # ---- Postfix
    (
        "550 5.1.1 <kijitora@example.org>: Recipient address rejected: User unknown in local recipient table",
        "5.1.1",
        "550",
        "userunknown",
        "postfix-user-unknown-in-table",
    ),
    (
        "550 5.1.1 <kijitora@example.org>: Recipient address rejected: User unknown in virtual alias table",
        "5.1.1",
        "550",
        "userunknown",
        "postfix-user-unknown-in-table",
    ),
    (
        "554 5.7.1 <kijitora@example.org>: Relay access denied",
        "5.7.1",
        "554",
        "norelaying",
        "postfix-relay-access-denied",
    ),
    (
        "504 5.5.2 <localhost>: Helo command rejected: need fully-qualified hostname",
        "5.5.2",
        "504",
        "blocked",
        "postfix-helo-rejected",
    ),
    (
        "450 4.7.1 <mx.example.net>: Helo command rejected: Host not found",
        "4.7.1",
        "450",
        "blocked",
        "postfix-helo-rejected",
    ),
    (
        "554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; "
        "https://www.spamhaus.org/query/ip/192.0.2.1",
        "5.7.1",
        "554",
        "blocked",
        "postfix-rbl-client",
    ),
    (
        "550 5.7.1 Service unavailable; client [192.0.2.1] blocked using psbl.surriel.com",
        "5.7.1",
        "550",
        "blocked",
        "postfix-rbl-client",
    ),
    (
        "450 4.7.1 Client host rejected: cannot find your hostname, [192.0.2.1]",
        "4.7.1",
        "450",
        "requireptr",
        "postfix-unknown-client",
    ),
    (
        "550 5.7.1 Client host rejected: cannot find your reverse hostname, [192.0.2.1]",
        "5.7.1",
        "550",
        "requireptr",
        "postfix-unknown-client",
    ),
    (
        "550 5.1.8 <neko@nx.example.net>: Sender address rejected: Domain not found",
        "5.1.8",
        "550",
        "rejected",
        "postfix-sender-domain-not-found",
    ),
    (
        "550 5.1.2 <kijitora@nx.example.org>: Recipient address rejected: Domain not found",
        "5.1.2",
        "550",
        "hostunknown",
        "postfix-recipient-domain-not-found",
    ),
    (
        "556 5.1.10 <kijitora@example.org>: Recipient address rejected: Domain example.org does not accept mail "
        "(nullMX)",
        "5.1.10",
        "556",
        "notaccept",
        "postfix-recipient-nullmx",
    ),
    (
        "503 5.5.0 <kijitora@example.org>: Recipient address rejected: Improper use of SMTP command pipelining",
        "5.5.0",
        "503",
        "syntaxerror",
        "postfix-pipelining",
    ),
    ("503 5.5.1 Error: send HELO/EHLO first", "5.5.1", "503", "syntaxerror", "postfix-command-sequence"),
    ("503 5.5.1 Error: need RCPT command", "5.5.1", "503", "syntaxerror", "postfix-command-sequence"),
    (
        "451 4.3.0 <kijitora@example.org>: Temporary lookup failure",
        "4.3.0",
        "451",
        "systemerror",
        "postfix-temporary-lookup-failure",
    ),
    ("552 5.3.4 Error: message file too big", "5.3.4", "552", "mesgtoobig", "postfix-message-file-too-big"),
    # ---- Gmail (Google Workspace Admin Help, "Gmail SMTP errors and codes")
    (
        "421 4.7.29 Your email has been rate limited because you're not using a TLS connection. Gmail requires all "
        "bulk email senders to use TLS/SSL for SMTP connections.",
        "4.7.29",
        "421",
        "securityerror",
        "gmail-not-using-tls",
    ),
    (
        "553 5.1.7 The sender address <neko@example> is not a valid RFC 5321 address.",
        "5.1.7",
        "553",
        "rejected",
        "sender-address-not-valid",
    ),
    ("451 4.5.0 SMTP protocol violation.", "4.5.0", "451", "syntaxerror", "smtp-protocol-violation"),
    (
        "421 4.7.0 This message is suspicious due to the very low reputation of the sending IP address. To protect "
        "our users from spam, email sent from your IP address has been temporarily rate limited.",
        "4.7.0",
        "421",
        "badreputation",
        "poor-reputation",
    ),
    (
        "550 5.7.1 Messages with multiple addresses in the From: header are not accepted.",
        "5.7.1",
        "550",
        "notcompliantrfc",
        "not-rfc5322-compliant",
    ),
    (
        "421 4.7.0 IP not in whitelist for RCPT domain, closing connection.",
        "4.7.0",
        "421",
        "blocked",
        "client-blocked",
    ),
    # ---- Outlook.com consumer MX and Yahoo
    (
        "421 RP-001 (BAY004-MC1F56) Unfortunately, some messages from 192.0.2.1 weren't sent. Please try again. We "
        "have limits for how many messages can be sent per hour and per day.",
        None,
        "421",
        "speeding",
        "outlook-rate-limit",
    ),
    (
        "421 RP-003 (COL004-MC1F7) Unfortunately, some messages from 192.0.2.1 weren't sent. Please try again.",
        None,
        "421",
        "toomanyconn",
        "outlook-connection-limit",
    ),
    (
        "550 DY-001 (SNT004-MC1F2) Unfortunately, messages from 192.0.2.1 weren't sent. Please contact your Internet "
        "service provider. You can tell them that Hotmail does not relay dynamically-assigned IP ranges.",
        None,
        "550",
        "blocked",
        "outlook-policy-block",
    ),
    (
        "451 Message temporarily deferred due to unresolvable RFC.5321 from domain",
        None,
        "451",
        "rejected",
        "yahoo-unresolvable-from-domain",
    ),
    # ---- Exchange Online
    ("550 5.7.124 Sender not in allowed-senders list", "5.7.124", "550", "filtered", "exchange-delivery-restriction"),
    (
        "550 5.7.1 RESOLVER.RST.NotAuthorized; not authorized",
        "5.7.1",
        "550",
        "filtered",
        "exchange-delivery-restriction",
    ),
    # ---- RFC 5321
    ("554 No SMTP service here", None, "554", "blocked", "rfc5321-no-smtp-service"),
    # ---- Exim
    (
        "SMTP error from remote mail server after RCPT TO:<kijitora@example.org>: 554 SMTP synchronization error",
        None,
        "554",
        "syntaxerror",
        "exim-synchronization-error",
    ),
    ("554 Too many syntax or protocol errors", None, "554", "syntaxerror", "exim-protocol-errors"),
    (
        "Child process of address_pipe transport returned 69 (could mean service or program unavailable) from "
        "command: /usr/local/bin/filter",
        None,
        None,
        "mailererror",
        "exim-pipe-child-returned",
    ),
    (
        "Remote host mx.example.org [192.0.2.1] closed connection in response to end of data",
        None,
        None,
        "networkerror",
        "exim-remote-closed-connection",
    ),
    (
        "mailbox is full (MTA-imposed quota exceeded while writing to /var/mail/kijitora)",
        None,
        None,
        "mailboxfull",
        "exim-appendfile-quota",
    ),
    ("an MX or SRV record indicated no SMTP service", None, None, "notaccept", "exim-no-smtp-service"),
    (
        'mail domain "nx..example.org" is syntactically invalid',
        None,
        None,
        "hostunknown",
        "exim-domain-syntactically-invalid",
    ),
    ('Unrouteable mail domain "nx.example.org"', None, None, "hostunknown", "exim-unrouteable-domain"),
    # ---- Sendmail
    (
        "553 5.5.4 <neko>... Domain name required for sender address neko",
        "5.5.4",
        "553",
        "rejected",
        "sendmail-domain-required-for-sender",
    ),
    (
        "452 4.4.5 Insufficient disk space; try again later",
        "4.4.5",
        "452",
        "systemfull",
        "sendmail-insufficient-disk-space",
    ),
    (
        "554 5.3.5 MX list for example.org points back to mx.example.org",
        "5.3.5",
        "554",
        "networkerror",
        "sendmail-mx-points-back",
    ),
    (
        "554 5.3.5 config error: mail loops back to me (MX problem?)",
        "5.3.5",
        "554",
        "networkerror",
        "sendmail-mx-points-back",
    ),
    # ---- qmail
    (
        "Sorry. Although I'm listed as a best-preference MX or A for that host, it isn't in my control/locals file, "
        "so I don't treat it as local. (#5.4.6)",
        None,
        None,
        "networkerror",
        "qmail-best-preference-mx",
    ),
    ("Sorry, no mailbox here by that name. (#5.1.1)", None, None, "userunknown", "qmail-no-mailbox-here"),
    # ---- OpenSMTPD and the RFC 3463 titles it sends
    ("Temporary failure in MX lookup", None, None, "networkerror", "opensmtpd-mx-lookup-tempfail"),
    ("550 5.1.2 Bad destination system address", "5.1.2", "550", "hostunknown", "rfc3463-title-bad-destination-system"),
    (
        "552 5.2.3 Message length exceeds administrative limit",
        "5.2.3",
        "552",
        "exceedlimit",
        "rfc3463-title-length-exceeds-limit",
    ),
    ("452 4.3.1 Mail system full", "4.3.1", "452", "systemfull", "rfc3463-title-mail-system-full"),
    (
        "550 5.3.2 System not accepting network messages",
        "5.3.2",
        "550",
        "notaccept",
        "rfc3463-title-not-accepting-network-messages",
    ),
    ("451 4.4.3 Directory server failure", "4.4.3", "451", "systemerror", "rfc3463-title-directory-server-failure"),
    ("No answer from host", None, None, "networkerror", "rfc3463-title-no-answer-from-host"),
    ("421 4.4.2 Bad connection", "4.4.2", "421", "networkerror", "rfc3463-title-no-answer-from-host"),
    (
        "451 4.3.5 System incorrectly configured",
        "4.3.5",
        "451",
        "systemerror",
        "rfc3463-title-system-incorrectly-configured",
    ),
    ("Unable to route", None, None, "hostunknown", "rfc3463-title-unable-to-route"),
    ("500 5.5.1 Invalid command: Command unrecognized", "5.5.1", "500", "syntaxerror", "rfc3463-title-protocol"),
    ("Wrong protocol version", None, None, "syntaxerror", "rfc3463-title-protocol"),
    ("554 5.6.1 Media not supported", "5.6.1", "554", "contenterror", "rfc3463-title-media"),
    ("Conversion required and prohibited", None, None, "contenterror", "rfc3463-title-media"),
    ("Security features not supported", None, None, "securityerror", "rfc3463-title-security"),
    ("554 5.7.7 Message integrity failure", "5.7.7", "554", "securityerror", "rfc3463-title-security"),
    # ---- Dovecot / Pigeonhole
    (
        "552 5.2.2 <kijitora@example.org> Quota exceeded (mailbox for user is full)",
        "5.2.2",
        "552",
        "mailboxfull",
        "dovecot-quota-exceeded",
    ),
    (
        "550 5.1.1 <kijitora@example.org> User doesn't exist: kijitora@example.org",
        "5.1.1",
        "550",
        "userunknown",
        "dovecot-lmtp-user-doesnt-exist",
    ),
    (
        "Your message to <kijitora@example.org> was automatically rejected: I am not accepting mail from you.",
        None,
        None,
        "filtered",
        "pigeonhole-sieve-reject",
    ),
    # ---- Haraka
    ("550 HELO denied", None, "550", "blocked", "haraka-helo-denied"),
    ("450 rDNS Lookup Failed", None, "450", "requireptr", "haraka-rdns-lookup-failed"),
    ("550 I cannot deliver mail for <kijitora@example.org>", None, "550", "norelaying", "haraka-cannot-deliver"),
    ("503 Use MAIL before RCPT", None, "503", "syntaxerror", "haraka-command-sequence"),
    (
        "451 Bare line-feed; see http://haraka.github.com/barelf.html",
        None,
        "451",
        "notcompliantrfc",
        "haraka-bare-linefeed",
    ),
    # ---- filtering gateways, appliances and on-premises servers (vendor documentation)
    (
        "550 5.7.1 Message rejected due to content restrictions",
        "5.7.1",
        "550",
        "spamdetected",
        "exchange-content-filter-scl-reject",
    ),
    (
        "550 5.7.1 Message rejected due to unacceptable attachments",
        "5.7.1",
        "550",
        "policyviolation",
        "exchange-attachment-filter-reject",
    ),
    ("550 5.7.1 Sender ID (PRA) Not Permitted", "5.7.1", "550", "authfailure", "exchange-sender-id-reject"),
    (
        "550 Rejected by header based Blocked Senders: neko@example.net",
        None,
        "550",
        "filtered",
        "mimecast-header-blocked-senders",
    ),
    (
        "550 Rejected by header based manually Blocked Senders: neko@example.net",
        None,
        "550",
        "filtered",
        "mimecast-header-blocked-senders",
    ),
    ("550 Policy level block list in force", None, "550", "filtered", "mimecast-policy-block-list"),
    ("554 Denied (Mode: normal)", None, "554", "spamdetected", "broadcom-kb-content-denied-mode"),
    (
        "552 MS-Office file containing VBA macros found inside of the email",
        None,
        "552",
        "policyviolation",
        "broadcom-kb-office-macros",
    ),
    (
        "554 5.4.7 [internal] exceeded max time without delivery",
        "5.4.7",
        "554",
        "expired",
        "messagelabs-exceeded-max-time",
    ),
    (
        "552 Message rejected for spam or virus content",
        None,
        "552",
        "spamdetected",
        "godaddy-spam-or-virus-content",
    ),
    (
        "552 5.2.0 This message has been rejected due to content judged to be spam by the internet community IB212",
        "5.2.0",
        "552",
        "spamdetected",
        "godaddy-spam-or-virus-content",
    ),
    ("550 Delivery is not allowed to this address.", None, "550", "norelaying", "hmailserver-delivery-not-allowed"),
    ("550 Domain has been disabled.", None, "550", "suspend", "hmailserver-recipient-not-active"),
    ("550 Distribution list is not active.", None, "550", "suspend", "hmailserver-recipient-not-active"),
    ("550 Recipient not in route list.", None, "550", "userunknown", "hmailserver-not-in-route-list"),
    ("550 Not authorized sender.", None, "550", "filtered", "hmailserver-list-not-authorized"),
    (
        "554 Your message was received but it could not be saved. Please retry later.",
        None,
        "554",
        "systemerror",
        "hmailserver-message-not-saved",
    ),
    ("450 4.2.0 Mailbox is not on this server", "4.2.0", "450", "systemerror", "zimbra-mailbox-not-on-this-server"),
    # ---- providers' documented wording
    ("ROUTING SERVER FAILURE", None, None, "hostunknown", "libero-routing-server-failure"),
    ("550 Relay Disabled", None, "550", "norelaying", "libero-relay-disabled"),
    ("550 User in blacklist", None, "550", "filtered", "coremail-user-in-blacklist"),
    ("553 sender is rejected", None, "553", "rejected", "coremail-sender-is-rejected"),
    ("552 exceeded mailsize limit", None, "552", "mesgtoobig", "emailhost-mailsize-limit"),
    (
        "550 5.7.1 Blocked by spam statistics - see https://help.example/yandex",
        "5.7.1",
        "550",
        "blocked",
        "yandex-blocked-by-spam-statistics",
    ),
    (
        "450 4.7.1 SFR_IN_101 Service refused due to bad behavior - Too many spam messages",
        "4.7.1",
        "450",
        "badreputation",
        "sfr-in-behaviour-block",
    ),
    ("450 4.7.1 SFR_IN_104 Too many unknown users", "4.7.1", "450", "badreputation", "sfr-in-behaviour-block"),
    ("421 4.7.0 SFR_IN_105 Too many messages", "4.7.0", "421", "speeding", "sfr-in-volume-limit"),
    # ---- localised wording
    (
        "550 Benutzer hat das Speichervolumen ueberschritten. / User has exhausted allowed storage space.",
        None,
        "550",
        "mailboxfull",
        "webde-storage-exhausted",
    ),
    (
        "550 Benutzer hat zuviele Mails auf dem Server. / User has too many messages on the server.",
        None,
        "550",
        "mailboxfull",
        "webde-too-many-messages",
    ),
    ("550 Benutzer nicht bekannt/User unknown", None, "550", "userunknown", "webde-benutzer-nicht-bekannt"),
    (
        "421 mwinf5c10 ME Trop de connexions, veuillez verifier votre configuration. Too many connections, slow down. "
        "OFR004_104 [104]",
        None,
        "421",
        "toomanyconn",
        "orange-fr-too-many-connections",
    ),
    (
        "552 mwinf5c10 ME Boite du destinataire pleine. Recipient mailbox full. [417]",
        None,
        "552",
        "mailboxfull",
        "orange-fr-mailbox-full",
    ),
    (
        "很抱歉通知您，您发送到“kijitora@example.cn”的邮件无法被正确投递，因为邮件过大！",
        None,
        None,
        "mesgtoobig",
        "gromox-zh-mail-too-large",
    ),
    (
        "很抱歉通知您，您發送到“kijitora@example.tw”的郵件無法被正確投遞，因為郵件過大！",
        None,
        None,
        "mesgtoobig",
        "gromox-zh-mail-too-large",
    ),
    ("kijitora@example.jp のユーザーは登録されていません", None, None, "userunknown", "ja-user-not-registered"),
    # ---- the definitions' rules, with wording from the sources they cite
    (
        "550 5.7.26 Unauthenticated email from example.net is not accepted due to domain's DMARC policy",
        "5.7.26",
        "550",
        "authfailure",
        "auth-spf-dkim-dmarc",
    ),
    (
        "550 5.7.1 This message contains a virus (Eicar-Test-Signature).",
        "5.7.1",
        "550",
        "virusdetected",
        "virus-detected",
    ),
    (
        "553 sorry, your envelope sender is in my badmailfrom list (#5.7.1)",
        None,
        "553",
        "rejected",
        "sender-refused",
    ),
    (
        "550 5.7.25 The IP address sending this message does not have a PTR record setup",
        "5.7.25",
        "550",
        "requireptr",
        "reverse-dns-required",
    ),
    (
        "421 4.7.0 mx.example.org Error: too many connections from 192.0.2.1",
        "4.7.0",
        "421",
        "toomanyconn",
        "too-many-connections",
    ),
    (
        "450 4.2.1 The user you are trying to contact is receiving mail too quickly. Rate limit exceeded.",
        "4.2.1",
        "450",
        "speeding",
        "rate-limited",
    ),
    (
        "550 5.7.1 Our system has detected that this message is likely suspicious due to the very low reputation "
        "of the sending domain.",
        "5.7.1",
        "550",
        "badreputation",
        "poor-reputation",
    ),
    (
        "550 Rejected because 192.0.2.1 is in a black list at dnsbl.example.net",
        None,
        "550",
        "blocked",
        "client-blocked",
    ),
    ("454 4.7.0 TLS not available due to local problem", "4.7.0", "454", "securityerror", "tls-or-auth-required"),
    (
        "553 sorry, that domain isn't in my list of allowed rcpthosts (#5.7.1)",
        None,
        "553",
        "norelaying",
        "relay-denied",
    ),
    (
        "550 5.0.0 <kijitora@example.org>: Recipient address rejected: On hold",
        "5.0.0",
        "550",
        "onhold",
        "recipient-on-hold",
    ),
    (
        "551 5.1.6 User not local; please try <kijitora@example.net>",
        "5.1.6",
        "551",
        "hasmoved",
        "mailbox-moved",
    ),
    ("550 5.2.1 Mailbox disabled for this recipient", "5.2.1", "550", "suspend", "account-disabled"),
    ("This address no longer accepts mail. (#5.1.1)", "5.1.1", None, "userunknown", "plesk-nonexistent-address"),
    # The Suspend and Filtered manual pages' own example replies.
    ("550 5.2.1 recipient suspend the service", "5.2.1", "550", "suspend", "account-disabled"),
    ("550 5.1.2 User reject", "5.1.2", "550", "filtered", "user-reject"),
    ("452 4.2.2 Mailbox full", "4.2.2", "452", "mailboxfull", "mailbox-over-quota"),
    (
        "552 5.3.4 Message size exceeds fixed maximum message size (10485760)",
        "5.3.4",
        "552",
        "mesgtoobig",
        "message-too-big",
    ),
    ("552 5.7.0 Too many headers", "5.7.0", "552", "exceedlimit", "header-or-count-limit"),
    ('unknown user: "kijitora"', None, None, "userunknown", "user-unknown"),
    (
        "550 5.7.27 Domain example.org does not accept mail (null MX)",
        "5.7.27",
        "550",
        "notaccept",
        "domain-accepts-no-mail",
    ),
    ("Sorry, I couldn't find any host named nx.example.org. (#5.1.2)", None, None, "hostunknown", "domain-not-found"),
    ("550 5.7.1 Message content rejected, UBE, id=12345-01", "5.7.1", "550", "spamdetected", "spam-content"),
    (
        "550 5.7.1 This message is not RFC 5322 compliant. There are multiple From headers.",
        "5.7.1",
        "550",
        "notcompliantrfc",
        "not-rfc5322-compliant",
    ),
    ("554 5.6.1 Media error: invalid MIME structure", "5.6.1", "554", "contenterror", "media-or-encoding-error"),
    ("550 5.2.1 Message filtered by the recipient's rules", "5.2.1", "550", "filtered", "recipient-filter"),
    ("554 5.7.9 Message not accepted for policy reasons.", "5.7.9", "554", "policyviolation", "policy-refusal"),
    (
        "I'm not going to try again; this message has been in the queue too long. retry timeout exceeded",
        None,
        None,
        "expired",
        "gave-up-retrying",
    ),
    (
        "Sorry, I wasn't able to establish an SMTP connection. (#4.4.1)",
        None,
        None,
        "networkerror",
        "connection-or-dns-failure",
    ),
    ("452 4.3.1 Insufficient system storage", "4.3.1", "452", "systemfull", "system-storage-full"),
    (
        "collect: Cannot write ./dfw12345 (bfcommit, uid=0, gid=25): No space left on device",
        None,
        None,
        "systemfull",
        "system-storage-full",
    ),
    ("554 5.3.0 unknown mailer error 1", "5.3.0", "554", "mailererror", "delivery-program-failed"),
    ("451 4.3.0 Temporary internal error", "4.3.0", "451", "systemerror", "receiving-system-error"),
    ("500 5.5.2 Syntax error, command unrecognized", "5.5.2", "500", "syntaxerror", "smtp-syntax-error"),
    # ---- weak rules: read only when nothing above and no precise code says more
    ("553 5.0.0 mx.example.org does not exist", "5.0.0", "553", "hostunknown", "weak-host-does-not-exist"),
    (
        "550 5.0.0 Requested action not taken: mailbox unavailable",
        "5.0.0",
        "550",
        "userunknown",
        "weak-recipient-rejected",
    ),
    ("550 5.0.0 This address is disabled", "5.0.0", "550", "suspend", "weak-disabled"),
    ("552 5.0.0 The recipient's inbox is full", "5.0.0", "552", "mailboxfull", "weak-is-full"),
    ("552 5.0.0 Attachment size limit reached", "5.0.0", "552", "mesgtoobig", "weak-size-limit"),
    ("550 5.0.0 Suspicious message content", "5.0.0", "550", "spamdetected", "weak-message-content"),
    ("550 5.7.1 <kijitora@example.org>... Access denied", "5.7.1", "550", "securityerror", "weak-access-denied"),
    ("554 5.0.0 Your host is not welcome here", "5.0.0", "554", "blocked", "weak-your-host"),
    ("550 5.0.0 Local policy", "5.0.0", "550", "policyviolation", "weak-policy-words"),
    ("550 5.0.0 Your attachment was refused", "5.0.0", "550", "policyviolation", "weak-attachment"),
    ("451 4.0.0 Unable to process the message now", "4.0.0", "451", "systemerror", "weak-unable-to-process"),
    ("Message delayed", None, None, "expired", "weak-delayed"),
    ("This is the mail system at host mx.example.org.", "5.0.0", None, "undefined", "weak-postfix-preamble-only"),
]


@pytest.mark.parametrize(("diagnostic", "status", "reply", "reason", "rule_id"), CASES)
def test_source_wording_gets_its_reason_from_its_rule(
    diagnostic: str, status: str | None, reply: str | None, reason: str, rule_id: str
) -> None:
    rec = RecipientResult(
        recipient="kijitora@example.org", action="failed", status=status, reply_code=reply, diagnostic=diagnostic
    )
    classify(rec)
    assert (rec.reason, _deciding_rule(diagnostic)) == (reason, rule_id)


_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def test_every_rule_has_a_unique_id_and_a_source() -> None:
    rules = _rules()
    ids = [r.get("id") for r in rules]
    assert all(isinstance(i, str) and _ID.match(i) for i in ids), [i for i in ids if not (i and _ID.match(i))]
    assert len(set(ids)) == len(ids), sorted(i for i in ids if ids.count(i) > 1)
    missing = [r["id"] for r in rules if not str(r.get("source", "")).strip()]
    assert missing == []


def test_every_rule_is_tested_from_its_source() -> None:
    """A rule without a line from its source here is a rule nobody has checked against that source."""
    tested = {rule_id for *_, rule_id in CASES}
    assert sorted({str(r["id"]) for r in _rules()} - tested) == []


def test_every_provider_entry_names_its_documentation() -> None:
    with open(resource_path("reference", "providers.toml"), "rb") as fh:
        providers = tomllib.load(fh)["provider"]
    assert [p["id"] for p in providers if not str(p.get("source", "")).strip()] == []


def test_every_reason_has_a_definition_and_sources() -> None:
    from inspector.reference.tables import load_reference

    reasons = load_reference().reasons
    assert len(reasons) == 34
    assert [k for k, r in reasons.items() if len(r.definition) < 80 or not r.sources] == []


# Provider replies whose documented meaning differs from the text rules or the registry's code, or
# that only the provider's own documentation explains; the entry that decided is checked too.
PROVIDER_CASES = [
    (
        "552 5.2.3 Your message exceeded Google's message size limits.",
        "5.2.3",
        "552",
        "mesgtoobig",
        "google-5.2.3-over-gmail-limit",
    ),
    ("554 5.7.1 [HM08] Message rejected due to local policy.", "5.7.1", "554", "policyviolation", "apple-hm08"),
    ("554 5.7.1 [CS01] Message rejected due to local policy.", "5.7.1", "554", "spamdetected", "apple-cs01"),
    # Exchange's DNS token (Microsoft's Exchange Server NDR table); 554 as Exchange sends it.
    (
        "554 5.4.4 SMTPSEND.DNS.NonExistentDomain; nonexistent domain",
        "5.4.4",
        "554",
        "hostunknown",
        "microsoft-5.4.4",
    ),
    # Mimecast's 421 names the sender but means the sending IP (on a Blocked Senders policy).
    ("421 Sender address blocked", None, "421", "blocked", "mimecast-421-sender-address-blocked"),
    # Cox's AUP codes (postmaster error codes page).
    ("554 Your IP address has been blocked. AUP#CXBL", None, "554", "blocked", "cox-aup-cxbl"),
    ("554 cox.net rejected. AUP#IPBL0001", None, "554", "blocked", "cox-aup-ipbl"),
    # AT&T / BellSouth (mailblock inquiry error summary).
    ("421-failure in DNS look-up.", None, "421", "requireptr", "att-dns-lookup-failure"),
    ("521 <192.0.2.1> is blocked", None, "521", "blocked", "att-521-blocked"),
    (
        "550 [permfail] bellsouth.net requires valid sender domain",
        None,
        "550",
        "rejected",
        "att-requires-valid-sender-domain",
    ),
    ("550 unauthorized interface for <192.0.2.1>", None, "550", "blocked", "att-unauthorized-interface"),
    ("550 <192.0.2.1> blocked by ldap:ou=rblmx,dc=bellsouth,dc=net", None, "550", "blocked", "att-bellsouth-rblmx"),
    (
        "550 Error. Blocked for status: <unknown sender>",
        None,
        "550",
        "requireptr",
        "att-blocked-for-status-unknown-sender",
    ),
    # NetEase's reply-code table (the token after the reply code says why).
    ("421 HL:REP", None, "421", "badreputation", "netease-hl-rep"),
    ("421 HL:ICC", None, "421", "toomanyconn", "netease-hl-icc"),
    ("421 HL:IFC", None, "421", "speeding", "netease-hl-ifc"),
    ("450 MI:CEL", None, "450", "syntaxerror", "netease-mi-cel"),
    ("450 RP:DRC", None, "450", "toomanyconn", "netease-rp-drc"),
    ("450 DT:RBL", None, "450", "blocked", "netease-dt-rbl"),
    ("450 WM:BLU", None, "450", "rejected", "netease-wm-blu"),
    ("451 DT:SPM ,please try again", None, "451", "spamdetected", "netease-dt-spm"),
    ("451 MI:SFQ", None, "451", "speeding", "netease-mi-sfq"),
    # La Poste's LPN codes (bilingual French/English replies).
    (
        "450 4.7.1 Client host rejected: Service refuse. Veuillez essayer plus tard. service refused, please try "
        "later. LPN027_503",
        "4.7.1",
        "450",
        "badreputation",
        "laposte-lpn027-503",
    ),
    ("450 4.1.8 Emetteur invalide / Invalid Sender LPN007_405", "4.1.8", "450", "rejected", "laposte-lpn007-405"),
    ("550 5.1.1 LPN007_416", "5.1.1", "550", "userunknown", "laposte-lpn007-416"),
    (
        "550 5.5.0 Service refuse. Veuillez essayer plus tard. service refused, please try later. LPN007_510",
        "5.5.0",
        "550",
        "spamdetected",
        "laposte-lpn007-510",
    ),
    ("550 5.7.1 LPN007_517", "5.7.1", "550", "authfailure", "laposte-lpn007-517"),
]


@pytest.mark.parametrize(("diagnostic", "status", "reply", "reason", "entry_id"), PROVIDER_CASES)
def test_provider_documented_meaning(
    diagnostic: str, status: str | None, reply: str, reason: str, entry_id: str
) -> None:
    rec = RecipientResult(
        recipient="kijitora@example.org", action="failed", status=status, reply_code=reply, diagnostic=diagnostic
    )
    classify(rec)
    assert (rec.reason, rec.evidence[0].kind, rec.evidence[0].id) == (reason, "provider", entry_id)
