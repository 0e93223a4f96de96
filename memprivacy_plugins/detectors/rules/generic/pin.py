"""PINs: 4 to 8 digits after "PIN", "PIN码", "ATM pin", "SIM PIN", "PUK"."""

from __future__ import annotations

import re
from typing import Final

from ..base import CueValueRule, Piece, Words, unit_follows
from ..text import Doc

_DIGITS: Final = re.compile(r"[0-9]{4,8}")


class PinRule(CueValueRule):
    PRIVACY_TYPE = "PIN"
    CUES = Words(
        en=(
            "pin",
            "pin code",
            "pin number",
            "puk",
            "puk code",
            "gate code",
            "door code",
            "alarm code",
            "lock code",
            "keypad code",
            "garage code",
            "safe code",
            "lockbox code",
            "entry code",
            "building code",
        ),
        zh=("pin码", "取款码", "解锁码", "门禁码", "开门码", "保险箱密码"),
    )
    MIN_DIGITS = 4
    SCORE = 0.92
    CUT = "#*"  # keypad codes are typed with a closing "#": "4826#"

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        if _DIGITS.fullmatch(piece.value) and not unit_follows(doc, piece.end):
            return self.PRIVACY_TYPE
        return None
