"""Phone numbers: China mobiles and landlines, North America, international, national formats, cues."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Found = Callable[..., list[tuple[str, str]]]

P = "Phone Number"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # China mobiles in the ways people type them
        ("我的手机13800138000，有事打我", [("13800138000", P)]),
        ("手机 138 0013 8000 微信同号", [("138 0013 8000", P)]),
        ("电话：139-1234-5678", [("139-1234-5678", P)]),
        ("+86 186 2000 5678 是我的号", [("+86 186 2000 5678", P)]),
        ("(+86)15012345678", [("(+86)15012345678", P)]),
        (
            "手机号１３８００１３８０００",
            [("１３８００１３８０００", P)],
        ),  # full-width digits, reported as written
        # landlines need a separator, brackets or a cue
        ("座机010-62345678转8012", [("010-62345678转8012", P)]),
        ("(0755)23456789 找前台", [("(0755)23456789", P)]),
        # North America
        ("call me at (415) 555-2671 tonight", [("(415) 555-2671", P)]),
        ("my cell: 415.555.2671", [("415.555.2671", P)]),
        ("reach me on +1 646 555 0199", [("+1 646 555 0199", P)]),
        # international and national formats
        ("in London use +44 20 7946 0958 2 times a day", [("+44 20 7946 0958", P)]),
        ("0049 30 12345678 is the Berlin office line I use", [("0049 30 12345678", P)]),
        ("mon portable: 06 12 34 56 78", [("06 12 34 56 78", P)]),
        ("whatsapp me 9123 4567", [("9123 4567", P)]),  # 8 digits: only with a cue
        ("text me at 2125550123", [("2125550123", P)]),
    ],
)
def test_phone_positives(found: Found, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "订单号 13800138000 的快递到哪了",  # an order number shaped like a mobile
        "客服电话400-820-8820打不通",  # a business service line
        "Call 1-800-275-2273 for Apple support",  # toll-free
        "the meeting is 2024-03-15 at 10:30",  # dates and times
        "ISBN 978-0-306-40615-7 is the one",
        "build 4155552671 failed",  # ten bare digits, no cue
        "9123 4567 is a nice number",  # eight digits, no cue
        "backup codes: 2412-0956 7471-4109",  # two codes side by side, not a number
        "price went from 1234 to 5678",
        "my favorite number is 1234567890",
    ],
)
def test_phone_negatives(found: Found, text: str) -> None:
    assert [kind for _, kind in found(text) if kind == P] == []
