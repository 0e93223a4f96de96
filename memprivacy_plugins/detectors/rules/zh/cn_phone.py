"""Mainland China phone numbers: mobiles (1[3-9]X XXXX XXXX) and landlines with area code.

Mobiles need no cue: 11 digits starting 13-19 in the 3-4-4 grouping people type.
Landlines need a separator or brackets after the area code ("010-8888 6666",
"(0755) 2345 6789") or a phone cue. Service lines (400/800) are public, not private.
An order or tracking number cue in front vetoes either.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule
from ..generic.phone_words import NOT_PHONE_WORDS, PHONE_WORDS
from ..text import Doc

_PREFIX: Final = r"(?:(?:\+|00)86[ \-]?|\(\+?86\)[ \-]?|86[ \-])?"
# Not the tail of a longer dashed or dotted number ("2412-0956 7471-4109").
_START: Final = r"(?<![0-9A-Za-z_+])(?<![0-9][\-.])"
_MOBILE: Final = re.compile(
    rf"{_START}{_PREFIX}1[3-9][0-9](?:[ \-]?[0-9]{{4}}){{2}}(?![0-9A-Za-z_]|[\-.][0-9])"
)
_LANDLINE: Final = re.compile(
    rf"{_START}{_PREFIX}(?P<area>\(0[1-9][0-9]{{1,2}}\)|0(?:10|2[0-9]|[3-9][0-9]{{2}}))"
    r"(?P<sep>[ \-]?)[2-9][0-9]{2,3}[ \-]?[0-9]{4}(?:(?:转|-|ext\.?|x)[0-9]{1,5})?(?![0-9A-Za-z_]|[\-.][0-9])"
)

# In every mobile or landline match: its digits after the prefix, led by no digit but the
# "86" of a prefix and followed by none. A fast scan (the boundary tests come after the
# first digit) that long IDs, cards and IMEIs fail too.
_NEEDLE: Final = re.compile(
    r"1(?:(?<![0-9].)|(?<=86.))[3-9][0-9](?:[ \-]?[0-9]{4}){2}(?![0-9A-Za-z_])"
    r"|0(?:(?<![0-9].)|(?<=86.))[1-9][0-9]{1,2}\)?[ \-]?[2-9][0-9]{2,3}[ \-]?[0-9]{4}(?![0-9])"
)


class CnPhoneRule(Rule):
    PRIVACY_TYPE = "Phone Number"
    MIN_DIGITS = 10
    SCORE = 0.95

    def applies(self, doc: Doc) -> bool:
        norm = doc.norm
        for start, end in doc.numbers:
            if end - start < 10:
                continue
            # A match starts after no digit and ends before none: in a plain run of digits
            # it is the whole run, 16 digits at most ("0086" 0755 2345 6789). IDs and cards
            # are longer.
            if end - start > 16 and norm[start:end].isdigit():
                continue
            if _NEEDLE.search(norm, start, end) is not None:
                return True
        return False

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in doc.scan(_MOBILE, 11):
            if not NOT_PHONE_WORDS.near_before(doc, m.start(), 12) or PHONE_WORDS.near_before(
                doc, m.start(), 8
            ):
                yield self.hit(m.start(), m.end())
        for m in doc.scan(_LANDLINE, 10):
            marked = m.group("sep") or m.group("area").startswith("(") or m.group().startswith(("+", "00"))
            if not marked and not PHONE_WORDS.near_before(doc, m.start(), 16):
                continue
            if NOT_PHONE_WORDS.near_before(doc, m.start(), 12) and not PHONE_WORDS.near_before(
                doc, m.start(), 8
            ):
                continue
            yield self.hit(m.start(), m.end(), score=0.93)
