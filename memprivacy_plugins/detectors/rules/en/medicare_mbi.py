"""US Medicare Beneficiary Identifiers (MBI): "medicare number 1EG4-TE5-MK73".

CMS format, 11 characters: 1 a digit 1-9; 2, 5, 8, 9 a letter; 3 and 6 a letter or a
digit; 4, 7, 10, 11 a digit. Letters never S, L, O, I, B or Z. Printed 4-3-4 with dashes
or typed plain. An MBI has no run of 4 digits, so the number-gated ID cue rule never sees
one: this rule looks for the format itself.

After a cue (medicare, MBI, beneficiary id ...) any case and a plain, dashed or spaced
form count. With no cue only the dashed upper-case form counts: the grouping, the digits
fixed at five places and the letters fixed at four, from an alphabet of 20, leave almost
nothing else that is typed that way (UUIDs, product keys, phones and dates group
differently). A plain 11-character run is too much like a reference or a hash to take
without a cue.
"""

from __future__ import annotations

import re
from typing import Final

from ..base import Found, Rule, Words
from ..text import Doc

_L: Final = "ac-hjkmnp-rt-y"  # A-Z less S L O I B Z
# On the lowered text, after a cue: any case, dashes or spaces where the card has dashes.
_AFTER_CUE: Final = re.compile(
    rf"(?<![a-z0-9])[1-9][{_L}][{_L}0-9][0-9](?P<sep>[- ]?)[{_L}][{_L}0-9][0-9](?P=sep)[{_L}]{{2}}[0-9]{{2}}"
    r"(?![a-z0-9]|[\-./][a-z0-9])"
)
_U: Final = _L.upper()
# On the folded text, no cue: upper case, dashed 4-3-4, not part of a longer code, path or
# name. The boundary test comes after the first digit: a pattern that opens with a class
# lets re skip to the digits in C instead of trying every position.
_DASHED: Final = re.compile(
    rf"[1-9](?<![A-Za-z0-9_./\-].)[{_U}][{_U}0-9][0-9]-[{_U}][{_U}0-9][0-9]-[{_U}]{{2}}[0-9]{{2}}"
    r"(?![A-Za-z0-9_]|[\-./][A-Za-z0-9])"
)


class MedicareMbiRule(Rule):
    PRIVACY_TYPE = "ID Number"
    CUES = Words(
        en=(
            "medicare",
            "mbi",
            "medicare beneficiary identifier",
            "beneficiary id",
            "beneficiary identifier",
            "beneficiary number",
        ),
        zh=("联邦医疗保险", "联邦医保", "美国医保"),
    )
    # A dash is in every no-cue match; the gate runs this rule only on messages with one
    # or a cue word, and with a run of 2 digits (positions 10-11 always make one).
    TRIGGERS = ("-",)
    MIN_DIGITS = 2
    SCORE = 0.93
    DASHED_SCORE = 0.85  # below cue rules, which win an overlap with a span of their own
    WINDOW = 48

    def find(self, doc: Doc) -> list[Found]:
        out = []
        lower = doc.lower
        for cue in self.CUES.find_all(doc):  # the gate's terms: no cue, no search
            m = _AFTER_CUE.search(lower, cue.end(), cue.end() + self.WINDOW)
            if m is not None:
                out.append(self.hit(m.start(), m.end()))
        # The same span found twice (cue and dashed form) is resolved by the detector.
        norm = doc.norm
        for start in _dashed_starts(norm):
            m = _DASHED.match(norm, start)
            if m is not None:
                out.append(self.hit(m.start(), m.end(), score=self.DASHED_SCORE))
        return out


def _dashed_starts(norm: str) -> list[int]:
    """Where a dashed MBI can start: four characters before a dash that has another dash four
    characters on. Dates (3 apart), phones and card groups (5 apart) never qualify, so most
    messages with dashes cost a few ``str.find`` calls instead of a regex scan."""
    out = []
    i = norm.find("-", 4)
    while i >= 0:
        if norm[i + 4 : i + 5] == "-":
            out.append(i - 4)
        i = norm.find("-", i + 1)
    return out
