"""Shared pieces: the user scope of a call, and masking/restoring whole values in one engine call."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from langchain_core.messages import BaseMessage
from langchain_core.runnables import RunnableConfig
from memprivacy_plugins import PrivacyEngine, ScopeError

from ._walk import ALL_FIELDS, Fields, collect_texts, map_texts

__all__ = [
    "Scope",
    "amask_value",
    "arestore_value",
    "default_engine",
    "fingerprint",
    "mask_texts",
    "amask_texts",
    "mask_value",
    "resolve_scope",
    "restore_value",
]

# Restoring leaves an object it cannot look inside as it is (nothing leaks that way); masking
# refuses it (ALL_FIELDS), as it could hide a private value.
RESTORE_FIELDS = Fields(unknown="keep")

USER_ID_KEY = "user_id"
USER_NAME_KEY = "user_name"


@dataclass(frozen=True)
class Scope:
    """Whose placeholders: the vault scope and, optionally, the user's real name for detection."""

    user_id: str
    user_name: str | None = None

    def __repr__(self) -> str:  # the name is private; the id is an opaque key by contract
        return f"Scope(user_id={self.user_id!r}, user_name={'<set>' if self.user_name else None})"


def resolve_scope(
    *,
    user_id: str | None,
    user_name: str | None,
    config: RunnableConfig | None = None,
    context: Any = None,
    component: str,
) -> Scope:
    """The scope from (first found wins) the constructor, a runtime context, then ``configurable``."""
    found_id, found_name = user_id, user_name
    for source in (_from_context(context), _from_config(config)):
        if found_id is None:
            found_id = source.get(USER_ID_KEY)
        if found_name is None:
            found_name = source.get(USER_NAME_KEY)
    if not isinstance(found_id, str) or not found_id.strip():
        raise ScopeError(
            f"{component} needs a user_id: pass user_id=... to the constructor or "
            "config={'configurable': {'user_id': ...}}"
        )
    if found_name is not None and not isinstance(found_name, str):
        raise ScopeError(f"{component}: user_name must be a str")
    return Scope(found_id, found_name or None)


def _from_config(config: RunnableConfig | None) -> Mapping[str, Any]:
    configurable = (config or {}).get("configurable") or {}
    return configurable if isinstance(configurable, Mapping) else {}


def _from_context(context: Any) -> Mapping[str, Any]:
    if context is None:
        return {}
    if isinstance(context, Mapping):
        return context
    return {k: getattr(context, k) for k in (USER_ID_KEY, USER_NAME_KEY) if hasattr(context, k)}


def default_engine(engine: PrivacyEngine | None) -> PrivacyEngine:
    """The given engine, or the embedded default (rules detector, SQLite vault in the user data dir)."""
    return engine if engine is not None else PrivacyEngine()


# -- masking with a context key ---------------------------------------------------------------
#
# A dict leaf is masked together with its key ("password: hunter2") so the key serves as the
# cue word a detector looks for; the key prefix is cut off again afterwards. If detection
# touched the prefix, that leaf is masked once more on its own.


def _cue(context: str | None) -> str:
    if not context:
        return ""
    words = " ".join(context.replace("_", " ").replace("-", " ").split())
    return f"{words}: " if words and len(words) <= 64 else ""


def _with_cues(leaves: Sequence[tuple[str, str | None]]) -> list[str]:
    return [_cue(ctx) + text for text, ctx in leaves]


def _strip_cues(leaves: Sequence[tuple[str, str | None]], masked: Sequence[str]) -> tuple[list[str | None], list[int]]:
    out: list[str | None] = []
    retry: list[int] = []
    for i, ((_, ctx), text) in enumerate(zip(leaves, masked, strict=True)):
        cue = _cue(ctx)
        if text.startswith(cue):
            out.append(text[len(cue) :])
        else:
            out.append(None)
            retry.append(i)
    return out, retry


def mask_texts(engine: PrivacyEngine, leaves: Sequence[tuple[str, str | None]], scope: Scope) -> list[str]:
    """Masked text for each ``(text, context)`` leaf, in one detector call (two if a cue got masked)."""
    if not leaves:
        return []
    first = engine.mask_many(_with_cues(leaves), user_id=scope.user_id, user_name=scope.user_name)
    out, retry = _strip_cues(leaves, [m.text for m in first])
    if retry:
        again = engine.mask_many([leaves[i][0] for i in retry], user_id=scope.user_id, user_name=scope.user_name)
        for i, m in zip(retry, again, strict=True):
            out[i] = m.text
    return cast("list[str]", out)


async def amask_texts(engine: PrivacyEngine, leaves: Sequence[tuple[str, str | None]], scope: Scope) -> list[str]:
    if not leaves:
        return []
    first = await engine.amask_many(_with_cues(leaves), user_id=scope.user_id, user_name=scope.user_name)
    out, retry = _strip_cues(leaves, [m.text for m in first])
    if retry:
        again = await engine.amask_many([leaves[i][0] for i in retry], user_id=scope.user_id, user_name=scope.user_name)
        for i, m in zip(retry, again, strict=True):
            out[i] = m.text
    return cast("list[str]", out)


def _replay(value: Any, texts: list[str], fields: Fields) -> Any:
    it = iter(texts)
    return map_texts(value, lambda _text, _ctx: next(it), fields)


def mask_value(engine: PrivacyEngine, value: Any, scope: Scope, fields: Fields = ALL_FIELDS) -> Any:
    """``value`` (any shape :mod:`._walk` knows) with every private value replaced, copied where changed."""
    leaves = collect_texts(value, fields)
    if not leaves:
        return value
    return _replay(value, mask_texts(engine, leaves, scope), fields)


async def amask_value(engine: PrivacyEngine, value: Any, scope: Scope, fields: Fields = ALL_FIELDS) -> Any:
    leaves = collect_texts(value, fields)
    if not leaves:
        return value
    return _replay(value, await amask_texts(engine, leaves, scope), fields)


def restore_value(engine: PrivacyEngine, value: Any, user_id: str, fields: Fields = RESTORE_FIELDS) -> Any:
    """``value`` with the placeholders of ``user_id``'s scope restored, copied where changed."""
    return map_texts(value, lambda text, _ctx: engine.unmask(text, user_id=user_id), fields)


async def arestore_value(engine: PrivacyEngine, value: Any, user_id: str, fields: Fields = RESTORE_FIELDS) -> Any:
    leaves = collect_texts(value, fields)
    if not leaves:
        return value
    restored = [await engine.aunmask(text, user_id=user_id) for text, _ in leaves]
    return _replay(value, restored, fields)


def fingerprint(message: BaseMessage) -> str:
    """A digest of what a message says (type, id, text, name, tool calls): equal digest, same message."""
    body = [
        message.type,
        message.id,
        message.content,
        message.name,
        getattr(message, "tool_calls", None),
        getattr(message, "invalid_tool_calls", None),
        getattr(message, "tool_call_id", None),
        message.additional_kwargs,
    ]
    raw = json.dumps(body, sort_keys=True, ensure_ascii=False, default=repr, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()
