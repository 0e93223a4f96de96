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
# Everything a date can be made of (case-blind matching also takes U+017F for "s",
# U+0130/U+0131 for "i" and U+212A for "k"), and the lookups built on it: the run of
# such characters before a position (read backwards), the first _DATE_THEN_CUE match in
# a run (a match found at the run's first position that can hold one, as finditer would),
# and the first date at most 16 characters on (as a search that then drops later ones).
_DATE_CHARS: Final = r"0-9A-Za-z\s,./\-年月日号號\u017f\u0130\u0131\u212a"
_DATE_RUN_REVERSED: Final = re.compile(f"[{_DATE_CHARS}]*")
_DATE_IN_RUN: Final = re.compile(rf"[{_DATE_CHARS}]*?(?P<d>{_DATE_THEN_CUE.pattern})", re.IGNORECASE)
# Every date has one of these: a separator, 年, 月 or the space around a month name.
_DATE_MARK: Final = re.compile(r"[\-/.年月\s]")
_DATE_SOON: Final = re.compile(rf"(?s:.{{0,16}}?)(?P<d>{_DATE.pattern})", re.IGNORECASE)
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
        # only where a word it looks ahead for occurs, and only at the date characters
        # just before that word.
        if doc.max_digits and any(w in norm for w in _AFTER_DATE):
            yield from (self.hit(m.start("d"), m.end("d")) for m in _dates_before_words(norm))
        size = len(norm)
        for cue in _CUES.find_all(doc):
            if _OTHERS.near_before(doc, cue.start(), 8):
                continue
            # The first date in the 30 characters after the cue, if it starts within 16.
            pos, endpos = cue.end(), min(size, cue.end() + 30)
            if _DATE_MARK.search(norm, pos, endpos) is None:
                continue
            date = _DATE_SOON.match(norm, pos, endpos)
            if date is None:
                continue
            start, end = date.span("d")
            if any(ch in norm[cue.end() : start] for ch in "\n!?。！？;；"):
                continue  # the date belongs to another sentence
            if end < size and norm[end].isdigit():
                continue
            yield self.hit(start, end, score=self.SCORE - (start - cue.end()) / 1000)


def _dates_before_words(norm: str) -> list[re.Match[str]]:
    """``_DATE_THEN_CUE.finditer(norm)``, tried only in the runs of date characters that
    end (spaces aside) right before one of ``_AFTER_DATE``: a date is made of nothing else,
    so each such run holds at most one match, ending at its end."""
    found: dict[int, re.Match[str] | None] = {}  # run start -> its match
    for word in _AFTER_DATE:
        at = norm.find(word)
        while at >= 0:
            run = _DATE_RUN_REVERSED.match(norm[:at][::-1])  # always matches, maybe empty
            start = at - (run.end() if run is not None else 0)
            if start not in found:
                found[start] = _DATE_IN_RUN.match(norm, start)
            at = norm.find(word, at + 1)
    return [m for _, m in sorted(found.items(), key=lambda item: item[0]) if m is not None]
