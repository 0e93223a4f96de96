"""The detector contract: a batch of messages in, one list of spans per message out."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from typing import Protocol, Sequence, runtime_checkable

from ..spans import Span

__all__ = ["Detector", "BaseDetector", "adetect"]


@runtime_checkable
class Detector(Protocol):
    """Anything with this method can detect for a PrivacyEngine.

    Contract: one list per input text, in order; every ``original_text`` is an exact
    substring of its text; failure raises :class:`~memprivacy_plugins.errors.DetectionError`
    and never returns an empty list in place of an answer.
    """

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]: ...


class BaseDetector(ABC):
    """Convenience base: implement ``detect``; ``adetect`` runs it in a worker thread."""

    name: str = "detector"

    @abstractmethod
    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]: ...

    async def adetect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        return await asyncio.to_thread(self.detect, texts, user_name=user_name)


async def adetect(detector: Detector, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
    """Call a detector's ``adetect`` when it has one, else its ``detect`` in a thread."""
    native = getattr(detector, "adetect", None)
    if native is not None:
        return await native(texts, user_name=user_name)
    return await asyncio.to_thread(detector.detect, texts, user_name=user_name)
