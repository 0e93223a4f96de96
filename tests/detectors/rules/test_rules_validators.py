"""The validators alone: checksums and structural rules of real formats."""

from __future__ import annotations

import datetime as dt

import pytest

from memprivacy_plugins.detectors.rules import validators as v
from memprivacy_plugins.detectors.rules.text import Doc, fold


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("4111111111111111", True),
        ("4111 1111 1111 1111", True),
        ("4111111111111112", False),
        ("79927398713", True),
        ("0", False),
        ("", False),
    ],
)
def test_luhn(value: str, ok: bool) -> None:
    assert v.luhn_ok(value) is ok


@pytest.mark.parametrize(
    ("digits", "ok"),
    [
        ("4111111111111111", True),
        ("5500000000000004", True),
        ("378282246310005", True),
        ("6222021234567890128", True),
        ("3530111333300000", True),
        ("2221000000000009", True),
        ("1234567890123456", False),
        ("411111111111111", False),
    ],
)
def test_card_prefix(digits: str, ok: bool) -> None:
    assert v.card_prefix_ok(digits) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("11010519491231002X", True),
        ("11010519491231002x", True),
        ("110105 19491231 002X", True),
        ("110105194912310021", False),  # wrong check character
        ("99010519491231002X", False),  # no such province
        ("11010519491331002X", False),  # month 13
        ("1101051949123100", False),  # too short
    ],
)
def test_cn_resident_id(value: str, ok: bool) -> None:
    assert v.cn_resident_id_ok(value) is ok


def test_cn_birth_date_must_be_real_and_past() -> None:
    assert v.cn_birth_date_ok("20000229")
    assert not v.cn_birth_date_ok("19000229")  # 1900 was not a leap year
    assert not v.cn_birth_date_ok("20300101", today=dt.date(2026, 1, 1))


@pytest.mark.parametrize(
    ("value", "ok"),
    [("A123456(3)", True), ("G755131(1)", True), ("A123456(4)", False), ("AB987654(3)", True)],
)
def test_hk_id(value: str, ok: bool) -> None:
    assert v.hk_id_ok(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"), [("A123456789", True), ("A123456788", False), ("A323456789", False)]
)
def test_tw_id(value: str, ok: bool) -> None:
    assert v.tw_id_ok(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("GB82 WEST 1234 5698 7654 32", True),
        ("DE89370400440532013000", True),
        ("GB82WEST12345698765433", False),
        ("DE8937040044053201300", False),
        ("XX00", False),
    ],
)
def test_iban(value: str, ok: bool) -> None:
    assert v.iban_ok(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("219-09-9999", True),
        ("000-12-3456", False),
        ("666-12-3456", False),
        ("912-12-3456", False),
        ("123-00-4567", False),
        ("123-45-0000", False),
        ("111-11-1111", False),
    ],  # one repeated digit: a placeholder,
)
def test_us_ssn(value: str, ok: bool) -> None:
    assert v.us_ssn_ok(value) is ok


@pytest.mark.parametrize(
    ("value", "ok"),
    [("AB 12 34 56 C", True), ("QQ123456C", False), ("GB123456A", False), ("AB123456E", False)],
)
def test_uk_nino(value: str, ok: bool) -> None:
    assert v.uk_nino_ok(value) is ok


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("73.158.64.12", "public"),
        ("192.168.1.1", "internal"),
        ("10.0.0.5", "internal"),
        ("172.20.1.1", "internal"),
        ("172.32.1.1", "public"),
        ("100.64.1.1", "internal"),
        ("203.0.113.5", "public"),
        ("0.1.2.3", None),
        ("255.255.255.0", None),
        ("256.1.1.1", None),
        ("01.2.3.4", None),
        ("224.0.0.1", None),
    ],
)
def test_ipv4_kind(value: str, kind: str | None) -> None:
    assert v.ipv4_kind(value) == kind


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("2001:db8::1", "public"),
        ("fe80::1", "internal"),
        ("fd00::5", "internal"),
        ("::", None),
        ("12:30:45", None),
    ],
)
def test_ipv6_kind(value: str, kind: str | None) -> None:
    assert v.ipv6_kind(value) == kind


@pytest.mark.parametrize(
    ("digits", "ok"),
    [
        ("442079460958", True),
        ("4420794609581", False),
        ("8613800138000", True),
        ("14155552671", True),
        ("85291234567", True),
        ("85291234", False),
        ("8529123456", False),
        ("852912345678", False),
        ("2341234", False),
        ("9991234567", False),
    ],
)
def test_e164_possible(digits: str, ok: bool) -> None:
    assert v.e164_possible(digits) is ok


def test_fold_keeps_length_and_maps_lookalikes() -> None:
    text = "手机：１３８ ００１３ ８０００，邮箱ａｂｃ＠ｑｑ．ｃｏｍ، ٣٤٥ 𝟏𝟐 – 123\u00a0456 “x”"
    folded = fold(text)
    assert len(folded) == len(text)
    assert "138 0013 8000" in folded and "abc@qq.com" in folded and "345 12" in folded
    assert "- 123 456" in folded and '"x"' in folded
    assert "，" in folded  # Chinese sentence punctuation stays as it is


def test_doc_numbers_bound_the_longest_number() -> None:
    doc = Doc("call 138 0013 8000 at 9:30, costs 12.50")
    assert doc.max_digits >= 11
    assert Doc("no numbers here").max_digits == 0
