"""Credit scores after a cue ("credit score is 712", "芝麻信用分 680")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from .._cue_util import matches_at
from ..base import CueValueRule, Found, Piece, Words, unit_follows
from ..text import Doc

_SCORE: Final = re.compile(r"[0-9]{3}")
_DIGITS: Final = re.compile("[0-9]+")
_BEFORE_CUE: Final = re.compile(
    r"(?<![0-9A-Za-z$.,])(?P<v>[3-9][0-9]{2})\s+(?:credit score|fico|credit rating)", re.IGNORECASE
)


class CreditScoreRule(CueValueRule):
    PRIVACY_TYPE = "Credit Score"
    CUES = Words(
        en=("credit score", "fico", "fico score", "credit rating", "vantagescore", "cibil score", "cibil"),
        zh=("芝麻信用分", "芝麻分", "芝麻信用", "信用分", "征信分", "信用评分", "信用积分"),
    )
    MIN_DIGITS = 3
    SCORE = 0.9
    WINDOW = 30

    def find(self, doc: Doc) -> Iterator[Found]:
        yield from super().find(doc)
        # "a 740 credit score": tried only where a run of exactly three digits starts (the
        # lookbehind makes a whole-message scan try every position).
        norm = doc.norm
        starts = [
            run.start()
            for start, end in doc.numbers
            if end - start >= 3
            for run in _DIGITS.finditer(norm, start, end)
            if run.end() - run.start() == 3
        ]
        for m in matches_at(_BEFORE_CUE, norm, starts):
            if int(m.group("v")) <= 950:
                yield self.hit(m.start("v"), m.end("v"), score=self.SCORE - 0.01)

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        if _SCORE.fullmatch(value) and 300 <= int(value) <= 950 and not unit_follows(doc, piece.end):
            return self.PRIVACY_TYPE
        return None
