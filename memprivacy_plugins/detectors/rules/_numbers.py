"""Cheap tests on a Doc's number runs, shared by the rules for phones, IDs, cards and accounts.

``Doc.numbers`` holds every run of ASCII digits joined by 1-3 of ``[ -.()/+]``. Runs are
maximal: the character after one is never a digit, and a digit right after any other
character than those separators starts one. So a needle made of digits and single
separators lies inside one run, and testing the few runs long enough for it beats a
regex over the whole message, which ``re`` tries at every character when the pattern
starts with a repeat, a lookbehind or (slower still) a class of digits.
"""

from __future__ import annotations

import re
from typing import Final

from .text import Doc

__all__ = ["CAPS", "in_runs"]

CAPS: Final = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")


def in_runs(doc: Doc, needle: re.Pattern[str], min_len: int, before: int = 0, has: str = "") -> bool:
    """Does ``needle`` match in a number run at least ``min_len`` long?

    The search covers the run plus the ``before`` characters ahead of it (a "+" in
    front) and ends with the run: a lookahead for "no digit" holds there. ``has``: a
    separator every match contains; runs without it are skipped unsearched.
    """
    norm = doc.norm
    search = needle.search
    for start, end in doc.numbers:
        if end - start < min_len or (has and norm.find(has, start, end) < 0):
            continue
        if search(norm, start - before if start > before else 0, end) is not None:
            return True
    return False
