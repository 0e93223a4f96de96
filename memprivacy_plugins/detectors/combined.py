"""Several detectors as one: typically the rules as a safety net under a model.

The answer is the union of the members' spans; overlapping spans merge into one over their
union, typed by the member span with the highest level (then the longest, then the earliest
member listed). By default a failing member fails the whole call, so nothing is written on a
partial answer; ``on_member_error="skip"`` is the explicit, counted exception.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Sequence

from ..errors import ConfigError, DetectionError, MemPrivacyError
from ..spans import Span
from ._model_spans import merge_spans
from .base import BaseDetector, Detector, adetect

__all__ = ["CombinedDetector"]

logger = logging.getLogger(__name__)
_MODES = ("raise", "skip")


class CombinedDetector(BaseDetector):
    """Union of several detectors' spans.

    Key init args:
        detectors: the members, most trusted first (ties in merging go to the earlier one).
        on_member_error: ``"raise"`` (default: fail closed) or ``"skip"`` (answer from the
        members that worked, count the failure in ``member_failures``; still raise when
        every member failed).

    Instantiate:
        >>> from memprivacy_plugins.detectors import CombinedDetector
        >>> class Nothing:
        ...     def detect(self, texts, *, user_name=None):
        ...         return [[] for _ in texts]
        >>> CombinedDetector([Nothing(), Nothing()]).detect(["hello"])
        [[]]

    Async:
        ``await combined.adetect([...])`` runs the members concurrently.
    """

    name = "combined"

    def __init__(self, detectors: Sequence[Detector], *, on_member_error: str = "raise") -> None:
        members = list(detectors)
        if not members:
            raise ConfigError("CombinedDetector needs at least one detector")
        for member in members:
            if not callable(getattr(member, "detect", None)):
                raise ConfigError(f"{type(member).__name__} has no detect() method")
        if on_member_error not in _MODES:
            raise ConfigError("on_member_error must be 'raise' or 'skip'")
        self.detectors = tuple(members)
        self.on_member_error = on_member_error
        self.member_failures = 0
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"CombinedDetector([{', '.join(_name(d) for d in self.detectors)}], on_member_error={self.on_member_error!r})"

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        texts = list(texts)
        answers: list[list[list[Span]] | BaseException] = []
        for member in self.detectors:
            try:
                answers.append(member.detect(texts, user_name=user_name))
            except Exception as exc:  # noqa: BLE001 -- judged in _combine, with the others
                answers.append(exc)
        return self._combine(texts, answers)

    async def adetect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        texts = list(texts)
        answers = await asyncio.gather(
            *(adetect(member, texts, user_name=user_name) for member in self.detectors), return_exceptions=True
        )
        return self._combine(texts, list(answers))

    def _combine(self, texts: list[str], answers: list[list[list[Span]] | BaseException]) -> list[list[Span]]:
        usable: list[tuple[Detector, list[list[Span]]]] = []
        for member, answer in zip(self.detectors, answers):
            if isinstance(answer, BaseException):
                if not isinstance(answer, Exception):  # KeyboardInterrupt, CancelledError...
                    raise answer
                if self.on_member_error == "raise":
                    raise _as_detection_error(member, answer)
                self._failed(member, answer)
                continue
            if not isinstance(answer, list) or len(answer) != len(texts):
                error = DetectionError(f"{_name(member)} returned a wrong number of results", detector=self.name)
                if self.on_member_error == "raise":
                    raise error
                self._failed(member, error)
                continue
            usable.append((member, answer))
        if not usable:
            raise DetectionError("every detector of the combination failed", detector=self.name)
        out: list[list[Span]] = []
        for i, text in enumerate(texts):
            spans = [_sourced(span, member) for member, answer in usable for span in answer[i]]
            out.append(merge_spans(spans, text) if spans else [])
        return out

    def _failed(self, member: Detector, error: Exception) -> None:
        with self._lock:
            self.member_failures += 1
        # Type names only: an exception message from a third-party member may quote input.
        logger.warning("detector %s failed (%s); answering from the others", _name(member), type(error).__name__)


def _name(detector: Detector) -> str:
    return str(getattr(detector, "name", None) or type(detector).__name__)


def _as_detection_error(member: Detector, error: Exception) -> Exception:
    """Our own errors pass through; others become a DetectionError naming only their type,
    since a third-party message may quote the input."""
    if isinstance(error, MemPrivacyError):
        return error
    wrapped = DetectionError(f"detector {_name(member)} failed ({type(error).__name__})", detector=_name(member))
    return wrapped


def _sourced(span: Span, member: Detector) -> Span:
    if span.source:
        return span
    return Span(span.original_text, span.privacy_type, span.privacy_level, span.start, span.end, _name(member))
