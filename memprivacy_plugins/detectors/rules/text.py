"""The prepared form of one message that every rule reads.

Rules match on a *folded* copy of the text with exactly the same length as the
original, so a match's offsets cut the original value out as the user wrote it
(full-width digits, non-breaking spaces and Unicode dashes included).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Final

__all__ = ["CJK", "Doc", "fold"]

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
    # Built on the first non-ASCII text (about 20 ms), not at import. The test for "anything
    # to fold" is one character class, which re checks with a bitmap only while every
    # character in it is below U+10000: the table's few astral digits are covered by
    # "any astral character" (an emoji then costs a translate that changes nothing).
    table = _build_fold_table()
    bmp = sorted(code for code in table if code < 0x10000)
    return table, re.compile("[" + "".join(_class_ranges(bmp)) + "\U00010000-\U0010ffff]")


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
# The pattern spells its first character on its own ("[0-9][0-9]*", not "[0-9]+"): re
# then skips ahead to a possible start with its character-set scan instead of trying a
# match at every position, which halves the cost of scanning a message.
_NUMBER: Final = re.compile(r"[0-9][0-9]*(?:[ \-.()/+]{1,3}[0-9]+)*")


def numbers(norm: str) -> list[tuple[int, int]]:
    """(start, end) of every number in ``norm``: digits joined by short separator runs."""
    # findall and str.find instead of finditer: no match objects. Each number starts at
    # the first digit after the previous one ends (any digit starts a number), which is
    # where find meets it first.
    out = []
    end = 0
    for value in _NUMBER.findall(norm):
        start = norm.find(value, end)
        end = start + len(value)
        out.append((start, end))
    return out


# Every byte that is not an ASCII lowercase letter or digit becomes a space. In UTF-8 a
# non-ASCII character is bytes >= 0x80 only, so splitting the translated bytes yields
# exactly the runs of [a-z0-9] in the text, at a fraction of a regex scan's cost.
_NOT_TOKEN_BYTES: Final = bytes(b if 0x30 <= b <= 0x39 or 0x61 <= b <= 0x7A else 0x20 for b in range(256))


def tokens_of(lower: str) -> set[str]:
    """The runs of ``[a-z0-9]`` in ``lower``, as a set."""
    data = lower.encode("utf-8", "surrogatepass").translate(_NOT_TOKEN_BYTES)
    return set(data.decode("ascii").split())


_NOTHING: Final[frozenset[int]] = frozenset()


class Doc:
    """One message: the original ``text``, its ``norm`` (folded) and ``lower`` forms.

    All three have the same length; offsets found in one are valid in the others.
    ``numbers`` are the spans of the numbers in it and ``max_digits`` bounds the digit
    count of the longest, which lets rules that need an 11-digit phone or an 18-character
    ID skip messages with only prices and times, and look only near long enough numbers.
    """

    __slots__ = (
        "_present",
        "_tokens",
        "_windows",
        "gated",
        "lower",
        "max_digits",
        "norm",
        "numbers",
        "terms",
        "text",
        "user_name",
    )

    def __init__(self, text: str, user_name: str | None = None) -> None:
        self.text = text
        self.norm = norm = fold(text)
        self.lower = _lower_same_length(norm)
        self.numbers = found = numbers(norm)
        # The longest number's length, separators included: an upper bound on its digits.
        self.max_digits = max([e - s for s, e in found]) if found else 0
        self.user_name = user_name
        # The cue words and triggers present, filled in by the detector's gate (None: unknown).
        self.terms: set[str] | None = None
        self.gated: frozenset[int] = _NOTHING  # ids of the Words whose terms the gate looked for
        self._windows: dict[tuple[int, int, int], list[tuple[int, int]]] = {}
        self._tokens: set[str] | None = None
        self._present: dict[int, tuple[str, ...]] = {}  # Words id -> its gate terms that occur

    @property
    def tokens(self) -> set[str]:
        """The lowered message's runs of ``[a-z0-9]``."""
        if self._tokens is None:
            self._tokens = tokens_of(self.lower)
        return self._tokens

    def scan(
        self, regex: re.Pattern[str], min_len: int, before: int = 6, after: int = 6
    ) -> Iterable[re.Match[str]]:
        """``regex.finditer`` over ``norm``, only around numbers at least ``min_len`` long.

        A regex that starts with a lookbehind cannot use ``re``'s fast scan for its first
        character, and scanning a whole message costs far more than the few windows around
        its numbers. Lookarounds still see the whole text: a window does not cut context.
        ``before``/``after`` must cover what the regex matches beyond the digits.
        """
        if self.max_digits < min_len:
            return ()
        key = (min_len, before, after)
        windows = self._windows.get(key)
        if windows is None:
            windows = self._windows[key] = self._make_windows(min_len, before, after)
        norm = self.norm
        if len(windows) == 1:  # the usual case: no generator, no list
            lo, hi = windows[0]
            return regex.finditer(norm, lo, hi)
        return [m for lo, hi in windows for m in regex.finditer(norm, lo, hi)]

    def _make_windows(self, min_len: int, before: int, after: int) -> list[tuple[int, int]]:
        size = len(self.norm)
        out: list[tuple[int, int]] = []
        for start, end in self.numbers:
            if end - start < min_len:  # no upper bound: a run can hold several numbers
                continue
            lo, hi = max(0, start - before), min(size, end + after)
            if out and lo <= out[-1][1]:  # overlaps the previous window: extend it
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        return out
