"""UK National Insurance numbers (QQ 12 34 56 C), structurally validated."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from .._numbers import CAPS
from ..base import Found, Rule
from ..text import Doc
from ..validators import uk_nino_ok

_NINO: Final = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2} ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D](?![A-Za-z0-9])")


class UkNinoRule(Rule):
    PRIVACY_TYPE = "ID Number"
    MIN_DIGITS = 6
    SCORE = 0.95

    def applies(self, doc: Doc) -> bool:
        # The digits start a number run (6 characters or more) right after the two
        # capitals or a space after them: the pattern is tried there only.
        norm = doc.norm
        for start, end in doc.numbers:
            if end - start < 6 or start < 2:
                continue
            before = norm[start - 1]
            if before in CAPS:
                at = start - 2
            elif before == " " and start >= 3:
                at = start - 3
            else:
                continue
            if norm[at] in CAPS and norm[at + 1] in CAPS and _NINO.match(norm, at):
                return True
        return False

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in doc.scan(_NINO, 6, before=4):
            if uk_nino_ok(m.group()):
                yield self.hit(m.start(), m.end())
