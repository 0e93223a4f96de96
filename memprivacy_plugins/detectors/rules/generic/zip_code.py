"""Postal codes after a cue ("zip 94107", "postcode SW1A 1AA", "邮编 100020")."""

from __future__ import annotations

import re
from typing import Final

from ..base import CueValueRule, Piece, Words
from ..text import Doc

_FORMATS: Final = re.compile(
    r"[0-9]{5}(?:-[0-9]{4})?"  # US ZIP, ZIP+4; also DE, FR, IT, ES...
    r"|[0-9]{6}"  # China, India, Singapore, Russia
    r"|[0-9]{3}-?[0-9]{4}"  # Japan
    r"|[0-9]{4}"  # Australia, Switzerland, Austria, Denmark...
    r"|[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}"  # UK
    r"|[A-Za-z][0-9][A-Za-z] ?[0-9][A-Za-z][0-9]"  # Canada
    r"|[0-9]{4} ?[A-Za-z]{2}"  # Netherlands
)


class ZipCodeRule(CueValueRule):
    PRIVACY_TYPE = "Zip Code"
    CUES = Words(
        en=("zip", "zip code", "zipcode", "postal code", "postcode", "post code", "postal"),
        zh=("邮编", "邮政编码", "郵遞區號", "郵編"),
    )
    MIN_DIGITS = 1
    SCORE = 0.9
    # The second half of UK, Canadian and Dutch codes: "SW1A" + " 1AA", "K1A" + " 0B1", "1011" + " AB".
    EXTEND = re.compile(r" (?:[0-9][A-Za-z]{2}|[0-9][A-Za-z][0-9]|[A-Z]{2})(?![A-Za-z0-9])")

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        return self.PRIVACY_TYPE if _FORMATS.fullmatch(piece.value) else None
