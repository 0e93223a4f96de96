"""US Social Security numbers and ITINs (AAA-GG-SSSS); bare nine digits only after a cue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule, Words
from ..text import Doc
from ..validators import us_ssn_ok

_GROUPED: Final = re.compile(
    r"(?<![0-9A-Za-z_\-./])[0-9]{3}(?P<sep>[ \-])[0-9]{2}(?P=sep)[0-9]{4}(?![0-9A-Za-z_]|[\-./][0-9])"
)
_BARE: Final = re.compile(r"(?<![0-9A-Za-z_\-./])[0-9]{9}(?![0-9A-Za-z_]|[\-./][0-9])")
# In every match of each pattern, inside one number run.
_GROUPED_NEEDLE: Final = re.compile(r"[0-9]{3}[ \-][0-9]{2}[ \-][0-9]{4}")
_BARE_NEEDLE: Final = re.compile(r"(?<![0-9])[0-9]{9}(?![0-9])")
_SSN_WORDS: Final = Words(
    en=("ssn", "social security", "social", "itin", "taxpayer", "ss#", "ss no"), zh=("社会安全号", "社安号")
)
_ITIN_GROUPS: Final = (
    frozenset(range(50, 66)) | frozenset(range(70, 89)) | frozenset(range(90, 93)) | frozenset(range(94, 100))
)


def _valid(value: str) -> bool:
    digits = value.replace("-", "").replace(" ", "")
    if digits[0] == "9":  # ITIN: 9XX-[50-65|70-88|90-92|94-99]-XXXX
        return int(digits[3:5]) in _ITIN_GROUPS
    return us_ssn_ok(digits)


class UsSsnRule(Rule):
    PRIVACY_TYPE = "ID Number"
    MIN_DIGITS = 9
    SCORE = 0.95

    def applies(self, doc: Doc) -> bool:
        # Bare nine digits count only after an SSN cue, so they alone need one somewhere.
        norm = doc.norm
        bare = False
        for start, end in doc.numbers:
            if end - start < 9:
                continue
            if norm[start:end].isdigit():  # no separator: bare nine digits at most
                bare = bare or end - start == 9
            elif end - start >= 11 and _GROUPED_NEEDLE.search(norm, start, end) is not None:
                return True
            else:
                bare = bare or _BARE_NEEDLE.search(norm, start, end) is not None
        return bare and _SSN_WORDS.present(doc)

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in doc.scan(_GROUPED, 11):
            if not _valid(m.group()):
                continue
            cue = _SSN_WORDS.near_before(doc, m.start(), 30)
            if m.group("sep") == "-" or cue:
                yield self.hit(m.start(), m.end(), score=self.SCORE if cue else 0.9)
        if not _SSN_WORDS.present(doc):
            return
        for m in doc.scan(_BARE, 9):
            if _valid(m.group()) and _SSN_WORDS.near_before(doc, m.start(), 24):
                yield self.hit(m.start(), m.end(), score=0.9)
