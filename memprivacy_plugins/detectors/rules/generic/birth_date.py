"""Dates of birth after a cue ("DOB 03/07/1990", "born on March 7, 1990", "出生日期：1990年3月7日")."""

from __future__ import annotations

import re
from typing import Final, Iterator

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
    en=("born on", "born", "date of birth", "dob", "d.o.b", "birthday", "birth date", "birthdate", "bday",
        "b-day"),
    zh=("出生日期", "出生于", "出生於", "出生在", "出生", "生日", "生于", "出生年月"),
)
_GAP: Final = re.compile(r"[^\n.!?。！？;；]{0,14}?")


class BirthDateRule(Rule):
    PRIVACY_TYPE = "Specific Date of Birth"
    CUES = _CUES
    SCORE = 0.9

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        for cue in _CUES.find_all(doc):
            window_end = min(len(norm), cue.end() + 30)
            m = _DATE.search(norm, cue.end(), window_end)
            if m is None or m.start() - cue.end() > 16:
                continue
            if any(ch in norm[cue.end() : m.start()] for ch in "\n!?。！？;；"):
                continue
            if m.end() < len(norm) and norm[m.end()].isdigit():
                continue
            yield self.hit(m.start(), m.end(), score=self.SCORE - (m.start() - cue.end()) / 1000)
