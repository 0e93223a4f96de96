"""Geographic coordinates precise enough to find a house (four or more decimals)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from .._numbers import in_runs
from ..base import Found, Rule
from ..text import Doc

_DECIMAL: Final = re.compile(
    r"(?<![0-9.\-])(?P<lat>[-+]?[0-9]{1,2}\.[0-9]{4,})\s*°?\s*(?P<ns>[NS])?\s*[,/ ]\s*"
    r"(?P<lon>[-+]?[0-9]{1,3}\.[0-9]{4,})\s*°?(?:\s*(?P<ew>[EW])(?![A-Za-z]))?(?![0-9])"
)
_DMS: Final = re.compile(
    r"(?<![0-9])[0-9]{1,2}°\s*[0-9]{1,2}['′]\s*(?:[0-9]{1,2}(?:\.[0-9]+)?[\"″]\s*)?[NS]\s*,?\s*"
    r"[0-9]{1,3}°\s*[0-9]{1,2}['′]\s*(?:[0-9]{1,2}(?:\.[0-9]+)?[\"″]\s*)?[EW](?![A-Za-z])"
)

_DECIMAL_NEEDLE: Final = re.compile(r"[0-9]\.[0-9]{4}")  # in every _DECIMAL match, inside one number run


class CoordinatesRule(Rule):
    PRIVACY_TYPE = "Precise Location"
    MIN_DIGITS = 5
    SCORE = 0.95

    def applies(self, doc: Doc) -> bool:
        norm = doc.norm
        return "°" in norm or ("." in norm and in_runs(doc, _DECIMAL_NEEDLE, 6, has="."))

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        for m in doc.scan(_DECIMAL, 5, after=32):
            if abs(float(m.group("lat"))) <= 90 and abs(float(m.group("lon"))) <= 180:
                yield self.hit(m.start(), m.end())
        if "°" in norm:
            for m in _DMS.finditer(norm):
                yield self.hit(m.start(), m.end())
