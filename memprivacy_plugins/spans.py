"""The unit every detector returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .taxonomy import PrivacyLevel, parse_level

__all__ = ["Span"]


@dataclass(frozen=True, slots=True)
class Span:
    """One private value found in a message.

    ``original_text`` is an exact substring of the message. ``start``/``end`` are offsets
    into that message when the detector knows them (rules do, models do not). The repr
    hides the value so a logged span cannot leak it.
    """

    original_text: str = field(repr=False)
    privacy_type: str
    privacy_level: PrivacyLevel
    start: int | None = None
    end: int | None = None
    source: str | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.original_text, str):
            raise TypeError("Span.original_text must be a str")
        if not isinstance(self.privacy_level, PrivacyLevel):
            object.__setattr__(self, "privacy_level", parse_level(self.privacy_level))
        if (self.start is None) != (self.end is None):
            raise ValueError("Span needs both start and end, or neither")
        if self.start is not None and self.end is not None:
            if not 0 <= self.start <= self.end or self.end - self.start != len(self.original_text):
                raise ValueError("Span offsets do not match the length of original_text")

    def __repr__(self) -> str:
        where = f", start={self.start}, end={self.end}" if self.start is not None else ""
        return (
            f"Span(privacy_type={self.privacy_type!r}, privacy_level={self.privacy_level.value!r}"
            f"{where}, original_text=<{len(self.original_text)} chars>)"
        )

    def to_dict(self) -> dict[str, Any]:
        """The extractor-contract form (``original_text``, ``privacy_type``, ``privacy_level``)."""
        out: dict[str, Any] = {
            "original_text": self.original_text,
            "privacy_type": self.privacy_type,
            "privacy_level": self.privacy_level.value,
        }
        if self.start is not None:
            out["start"] = self.start
            out["end"] = self.end
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(
            original_text=data["original_text"],
            privacy_type=data["privacy_type"],
            privacy_level=parse_level(data["privacy_level"]),
            start=data.get("start"),
            end=data.get("end"),
        )


_SPAN_SLOTS = tuple(Span.__dict__[name].__set__ for name in Span.__slots__)


def _trusted_span(
    original_text: str,
    privacy_type: str,
    privacy_level: PrivacyLevel,
    start: int,
    end: int,
    source: str,
    _new: Any = object.__new__,
    _set: Any = _SPAN_SLOTS,
) -> Span:
    """``Span(...)`` without the checks, for a detector whose values are cut from the text
    at ``start:end`` and whose level is already a PrivacyLevel (the frozen ``__init__`` and
    ``__post_init__`` cost more than a rules detector's whole overlap resolution)."""
    span = _new(Span)
    _set[0](span, original_text)
    _set[1](span, privacy_type)
    _set[2](span, privacy_level)
    _set[3](span, start)
    _set[4](span, end)
    _set[5](span, source)
    return span
