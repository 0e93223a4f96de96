"""Credit scores after a cue ("credit score is 712", "芝麻信用分 680")."""

from __future__ import annotations

import re
from typing import Final

from ..base import CueValueRule, Piece, Words, unit_follows
from ..text import Doc

_SCORE: Final = re.compile(r"[0-9]{3}")


class CreditScoreRule(CueValueRule):
    PRIVACY_TYPE = "Credit Score"
    CUES = Words(
        en=("credit score", "fico", "fico score", "credit rating", "vantagescore", "cibil score", "cibil"),
        zh=("芝麻信用分", "芝麻分", "芝麻信用", "信用分", "征信分", "信用评分", "信用积分"),
    )
    MIN_DIGITS = 3
    SCORE = 0.9
    WINDOW = 30

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        if _SCORE.fullmatch(value) and 300 <= int(value) <= 950 and not unit_follows(doc, piece.end):
            return self.PRIVACY_TYPE
        return None
