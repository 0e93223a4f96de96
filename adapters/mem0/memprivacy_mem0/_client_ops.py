"""The operations of the hosted ``MemoryClient`` / ``AsyncMemoryClient``, written once for both."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from memprivacy_plugins import ScopeError

from ._local_ops import owner_scope
from ._scope import ID_KEYS, merge_ids, scope_from_filters, scope_from_ids, scope_of_item
from ._steps import Call, Op, mask_slots, restore_result
from ._texts import Slots, copy_tree, pull_messages, pull_strings

__all__ = [
    "add",
    "batch_update",
    "feedback",
    "get",
    "get_all",
    "history",
    "merge_options",
    "restore_in",
    "search",
    "update",
]

_KEEP = frozenset({*ID_KEYS, "actor_id"})
# Free text the API turns into memories or extraction instructions.
_TEXT_OPTIONS = ("custom_instructions", "agent_custom_instructions")
_NO_SCOPE = "needs user_id, agent_id, app_id or run_id (in filters) to choose whose placeholders to use"


def merge_options(options: Any, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """What the client does with a typed options object: its set fields, then kwargs."""
    base = options.model_dump(exclude_unset=True) if options is not None else {}
    return {**base, **kwargs}


def _scope(method: str, params: Mapping[str, Any], agent_scopes: bool) -> str:
    filters = params.get("filters")
    if filters is not None and not isinstance(filters, Mapping):
        raise ScopeError(f"{method}() filters must be a dict")
    scope = scope_from_filters(filters, params, agent_scopes=agent_scopes)
    if scope is None:
        raise ScopeError(f"{method}() {_NO_SCOPE}")
    return scope


def _pull_params(params: Mapping[str, Any], slots: Slots) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if key in ("filters", "metadata"):
            out[key] = pull_strings(value, slots, skip=_KEEP) if value is not None else None
        elif key in _TEXT_OPTIONS and isinstance(value, str) and value:
            out[key] = slots.take(value)
        else:
            out[key] = copy_tree(value)
    return out


def add(messages: Any, params: dict[str, Any], *, user_name: str | None, agent_scopes: bool) -> Op[Any]:
    scope = _scope("add", params, agent_scopes)
    slots = Slots()
    template = (pull_messages(messages, slots), _pull_params(params, slots))
    masked_messages, masked_params = yield from mask_slots(slots, template, scope, user_name)
    result = yield Call("add", (masked_messages,), masked_params)
    return (yield from restore_result(result, scope))


def search(query: Any, params: dict[str, Any], *, user_name: str | None, restore: bool, agent_scopes: bool) -> Op[Any]:
    scope = _scope("search", params, agent_scopes)
    slots = Slots()
    template = (slots.take(query) if isinstance(query, str) else query, _pull_params(params, slots))
    masked_query, masked_params = yield from mask_slots(slots, template, scope, user_name)
    result = yield Call("search", (masked_query,), masked_params)
    return (yield from restore_result(result, scope)) if restore else copy_tree(result)


def get_all(params: dict[str, Any], *, restore: bool, agent_scopes: bool) -> Op[Any]:
    scope = _scope("get_all", params, agent_scopes)
    slots = Slots()
    masked_params = yield from mask_slots(slots, _pull_params(params, slots), scope, None)
    result = yield Call("get_all", (), masked_params)
    return (yield from restore_result(result, scope)) if restore else copy_tree(result)


def get(memory_id: Any, *, expected: dict[str, Any], restore: bool, agent_scopes: bool) -> Op[Any]:
    item = yield Call("get", (memory_id,))
    if not isinstance(item, Mapping):
        return copy_tree(item)
    scope = owner_scope(item, expected, agent_scopes)
    return (yield from restore_result(item, scope)) if restore else copy_tree(item)


def _scope_of_memory(method: str, memory_id: Any, expected: dict[str, Any], agent_scopes: bool) -> Op[str]:
    """The scope a memory's new text belongs to: the ids given, else the server's record."""
    scope = scope_from_ids(expected, agent_scopes=agent_scopes)
    if scope is not None:
        return scope
    item = yield Call("get", (memory_id,))
    scope = scope_of_item(item) if isinstance(item, Mapping) else None
    if scope is None:
        raise ScopeError(f"{method}(): the memory's scope is unknown; pass user_id= (nothing was sent)")
    return scope


def _pull_update(fields: Mapping[str, Any], slots: Slots) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "text" and isinstance(value, str):
            out[key] = slots.take(value)
        elif key == "metadata" and value is not None:
            out[key] = pull_strings(value, slots, skip=_KEEP)
        else:
            out[key] = copy_tree(value)
    return out


def update(
    memory_id: Any, payload: dict[str, Any], *, expected: dict[str, Any], user_name: str | None, agent_scopes: bool
) -> Op[Any]:
    scope = yield from _scope_of_memory("update", memory_id, expected, agent_scopes)
    slots = Slots()
    template = _pull_update(payload, slots)
    masked = yield from mask_slots(slots, template, scope, user_name)
    result = yield Call("update", (memory_id,), masked)
    return (yield from restore_result(result, scope))


def history(memory_id: Any, *, expected: dict[str, Any], restore: bool, agent_scopes: bool) -> Op[Any]:
    rows = yield Call("history", (memory_id,))
    if not restore:
        return copy_tree(rows)
    scope = scope_from_ids(expected, agent_scopes=agent_scopes)
    if scope is None:
        owners = {scope_of_item(r) for r in rows if isinstance(r, Mapping)} - {None} if isinstance(rows, list) else set()
        if len(owners) == 1:
            scope = owners.pop()
        else:
            scope = yield from _scope_of_memory("history", memory_id, {}, agent_scopes)
    return (yield from restore_result(rows, scope))


def batch_update(
    memories: Any, *, expected: dict[str, Any], user_name: str | None, agent_scopes: bool
) -> Op[Any]:
    if not isinstance(memories, list) or not all(isinstance(m, Mapping) for m in memories):
        raise ScopeError("batch_update() takes a list of dicts with memory_id")
    groups: dict[str, list[int]] = {}
    for index, memory in enumerate(memories):
        if memory.get("text") is None and memory.get("metadata") is None:
            continue
        scope = yield from _scope_of_memory("batch_update", memory.get("memory_id"), expected, agent_scopes)
        groups.setdefault(scope, []).append(index)
    out = [dict(m) for m in memories]
    for scope, indexes in groups.items():
        slots = Slots()
        template = [_pull_update(memories[i], slots) for i in indexes]
        masked = yield from mask_slots(slots, template, scope, user_name)
        for i, item in zip(indexes, masked):
            out[i] = item
    result = yield Call("batch_update", (out,))
    return copy_tree(result)


def feedback(
    memory_id: Any,
    feedback_value: Any,
    reason: Any,
    *,
    expected: dict[str, Any],
    user_name: str | None,
    agent_scopes: bool,
) -> Op[Any]:
    if isinstance(reason, str) and reason:
        scope = yield from _scope_of_memory("feedback", memory_id, expected, agent_scopes)
        reason = yield from _mask_one(reason, scope, user_name)
    result = yield Call("feedback", (memory_id,), {"feedback": feedback_value, "feedback_reason": reason})
    return copy_tree(result)


def _mask_one(text: str, scope: str, user_name: str | None) -> Op[str]:
    slots = Slots()
    hole = slots.take(text)
    masked: str = yield from mask_slots(slots, hole, scope, user_name)
    return masked


def restore_in(method: str, args: tuple[Any, ...], kwargs: dict[str, Any], ids: Mapping[str, Any], agent_scopes: bool) -> Op[Any]:
    """Call a read-only method and restore its answer in the scope ``ids`` name."""
    filters = ids.get("filters") if isinstance(ids.get("filters"), Mapping) else None
    scope = scope_from_filters(filters, merge_ids(ids), agent_scopes=agent_scopes)
    result = yield Call(method, args, kwargs)
    return (yield from restore_result(result, scope))
