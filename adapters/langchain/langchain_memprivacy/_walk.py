"""Walk LangChain values (strings, messages, prompt values, JSON-like trees) text leaf by text leaf.

Masking and restoring share one traversal: :func:`map_texts` rebuilds a value with every text
leaf passed through ``fn(text, context)``, copying only what changed, so the caller's objects
are never mutated. ``context`` is the nearest dict key above a leaf (``"password"`` for
``{"password": "..."}``): detectors use it as a cue word.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage, ToolMessage
from langchain_core.prompt_values import ChatPromptValue, StringPromptValue
from pydantic import BaseModel

__all__ = ["ALL_FIELDS", "CONTENT_ONLY", "Fields", "UnsupportedValueError", "collect_texts", "map_texts"]

TextFn = Callable[[str, "str | None"], str]

# Text-bearing keys of content blocks (LangChain v1 standard blocks and provider-native ones).
_BLOCK_TEXT_KEYS = {"text": "text", "reasoning": "reasoning", "thinking": "thinking"}
_BLOCK_ARG_KEYS = {"tool_call": "args", "tool_use": "input", "server_tool_call": "args"}
_MAX_DEPTH = 100


class UnsupportedValueError(TypeError):
    """A value of a type the walker cannot look inside (the message names the type only)."""


@dataclass(frozen=True)
class Fields:
    """Which parts of a message are visited besides its text content."""

    name: bool = True
    tool_args: bool = True  # tool_calls / invalid_tool_calls / tool_call_chunks args, tool-call blocks
    extras: bool = True  # additional_kwargs, ToolMessage.artifact
    unknown: Literal["raise", "keep"] = "raise"  # objects the walker does not know


ALL_FIELDS = Fields()
CONTENT_ONLY = Fields(name=False, tool_args=False, extras=False)


def collect_texts(value: Any, fields: Fields = ALL_FIELDS) -> list[tuple[str, str | None]]:
    """Every non-blank text leaf of ``value`` with its context key, in traversal order."""
    leaves: list[tuple[str, str | None]] = []

    def record(text: str, context: str | None) -> str:
        leaves.append((text, context))
        return text

    map_texts(value, record, fields)
    return leaves


def map_texts(value: Any, fn: TextFn, fields: Fields = ALL_FIELDS) -> Any:
    """``value`` with every non-blank text leaf replaced by ``fn(text, context)``.

    Containers and messages are copied only when a leaf inside them changed.
    """
    return _Walker(fn, fields).walk(value, None, 0)


class _Walker:
    def __init__(self, fn: TextFn, fields: Fields) -> None:
        self.fn = fn
        self.fields = fields

    def text(self, text: str, context: str | None) -> str:
        if not text or text.isspace():
            return text
        new = self.fn(text, context)
        # An unchanged text keeps its identity (and str subclass, e.g. a str Enum): callers
        # detect "nothing to copy" by identity.
        return text if new == text else new

    def walk(self, value: Any, context: str | None, depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise UnsupportedValueError(f"value nested deeper than {_MAX_DEPTH} levels")
        if isinstance(value, str):
            return self.text(value, context)
        if value is None or isinstance(value, (bool, int, float, bytes, bytearray)):
            return value
        if isinstance(value, BaseMessage):
            return self.message(value, depth)
        if isinstance(value, StringPromptValue):
            text = self.text(value.text, None)
            return value if text is value.text else value.model_copy(update={"text": text})
        if isinstance(value, ChatPromptValue):
            messages = self.walk(list(value.messages), None, depth + 1)
            changed = any(a is not b for a, b in zip(messages, value.messages, strict=True))
            return value.model_copy(update={"messages": messages}) if changed else value
        if isinstance(value, Mapping):
            return self.mapping(value, context, depth)
        if isinstance(value, (list, tuple, set, frozenset)):
            return self.sequence(value, context, depth)
        if isinstance(value, BaseModel):
            return self.model(value, depth)
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return self.dataclass(value, depth)
        if self.fields.unknown == "keep":
            return value
        raise UnsupportedValueError(f"cannot look inside a value of type {type(value).__name__}")

    def mapping(self, value: Mapping[Any, Any], context: str | None, depth: int) -> Any:
        out = {}
        changed = False
        for key, item in value.items():
            new = self.walk(item, key if isinstance(key, str) else context, depth + 1)
            changed = changed or new is not item
            out[key] = new
        if not changed:
            return value
        return out if type(value) is dict or not isinstance(value, dict) else _rebuild(value, out)

    def sequence(self, value: Any, context: str | None, depth: int) -> Any:
        items = [self.walk(item, context, depth + 1) for item in value]
        if all(a is b for a, b in zip(items, value, strict=True)):
            return value
        if isinstance(value, tuple) and hasattr(value, "_fields"):  # namedtuple
            return type(value)(*items)
        if type(value) in (list, tuple, set, frozenset):
            return type(value)(items)
        return _rebuild(value, items)

    def model(self, value: BaseModel, depth: int) -> Any:
        update = {}
        for name in type(value).model_fields:
            item = getattr(value, name, None)
            new = self.walk(item, name, depth + 1)
            if new is not item:
                update[name] = new
        return value.model_copy(update=update) if update else value

    def dataclass(self, value: Any, depth: int) -> Any:
        update = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name, None)
            new = self.walk(item, f.name, depth + 1)
            if new is not item:
                if not f.init:
                    raise UnsupportedValueError(f"cannot rebuild {type(value).__name__}: field is not in __init__")
                update[f.name] = new
        return dataclasses.replace(value, **update) if update else value

    def message(self, msg: BaseMessage, depth: int) -> BaseMessage:
        update: dict[str, Any] = {}
        content = self.content(msg.content, depth)
        if content is not msg.content:
            update["content"] = content
        # A ToolMessage's name is the tool's name, which routing needs as it is.
        if self.fields.name and msg.name and not isinstance(msg, ToolMessage):
            name = self.text(msg.name, None)
            if name is not msg.name:
                update["name"] = name
        if self.fields.tool_args and isinstance(msg, AIMessage):
            self.tool_calls(msg, update, depth)
        if self.fields.extras:
            if msg.additional_kwargs:
                extra = self.walk(msg.additional_kwargs, None, depth + 1)
                if extra is not msg.additional_kwargs:
                    update["additional_kwargs"] = extra
            if isinstance(msg, ToolMessage) and msg.artifact is not None:
                artifact = self.walk(msg.artifact, None, depth + 1)
                if artifact is not msg.artifact:
                    update["artifact"] = artifact
        return msg.model_copy(update=update) if update else msg

    def content(self, content: Any, depth: int) -> Any:
        if isinstance(content, str):
            return self.text(content, None)
        if not isinstance(content, list):
            return content
        blocks = [self.block(block, depth) for block in content]
        return content if all(a is b for a, b in zip(blocks, content, strict=True)) else blocks

    def block(self, block: Any, depth: int) -> Any:
        if isinstance(block, str):
            return self.text(block, None)
        if not isinstance(block, dict):
            return block
        kind = block.get("type")
        key = _BLOCK_TEXT_KEYS.get(kind) if isinstance(kind, str) else None
        if key is None and self.fields.tool_args and isinstance(kind, str):
            key = _BLOCK_ARG_KEYS.get(kind)
        if key is None or key not in block:
            return block  # images, files, audio: nothing we can mask as text
        new = self.walk(block[key], None, depth + 1)
        return block if new is block[key] else {**block, key: new}

    def tool_calls(self, msg: AIMessage, update: dict[str, Any], depth: int) -> None:
        calls = [self.call_args(c, depth) for c in msg.tool_calls]
        if any(a is not b for a, b in zip(calls, msg.tool_calls, strict=True)):
            update["tool_calls"] = calls
        invalid = [self.call_args(c, depth) for c in msg.invalid_tool_calls]
        if any(a is not b for a, b in zip(invalid, msg.invalid_tool_calls, strict=True)):
            update["invalid_tool_calls"] = invalid
        if isinstance(msg, AIMessageChunk):
            chunks = [self.call_args(c, depth) for c in msg.tool_call_chunks]
            if any(a is not b for a, b in zip(chunks, msg.tool_call_chunks, strict=True)):
                update["tool_call_chunks"] = chunks

    def call_args(self, call: Any, depth: int) -> Any:
        args = call.get("args")
        if args is None:
            return call
        new = self.walk(args, None, depth + 1)
        return call if new is args else {**call, "args": new}


def _rebuild(original: Any, items: Any) -> Any:
    """A subclass of list/dict/set: try its own constructor, fall back to the base type."""
    try:
        return type(original)(items)
    except Exception:
        for base in (dict, list, tuple, set, frozenset):
            if isinstance(original, base):
                return base(items)
        raise
