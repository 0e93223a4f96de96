"""North American numbers (US, Canada): (415) 555-2671, 415-555-2671, 415.555.2671, +1 415 555 2671.

The 3-3-4 grouping with separators is required; ten bare digits count only with "+1"
in front or a phone cue (see ``generic/phone_by_cue.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule
from ..generic.phone_words import NOT_PHONE_WORDS, PHONE_WORDS, service_number
from ..text import Doc

_NANP: Final = re.compile(
    r"(?<![0-9A-Za-z_+\-.])(?:(?:\+1|1)[ .\-]?)?(?:\([0-9]{3}\)[ .\-]?|[0-9]{3}(?P<sep>[ .\-]))[0-9]{3}"
    r"(?(sep)(?P=sep)|[ .\-])[0-9]{4}(?:\s?(?:x|ext\.?|extension)\s?[0-9]{1,5})?(?![0-9A-Za-z_]|[\-.][0-9])"
    r"|(?<![0-9A-Za-z_+])\+1[ .\-]?[0-9]{10}(?![0-9A-Za-z_])"
)

# In every match (prefix, extension and boundaries left out), inside one number run and the "+" before it.
_NEEDLE: Final = re.compile(r"[0-9]{3}\)?[ .\-]?[0-9]{3}[ .\-][0-9]{4}|\+1[ .\-]?[0-9]{10}")


class NanpPhoneRule(Rule):
    PRIVACY_TYPE = "Phone Number"
    MIN_DIGITS = 10
    SCORE = 0.95

    def applies(self, doc: Doc) -> bool:
        norm = doc.norm
        for start, end in doc.numbers:
            if end - start < 11:
                continue
            if norm[start:end].isdigit():  # no separator: only "+1" and ten digits can be one
                if start and norm[start - 1] == "+" and norm[start] == "1":
                    return True
            elif _NEEDLE.search(norm, start - 1 if start else 0, end) is not None:
                return True
        return False

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in doc.scan(_NANP, 10):
            digits = "".join(c for c in m.group() if c.isdigit())
            if len(set(digits)) < 3:
                continue  # 000-000-0000, 111-111-1111: placeholders, not numbers
            if service_number(digits):
                continue  # 1-800 lines belong to businesses
            if NOT_PHONE_WORDS.near_before(doc, m.start(), 12) and not PHONE_WORDS.near_before(
                doc, m.start(), 8
            ):
                continue
            yield self.hit(m.start(), m.end())
