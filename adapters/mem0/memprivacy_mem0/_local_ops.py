"""The operations of ``Memory`` / ``AsyncMemory``, written once for both (see ``_steps``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from memprivacy_plugins import ScopeError

from ._scope import ID_KEYS, scope_from_filters, scope_from_ids, scope_of_item
from ._steps import Call, Op, mask_slots, restore_result
from ._texts import Slots, copy_tree, pull_messages, pull_strings

__all__ = ["add", "get", "get_all", "history", "owner_scope", "search", "update"]

# Mem0 drops identity keys from metadata and matches them exactly in filters: never rewrite them.
_KEEP = frozenset({*ID_KEYS, "actor_id"})
_NO_SCOPE = "needs user_id, agent_id or run_id to choose whose placeholders to use"


def add(
    messages: Any,
    *,
    ids: dict[str, Any],
    metadata: Mapping[str, Any] | None,
    prompt: str | None,
    user_name: str | None,
    forward: dict[str, Any],
    agent_scopes: bool,
) -> Op[Any]:
    scope = scope_from_ids(ids, agent_scopes=agent_scopes)
    if scope is None:
        raise ScopeError(f"add() {_NO_SCOPE}")
    slots = Slots()
    template = (
        pull_messages(messages, slots),
        pull_strings(metadata, slots, skip=_KEEP) if metadata is not None else None,
        slots.take(prompt) if isinstance(prompt, str) and prompt else prompt,
    )
    masked_messages, masked_metadata, masked_prompt = yield from mask_slots(slots, template, scope, user_name)
    kwargs = {**ids, "metadata": masked_metadata, **forward}
    if masked_prompt is not None:
        kwargs["prompt"] = masked_prompt
    result = yield Call("add", (masked_messages,), kwargs)
    return (yield from restore_result(result, scope))


def _scope_of_filters(method: str, filters: Mapping[str, Any] | None, agent_scopes: bool) -> str:
    if filters is not None and not isinstance(filters, Mapping):
        raise ScopeError(f"{method}() filters must be a dict")
    scope = scope_from_filters(filters, agent_scopes=agent_scopes)
    if scope is None:
        raise ScopeError(f"{method}() {_NO_SCOPE} (in filters, e.g. filters={{'user_id': ...}})")
    return scope


def search(
    query: str,
    *,
    filters: Mapping[str, Any] | None,
    user_name: str | None,
    restore: bool,
    forward: dict[str, Any],
    agent_scopes: bool,
) -> Op[Any]:
    scope = _scope_of_filters("search", filters, agent_scopes)
    slots = Slots()
    template = (slots.take(query) if isinstance(query, str) else query, pull_strings(filters, slots, skip=_KEEP))
    masked_query, masked_filters = yield from mask_slots(slots, template, scope, user_name)
    result = yield Call("search", (masked_query,), {"filters": masked_filters, **forward})
    return (yield from restore_result(result, scope)) if restore else copy_tree(result)


def get_all(
    *,
    filters: Mapping[str, Any] | None,
    restore: bool,
    forward: dict[str, Any],
    agent_scopes: bool,
) -> Op[Any]:
    scope = _scope_of_filters("get_all", filters, agent_scopes)
    slots = Slots()
    template = pull_strings(filters, slots, skip=_KEEP)
    masked_filters = yield from mask_slots(slots, template, scope, None)
    result = yield Call("get_all", (), {"filters": masked_filters, **forward})
    return (yield from restore_result(result, scope)) if restore else copy_tree(result)


def owner_scope(item: Mapping[str, Any] | None, expected: Mapping[str, Any], agent_scopes: bool) -> str | None:
    """The scope of a stored memory, checked against ids the caller named (if any)."""
    wanted = scope_from_ids(expected, agent_scopes=agent_scopes)
    own = scope_of_item(item) if item is not None else None
    if wanted is not None and own is not None and own != wanted:
        raise ScopeError("this memory belongs to another scope than the ids given")
    return own if own is not None else wanted


def get(memory_id: Any, *, expected: dict[str, Any], restore: bool, agent_scopes: bool) -> Op[Any]:
    item = yield Call("get", (memory_id,))
    if item is None:
        return None
    scope = owner_scope(item, expected, agent_scopes)
    return (yield from restore_result(item, scope)) if restore else copy_tree(item)


def update(
    memory_id: Any,
    *,
    text: str | None,
    data: str | None,
    metadata: Mapping[str, Any] | None,
    expected: dict[str, Any],
    user_name: str | None,
    forward: dict[str, Any],
    agent_scopes: bool,
) -> Op[Any]:
    # The new text must be masked in the scope of the memory it replaces.
    item = yield Call("get", (memory_id,))
    if item is None:
        raise ScopeError("update(): memory not found, so its scope is unknown; nothing was sent")
    scope = owner_scope(item, expected, agent_scopes)
    if scope is None:
        raise ScopeError("update(): the stored memory carries no user_id, agent_id or run_id")
    slots = Slots()
    template = (
        slots.take(text) if isinstance(text, str) else text,
        slots.take(data) if isinstance(data, str) else data,
        pull_strings(metadata, slots, skip=_KEEP) if metadata is not None else None,
    )
    masked_text, masked_data, masked_metadata = yield from mask_slots(slots, template, scope, user_name)
    kwargs: dict[str, Any] = {"text": masked_text, "metadata": masked_metadata, **forward}
    if masked_data is not None:
        kwargs["data"] = masked_data
    result = yield Call("update", (memory_id,), kwargs)
    return copy_tree(result)


def history(memory_id: Any, *, expected: dict[str, Any], restore: bool, agent_scopes: bool) -> Op[Any]:
    rows = yield Call("history", (memory_id,))
    if not restore:
        return copy_tree(rows)
    # History rows carry no entity ids: the memory itself says whose they are.
    item = yield Call("get", (memory_id,))
    scope = owner_scope(item, expected, agent_scopes)
    return (yield from restore_result(rows, scope))

