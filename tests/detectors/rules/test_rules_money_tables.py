"""Payment cards (Luhn + issuer prefix, or a card cue), IBAN (MOD 97), bank accounts after a cue."""

from __future__ import annotations

from collections.abc import Callable

import pytest

Found = Callable[..., list[tuple[str, str]]]
CARD = "Bank/Payment Card Number"
FIN = "Financial Account"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("charge 4111111111111111 exp 02/28", [("4111111111111111", CARD)]),
        ("Card 4532 0151 1283 0366 for the hotel", [("4532 0151 1283 0366", CARD)]),
        ("amex 3782 822463 10005", [("3782 822463 10005", CARD)]),
        ("卡号4189-5559-7971-1478", [("4189-5559-7971-1478", CARD)]),
        ("卡号４１８９ ５５５９ ７９７１ １４７８", [("４１８９ ５５５９ ７９７１ １４７８", CARD)]),
        # a Chinese debit card failing Luhn still counts after a card cue
        ("工资卡卡号6222 0212 3456 7890 123", [("6222 0212 3456 7890 123", CARD)]),
        ("IBAN GB82 WEST 1234 5698 7654 32 please", [("GB82 WEST 1234 5698 7654 32", FIN)]),
        ("wire to DE89370400440532013000", [("DE89370400440532013000", FIN)]),
        ("银行账号 6217000012345678901，开户行北京分行", [("6217000012345678901", FIN)]),
        ("account number: 000123456789 at Chase", [("000123456789", FIN)]),
        ("pay to account #: 4410 2231 9087, routing 026009593", [("4410 2231 9087", FIN)]),
    ],
)
def test_money_positives(found: Found, text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "订单号 2023101512345678 已付款",  # 16 digits announced as an order
        "tracking 1Z999AA10123456784 delivered",
        "4111111111111112 fails Luhn and has no cue",
        "GB82 WEST 1234 5698 7654 33 has a wrong check",
        "1234 5678 9012 3456 is a sequence",
        "timestamp 1697328000000 in ms",
    ],
)
def test_money_negatives(found: Found, text: str) -> None:
    assert not {kind for _, kind in found(text)} & {CARD, FIN}
