"""Medicare Beneficiary Identifiers, and bank accounts after a bare "account" in a message
about banking (blind held-out set 2 misses), with the look-alikes that must stay untouched."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from memprivacy_plugins.detectors.rules.validators import aba_routing_ok

Found = Callable[..., list[tuple[str, str]]]
ID = "ID Number"
FA = "Financial Account"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # MBI after a cue: dashed, plain, spaced, any case
        ("medicare number 3HK7-QW2-RT58 for my dad", [("3HK7-QW2-RT58", ID)]),
        ("my MBI is 1eg4te5mk73", [("1eg4te5mk73", ID)]),
        ("Medicare: 1EG4 TE5 MK73.", [("1EG4 TE5 MK73", ID)]),
        ("moms medicare card says 5TP9-X83-QA21 on it", [("5TP9-X83-QA21", ID)]),
        ("beneficiary id 9AC2D11WX04 pls update", [("9AC2D11WX04", ID)]),
        ("我爸的medicare号码是1EG4TE5MK73，帮我记一下", [("1EG4TE5MK73", ID)]),
        ("联邦医保卡号：7FJ3NP6RU29", [("7FJ3NP6RU29", ID)]),
        # the dashed upper-case form needs no cue
        ("can you fill in 2KM8-HU1-GY67 on the claim form", [("2KM8-HU1-GY67", ID)]),
        ("爸爸的卡上印着 4DT6-VR9-EN30", [("4DT6-VR9-EN30", ID)]),
        # the medicare cue still takes other countries' numbers (ID cue rule)
        ("medicare number 552819374A for my dad", [("552819374A", ID)]),
        # a bare "account" with a bank word or a routing number elsewhere in the message
        ("routing 021000021 account 4839201175 - set that up for direct deposit", [("4839201175", FA)]),
        ("account 4839201175 / 021000021", [("4839201175", FA)]),
        ("Sort code 20-00-00 account 55779911, send the deposit there", [("55779911", FA)]),
        ("pay into account 0012 3456 78 at the bank on main st", [("0012 3456 78", FA)]),
        ("我工资每个月打到这张卡上，是招商银行的，你帮我记一下，账号 755912345678", [("755912345678", FA)]),
    ],
)
def test_positives(found: Found, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # MBI look-alikes: letters it never uses, a leading 0, longer codes, paths, plain without a cue
        "1SB4-TE5-MK73",
        "0EG4-TE5-MK73",
        "ticket 1EG4-TE5-MK73-99 is closed",
        "see https://example.com/p/1EG4-TE5-MK73 for the part",
        "part number 1EG4TE5MK73 is back in stock",
        "folder 1eg4-te5-mk73 has the drafts",  # lower case, no cue
        "medicare covers 80% after the deductible",
        "uuid 123e4567-e89b-12d3-a456-426614174000",
        # a bare "account" with no bank context
        "account 3 of 5 is done",
        "my account was locked again",
        "account 123456 was locked, support says wait",
        "account 20231015 order shipped",
        "account 4839201175 / 123456789",  # not a valid routing number
        # the number named by "routing" is not the account
        "what is the account routing number 021000021",
        "account 021000021",
    ],
)
def test_negatives(found: Found, text: str) -> None:
    assert found(text) == []


def test_aba_routing_ok() -> None:
    assert aba_routing_ok("021000021") and aba_routing_ok("026009593") and aba_routing_ok("121000358")
    assert not aba_routing_ok("021000022")  # checksum
    assert not aba_routing_ok("991000021")  # prefix never issued
    assert not aba_routing_ok("12345678")
