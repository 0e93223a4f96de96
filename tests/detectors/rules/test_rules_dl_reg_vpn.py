"""A bare "DL" before a licence number, "reg" before a UK plate, and hosts named for remote
access (vpn., webvpn., oa.) under public suffixes; and the look-alikes that stay untouched."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Found = Callable[..., list[tuple[str, str]]]
DL = "Driver's License Number"
PLATE = "License Plate"
INTRANET = "Intranet Entry Point"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("texas DL 31847265 and DOB 1979-11-02", [("31847265", DL), ("1979-11-02", "Specific Date of Birth")]),
        ("texas dl 31847265", [("31847265", DL)]),  # lowercase, after a state name
        ("my CA DL D1234567 expires in june", [("D1234567", DL)]),  # capitals, letter + digits
        ("new york dl 123456789 pls save", [("123456789", DL)]),
        ("Ohio's dl 99887766", [("99887766", DL)]),
        ("dl: 31847265", [("31847265", DL)]),  # a connector was always enough
        ("my reg is LK19 XTR, can you check if the mot is due", [("LK19 XTR", PLATE)]),
        ("car reg: AB12CDE", [("AB12CDE", PLATE)]),
        ("公司VPN地址 vpn.hzyuntu.com.cn 账号见邮件", [("vpn.hzyuntu.com.cn", INTRANET)]),
        ("webvpn.zju.edu.cn 登录不上", [("webvpn.zju.edu.cn", INTRANET)]),
        ("the office box is OA.northwind-trading.com", [("OA.northwind-trading.com", INTRANET)]),
    ],
)
def test_positives(found: Found, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "dl 3 files from the server",  # dl = download
        "pls dl 1234567 now",  # lowercase, no state, no connector
        "mega dl 1234567",  # "ga" ends a word: no state code
        "so DL 2 more",  # too few digits
        "reg 3 files",
        "reg LK19",  # not the UK format
        "fill the reg form REF2024 today",
        "reg is lk19 xtr",  # plates are written in capitals; lowercase stays unknown
        "the vpn. is down again",
        "download openvpn.net client",  # the label must start the host
        "goa.trip.com booking",
    ],
)
def test_negatives(found: Found, text: str) -> None:
    assert found(text) == []


def test_oa_mailbox_is_an_email_not_a_host(found: Found) -> None:
    assert found("write to oa.admin@example.com") == [("oa.admin@example.com", "Email")]
