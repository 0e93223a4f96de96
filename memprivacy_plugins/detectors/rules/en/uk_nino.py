"""UK National Insurance numbers (QQ 12 34 56 C), structurally validated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule
from ..text import Doc
from ..validators import uk_nino_ok

_NINO: Final = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])")
_NEEDLE: Final = re.compile(r"[A-Z] ?[0-9]{2}")  # in every match; a fast scan, unlike the lookbehind


class UkNinoRule(Rule):
    PRIVACY_TYPE = "ID Number"
    MIN_DIGITS = 6
    SCORE = 0.95

    def applies(self, doc: Doc) -> bool:
        return _NEEDLE.search(doc.norm) is not None

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in doc.scan(_NINO, 6, before=4):
            if uk_nino_ok(m.group()):
                yield self.hit(m.start(), m.end())
