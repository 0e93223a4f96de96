"""International Bank Account Numbers (ISO 13616), checked with MOD 97."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

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
        return bool(_matches(doc, 1))

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


def _matches(doc: Doc, limit: int = 0) -> list[re.Match[str]]:
    """``_IBAN.finditer(doc.norm)``, tried only where it can start (``limit``: stop after that many).

    The check digits follow the two capitals, so they start a number run: a message
    without a run right after two capitals has no IBAN, and most have none.
    """
    norm = doc.norm
    out: list[re.Match[str]] = []
    end = 0
    for start, _ in doc.numbers:
        at = start - 2
        if at >= end and norm[start - 1] in CAPS and norm[at] in CAPS:
            m = _IBAN.match(norm, at)
            if m is not None:
                out.append(m)
                if len(out) == limit:
                    break
                end = m.end()
    return out
