"""Rule changes prompted by the blind held-out set 2 (data/dev/holdout2.jsonl): new cues,
and the look-alikes that must stay untouched next to them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Found = Callable[..., list[tuple[str, str]]]
ID = "ID Number"
PHONE = "Phone Number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # travel permits are passports
        ("港澳通行证 C48291736 过期了", [("C48291736", "Passport Number")]),
        ("往来港澳通行证号：C12345678", [("C12345678", "Passport Number")]),
        # social and medical insurance, policy numbers
        ("社保个人编号 3301060012847，医保卡号 1028374651", [("3301060012847", ID), ("1028374651", ID)]),
        ("车险保单号 PDAA202444030000187263 续保要用", [("PDAA202444030000187263", ID)]),
        ("medicare number 552819374A for my dad", [("552819374A", ID)]),
        # "my number" in chat is a phone, not Japan's 12-digit My Number
        ("can you save my number 415-555-0192", [("415-555-0192", PHONE)]),
        ("マイナンバー aside, my number is 1234 5678 9012", [("1234 5678 9012", ID)]),
        # misspelt cues
        (
            "portal usrname mreyes_1988 pasword Cl0v3r.F1eld",
            [("mreyes_1988", "Account ID/Username"), ("Cl0v3r.F1eld", "Password")],
        ),
        ("wifi passwrd: tulip-garden-77", [("tulip-garden-77", "Password")]),
        # a service's code, named between "your" and "code"
        ("your Uber code is 4417 - whats this", [("4417", "Verification Code")]),
        ("Your WhatsApp code: 482-913", [("482-913", "Verification Code")]),
        # .local hosts are internal
        (
            "ssh via the jump host bastion.int.kestrelfin.local",
            [("bastion.int.kestrelfin.local", "Intranet Entry Point")],
        ),
        # a phone after a plain 号码 is still a phone
        ("手机号码 13800138000", [("13800138000", PHONE)]),
        ("call 020 7946 0958 tomorrow", [("020 7946 0958", PHONE)]),
    ],
)
def test_positives(found: Found, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "发票代码 044002100111 发票号码 08736125 能报销吗",  # an invoice number after 发票号码
        "订单号码 20231015 已发货",
        "tracking 1Z 4F7 82E 03 5917 2648 hasnt moved",  # the tail of a UPS tracking number
        "edit settings.local.json and .env.local",  # file names, not hosts
        "the policy number field is optional",
        "your Promo code is 123456",  # a kind of code, not a service
        "your code is ready in 2024 steps",
    ],
)
def test_negatives(found: Found, text: str) -> None:
    assert found(text) == []
