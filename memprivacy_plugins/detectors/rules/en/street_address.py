"""Street addresses in the English-speaking formats: "221B Baker Street, London NW1 6XE",
"1600 Pennsylvania Ave NW, Washington, DC 20500", "Apt 4B, 350 5th Avenue", "PO Box 1234".

The span runs from the house number through unit, city, state and postcode when they
follow directly. Announced as an office or work address it is typed "Work Address".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule, Words
from ..text import Doc

_SUFFIXES: Final = (
    "Street",
    "St",
    "Avenue",
    "Ave",
    "Av",
    "Road",
    "Rd",
    "Boulevard",
    "Blvd",
    "Lane",
    "Ln",
    "Drive",
    "Dr",
    "Court",
    "Ct",
    "Way",
    "Place",
    "Pl",
    "Terrace",
    "Ter",
    "Parkway",
    "Pkwy",
    "Circle",
    "Cir",
    "Highway",
    "Hwy",
    "Square",
    "Sq",
    "Trail",
    "Trl",
    "Loop",
    "Crescent",
    "Cres",
    "Close",
    "Row",
    "Walk",
    "Alley",
    "Plaza",
    "Grove",
    "Gardens",
    "Heights",
    "Hill",
    "Mews",
    "Path",
    "Pike",
    "Ridge",
    "Run",
    "Expressway",
    "Freeway",
    "Turnpike",
    "Causeway",
    "Embankment",
)
_SUFFIX: Final = "(?:" + "|".join(_SUFFIXES) + ")"
_WORD: Final = r"(?:[A-Z][A-Za-z'.\-]*|[0-9]{1,3}(?:st|nd|rd|th))"
_UNIT_WORD: Final = (
    r"(?:Apt|Apartment|Suite|Ste|Unit|Rm|Room|Floor|Fl|Flat|Bldg|Building|#)\.?\s*#?\s*[A-Za-z0-9\-]{1,6}"
)
_UNIT: Final = rf"(?:,?\s*{_UNIT_WORD})"
_CITY_WORD: Final = r"[A-Z][a-z][A-Za-z.\-]*(?![A-Za-z0-9])"  # "NY" is a state, not part of the city
_CITY: Final = rf"(?:,\s*{_CITY_WORD}(?:\s+{_CITY_WORD}){{0,2}})"
_STATE_ZIP: Final = r"(?:,?\s+[A-Z]{2}\s+[0-9]{5}(?:-[0-9]{4})?|,?\s+[A-Z]{1,2}[0-9][A-Z0-9]?\s?[0-9][A-Z]{2}|,\s*[A-Z]{2}(?![A-Za-z]))"
# Starts at the house number (a digit first lets ``re`` skip ahead fast); a unit written
# before it ("Apt 4B, 350 5th Avenue") is added by _UNIT_BEFORE.
_ADDRESS: Final = re.compile(
    rf"[0-9](?<![^\s,(:][0-9])[0-9]{{0,5}}[A-Za-z]?(?:-[0-9]{{1,4}})?\s+"
    rf"(?:(?:N|S|E|W|NE|NW|SE|SW|North|South|East|West)\.?\s+)?(?:{_WORD}\s+){{1,3}}{_SUFFIX}\.?(?![A-Za-z])"
    rf"(?:\s+(?:N|S|E|W|NE|NW|SE|SW)\.?(?![A-Za-z]))?{_UNIT}?(?:{_CITY}{_STATE_ZIP}?)?"
)
_UNIT_BEFORE: Final = re.compile(rf"{_UNIT_WORD},?\s+$")
_CAPITALISED_SUFFIX: Final = re.compile(_SUFFIX + r"\b")
_PO_BOX: Final = re.compile(r"(?<![A-Za-z])P\.?\s?O\.?\s+Box\s+[0-9]{1,7}(?![0-9])", re.IGNORECASE)
# The rule runs only when a street word or "box" is present: "St", "Ave", "Road", ...
_STREET_WORDS: Final = Words(en=(*_SUFFIXES, "box"))
_WORK_WORDS: Final = Words(en=("office", "work", "company", "headquarters", "hq", "workplace", "employer"))


class StreetAddressRule(Rule):
    PRIVACY_TYPE = "Detailed Address"
    CUES = _STREET_WORDS
    MIN_DIGITS = 1
    SCORE = 0.85

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        if _CAPITALISED_SUFFIX.search(norm):  # "the way", "a run" in lower case name no street
            for m in doc.scan(_ADDRESS, 1, before=1, after=160):
                start = m.start()
                unit = _UNIT_BEFORE.search(norm, max(0, start - 24), start)
                if unit is not None:
                    start = unit.start()
                end = m.start() + len(m.group().rstrip(" ,."))
                kind = "Work Address" if _WORK_WORDS.near_before(doc, start, 30) else None
                yield self.hit(start, end, privacy_type=kind)
        if "box" in doc.lower:
            for m in _PO_BOX.finditer(norm):
                yield self.hit(m.start(), m.end(), score=0.8)
