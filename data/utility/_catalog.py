"""The shape of one fact template: message variants, question variants, typed slots."""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

# A slot generator gets the persona's rng and its profile (a dict of persona-level values).
SlotGen = Callable[[random.Random, Mapping[str, Any]], str]

CATEGORIES = ("contacts", "accounts", "ids", "health", "travel", "money", "work", "codes")


@dataclass(frozen=True)
class Slot:
    """A value in a message. ``privacy_type`` None: not private (kept only for variety)."""

    privacy_type: str | None
    make: SlotGen


@dataclass(frozen=True)
class Fact:
    key: str
    category: str
    messages: tuple[str, ...]
    questions: tuple[str, ...]
    answer: str  # the slot whose value answers every question
    slots: Mapping[str, Slot] = field(default_factory=dict)
    # "value": an identifier, code or contact (structured); "fact": a semantic fact.
    kind: str = "value"
    # Only for personas whose profile satisfies this (e.g. country == "US").
    when: Callable[[Mapping[str, Any]], bool] = lambda p: True

    def __post_init__(self) -> None:
        assert self.category in CATEGORIES, self.key
        assert self.answer in self.slots, self.key
        for text in self.messages:
            assert "{" + self.answer + "}" in text, (self.key, text)


def slot(privacy_type: str | None, make: SlotGen) -> Slot:
    return Slot(privacy_type, make)


def pick(*options: str) -> SlotGen:
    return lambda rng, p: rng.choice(options)


def prof(name: str) -> SlotGen:
    """A persona-level value (the same in every message that mentions it)."""
    return lambda rng, p: str(p[name])
