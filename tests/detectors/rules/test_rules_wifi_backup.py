"""Wi-Fi network names and backup-code lists as people type them in chat (patterns the blind
held-out set 2 missed), and the look-alikes that must stay untouched next to them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Found = Callable[..., list[tuple[str, str]]]
NET = "Network Identifier"
PW = "Password"
BC = "Backup Code"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "network X" in a message about Wi-Fi
        (
            "wifi at my aunt's: network Maple-Guest2 pw: maple#4ever",
            [("Maple-Guest2", NET), ("maple#4ever", PW)],
        ),
        ("router config: network HomeNet_2G, channel 6", [("HomeNet_2G", NET)]),
        ("the wireless network is OrchardHouse7 btw", [("OrchardHouse7", NET)]),
        # naming verbs
        ("my wifi's called PineCone_5G", [("PineCone_5G", NET)]),
        ("join the wifi named GuestNet-3F", [("GuestNet-3F", NET)]),
        ("the router's network is called Harbor-Lights", [("Harbor-Lights", NET)]),
        ("my phone hotspot is called pixel_7a_jo", [("pixel_7a_jo", NET)]),
        # Chinese: wifi叫 / 无线网叫 / 热点叫 / 网络名
        ("家里wifi叫 Xiaomi_3A2F 密码qwer2580", [("Xiaomi_3A2F", NET), ("qwer2580", PW)]),
        ("公司WiFi叫 CMCC-7Hx2，密码是 12345678", [("CMCC-7Hx2", NET), ("12345678", PW)]),
        ("宿舍无线网叫 ChinaNet-x7Qp", [("ChinaNet-x7Qp", NET)]),
        ("我手机热点叫 iPhone15，连一下", [("iPhone15", NET)]),
        ("网络名：Office-2F，密码 abc12345", [("Office-2F", NET), ("abc12345", PW)]),
        ("wifi名称：Tenda_5G_01", [("Tenda_5G_01", NET)]),
        # backup codes after what they are for, each code of the list
        (
            "recovery codes for my dropbox acct: 5173 2290, 8846 1037, 3329 6654 - keep them",
            [("5173 2290", BC), ("8846 1037", BC), ("3329 6654", BC)],
        ),
        ("backup codes (github): a1b2c-3d4e5, f6a7b-8c9d0", [("a1b2c-3d4e5", BC), ("f6a7b-8c9d0", BC)]),
        ("discord backup codes - 7712 0459 / 3361 8820", [("7712 0459", BC), ("3361 8820", BC)]),
        (
            "twitter backup codes are 51736402; 90822813; 66730115",
            [("51736402", BC), ("90822813", BC), ("66730115", BC)],
        ),
        (
            "backup codes:\n1. 4418 2096\n2. 7730 5512\n3. 2291 6684",
            [("4418 2096", BC), ("7730 5512", BC), ("2291 6684", BC)],
        ),
        # a code of letters only, inside a list of dashed codes of the same shape
        (
            "2fa backup codes: hq4k-9bzz, j7pu-7xn8, suwx-xtnd",
            [("hq4k-9bzz", BC), ("j7pu-7xn8", BC), ("suwx-xtnd", BC)],
        ),
        (
            "备用码（谷歌账号）：4829 1736；9051 2284；6617 3390",
            [("4829 1736", BC), ("9051 2284", BC), ("6617 3390", BC)],
        ),
        (
            "微软恢复码：\n48291736\n90512284\n66173390",
            [("48291736", BC), ("90512284", BC), ("66173390", BC)],
        ),
        ("备用码：3817 2204、5592 0183", [("3817 2204", BC), ("5592 0183", BC)]),
    ],
)
def test_positives(found: Found, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # "network" as a plain word
        "the wifi keeps dropping, network issues all day",
        "router is fine, the network is down again",
        "my wifi is fine but the network 5G is slow",
        "wifi network 5G is faster than 2.4",
        "i'm on a social network called Mastodon",
        "wifi keeps dropping on the cellular network T-Mobile",
        "the network team owns Project-X1 now",  # no Wi-Fi in the message
        "wifi叫什么来着",
        "他是个网络名人 ZhangSan123",
        # backup codes mentioned, none given
        "i lost my backup codes for the google account, can you help",
        "how many backup codes for 2024 accounts?",
        "backup codes for 2 accounts: none left",
        "备用码在哪里找",
    ],
)
def test_negatives(found: Found, text: str) -> None:
    assert found(text) == []


def test_spaced_codes_stop_before_words(found: Found) -> None:
    # "keep them" has the shape of "4829 1736" but no digit: the list ends there.
    assert found("backup codes: 4829 1736, 9051 2284 keep them safe") == [
        ("4829 1736", BC),
        ("9051 2284", BC),
    ]
