"""International numbers written with a country code: +44 20 7946 0958, 0049 30 123456.

The candidate must have an assigned E.164 country code and a national number length in
use there (``validators.e164_possible``); trailing digit groups that make it too long are
dropped first ("+44 20 7946 0958 2 times").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule
from ..text import Doc
from ..validators import digits_of, e164_possible
from .phone_words import NOT_PHONE_WORDS, PHONE_WORDS

_INTL: Final = re.compile(
    r"(?<![0-9A-Za-z_+])(?:\+|00)[1-9][0-9]{0,2}(?:[ .\-]?\(?[0-9]{1,5}\)?){1,7}(?![0-9A-Za-z_])"
)
_LAST_GROUP: Final = re.compile(r"[ .\-]?\(?[0-9]{1,5}\)?$")


class IntlPhoneRule(Rule):
    PRIVACY_TYPE = "Phone Number"
    TRIGGERS = ("+",)
    TOKEN_PREFIXES = ("00",)
    MIN_DIGITS = 7
    SCORE = 0.94

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in doc.scan(_INTL, 7, before=3):
            value = m.group()
            while True:
                digits = digits_of(value.removeprefix("00"))
                # "+44 (0)20 ...": the trunk 0 in brackets is not dialled from abroad
                if "(0)" in value:
                    digits = digits_of((value.removeprefix("00")).replace("(0)", ""))
                if e164_possible(digits):
                    if not NOT_PHONE_WORDS.near_before(doc, m.start(), 12) or PHONE_WORDS.near_before(
                        doc, m.start(), 8
                    ):
                        yield self.hit(m.start(), m.start() + len(value))
                    break
                shorter = _LAST_GROUP.sub("", value)
                if shorter == value or len(digits_of(shorter)) < 8:
                    break
                value = shorter
