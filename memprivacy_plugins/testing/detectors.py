"""A deterministic detector for tests where detection quality is not the point."""

from __future__ import annotations

import re
import threading
from collections.abc import Mapping, Sequence

from ..detectors.base import BaseDetector
from ..errors import ConfigError
from ..spans import Span
from ..taxonomy import PrivacyLevel, level_of

__all__ = ["DictionaryDetector"]


class DictionaryDetector(BaseDetector):
    """Finds exactly the values it was given, every occurrence, as their given type.

    Matches are leftmost, longest first and never overlap, so the output is sorted and
    obeys the detector contract. The level is the type's canonical level (PL3 for a
    custom type). Values can be added later with :meth:`add` (thread-safe).

    Example:
        .. code-block:: python

            detector = DictionaryDetector({"jane@example.com": "Email"})
            detector.detect(["write to jane@example.com"])  # one Email span
    """

    name = "dictionary"

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self._types: dict[str, str] = {}
        self._lock = threading.Lock()
        self._pattern: re.Pattern[str] | None = None
        for value, privacy_type in (values or {}).items():
            self._put(value, privacy_type)
        self._compile()

    def add(self, value: str, privacy_type: str) -> None:
        with self._lock:
            self._put(value, privacy_type)
            self._compile()

    def _put(self, value: str, privacy_type: str) -> None:
        if not isinstance(value, str) or not value.strip():
            raise ConfigError("DictionaryDetector values must be non-blank strings")
        self._types[value] = privacy_type

    def _compile(self) -> None:
        ordered = sorted(self._types, key=len, reverse=True)
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        pattern, types = self._pattern, self._types
        out: list[list[Span]] = []
        for text in texts:
            spans: list[Span] = []
            if pattern is not None and text:
                for match in pattern.finditer(text):
                    privacy_type = types[match.group()]
                    level = level_of(privacy_type) or PrivacyLevel.PL3
                    spans.append(Span(match.group(), privacy_type, level, match.start(), match.end(), self.name))
            out.append(spans)
        return out
