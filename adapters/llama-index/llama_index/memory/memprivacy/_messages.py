"""Mask and restore the text inside LlamaIndex ``ChatMessage`` objects, always on copies.

Text lives in ``TextBlock.text``, ``ThinkingBlock.content``, the string values of
``ToolCallBlock.tool_kwargs`` and the text blocks nested in ``CitableBlock`` /
``CitationBlock``. Image, audio, video and document blocks are binary or references and
are left as they are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from llama_index.core.base.llms.types import (
    ChatMessage,
    CitableBlock,
    CitationBlock,
    TextBlock,
    ThinkingBlock,
    ToolCallBlock,
)

from memprivacy_plugins import PrivacyEngine
from memprivacy_plugins.errors import InvalidTextError
from memprivacy_plugins.placeholders import PlaceholderMatch, find_placeholders

__all__ = ["DEFAULT_TRUSTED_ROLES", "MessageCodec", "role_of", "roles_tuple"]

# The LLM writes these messages from masked context, so the placeholders of the user's
# scope that they echo are kept; look-alikes in other roles are neutralised like typed text.
DEFAULT_TRUSTED_ROLES: frozenset[str] = frozenset({"assistant"})

_Key = tuple[str, int]
_Part = str | int  # kept literal text, or an index into the texts sent to the engine


@dataclass
class _Slot:
    """One piece of text inside a copied message, and where to write its new value."""

    owner: Any  # a content block, a dict or a list
    key: Any  # attribute name, dict key or list index
    text: str
    role: str
    matches: list[PlaceholderMatch] = field(default_factory=list)

    def write(self, value: str) -> None:
        if isinstance(self.owner, (dict, list)):
            self.owner[self.key] = value
        else:
            setattr(self.owner, self.key, value)


def roles_tuple(roles: Iterable[str]) -> tuple[str, ...]:
    """A sorted tuple of role names (a bare str is one role, not its characters)."""
    return (roles,) if isinstance(roles, str) else tuple(sorted({str(r) for r in roles}))


def role_of(message: ChatMessage) -> str:
    role = message.role
    return str(getattr(role, "value", role))


def _copy(message: object) -> ChatMessage:
    if not isinstance(message, ChatMessage):
        raise InvalidTextError(f"expected a llama_index ChatMessage, got {type(message).__name__}")
    return message.model_copy(deep=True)


def _container_slots(value: Any, role: str, out: list[_Slot]) -> None:
    items: Iterable[tuple[Any, Any]] = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if isinstance(item, str):
            if item:
                out.append(_Slot(value, key, item, role))
        elif isinstance(item, (dict, list)):
            _container_slots(item, role, out)


def _block_slots(block: Any, role: str, out: list[_Slot]) -> None:
    if isinstance(block, TextBlock):
        if block.text:
            out.append(_Slot(block, "text", block.text, role))
    elif isinstance(block, ThinkingBlock):
        if block.content:
            out.append(_Slot(block, "content", block.content, role))
    elif isinstance(block, ToolCallBlock):
        if isinstance(block.tool_kwargs, str):
            if block.tool_kwargs:
                out.append(_Slot(block, "tool_kwargs", block.tool_kwargs, role))
        else:
            _container_slots(block.tool_kwargs, role, out)
    elif isinstance(block, CitableBlock):
        for inner in block.content:
            _block_slots(inner, role, out)
    elif isinstance(block, CitationBlock):
        _block_slots(block.cited_content, role, out)


def _slots(messages: Sequence[ChatMessage]) -> list[_Slot]:
    out: list[_Slot] = []
    for message in messages:
        role = role_of(message)
        for block in message.blocks:
            _block_slots(block, role, out)
    return out


@dataclass
class _Plan:
    """What to send to the engine, and how to put each slot back together."""

    texts: list[str] = field(default_factory=list)
    layouts: list[list[_Part]] = field(default_factory=list)

    def add(self, text: str) -> int:
        self.texts.append(text)
        return len(self.texts) - 1

    def apply(self, slots: list[_Slot], masked: list[str]) -> None:
        for slot, parts in zip(slots, self.layouts):
            slot.write("".join(p if isinstance(p, str) else masked[p] for p in parts))


class MessageCodec:
    """Masks copies of messages before they are stored; restores copies on the way out."""

    def __init__(self, engine: PrivacyEngine, trusted_roles: Iterable[str] = DEFAULT_TRUSTED_ROLES) -> None:
        self.engine = engine
        self.trusted_roles = frozenset(trusted_roles)

    # -- masking -------------------------------------------------------------------------

    def _trusted_keys(self, slots: list[_Slot]) -> set[_Key]:
        keys: set[_Key] = set()
        for slot in slots:
            if slot.role in self.trusted_roles:
                slot.matches = list(find_placeholders(slot.text))
                keys.update((m.key, m.number) for m in slot.matches)
        return keys

    @staticmethod
    def _plan(slots: list[_Slot], real: set[_Key]) -> _Plan:
        plan = _Plan()
        for slot in slots:
            parts: list[_Part] = []
            pos = 0
            for m in slot.matches:
                if (m.key, m.number) not in real:
                    continue  # unknown look-alike: the engine neutralises it
                if m.start > pos:
                    parts.append(plan.add(slot.text[pos : m.start]))
                parts.append(slot.text[m.start : m.end])
                pos = m.end
            if pos < len(slot.text):
                parts.append(plan.add(slot.text[pos:]))
            plan.layouts.append(parts)
        return plan

    def mask(self, messages: Sequence[ChatMessage], user_id: str) -> list[ChatMessage]:
        copies = [_copy(m) for m in messages]
        slots = _slots(copies)
        if not slots:
            return copies
        keys = self._trusted_keys(slots)
        real = set(self.engine.vault.resolve(user_id, keys)) if keys else set()
        plan = self._plan(slots, real)
        masked = self.engine.mask_many(plan.texts, user_id=user_id) if plan.texts else []
        plan.apply(slots, [m.text for m in masked])
        return copies

    async def amask(self, messages: Sequence[ChatMessage], user_id: str) -> list[ChatMessage]:
        copies = [_copy(m) for m in messages]
        slots = _slots(copies)
        if not slots:
            return copies
        keys = self._trusted_keys(slots)
        real = set(await self.engine.vault.aresolve(user_id, keys)) if keys else set()
        plan = self._plan(slots, real)
        masked = await self.engine.amask_many(plan.texts, user_id=user_id) if plan.texts else []
        plan.apply(slots, [m.text for m in masked])
        return copies

    def mask_text(self, text: str, user_id: str) -> str:
        return self.engine.mask(text, user_id=user_id).text

    async def amask_text(self, text: str, user_id: str) -> str:
        return (await self.engine.amask(text, user_id=user_id)).text

    # -- restoring -----------------------------------------------------------------------

    def restore(self, messages: Sequence[ChatMessage], user_id: str) -> list[ChatMessage]:
        per_message = [_slots([m]) for m in messages]
        texts = [slot.text for slots in per_message for slot in slots]
        return _rebuild(messages, per_message, self._restore_texts(texts, user_id))

    async def arestore(self, messages: Sequence[ChatMessage], user_id: str) -> list[ChatMessage]:
        per_message = [_slots([m]) for m in messages]
        texts = [slot.text for slots in per_message for slot in slots]
        return _rebuild(messages, per_message, await self._arestore_texts(texts, user_id))

    # All texts of a call are restored in one unmask (one vault lookup): joined by a
    # separator that no placeholder form can contain or cross, then split again.
    def _restore_texts(self, texts: list[str], user_id: str) -> list[str]:
        if not texts:
            return []
        if any(_SEP in t for t in texts):
            return [self.engine.unmask(t, user_id=user_id) for t in texts]
        parts = self.engine.unmask(_SEP.join(texts), user_id=user_id).split(_SEP)
        if len(parts) != len(texts):  # a restored value itself contained the separator
            return [self.engine.unmask(t, user_id=user_id) for t in texts]
        return parts

    async def _arestore_texts(self, texts: list[str], user_id: str) -> list[str]:
        if not texts:
            return []
        if any(_SEP in t for t in texts):
            return [await self.engine.aunmask(t, user_id=user_id) for t in texts]
        parts = (await self.engine.aunmask(_SEP.join(texts), user_id=user_id)).split(_SEP)
        if len(parts) != len(texts):
            return [await self.engine.aunmask(t, user_id=user_id) for t in texts]
        return parts


_SEP = "\x00\u2063\x00"  # NUL and an invisible separator: never part of a placeholder match


def _rebuild(
    messages: Sequence[ChatMessage], per_message: list[list[_Slot]], restored: list[str]
) -> list[ChatMessage]:
    """Copies of the messages whose text changed; the others are returned as they are."""
    out: list[ChatMessage] = []
    pos = 0
    for message, slots in zip(messages, per_message):
        new = restored[pos : pos + len(slots)]
        pos += len(slots)
        if all(slot.text == text for slot, text in zip(slots, new)):
            out.append(message)
            continue
        copy = _copy(message)
        for slot, text in zip(_slots([copy]), new):
            slot.write(text)
        out.append(copy)
    return out
