"""Mainland China licence plates: province character, issuing-office letter, 5 characters
(6 for new-energy plates), e.g. 京A·12345, 粤B D12345, 沪AD12345."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule
from ..text import Doc

_PROVINCES: Final = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE: Final = re.compile(
    rf"[{_PROVINCES}](?<![A-Za-z0-9][{_PROVINCES}])[A-Za-z][ ·•・.\-]?(?:[A-Za-z0-9]{{5}}[A-Za-z0-9挂学警港澳领]?)(?![A-Za-z0-9])"
)


class CnLicensePlateRule(Rule):
    PRIVACY_TYPE = "License Plate"
    MIN_DIGITS = 1
    TRIGGERS = tuple(_PROVINCES)
    SCORE = 0.95

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in _PLATE.finditer(doc.norm):
            tail = m.group()[2:].lstrip(" ·•・.-")
            if sum(c.isdigit() for c in tail) >= 2:  # "京AB" words are not plates; real ones carry digits
                yield self.hit(m.start(), m.end())
