"""Emails, IP addresses, MAC addresses, intranet URLs, connection strings, URL credentials."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Found = Callable[..., list[tuple[str, str]]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("mail me at jen.morales88@gmail.com.", [("jen.morales88@gmail.com", "Email")]),
        ("邮箱zhangwei@163.com谢谢", [("zhangwei@163.com", "Email")]),
        ("邮箱ａｂｃ＠ｑｑ．ｃｏｍ", [("ａｂｃ＠ｑｑ．ｃｏｍ", "Email")]),
        ("reach me at jane.doe(at)example(dot)com", [("jane.doe(at)example(dot)com", "Email")]),
        ("jdoe at gmail dot com works too", [("jdoe at gmail dot com", "Email")]),
        ("my IP is 73.158.64.12, why blocked?", [("73.158.64.12", "IP Address")]),
        ("router at 192.168.31.1", [("192.168.31.1", "Internal IP")]),
        ("内网 10.20.30.40 的机器", [("10.20.30.40", "Internal IP")]),
        ("IPv6 2001:db8::8a2e:370:7334 is mine", [("2001:db8::8a2e:370:7334", "IP Address")]),
        ("ula fd12:3456:789a::1 inside", [("fd12:3456:789a::1", "Internal IP")]),
        ("laptop MAC 3C:22:FB:A1:0E:5D", [("3C:22:FB:A1:0E:5D", "Device ID")]),
        ("IMEI 357353799075116", [("357353799075116", "Device ID")]),
        (
            "jira: https://jira.corp/browse/OPS-1234, from home?",
            [("https://jira.corp/browse/OPS-1234", "Intranet Entry Point")],
        ),
        ("http://10.0.3.15:8080/admin 打不开", [("http://10.0.3.15:8080/admin", "Intranet Entry Point")]),
        (r"share at \\fileserver\finance\q3", [(r"\\fileserver\finance\q3", "Intranet Entry Point")]),
        (
            "DATABASE_URL=postgres://app:Tr0ub4dor3@db.internal:5432/app_prod",
            [("postgres://app:Tr0ub4dor3@db.internal:5432/app_prod", "Database Connection String")],
        ),
        (
            "Server=10.1.1.5;Database=crm;User Id=sa;Password=Pa55w0rd;",
            [("Server=10.1.1.5;Database=crm;User Id=sa;Password=Pa55w0rd", "Database Connection String")],
        ),
        ("clone https://bob:gh0stP4ss@git.example.com/x.git", [("gh0stP4ss", "Password")]),
    ],
)
def test_network_positives(found: Found, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "use 8.8.8.8 or 1.1.1.1 for DNS",  # public resolvers identify no one
        "upgrade to version 1.2.3.4 today",
        "ping 127.0.0.1 works",  # loopback
        "netmask 255.255.255.0",
        "the range 10.0.0.0/8 is private",
        "see https://www.example.com/docs",  # a public site
        "http://localhost:3000 is my dev server",
        "email me at your convenience",
        "meeting at 12:30:45 in room 3",
        "user@localhost is not an address",
    ],
)
def test_network_negatives(found: Found, text: str) -> None:
    assert found(text) == []
