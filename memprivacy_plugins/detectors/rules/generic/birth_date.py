"""Dates of birth after a cue ("DOB 03/07/1990", "born on March 7, 1990", "出生日期：1990年3月7日")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule, Words
from ..text import Doc

_MONTHS: Final = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY: Final = r"(?:[12][0-9]|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_DATE: Final = re.compile(
    r"(?:19|20)[0-9]{2}(?:[\-/.]|年)\s?(?:1[0-2]|0?[1-9])(?:[\-/.]|月)\s?(?:[12][0-9]|3[01]|0?[1-9])(?:日|号|號)?"
    r"|(?:[12][0-9]|3[01]|0?[1-9])[/.\-](?:1[0-2]|0?[1-9])[/.\-](?:19|20)[0-9]{2}"
    r"|(?:1[0-2]|0?[1-9])[/.\-](?:[12][0-9]|3[01]|0?[1-9])[/.\-](?:19|20)?[0-9]{2}"
    rf"|{_MONTHS}\s+{_DAY}(?:,?\s+(?:19|20)[0-9]{{2}})?"
    rf"|{_DAY}(?:\s+of)?\s+{_MONTHS}(?:,?\s+(?:19|20)[0-9]{{2}})?"
    r"|(?:1[0-2]|0?[1-9])月(?:[12][0-9]|3[01]|0?[1-9])(?:日|号|號)",
    re.IGNORECASE,
)
_CUES: Final = Words(
    en=("born on", "born", "date of birth", "dob", "birthday", "birth date", "birthdate", "bday"),
    zh=("出生日期", "出生于", "出生於", "出生在", "出生", "生日", "生于", "出生年月"),
)
# "1990年3月7日出生", "born 1990-03-07" come with the cue after the date.
_AFTER_DATE: Final = ("出生", "生人", "出世", "生的")
_DATE_THEN_CUE: Final = re.compile(rf"(?:{_DATE.pattern})(?=\s*(?:{'|'.join(_AFTER_DATE)}))", re.IGNORECASE)
# Someone else's birthday ("老婆生日是3月8号", "my mom's birthday") is not the user's date of birth.
_OTHERS: Final = Words(
    en=(
        "wife",
        "husband",
        "mom",
        "mum",
        "mother",
        "dad",
        "father",
        "son",
        "daughter",
        "kid",
        "friend",
        "boss",
        "brother",
        "sister",
        "his",
        "her",
        "their",
        "bf",
        "gf",
        "boyfriend",
        "girlfriend",
        "partner",
    ),
    zh=(
        "老婆",
        "老公",
        "妈",
        "爸",
        "儿子",
        "女儿",
        "孩子",
        "朋友",
        "女朋友",
        "男朋友",
        "哥",
        "姐",
        "弟",
        "妹",
        "他",
        "她",
        "同事",
        "领导",
        "老板",
    ),
)


class BirthDateRule(Rule):
    PRIVACY_TYPE = "Specific Date of Birth"
    CUES = _CUES
    TRIGGERS = _AFTER_DATE
    SCORE = 0.9

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        # The whole-message scan is slow (a long case-blind alternation tried everywhere):
        # only where a word it looks ahead for occurs.
        if doc.max_digits and any(w in norm for w in _AFTER_DATE):
            for m in _DATE_THEN_CUE.finditer(norm):
                yield self.hit(m.start(), m.end())
        for cue in _CUES.find_all(doc):
            if _OTHERS.near_before(doc, cue.start(), 8):
                continue
            date = _DATE.search(norm, cue.end(), min(len(norm), cue.end() + 30))
            if date is None or date.start() - cue.end() > 16:
                continue
            if any(ch in norm[cue.end() : date.start()] for ch in "\n!?。！？;；"):
                continue  # the date belongs to another sentence
            if date.end() < len(norm) and norm[date.end()].isdigit():
                continue
            yield self.hit(date.start(), date.end(), score=self.SCORE - (date.start() - cue.end()) / 1000)
