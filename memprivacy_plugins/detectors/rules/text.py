"""The prepared form of one message that every rule reads.

Rules match on a *folded* copy of the text with exactly the same length as the
original, so a match's offsets cut the original value out as the user wrote it
(full-width digits, non-breaking spaces and Unicode dashes included).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

__all__ = ["Doc", "fold", "CJK"]

# A character class body for CJK ideographs (no brackets, so it composes).
CJK: Final = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"


# Full-width forms that can sit inside a value. Chinese sentence punctuation (，。！？；、)
# stays as it is: rules read it as punctuation, and most Chinese text then needs no folding.
_FULL_WIDTH_IN_VALUES: Final = "０１２３４５６７８９＠＿－．：＝（）＋／＃＆％＄＊＇＂～［］｛｝＜＞"


def _build_fold_table() -> dict[int, int]:
    table: dict[int, int] = {}
    # Full-width letters, digits and value symbols -> ASCII.
    for code in [*range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B), *map(ord, _FULL_WIDTH_IN_VALUES)]:
        table[code] = code - 0xFEE0
    # Every other decimal digit (Arabic-Indic, Devanagari, mathematical bold, ...): all of
    # Unicode's Nd characters lie below U+20000.
    for code in range(0x80, 0x20000):
        value = unicodedata.decimal(chr(code), None)
        if value is not None and code not in table:
            table[code] = 0x30 + value
    # Spaces that people paste from documents and phones.
    for code in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
        table[code] = 0x20
    # Hyphens, dashes and minus signs.
    for code in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212, 0xFE58, 0xFE63):
        table[code] = 0x2D
    # Curly quotes, so "driver’s license" reads like "driver's license".
    table.update({0x2018: 0x27, 0x2019: 0x27, 0x201C: 0x22, 0x201D: 0x22})
    return table


@lru_cache(maxsize=1)
def _fold_tables() -> tuple[dict[int, int], re.Pattern[str]]:
    # Built on the first non-ASCII text (about 20 ms), not at import.
    table = _build_fold_table()
    return table, re.compile("[" + "".join(_class_ranges(sorted(table))) + "]")


def _class_ranges(codes: list[int]) -> list[str]:
    out = []
    i = 0
    while i < len(codes):
        j = i
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codes[i])), re.escape(chr(codes[j]))
        out.append(lo if i == j else f"{lo}-{hi}")
        i = j + 1
    return out


def fold(text: str) -> str:
    """Map look-alike characters to ASCII, one character for one character."""
    if text.isascii():
        return text
    table, foldable = _fold_tables()
    if foldable.search(text) is None:
        return text
    return text.translate(table)


def _lower_same_length(text: str) -> str:
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    # A few characters (e.g. U+0130) lower to two code points; keep those as they are.
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


# A number as rules see it: digits joined by short runs of spaces, dashes, dots or brackets.
_NUMBER: Final = re.compile(r"[0-9]+(?:[ \-.()/+]{1,3}[0-9]+)*")
_NOT_DIGIT: Final = re.compile(r"[^0-9]")


def longest_number(norm: str) -> int:
    """How many digits the longest number in ``norm`` has (0 when there is none)."""
    best = 0
    for run in _NUMBER.findall(norm):
        if len(run) > best:  # the digit count is at most the length: skip runs that cannot win
            best = max(best, len(_NOT_DIGIT.sub("", run)))
    return best


class Doc:
    """One message: the original ``text``, its ``norm`` (folded) and ``lower`` forms.

    All three have the same length; offsets found in one are valid in the others.
    ``max_digits`` is the digit count of the longest number, which lets rules that need
    an 11-digit phone or an 18-character ID skip messages that hold only prices and times.
    """

    __slots__ = ("text", "norm", "lower", "max_digits", "user_name")

    def __init__(self, text: str, user_name: str | None = None) -> None:
        self.text = text
        self.norm = fold(text)
        self.lower = _lower_same_length(self.norm)
        self.max_digits = longest_number(self.norm)
        self.user_name = user_name

    def before(self, start: int, width: int) -> str:
        """The lowered text in the ``width`` characters before ``start``."""
        return self.lower[max(0, start - width) : start]

    def after(self, end: int, width: int) -> str:
        return self.lower[end : end + width]
