"""International Bank Account Numbers (ISO 13616), checked with MOD 97."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from .._cue_util import matches_at
from .._numbers import CAPS
from ..base import Found, Rule
from ..text import Doc
from ..validators import iban_ok

# The boundary check comes after the first letter: a pattern that starts with a lookbehind
# cannot use re's fast scan for its first character.
_IBAN: Final = re.compile(
    r"[A-Z](?<![A-Za-z0-9][A-Z])[A-Z][0-9]{2}(?:[ \-]?[A-Z0-9]{4}){2,7}(?:[ \-]?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"
)
_GROUP: Final = re.compile(r"[ \-]?[A-Z0-9]{1,4}$")


class IbanRule(Rule):
    PRIVACY_TYPE = "Financial Account"
    MIN_DIGITS = 8  # the shortest all-digit stretch of a real IBAN's BBAN
    SCORE = 1.0

    def applies(self, doc: Doc) -> bool:
        return bool(_matches(doc))

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in _matches(doc):
            value = m.group()
            # A trailing capitalised word can ride along ("... 00 BIC"): drop groups until valid.
            for _ in range(3):
                if iban_ok(value):
                    yield self.hit(m.start(), m.start() + len(value))
                    break
                shorter = _GROUP.sub("", value)
                if shorter == value or len(shorter) < 15:
                    break
                value = shorter


def _matches(doc: Doc) -> list[re.Match[str]]:
    """``_IBAN.finditer(doc.norm)``, tried only where it can start.

    The check digits follow the two capitals, so they start a number run: a message
    without a run right after two capitals has no IBAN, and most have none.
    """
    norm = doc.norm
    starts = []
    for start, _ in doc.numbers:
        if start >= 2 and norm[start - 1] in CAPS and norm[start - 2] in CAPS:
            starts.append(start - 2)
    return matches_at(_IBAN, norm, starts) if starts else []
