"""Card security codes (CVV/CVC/CID, 安全码): three or four digits after the cue."""

from __future__ import annotations

import re
from typing import Final

from ..base import CueValueRule, Piece, Words
from ..text import Doc

_DIGITS: Final = re.compile(r"[0-9]{3,4}")
_CARD_WORDS: Final = Words(
    en=("card", "visa", "mastercard", "amex", "expiry", "exp", "back"), zh=("卡", "背面", "有效期")
)


class PaymentSecurityCodeRule(CueValueRule):
    PRIVACY_TYPE = "Payment Security Code"
    CUES = Words(
        en=(
            "cvv",
            "cvv2",
            "cvc",
            "cvc2",
            "cid",
            "csc",
            "card security code",
            "card verification code",
            "card verification value",
            "security code",
            "three-digit code",
            "code on the back",
        ),
        zh=(
            "安全码",
            "cvv码",
            "背面三位",
            "背面后三位",
            "背面的三位",
            "背后三位",
            "卡背面",
            "后三位数字",
            "校验码",
        ),
    )
    MIN_DIGITS = 3
    SCORE = 0.93

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        if not _DIGITS.fullmatch(piece.value):
            return None
        shared = cue.group() in ("security code", "安全码", "校验码", "后三位数字")
        if shared and not _CARD_WORDS.near(doc, cue.start(), piece.end, 40, 20):
            return None  # these cues also announce one-time codes: a CVV only with a card nearby
        return self.PRIVACY_TYPE
