"""Cue words near a number, tested with one regex scan of the window.

``Words.near_before`` first lists which of its terms occur anywhere in the message (one
substring test per Chinese term), then looks for those in the window. The number rules
ask about a dozen characters before a candidate, mostly once per message: scanning just
those characters is cheaper. :class:`NearCues` answers exactly what ``Words`` answers
(``words.regex.search`` over the window, on a message where one of its terms occurs:
a window that cuts "tell" after "tel" finds the cue only then). The alternatives are the
same, with each English word's "no letter or digit before" test moved after its first
letter, so that every alternative starts with a literal and ``re`` skips the characters
no cue starts with.
"""

from __future__ import annotations

import re

from .base import Words, _word_regex
from .text import Doc

__all__ = ["NearCues"]


class NearCues:
    """``near_before`` and ``near`` of a :class:`Words`, for short windows."""

    __slots__ = ("regex", "words")

    def __init__(self, words: Words) -> None:
        self.words = words
        parts = [rf"{re.escape(w[0])}(?<![a-z0-9].){_word_regex(w[1:])}(?![a-z0-9@])" for w in words.en]
        parts += [re.escape(w) for w in words.zh]
        self.regex = re.compile("|".join(parts) or r"(?!x)x")

    def near_before(self, doc: Doc, start: int, width: int) -> bool:
        found = self.regex.search(doc.lower, start - width if start > width else 0, start)
        return found is not None and self.words.present(doc)

    def near(self, doc: Doc, start: int, end: int, before: int, after: int = 0) -> bool:
        if self.near_before(doc, start, before):
            return True
        return (
            after > 0
            and self.regex.search(doc.lower, end, end + after) is not None
            and self.words.present(doc)
        )
