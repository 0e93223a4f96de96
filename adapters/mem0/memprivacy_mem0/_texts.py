"""Pull the strings to mask or restore out of Mem0 arguments and results, then put them back.

Everything here builds new dicts and lists: the caller's arguments and what Mem0
returned are never changed in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from memprivacy_plugins import InvalidTextError

from ._scope import ID_KEYS, scope_of_item

__all__ = [
    "NOT_RESTORED",
    "Slots",
    "copy_tree",
    "fill",
    "pull_messages",
    "pull_result",
    "pull_strings",
]

# Fields that identify or describe a record rather than carry text: never rewritten.
NOT_RESTORED = frozenset(
    {
        "id",
        "memory_id",
        "hash",
        *ID_KEYS,
        "org_id",
        "project_id",
        "event",
        "event_id",
        "role",
        "status",
        "type",
        "created_at",
        "updated_at",
        "expiration_date",
        "score",
        "is_deleted",
        "entity_type",
        "entity_id",
        "job_id",
        "status_url",
    }
)
_RESULT_LISTS = ("results", "memories")


@dataclass(frozen=True, slots=True)
class _Hole:
    index: int


class Slots:
    """An ordered list of strings taken out of a structure."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def take(self, text: str) -> _Hole:
        self.texts.append(text)
        return _Hole(len(self.texts) - 1)


def fill(template: Any, values: list[str]) -> Any:
    """Rebuild a pulled structure with ``values`` in place of the taken strings."""
    if isinstance(template, _Hole):
        return values[template.index]
    if isinstance(template, dict):
        return {k: fill(v, values) for k, v in template.items()}
    if isinstance(template, list):
        return [fill(v, values) for v in template]
    if isinstance(template, tuple):
        return tuple(fill(v, values) for v in template)
    return template


def copy_tree(obj: Any) -> Any:
    """New dicts and lists all the way down (leaves shared: they are immutable here)."""
    if isinstance(obj, dict):
        return {k: copy_tree(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [copy_tree(v) for v in obj]
    return obj


# -- write path ----------------------------------------------------------------------


def pull_messages(messages: Any, slots: Slots) -> Any:
    """Take message ``content`` (text and text parts) and ``name`` of every message."""
    if isinstance(messages, str):
        return slots.take(messages)
    if isinstance(messages, Mapping):
        return _pull_message(messages, slots, 0)
    if isinstance(messages, list):
        return [_pull_message(m, slots, i) for i, m in enumerate(messages)]
    raise InvalidTextError(f"messages must be str, dict or list of dicts, got {type(messages).__name__}")


def _pull_message(message: Any, slots: Slots, index: int) -> dict[str, Any]:
    if not isinstance(message, Mapping):
        # Mem0 would log such an entry verbatim while skipping it: refuse instead.
        raise InvalidTextError(f"message #{index} is {type(message).__name__}, expected a dict")
    out = dict(message)
    content = message.get("content")
    if isinstance(content, str):
        out["content"] = slots.take(content)
    elif isinstance(content, list):
        out["content"] = [_pull_part(part, slots, index) for part in content]
    elif isinstance(content, Mapping):
        out["content"] = _pull_part(content, slots, index)
    elif content is not None:
        raise InvalidTextError(f"message #{index} content is {type(content).__name__}, expected str or parts")
    name = message.get("name")
    if isinstance(name, str) and name:
        out["name"] = slots.take(name)
    return out


def _pull_part(part: Any, slots: Slots, index: int) -> Any:
    if isinstance(part, str):
        return slots.take(part)
    if not isinstance(part, Mapping):
        raise InvalidTextError(f"message #{index} has a content part of type {type(part).__name__}")
    out = dict(part)
    if part.get("type") == "text" and isinstance(part.get("text"), str):
        out["text"] = slots.take(part["text"])
    return out


def pull_strings(obj: Any, slots: Slots, *, skip: frozenset[str] = frozenset()) -> Any:
    """Take every string leaf (metadata values, filter values), except under ``skip`` keys."""
    if isinstance(obj, str):
        return slots.take(obj)
    if isinstance(obj, Mapping):
        return {k: (copy_tree(v) if k in skip else pull_strings(v, slots, skip=skip)) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [pull_strings(v, slots, skip=skip) for v in obj]
    return obj


# -- read path -----------------------------------------------------------------------


def _pull_text_fields(obj: Any, slots: Slots) -> Any:
    if isinstance(obj, str):
        return slots.take(obj)
    if isinstance(obj, Mapping):
        return {
            k: (copy_tree(v) if k in NOT_RESTORED else _pull_text_fields(v, slots)) for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [_pull_text_fields(v, slots) for v in obj]
    return obj


def _pull_item(item: Any, slots: Slots, scope: str) -> Any:
    if isinstance(item, Mapping):
        own = scope_of_item(item)
        if own is not None and own != scope:
            # Another scope's record: its placeholders are not ours to resolve.
            return copy_tree(item)
    return _pull_text_fields(item, slots)


def pull_result(result: Any, slots: Slots, scope: str) -> Any:
    """Take the text of a Mem0 result (a memory, a list of them, or ``{"results": [...]}``).

    Records that carry entity ids of another scope are copied unchanged.
    """
    if isinstance(result, list):
        return [_pull_item(item, slots, scope) for item in result]
    if isinstance(result, Mapping):
        if any(result.get(k) is not None for k in ID_KEYS):
            return _pull_item(result, slots, scope)
        out: dict[str, Any] = {}
        for key, value in result.items():
            if key in _RESULT_LISTS and isinstance(value, list):
                out[key] = [_pull_item(item, slots, scope) for item in value]
            elif key in NOT_RESTORED:
                out[key] = copy_tree(value)
            else:
                out[key] = _pull_text_fields(value, slots)
        return out
    if isinstance(result, str):
        return slots.take(result)
    return result
