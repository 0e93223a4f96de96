"""Small helpers the cue and secret rules share (private to the rules package)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

__all__ = ["find_all_of", "matches_at", "spaced"]

_SEPARATORS: Final = re.compile(r"[\s_-]+")
_SPACED: dict[str, str] = {}


def spaced(word: str) -> str:
    """``word`` with each run of spaces, dashes and underscores made one space
    ("user_name" -> "user name"). Memoised: the same few cue words come back."""
    out = _SPACED.get(word)
    if out is None:
        if len(_SPACED) > 1024:
            _SPACED.clear()
        out = _SPACED[word] = _SEPARATORS.sub(" ", word)
    return out


def matches_at(
    regex: re.Pattern[str], text: str, starts: Iterable[int], endpos: int | None = None
) -> list[re.Match[str]]:
    """What ``regex.finditer(text)`` (or ``regex.finditer(text, start, endpos)``) finds,
    given (ascending) every position where a match can start.

    A regex that opens with a lookbehind, a case-blind alternation or a character class
    is tried by ``re`` at every position of the text; a few ``str.find`` calls usually
    know the handful of places worth trying. The regex must not match the empty string.
    """
    out: list[re.Match[str]] = []
    end = 0
    match = regex.match
    if endpos is None:
        endpos = len(text)
    for start in starts:
        if start >= end:
            m = match(text, start, endpos)
            if m is not None:
                out.append(m)
                end = m.end()
    return out


def find_all_of(text: str, needle: str) -> list[int]:
    """Every (possibly overlapping) start of ``needle`` in ``text``, ascending."""
    out = []
    i = text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + 1)
    return out
