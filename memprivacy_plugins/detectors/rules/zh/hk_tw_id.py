"""Hong Kong identity card numbers (A123456(7)) and Taiwan national IDs (A123456789), checksummed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from .._cue_util import matches_at
from .._numbers import CAPS
from ..base import Found, Rule
from ..text import Doc
from ..validators import hk_id_ok, tw_id_ok
from .resident_id import ID_WORDS

_HK: Final = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{1,2}[0-9]{6} ?(?P<paren>\([0-9A]\))?(?(paren)|[0-9A])(?![A-Za-z0-9])"
)
_TW: Final = re.compile(r"(?<![A-Za-z0-9])[A-Z][12][0-9]{8}(?![A-Za-z0-9])")
# Both contain a capital followed by six digits, which start a number run.
_NEEDLE: Final = re.compile(r"[A-Z][0-9]{6}")


class HkTwIdRule(Rule):
    PRIVACY_TYPE = "ID Number"
    MIN_DIGITS = 6
    SCORE = 0.97

    def applies(self, doc: Doc) -> bool:
        norm = doc.norm
        for start, end in doc.numbers:
            if end - start >= 6 and start and norm[start - 1] in CAPS and _NEEDLE.match(norm, start - 1):
                return True
        return False

    def find(self, doc: Doc) -> Iterator[Found]:
        hk, tw = _candidates(doc)
        for m in hk:
            # Without the brackets, "A1234567" could be any code: a checksum and a cue, then.
            if hk_id_ok(m.group()) and (m.group("paren") or ID_WORDS.near_before(doc, m.start(), 20)):
                yield self.hit(m.start(), m.end())
        for m in tw:
            if tw_id_ok(m.group()):
                yield self.hit(m.start(), m.end())


def _candidates(doc: Doc) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """``doc.scan(_HK, 6, before=3)`` and ``doc.scan(_TW, 9, before=2)``, tried only where they
    can start: one or two capitals before a number run long enough for the digits."""
    norm = doc.norm
    hk: list[int] = []
    tw: list[int] = []
    for start, end in doc.numbers:
        if end - start >= 6 and start and norm[start - 1] in CAPS:
            hk += (start - 2, start - 1) if start >= 2 else (start - 1,)
            if end - start >= 9:
                tw.append(start - 1)
    return matches_at(_HK, norm, hk), matches_at(_TW, norm, tw)
