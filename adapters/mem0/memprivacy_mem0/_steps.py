"""One implementation per operation, two drivers: sync and async.

Each wrapper method is a generator that yields steps (mask these texts, call this
Mem0 method, restore these texts) and returns the final value. ``run`` drives it with
the engine's sync API and a sync Mem0 object; ``arun`` with the async twins. So
``PrivateMemory`` and ``AsyncPrivateMemory`` cannot drift apart.
"""

from __future__ import annotations

import inspect
from collections.abc import Generator
from dataclasses import dataclass, field
from typing import Any, TypeVar

from memprivacy_plugins import PrivacyEngine

from ._texts import Slots, fill, pull_result

__all__ = ["Call", "Mask", "Op", "Restore", "arun", "mask_slots", "restore_result", "run"]

T = TypeVar("T")


@dataclass(frozen=True)
class Mask:
    """Mask ``texts`` in ``scope``; the step's value is the list of masked texts."""

    scope: str
    texts: list[str]
    user_name: str | None = None


@dataclass(frozen=True)
class Call:
    """Call the wrapped Mem0 object's ``method``; the step's value is what it returned."""

    method: str
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Restore:
    """Restore the placeholders of ``scope`` in ``texts``; the value is the restored list."""

    scope: str
    texts: list[str]


Step = Mask | Call | Restore
Op = Generator[Step, Any, T]


def mask_slots(slots: Slots, template: Any, scope: str, user_name: str | None) -> Op[Any]:
    """Mask everything taken into ``slots`` (one detector call, one vault write) and rebuild."""
    if not slots.texts:
        return fill(template, [])
    masked = yield Mask(scope, slots.texts, user_name)
    return fill(template, masked)


def restore_result(result: Any, scope: str | None) -> Op[Any]:
    """A new copy of a Mem0 result with this scope's placeholders restored."""
    if result is None or scope is None:
        return result
    slots = Slots()
    template = pull_result(result, slots, scope)
    if not slots.texts:
        return fill(template, [])
    restored = yield Restore(scope, slots.texts)
    return fill(template, restored)


# Joins the texts of one step so that one unmask (one vault lookup) restores them all. NUL
# never occurs inside a placeholder, so restoring the joined text equals restoring each text.
_JOIN = "\x00"


def _split(joined: str, texts: list[str]) -> list[str] | None:
    parts = joined.split(_JOIN)
    return parts if len(parts) == len(texts) else None


def _restore_sync(engine: PrivacyEngine, step: Restore) -> list[str]:
    if not any(_JOIN in t for t in step.texts):
        parts = _split(engine.unmask(_JOIN.join(step.texts), user_id=step.scope), step.texts)
        if parts is not None:
            return parts
    return [engine.unmask(text, user_id=step.scope) for text in step.texts]


async def _restore_async(engine: PrivacyEngine, step: Restore) -> list[str]:
    if not any(_JOIN in t for t in step.texts):
        parts = _split(await engine.aunmask(_JOIN.join(step.texts), user_id=step.scope), step.texts)
        if parts is not None:
            return parts
    return [await engine.aunmask(text, user_id=step.scope) for text in step.texts]


def run(engine: PrivacyEngine, target: Any, op: Op[T]) -> T:
    """Drive ``op`` with the sync engine API and a sync Mem0 object."""
    value: Any = None
    while True:
        try:
            step = op.send(value)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        if isinstance(step, Mask):
            value = [m.text for m in engine.mask_many(step.texts, user_id=step.scope, user_name=step.user_name)]
        elif isinstance(step, Call):
            value = getattr(target, step.method)(*step.args, **step.kwargs)
        else:
            value = _restore_sync(engine, step)


async def arun(engine: PrivacyEngine, target: Any, op: Op[T]) -> T:
    """Drive ``op`` with the async engine API and an async Mem0 object."""
    value: Any = None
    while True:
        try:
            step = op.send(value)
        except StopIteration as done:
            return done.value  # type: ignore[no-any-return]
        if isinstance(step, Mask):
            masked = await engine.amask_many(step.texts, user_id=step.scope, user_name=step.user_name)
            value = [m.text for m in masked]
        elif isinstance(step, Call):
            value = getattr(target, step.method)(*step.args, **step.kwargs)
            if inspect.isawaitable(value):
                value = await value
        else:
            value = await _restore_async(engine, step)

