"""Licence plates of any country after a cue ("plate number 7ABC123", "reg AB12 CDE", "车牌号 ...")."""

from __future__ import annotations

import re
from typing import Final

from ..base import CueValueRule, Piece, Words
from ..text import Doc

_PLATE: Final = re.compile(r"[A-Za-z0-9]{1,8}(?:[ \-·][A-Za-z0-9]{1,5}){0,2}")
# Bare "reg" (British for the registration) is also "register", "regex", "regular": after it,
# only the current UK format counts ("my reg is LK19 XTR").
_UK_CURRENT: Final = re.compile(r"[A-Z]{2}[0-9]{2} ?[A-Z]{3}")


class LicensePlateByCueRule(CueValueRule):
    PRIVACY_TYPE = "License Plate"
    CUES = Words(
        en=(
            "license plate",
            "licence plate",
            "plate number",
            "plate no",
            "plate",
            "number plate",
            "reg number",
            "registration number",
            "registration plate",
            "tag number",
            "plates",
            "reg",
        ),
        zh=("车牌号码", "车牌号", "车牌", "車牌"),
    )
    MIN_DIGITS = 1
    SCORE = 0.9
    EXTEND = re.compile(r"[ \-][A-Z0-9]{1,4}(?![A-Za-z0-9])")  # "AB12 CDE"

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        if cue.group() == "reg":
            return self.PRIVACY_TYPE if _UK_CURRENT.fullmatch(value) else None
        compact = value.replace(" ", "").replace("-", "").replace("·", "")
        shaped = _PLATE.fullmatch(value) is not None and 4 <= len(compact) <= 8
        has_digit = any(c.isdigit() for c in compact)
        # all digits only when long enough: "1234" after "plate" is more often a count
        if shaped and has_digit and (any(c.isalpha() for c in compact) or len(compact) >= 5):
            return self.PRIVACY_TYPE
        return None
