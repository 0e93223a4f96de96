"""Identity documents: China resident ID (GB 11643), HK/TW IDs, US SSN, UK NINO, passports, licences."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Found = Callable[..., list[tuple[str, str]]]
ID = "ID Number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # valid checksum: no cue needed
        ("610113197503130185 是我爸的", [("610113197503130185", ID)]),
        ("身份证号11010519491231002X", [("11010519491231002X", ID)]),
        ("身份证号11010519491231002x", [("11010519491231002x", ID)]),  # lower-case check letter
        ("ID 110101 19491231 002X please", [("110101 19491231 002X", ID)]),  # written 6-8-4
        ("身份证：１１０１０５１９４９１２３１００２Ｘ", [("１１０１０５１９４９１２３１００２Ｘ", ID)]),
        # wrong check character: only next to an ID cue (a typo is still someone's ID)
        ("身份证号码110105194912310021", [("110105194912310021", ID)]),
        # in China the driving licence number is the ID number
        ("我的驾驶证号是440106199111071810", [("440106199111071810", "Driver's License Number")]),
        # Hong Kong and Taiwan, checksummed
        ("HKID A123456(3) for the form", [("A123456(3)", ID)]),
        ("香港身份证 G755131(1)", [("G755131(1)", ID)]),
        ("台灣身分證 A123456789", [("A123456789", ID)]),
        # US SSN and ITIN
        ("my SSN is 219-09-9999", [("219-09-9999", ID)]),
        ("social security 398 92 3266", [("398 92 3266", ID)]),
        ("ssn: 398923266", [("398923266", ID)]),
        ("ITIN 912-70-1234 for the W-7", [("912-70-1234", ID)]),
        # UK National Insurance number
        ("NI number AB 12 34 56 C", [("AB 12 34 56 C", ID)]),
        # documents announced by a cue
        ("passport number E12345678", [("E12345678", "Passport Number")]),
        ("passport no. 548293017, expires 2031", [("548293017", "Passport Number")]),
        ("护照号码：G12345678", [("G12345678", "Passport Number")]),
        ("driver's license D1234567 (CA)", [("D1234567", "Driver's License Number")]),
        ("Aadhaar 2345 6789 0123", [("2345 6789 0123", ID)]),
        ("证件号码 M1234567，港澳通行证", [("M1234567", ID)]),
    ],
)
def test_id_positives(found: Found, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "订单 110105194912310021 已发货",  # right shape, wrong checksum, no ID cue
        "交易流水 20231015123456789012",  # a 20-digit run
        "1101051949123100211 is one digit too long",
        "000-12-3456 is not a valid SSN",  # area 000
        "666-12-3456 is not either",
        "BG 12 34 56 C is an invalid NINO prefix",
        "A1234567 is a product code",  # HK shape without brackets or cue
        "the passport office opens at 9",
        "my driver's license expires next month",
    ],
)
def test_id_negatives(found: Found, text: str) -> None:
    kinds = {kind for _, kind in found(text)}
    assert not kinds & {ID, "Passport Number", "Driver's License Number"}
