"""Placeholder syntax: the canonical form, the forms LLMs turn it into, and how to find them.

Canonical: ``<Phone_Number_1>``. Tolerated on the way back (what LLMs do): any case,
spaces or dashes for underscores inside brackets (``<Phone Number 1>``), other brackets
(``[Email_1]``, ``{Email_1}``, ``{{Email_1}}``, ``【Email_1】``), a missing closing bracket,
and no brackets at all when the underscores are kept (``Email_1``).

Every bound below is finite so that a streaming restorer can decide from a bounded tail
of text whether a placeholder might still be forming.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from .taxonomy import prefix_key

__all__ = ["format_placeholder", "PlaceholderMatch", "find_placeholders", "hold_back_index", "ESCAPE_TYPE"]

# What a user-typed placeholder look-alike is stored as, so it can never restore into a value.
ESCAPE_TYPE = "Placeholder-Like Text"

_OPEN = r"(?:\{\{|\[\[|[<\[{＜【〈])"
_CLOSE = r"(?:\}\}|\]\]|[>\]}＞】〉])"
_SEG = r"[A-Za-z0-9]{1,40}"
_NAME_SPACED = rf"[A-Za-z][A-Za-z0-9]{{0,39}}(?:[ _\-]{{1,2}}{_SEG}){{0,7}}?"
_NAME_BARE = rf"[A-Za-z][A-Za-z0-9]{{0,39}}(?:_{_SEG}){{0,7}}?"
_NUM = r"[0-9]{1,6}"

_PATTERN = re.compile(
    rf"(?P<b>{_OPEN}[ ]{{0,2}}(?P<bn>{_NAME_SPACED})[ _\-]{{1,2}}(?P<bi>{_NUM})(?:[ ]{{0,2}}{_CLOSE})?)"
    rf"|(?P<u>(?<![A-Za-z0-9_])(?P<un>{_NAME_BARE})_(?P<ui>{_NUM})(?![A-Za-z0-9_])(?:[>\]}}＞】〉])?)"
)
# Over-approximations of "this tail may still become (or extend) a match": see hold_back_index.
_MAX_MATCH = 400
_OPEN_TAIL = re.compile(rf"{_OPEN}{{1,2}}[A-Za-z0-9 _\-]{{0,{_MAX_MATCH}}}[>\]}}＞】〉]?")
_OPEN_CHARS = frozenset("<[{＜【〈")
_WORD_TAIL = re.compile(r"[A-Za-z0-9_]+\Z")


def format_placeholder(prefix: str, number: int) -> str:
    return f"<{prefix}_{number}>"


@dataclass(frozen=True, slots=True)
class PlaceholderMatch:
    start: int
    end: int
    key: str  # prefix_key of the name, e.g. "phone_number"
    number: int
    bracketed: bool


def find_placeholders(text: str) -> Iterator[PlaceholderMatch]:
    """Every canonical or LLM-mangled placeholder in ``text``, left to right."""
    for m in _PATTERN.finditer(text):
        if m.group("b") is not None:
            yield PlaceholderMatch(m.start(), m.end(), prefix_key(m.group("bn")), int(m.group("bi")), True)
        else:
            yield PlaceholderMatch(m.start(), m.end(), prefix_key(m.group("un")), int(m.group("ui")), False)


def hold_back_index(buffer: str) -> int:
    """Where a streaming restorer must stop emitting: text from here may still change.

    A match can only cross a cut at an opening bracket (the bracketed form starts there)
    or inside a trailing run of word characters (the bare form). Holding back from the
    earliest such place keeps streamed output identical to restoring the whole text.
    """
    cut = len(buffer)
    tail = _WORD_TAIL.search(buffer)
    if tail is not None and len(tail.group()) <= _MAX_MATCH:
        cut = tail.start()
    start = max(0, len(buffer) - _MAX_MATCH - 4)
    for i in range(start, len(buffer)):
        if buffer[i] in _OPEN_CHARS and _OPEN_TAIL.fullmatch(buffer, i):
            return min(cut, i)
    return cut
