"""The reference tables: complete, consistent, and in agreement with the classifier."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pytest

from inspector.reference import ReferenceDataError, load_reference
from inspector.reference.tables import CODE_REASONS, Reference, general_form
from inspector.resources import resource_path

RFC5321 = [
    "211",
    "214",
    "220",
    "221",
    "250",
    "251",
    "252",
    "354",
    "421",
    "450",
    "451",
    "452",
    "455",
    "500",
    "501",
    "502",
    "503",
    "504",
    "550",
    "551",
    "552",
    "553",
    "554",
    "555",
]
LATER = {"521": "RFC 7504", "556": "RFC 7504", "334": "RFC 4954", "432": "RFC 4954", "454": "RFC 4954",
         "530": "RFC 4954", "534": "RFC 4954", "535": "RFC 4954", "538": "RFC 4954", "235": "RFC 4954"}  # fmt: skip
REGISTERED = (
    ["X.0.0"]
    + [f"X.1.{d}" for d in range(11)]
    + [f"X.2.{d}" for d in range(5)]
    + [f"X.3.{d}" for d in range(7)]
    + [f"X.4.{d}" for d in range(8)]
    + [f"X.5.{d}" for d in range(7)]
    + [f"X.6.{d}" for d in range(11)]
    + [f"X.7.{d}" for d in range(31)]
)
NAMED_PROVIDERS = ["Google", "Microsoft", "Yahoo", "AOL", "Apple", "Zoho", "Yandex", "Mail.ru", "Comcast",
                   "GMX/Web.de", "Orange", "Spamhaus", "Barracuda", "SpamCop"]  # fmt: skip


@pytest.fixture(scope="module")
def ref() -> Reference:
    return load_reference()


def test_every_entry_is_complete(ref: Reference) -> None:
    for e in ref.entries:
        assert e.title.strip(), e.id
        assert e.meaning.strip(), e.id
        assert e.advice.strip(), e.id
        assert e.retry in ("yes", "no", "maybe"), e.id
        assert isinstance(e.hard, bool), e.id
        assert e.reason in ref.reasons, e.id
        if e.kind != "provider":
            assert e.rfc, e.id


def test_no_duplicates(ref: Reference) -> None:
    ids = Counter(e.id for e in ref.entries)
    assert [i for i, n in ids.items() if n > 1] == []
    table_codes = Counter(e.code for e in ref.entries if e.kind != "provider")
    assert [c for c, n in table_codes.items() if n > 1] == []


def test_basic_table_is_complete(ref: Reference) -> None:
    basic = {e.code: e for e in ref.entries if e.kind == "basic"}
    for code in RFC5321:
        assert basic[code].rfc == "RFC 5321", code
    for code, rfc in LATER.items():
        assert basic[code].rfc == rfc, code


def test_digit_meanings(ref: Reference) -> None:
    for d in "2345":
        assert ref.first_digit_meaning(d + "50")
    for d in "012345":
        assert ref.second_digit_meaning("5" + d + "0")
    assert "ermanent" in (ref.first_digit_meaning("550") or "")


def test_every_registered_enhanced_code_is_there(ref: Reference) -> None:
    for code in REGISTERED:
        found = ref.lookup(code)
        assert found and found[0].code == code, code
        assert len(found) >= 2, f"{code} has no class-specific entry"
        assert found[0].rfc and found[0].rfc.startswith(("RFC", "IANA")), code


def test_class_and_subject_tables(ref: Reference) -> None:
    assert set(ref.classes) == {"2", "4", "5"}
    assert set(ref.subjects) == {str(d) for d in range(8)}
    assert ref.class_meaning("5") is not None
    subject = ref.subject_meaning("X.7")
    assert subject is not None and "olicy" in subject.title
    assert ref.subject_meaning("5.1.1") == ref.subject_meaning("1")


def test_enhanced_basic_codes_exist_in_basic_table(ref: Reference) -> None:
    basic = {e.code for e in ref.entries if e.kind == "basic"}
    for e in ref.entries:
        for b in e.basic_codes:
            assert b in basic, f"{e.id}: {b}"


def test_class_specific_entries_differ_by_class(ref: Reference) -> None:
    five, four = ref.get("5.1.1"), ref.get("4.1.1")
    assert five is not None and four is not None
    assert five.hard and not four.hard
    assert five.retry == "no" and four.retry == "yes"


def test_default_reasons(ref: Reference) -> None:
    expected = {"5.1.1": "userunknown", "5.2.2": "mailboxfull", "5.7.26": "authfailure", "5.1.2": "hostunknown",
                "5.7.25": "requireptr", "5.3.4": "mesgtoobig", "4.4.7": "expired", "5.1.6": "hasmoved"}  # fmt: skip
    for code, reason in expected.items():
        entry = ref.get(code)
        assert entry is not None and entry.reason == reason, code


def test_reasons_vocabulary(ref: Reference) -> None:
    assert set(ref.reasons) >= CODE_REASONS and len(ref.reasons) >= 30
    assert {n for n, r in ref.reasons.items() if r.hard} == {"userunknown", "hostunknown", "hasmoved", "notaccept"}
    for name in ("authfailure", "requireptr", "badreputation", "securityerror"):
        assert ref.reason(name).fix_sender_setup, name
    for r in ref.reasons.values():
        assert r.title and r.description and r.advice and "\n" not in r.advice


def test_providers(ref: Reference) -> None:
    providers = ref.providers
    assert len(providers) >= 120
    names = {p.provider for p in providers}
    for name in NAMED_PROVIDERS:
        assert name in names, name
    for p in providers:
        assert p.text_fragments, p.id
        assert all(f == f.lower() and f.strip() for f in p.text_fragments), p.id
        assert p.reason in ref.reasons, p.id
    for code in ("5.7.708", "5.7.750", "5.7.620", "5.7.606", "5.7.649", "5.4.1", "5.1.10"):
        assert any(p.provider == "Microsoft" for p in ref.providers_for(code)), code
    assert [p.id for p in ref.providers_for("TSS04")] == ["yahoo-tss04"]
    assert not any(p.provider == "Microsoft" for p in ref.providers_for("5.7.650"))


def test_provider_meanings_shown_beside_the_registry(ref: Reference) -> None:
    for code, registry in (("5.4.1", "X.4.1"), ("5.1.10", "X.1.10")):
        ms = [p for p in ref.providers_for(code) if p.provider == "Microsoft"]
        assert ms and ms[0].registry_code == registry and ms[0].note
        reg = ref.get(registry)
        assert reg is not None and reg.meaning != ms[0].meaning
        assert ms[0] in ref.related(reg) or ms[0].id in {e.id for e in ref.related(ref.get(code) or reg)}


def test_lookup_order_and_related(ref: Reference) -> None:
    assert [e.code for e in ref.lookup("5.1.1")] == ["5.1.1", "X.1.1"]
    assert [e.code for e in ref.lookup("x.1.1")][:1] == ["X.1.1"]
    assert {"5.1.1", "4.1.1"} <= {e.code for e in ref.lookup("X.1.1")}
    assert [e.code for e in ref.lookup("550")] == ["550"]
    assert ref.lookup("9.9.9") == [] and ref.lookup("hello") == []
    e550, e511 = ref.get("550"), ref.get("5.1.1")
    assert e550 is not None and e511 is not None
    assert e511 in ref.related(e550)
    assert e550 in ref.related(e511)


def test_bad_tables_are_refused(tmp_path: Path) -> None:
    for name in ("basic_codes.toml", "enhanced_codes.toml", "providers.toml", "reasons.toml"):
        shutil.copy(resource_path("reference", name), tmp_path / name)
    enhanced = tmp_path / "enhanced_codes.toml"
    text = enhanced.read_text(encoding="utf-8").replace(
        'basic_codes = ["451", "550"]', 'basic_codes = ["451", "599"]', 1
    )
    enhanced.write_text(
        text + '\n[[code]]\ncode = "X.9.9"\ntitle = "t"\nrfc = "RFC 1"\nclasses = ["5"]\n', encoding="utf-8"
    )
    with pytest.raises(ReferenceDataError) as info:
        load_reference(str(tmp_path))
    message = str(info.value)
    assert "599" in message and "X.9.9" in message


def test_the_reason_vocabulary_is_read_from_reasons_toml(tmp_path: Path) -> None:
    for name in ("basic_codes.toml", "enhanced_codes.toml", "providers.toml", "reasons.toml"):
        shutil.copy(resource_path("reference", name), tmp_path / name)
    reasons = tmp_path / "reasons.toml"
    text = reasons.read_text(encoding="utf-8")
    added = '\n[lostinspace]\ntitle = "t"\ndescription = "d"\nretry = "maybe"\nside = "unknown"\nadvice = "a"\n'
    reasons.write_text(text + added, encoding="utf-8")
    assert "lostinspace" in load_reference(str(tmp_path)).reasons  # a new reason needs no code change
    # A reason the program assigns by name cannot go; names are one lower-case word; a hard
    # entry needs a hard reason.
    start = text.index("[onhold]")
    end = text.index("\n[", start + 1)
    broken = text[:start] + text[end + 1 :] + added.replace("lostinspace", "Lost-In-Space")
    bad = tmp_path / "bad"  # (load_reference caches by folder)
    bad.mkdir()
    for name in ("enhanced_codes.toml", "providers.toml", "basic_codes.toml"):
        shutil.copy(tmp_path / name, bad / name)
    (bad / "reasons.toml").write_text(broken, encoding="utf-8")
    basic = bad / "basic_codes.toml"
    basic.write_text(
        basic.read_text(encoding="utf-8") + '\n[[code]]\ncode = "599"\ntitle = "t"\nmeaning = "m"\n'
        'retry = "no"\nadvice = "a"\nrfc = "RFC 1"\nreason = "mailboxfull"\nhard = true\n',
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError) as info:
        load_reference(str(bad))
    message = str(info.value)
    assert "'onhold' is missing" in message and "Lost-In-Space" in message and "599: hard entries" in message


# ------------------------------------------------------------------ classifier agreement


def test_same_code_never_gets_two_meanings(ref: Reference) -> None:
    """A code has exactly one table meaning. A provider entry that uses a specific registered
    enhanced code for something else must show both: registry_code plus a note saying which
    applies when. (Basic codes and the generic X.Y.0 / X.7.1 codes are refined by the reply text.)"""
    for p in ref.providers:
        table = ref.get(p.code)
        if table is None or table.kind != "enhanced" or p.reason == table.reason:
            continue
        general = general_form(p.code)
        if general.endswith(".0") or general == "X.7.1":
            continue
        assert p.registry_code == general and p.note, p.id


def test_match_reply_finds_each_provider_entry(ref: Reference) -> None:
    """What the classifier reads from a reply (match_reply) is the provider entry that explains it,
    or one with the same reason: the classifier and the reference agree."""
    for p in ref.providers:
        basic = p.basic_codes[0] if p.basic_codes else None
        enhanced = p.code if p.code.count(".") == 2 and "-" not in p.code else None
        line = f"{basic or ''} {enhanced or ''} {p.text_fragments[0]}"
        found = ref.match_reply(line, basic, enhanced)
        assert found is not None and found.reason == p.reason, (p.id, found and found.id)


def test_core_classifier_agrees_with_reference(ref: Reference) -> None:
    classify = pytest.importorskip("inspector.core.classify")
    from inspector.core.model import RecipientResult

    checked = 0
    for code in ("5.1.1", "5.2.2", "5.7.26", "4.2.2", "5.1.2"):
        rec = RecipientResult(recipient="a@example.com", status=code, action="failed")
        classify.classify(rec)
        if rec.reason is None:
            continue
        entry = ref.get(code)
        assert entry is not None
        assert rec.reason == entry.reason, code
        if rec.advice is not None:
            reason = ref.reason(entry.reason)
            assert rec.advice in (entry.advice, reason.advice, reason.advice_for(rec.severity)), code
        checked += 1
    if not checked:
        pytest.skip("the core classifier does not assign reasons yet")


_RETRY_WORDS = ("retry", "try again", "send it again", "send the message again", "resend")


@pytest.mark.parametrize("severity", ["permanent", "transient"])
def test_verdicts_agree_with_themselves(ref: Reference, severity: str) -> None:
    """Severity, hard, retry and advice never contradict: a bad address is never to be retried, a
    permanent failure never waits for the queue, and advice that says to retry has retry != no."""
    for name, reason in ref.reasons.items():
        if name in ("delivered", "vacation", "feedback"):
            continue
        advice = reason.advice_for(severity).lower()
        retry = reason.retry_for(severity)
        if reason.hard:
            assert retry == "no", name
            assert "remove" in advice, name
        if severity == "permanent":
            assert "let the sending server retry" not in advice and "let the queue retry" not in advice, name
            assert not advice.startswith("retry later"), name
            assert retry != "yes", name
        if retry == "no" and not reason.hard:
            # Advice may say to resend after fixing something, never to simply wait and retry.
            assert not advice.startswith(("retry", "try again")), name
