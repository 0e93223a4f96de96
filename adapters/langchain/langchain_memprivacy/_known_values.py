"""A detector wrapper that also finds values already masked once in the same scope.

A value detected with its cue ("my password is X") is often repeated later without one ("I
stored X"), where detection alone misses it. Once masked, a value stays masked.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence

from memprivacy_plugins import Detector, Policy, PrivacyLevel, Span
from memprivacy_plugins.taxonomy import level_of

__all__ = ["KnownValuesDetector"]

SOURCE = "memprivacy-known-value"
_MIN_LENGTH = 4  # shorter values (a 2-digit age) would match inside unrelated text


class KnownValuesDetector:
    """``inner``'s spans plus every earlier-protected value found again in the text."""

    def __init__(
        self, inner: Detector, policy: Policy, preload: Callable[[], Sequence[tuple[str, str]]] | None = None
    ) -> None:
        self.inner = inner
        self.name = f"known+{getattr(inner, 'name', None) or type(inner).__name__}"
        self._policy = policy
        self._preload = preload
        self._known: dict[str, tuple[str, PrivacyLevel]] = {}
        self._pattern: re.Pattern[str] | None = None
        self._lock = threading.Lock()
        self._load_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"KnownValuesDetector({self.name}, values={len(self._known)})"

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        self._load_once()
        found = self.inner.detect(texts, user_name=user_name)
        pattern = self._current_pattern()
        out = []
        for text, spans in zip(texts, found, strict=True):
            extra = [] if pattern is None else self._matches(pattern, text)
            out.append([*spans, *extra])
        self._remember(s for spans in found for s in spans)
        return out

    def _matches(self, pattern: re.Pattern[str], text: str) -> list[Span]:
        spans = []
        for m in pattern.finditer(text):
            kind, level = self._known[m.group()]
            spans.append(Span(m.group(), kind, level, m.start(), m.end(), SOURCE))
        return spans

    def _remember(self, spans: object) -> None:
        fresh = {
            s.original_text: (s.privacy_type, s.privacy_level)
            for s in spans  # type: ignore[attr-defined]
            if len(s.original_text.strip()) >= _MIN_LENGTH and self._policy.protects(s)
        }
        with self._lock:
            new = {k: v for k, v in fresh.items() if k not in self._known}
            if new:
                self._known.update(new)
                self._pattern = None

    def _current_pattern(self) -> re.Pattern[str] | None:
        with self._lock:
            if self._pattern is None and self._known:
                # Longest first so a value is never cut short by a shorter one it contains.
                alternatives = sorted(self._known, key=len, reverse=True)
                self._pattern = re.compile("|".join(re.escape(v) for v in alternatives))
            return self._pattern

    def _load_once(self) -> None:
        with self._load_lock:
            preload, self._preload = self._preload, None
            if preload is not None:
                self._remember(Span(value, kind, level_of(kind) or PrivacyLevel.PL4) for kind, value in preload())
