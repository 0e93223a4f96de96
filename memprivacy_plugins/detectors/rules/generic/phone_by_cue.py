"""Phone numbers in national formats, which only a trunk prefix or a cue makes safe to call phones.

``TrunkPhoneRule``: a number starting with the trunk prefix 0 and written in groups,
9-12 digits in all (UK 07700 900123, France 06 12 34 56 78, Japan 090-1234-5678,
Taiwan 0912-345-678). ``PhoneByCueRule``: any 7-15 digit number right after a phone
cue ("call me at 9123 4567", "手机：13800138000"). Dates, times and amounts are never phones.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule, unit_follows
from ..text import Doc
from ..validators import digits_of
from .phone_words import NOT_PHONE_WORDS, PHONE_WORDS, service_number

_TRUNK: Final = re.compile(
    r"(?<![0-9A-Za-z_+\-.])0[0-9]{1,4}(?:[ .\-][0-9]{2,4}){2,4}(?![0-9A-Za-z_]|[\-.][0-9])"
)
# The start of every _TRUNK match, its boundary test after the 0: a fast scan that rules most
# messages out (dates and times too: their 0 follows a digit).
_TRUNK_NEEDLE: Final = re.compile(r"0(?<![0-9A-Za-z_+\-.]0)[0-9]{1,4}[ .\-][0-9]{2,4}[ .\-][0-9]{2}")
# Any number: (?<![0-9A-Za-z_+\-.])\+?\(?[0-9][0-9 ().\-]{5,22}[0-9] and the end test, written to
# start with a character class (a "+", "(" or digit, then the test on the character before
# it), so that re skips to those characters instead of trying the lookbehind everywhere.
_ANY: Final = re.compile(
    r"[+(0-9](?<![0-9A-Za-z_+\-.].)(?:(?<=\+)\(?[0-9]|(?<=\()[0-9]|(?<=[0-9]))"
    r"[0-9 ().\-]{5,22}[0-9](?![0-9A-Za-z_]|[\-.][0-9])"
)
_GAP_STOP: Final = re.compile(r"[。.!?！？\n]")  # a cue and its number are in one sentence
_SEPARATOR: Final = re.compile(r"[ .\-]")
_DATE_OR_TIME: Final = re.compile(
    r"^(?:(?:19|20)[0-9]{2}[\-./][0-9]{1,2}[\-./][0-9]{1,2}|[0-9]{1,2}[\-./][0-9]{1,2}[\-./](?:19|20)?[0-9]{2}"
    r"|[0-9]{1,2}:[0-9]{2}.*)$"
)

# A group of letters and digits mixed, right before the number and one space away.
_CODE_BEFORE: Final = re.compile(r"(?<![^\s])(?=[A-Za-z]*[0-9])(?=[0-9]*[A-Za-z])[A-Za-z0-9]+ $")


def _digit_count(value: str) -> int:
    return sum(c.isdigit() for c in value)


class TrunkPhoneRule(Rule):
    PRIVACY_TYPE = "Phone Number"
    MIN_DIGITS = 9
    SCORE = 0.86

    def applies(self, doc: Doc) -> bool:
        return _TRUNK_NEEDLE.search(doc.norm) is not None

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in doc.scan(_TRUNK, 9):
            value = m.group()
            if len(set(_SEPARATOR.findall(value))) > 1 or service_number(digits_of(value)):
                continue  # "0956 7471-4109": two numbers side by side, not one
            if not 9 <= _digit_count(value) <= 12 or _DATE_OR_TIME.match(value):
                continue
            if _CODE_BEFORE.search(doc.norm, max(0, m.start() - 12), m.start()):
                continue  # the tail of a longer code: "1Z 4F7 82E 03 5917 2648"
            if not NOT_PHONE_WORDS.near_before(doc, m.start(), 12):
                yield self.hit(m.start(), m.end())


class PhoneByCueRule(Rule):
    PRIVACY_TYPE = "Phone Number"
    CUES = PHONE_WORDS
    MIN_DIGITS = 7
    SCORE = 0.86

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        size = len(norm)
        for cue in PHONE_WORDS.find_all(doc):
            if cue.group() == "号码" and NOT_PHONE_WORDS.near_before(doc, cue.start(), 4):
                continue  # 发票号码, 订单号码, 身份证号码: the number of something else
            at = cue.end()
            m = _ANY.search(norm, at, min(size, at + 30))
            if m is None:
                continue
            start = m.start()
            gap = norm[at:start]
            if gap and (_GAP_STOP.search(gap) is not None or any(map(str.isdigit, gap))):
                continue
            value = m.group().rstrip(" .-(")
            end = start + len(value)
            digits = digits_of(value)  # all the digits: the value is ASCII
            if not 7 <= len(digits) <= 15 or _DATE_OR_TIME.match(value) or unit_follows(doc, end):
                continue
            if value.count(" ") > 4 or value.count("(") > 1 or service_number(digits):
                continue
            yield self.hit(start, end, score=self.SCORE - len(gap) / 1000)
