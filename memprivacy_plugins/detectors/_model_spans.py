"""Span geometry shared by the model detectors and CombinedDetector.

``locate`` finds where a value a model returned sits in the message (models give no offsets);
``merge_spans`` turns any set of spans into sorted, non-overlapping ones.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from ..spans import Span

__all__ = ["locate", "merge_spans", "with_offsets"]

_WORD = re.compile(r"[0-9A-Za-z]")
# Ignored by the lenient match: models sometimes drop spaces or dashes inside numbers.
_LENIENT_SKIP = frozenset(" \t\r\n\u00a0\u3000-\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d")
_MIN_LENIENT = 4


def locate(value: str, text: str) -> tuple[list[tuple[int, int]], bool]:
    """Every place ``value`` occurs in ``text``; the flag is True when found only leniently.

    Exact, non-overlapping occurrences come first. An occurrence glued to ASCII letters or
    digits (``Li`` inside ``Lisbon``) is skipped when a free-standing one exists. Failing an
    exact hit, a match that ignores case, width (full-width digits), spaces and dashes is tried.
    """
    if not value:
        return [], False
    exact = _find_all(value, text)
    if exact:
        free = [(s, e) for s, e in exact if not _glued(text, s, e)]
        return (free or exact), False
    return _lenient(value, text), True


def _find_all(value: str, text: str) -> list[tuple[int, int]]:
    hits: list[tuple[int, int]] = []
    at = text.find(value)
    while at >= 0:
        hits.append((at, at + len(value)))
        at = text.find(value, at + len(value))
    return hits


def _glued(text: str, start: int, end: int) -> bool:
    before = start > 0 and bool(_WORD.match(text[start - 1])) and bool(_WORD.match(text[start]))
    after = end < len(text) and bool(_WORD.match(text[end])) and bool(_WORD.match(text[end - 1]))
    return before or after


def _fold(text: str) -> tuple[str, list[int]]:
    """Case- and width-folded text without skipped characters, plus each char's source index."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch in _LENIENT_SKIP:
            continue
        for out in unicodedata.normalize("NFKC", ch).casefold():
            if out in _LENIENT_SKIP:
                continue
            chars.append(out)
            index.append(i)
    return "".join(chars), index


def _lenient(value: str, text: str) -> list[tuple[int, int]]:
    folded_value, _ = _fold(value)
    if len(folded_value) < _MIN_LENIENT:
        return []
    folded_text, index = _fold(text)
    return [(index[s], index[e - 1] + 1) for s, e in _find_all(folded_value, folded_text)]


def with_offsets(span: Span, text: str) -> list[Span]:
    """``span`` pinned to ``text``: itself if its offsets fit, else one span per occurrence."""
    if span.start is not None and span.end is not None and text[span.start : span.end] == span.original_text:
        return [span]
    places, _ = locate(span.original_text, text)
    return [_at(span, text, s, e) for s, e in places]


def _at(span: Span, text: str, start: int, end: int) -> Span:
    return Span(text[start:end], span.privacy_type, span.privacy_level, start, end, span.source)


def merge_spans(spans: Iterable[Span], text: str) -> list[Span]:
    """Sorted, non-overlapping spans covering every input span.

    Overlapping spans become one span over their union; it takes the type of the member
    with the highest level, then the longest, then the earliest given (so callers list their
    most trusted detector first). Spans that do not fit ``text`` are pinned or dropped.
    """
    pinned: list[tuple[int, Span]] = []
    for order, span in enumerate(spans):
        pinned.extend((order, s) for s in with_offsets(span, text) if s.end != s.start)
    pinned.sort(key=lambda item: (item[1].start, -(item[1].end or 0)))
    merged: list[Span] = []
    group: list[tuple[int, Span]] = []
    group_end = -1
    for item in pinned:
        start = item[1].start
        assert start is not None
        if group and start >= group_end:
            merged.append(_merge_group(group, text))
            group = []
        group.append(item)
        group_end = max(group_end if len(group) > 1 else -1, item[1].end or 0)
    if group:
        merged.append(_merge_group(group, text))
    return merged


def _merge_group(group: Sequence[tuple[int, Span]], text: str) -> Span:
    start = min(s.start for _, s in group if s.start is not None)
    end = max(s.end for _, s in group if s.end is not None)
    _, best = min(group, key=lambda item: (-item[1].privacy_level.rank, -len(item[1].original_text), item[0]))
    return Span(text[start:end], best.privacy_type, best.privacy_level, start, end, best.source)
