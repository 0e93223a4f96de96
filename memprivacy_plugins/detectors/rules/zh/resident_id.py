"""Mainland China resident identity card numbers (GB 11643-1999).

18 characters: region code, birth date, sequence, MOD 11-2 check character (0-9 or X),
also written 6-8-4 with spaces. A valid checksum needs no cue; a number with the right
shape but a wrong check character (a typo, or a made-up example) counts only next to
an ID cue. 15-digit first-generation numbers count only next to a cue.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule, Words
from ..text import Doc
from ..validators import cn_birth_date_ok, cn_resident_id_checksum_ok, cn_resident_id_shape_ok

# The boundary tests come after the first digit, so that re skips to the digits.
_ID18: Final = re.compile(
    r"[1-9](?<![0-9A-Za-z_][1-9])[0-9]{5} ?(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01]) ?[0-9]{3}[0-9Xx]"
    r"(?![0-9A-Za-z_])"
)
_ID15: Final = re.compile(
    r"[1-9](?<![0-9A-Za-z_][1-9])[0-9]{5}[0-9]{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}(?![0-9A-Za-z_])"
)
ID_WORDS: Final = Words(
    en=("id", "id number", "id card", "identity", "identification", "resident", "citizen"),
    zh=("身份证", "身份證", "身分證", "证件", "公民身份", "身份号", "户口", "社保", "医保"),
)
_LICENSE_WORDS: Final = Words(en=("driver", "driving", "licence", "license"), zh=("驾驶证", "驾照", "駕照"))


class CnResidentIdRule(Rule):
    PRIVACY_TYPE = "ID Number"
    MIN_DIGITS = 15
    SCORE = 1.0

    def find(self, doc: Doc) -> Iterator[Found]:
        ids18, ids15 = _candidates(doc)
        for m in ids18:
            value = m.group()
            if not cn_resident_id_shape_ok(value):
                continue
            start = m.start()
            # In China the driving licence number is the holder's ID number.
            kind = "Driver's License Number" if _LICENSE_WORDS.near_before(doc, start, 16) else None
            if cn_resident_id_checksum_ok(value):
                yield self.hit(start, m.end(), privacy_type=kind)
            elif kind or ID_WORDS.near_before(doc, start, 20):
                yield self.hit(start, m.end(), score=0.9, privacy_type=kind)
        for m in ids15:
            if cn_birth_date_ok("19" + m.group()[6:12]) and ID_WORDS.near_before(doc, m.start(), 20):
                yield self.hit(m.start(), m.end(), score=0.9)


def _candidates(doc: Doc) -> tuple[list[re.Match[str]], list[re.Match[str]]]:
    """``doc.scan(_ID18, 17)`` and ``doc.scan(_ID15, 15)``, one number run at a time.

    Both lie in one run (the check character X just after it); their end test reads
    two characters past the run. A run of digits alone holds an ID only when it is one,
    so only its length is worth a look: 17 (and an X) or 18, or 15. Another needs as
    many digits.
    """
    norm = doc.norm
    size = len(norm)
    ids18: list[re.Match[str]] = []
    ids15: list[re.Match[str]] = []
    for start, end in doc.numbers:
        length = end - start
        if length < 15:
            continue
        stop = min(size, end + 2)
        run = norm[start:end]
        if run.isdigit():
            if length == 17 or length == 18:
                ids18.extend(_ID18.finditer(norm, start, stop))
            elif length == 15:
                ids15.extend(_ID15.finditer(norm, start, stop))
            continue
        digits = length - run.count(" ") - run.count("-")  # at most
        if digits >= 17:
            ids18.extend(_ID18.finditer(norm, start, stop))
        if digits >= 15:
            ids15.extend(_ID15.finditer(norm, start, stop))
    return ids18, ids15
