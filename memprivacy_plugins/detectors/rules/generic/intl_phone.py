"""International numbers written with a country code: +44 20 7946 0958, 0049 30 123456.

The candidate is checked with ``phonenumbers`` (length rules per country); trailing
digit groups that make it too long are dropped first ("+44 20 7946 0958 2 times").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Final, Iterator

from ..base import Found, Rule
from ..text import Doc
from .phone_words import NOT_PHONE_WORDS, PHONE_WORDS

_INTL: Final = re.compile(
    r"(?<![0-9A-Za-z_+])(?:\+|00)[1-9][0-9]{0,2}(?:[ .\-]?\(?[0-9]{1,5}\)?){1,7}(?![0-9A-Za-z_])"
)
_LAST_GROUP: Final = re.compile(r"[ .\-]?\(?[0-9]{1,5}\)?$")


@lru_cache(maxsize=4096)
def possible_international(number: str) -> bool:
    import phonenumbers  # a core dependency; imported on the first candidate only

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.is_possible_number(parsed) and phonenumbers.region_code_for_number(parsed) is not None


class IntlPhoneRule(Rule):
    PRIVACY_TYPE = "Phone Number"
    TRIGGERS = ("+", "00")
    MIN_DIGITS = 7
    SCORE = 0.94

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in _INTL.finditer(doc.norm):
            value = m.group()
            while True:
                number = "+" + value[2:] if value.startswith("00") else value
                digits = sum(c.isdigit() for c in number)
                if 8 <= digits <= 15 and possible_international(number):
                    if not NOT_PHONE_WORDS.near_before(doc, m.start(), 12) or PHONE_WORDS.near_before(doc, m.start(), 8):
                        yield self.hit(m.start(), m.start() + len(value))
                    break
                shorter = _LAST_GROUP.sub("", value)
                if shorter == value or sum(c.isdigit() for c in shorter) < 8:
                    break
                value = shorter
