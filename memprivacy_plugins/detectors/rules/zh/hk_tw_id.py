"""Hong Kong identity card numbers (A123456(7)) and Taiwan national IDs (A123456789), checksummed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule
from ..text import Doc
from ..validators import hk_id_ok, tw_id_ok
from .resident_id import ID_WORDS

_HK: Final = re.compile(
    r"(?<![A-Za-z0-9])[A-Z]{1,2}[0-9]{6} ?(?P<paren>\([0-9A]\))?(?(paren)|[0-9A])(?![A-Za-z0-9])"
)
_TW: Final = re.compile(r"(?<![A-Za-z0-9])[A-Z][12][0-9]{8}(?![A-Za-z0-9])")
# Both contain a capital followed by six digits: one fast scan rules most messages out.
_NEEDLE: Final = re.compile(r"[A-Z][0-9]{6}")


class HkTwIdRule(Rule):
    PRIVACY_TYPE = "ID Number"
    MIN_DIGITS = 6
    SCORE = 0.97

    def applies(self, doc: Doc) -> bool:
        return _NEEDLE.search(doc.norm) is not None

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in doc.scan(_HK, 6, before=3):
            # Without the brackets, "A1234567" could be any code: a checksum and a cue, then.
            if hk_id_ok(m.group()) and (m.group("paren") or ID_WORDS.near_before(doc, m.start(), 20)):
                yield self.hit(m.start(), m.end())
        for m in doc.scan(_TW, 9, before=2):
            if tw_id_ok(m.group()):
                yield self.hit(m.start(), m.end())
