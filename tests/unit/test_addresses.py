"""Addresses in text: what counts as one, and no catastrophic backtracking on long dotted runs."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from inspector.core.addresses import first_address, is_address
from inspector.core.analyze import analyse_text


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("550 <Bob@Example.COM>: user unknown", "Bob@Example.COM"),
        ("<mailto:alice@example.org>", "alice@example.org"),
        ("to a..b.@docomo.ne.jp failed", "a..b.@docomo.ne.jp"),  # carriers allow such local parts
        ("kijitora@example.jp.", "kijitora@example.jp"),  # the sentence's full stop is not the domain's
        ("user@sub.example.co.jp said", "user@sub.example.co.jp"),
        ("no address here", None),
        ("a@b", None),  # a domain needs a dot
    ],
)
def test_first_address(text: str, found: str | None) -> None:
    assert first_address(text) == found


def test_is_address() -> None:
    assert is_address("postmaster@example.net")
    assert not is_address("postmaster@localhost")


def test_a_long_dotted_run_without_an_address_is_read_at_once() -> None:
    # Found by atheris: "U......nauthenticated" made the address pattern try every split of the
    # dots (minutes for 40 dots; this run has 4,000 and would never finish).
    text = "550 5.7.26 U" + "." * 4000 + "nauthenticated mail from example.jp is not accepted"
    assert first_address(text) is None
    a = analyse_text(text)
    assert a.error is None and a.recipients and a.recipients[0].status == "5.7.26"


@given(st.text(alphabet="ab.@-_+x", max_size=40))
def test_an_address_found_is_an_address_and_in_the_text(text: str) -> None:
    found = first_address(text)
    if found is not None:
        assert found in text and is_address(found)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("メールuser@example.comは届きませんでした", "user@example.com"),
        ("邮件user@example.com无法送达", "user@example.com"),
        ("送信先：user@example.co.jp、ご確認ください", "user@example.co.jp"),
        ("（user@example.com）", "user@example.com"),
        ("수신자user@example.kr에게", "user@example.kr"),
        # Internationalised addresses stay whole: letters of any script, one script a label.
        ("müller@example.de", "müller@example.de"),
        ("用户@例子.广告", "用户@例子.广告"),
        ("josé@example.com", "josé@example.com"),
    ],
)
def test_cjk_text_written_against_an_address_is_not_part_of_it(text: str, address: str) -> None:
    assert first_address(text) == address
