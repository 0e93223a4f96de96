"""Which spans get replaced."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .errors import ConfigError
from .spans import Span
from .taxonomy import PrivacyLevel, canonical_type, parse_level

__all__ = ["Policy"]


@dataclass(frozen=True)
class Policy:
    """Protect spans whose level is in ``levels``.

    ``include_types`` adds types whatever their level; ``exclude_types`` removes types
    whatever their level. Type names may be aliases.
    """

    levels: tuple[PrivacyLevel, ...] = (PrivacyLevel.PL2, PrivacyLevel.PL3, PrivacyLevel.PL4)
    include_types: frozenset[str] = field(default_factory=frozenset)
    exclude_types: frozenset[str] = field(default_factory=frozenset)

    def __init__(
        self,
        levels: Iterable[str | PrivacyLevel] = ("PL2", "PL3", "PL4"),
        *,
        include_types: Iterable[str] = (),
        exclude_types: Iterable[str] = (),
    ) -> None:
        try:
            parsed = tuple(sorted({parse_level(lv) for lv in levels}, key=lambda lv: lv.rank))
        except ValueError as exc:
            raise ConfigError(str(exc)) from None
        object.__setattr__(self, "levels", parsed)
        object.__setattr__(self, "include_types", frozenset(_canon(t) for t in include_types))
        object.__setattr__(self, "exclude_types", frozenset(_canon(t) for t in exclude_types))

    @classmethod
    def from_string(cls, levels: str) -> Policy:
        """``"PL3,PL4"`` -> Policy(levels=("PL3", "PL4"))."""
        parts = [p for p in (s.strip() for s in levels.split(",")) if p]
        if not parts:
            raise ConfigError("at least one privacy level is required")
        return cls(parts)

    def protects(self, span: Span) -> bool:
        kind = _canon(span.privacy_type)
        if kind in self.exclude_types:
            return False
        return span.privacy_level in self.levels or kind in self.include_types


def _canon(name: str) -> str:
    return canonical_type(name) or name
