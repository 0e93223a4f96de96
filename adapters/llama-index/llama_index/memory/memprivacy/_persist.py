"""JSON persistence for ``SimpleChatStore`` that works with every pydantic 2 release.

Why this exists: llama-index-core's ``chat_message_serialization`` (the ``WrapSerializer``
on ``SimpleChatStore.store``) calls ``handler(chat_message, info)``. The second positional
argument of pydantic-core's wrap handler is ``index_key`` (an int or str used in error
locations), not the ``SerializationInfo``. pydantic-core 2.46 (pydantic 2.13) ignored the
wrong type; pydantic-core 2.50 (pydantic 2.14) checks it and raises ``TypeError``, which
surfaces as ``PydanticSerializationError`` from ``persist()``, ``model_dump()`` and
``to_dict()``. Each ``ChatMessage`` still serialises correctly on its own, so we build the
same document from the messages and write it the way ``persist()`` does.
"""

from __future__ import annotations

import json
import os
from typing import Any, Literal

import fsspec
from llama_index.core.storage.chat_store import SimpleChatStore

__all__ = ["simple_chat_store_dict", "write_simple_chat_store"]


def simple_chat_store_dict(
    store: SimpleChatStore, *, mode: Literal["json", "python"] = "json"
) -> dict[str, Any]:
    """What ``store.model_dump(mode=mode)`` returns when pydantic lets it work."""
    return {
        "store": {key: [m.model_dump(mode=mode) for m in messages] for key, messages in store.store.items()},
        "class_name": store.class_name(),
    }


def write_simple_chat_store(
    store: SimpleChatStore, persist_path: str, fs: fsspec.AbstractFileSystem | None = None
) -> None:
    """Write the same file ``SimpleChatStore.persist`` writes; ``from_persist_path`` reads it."""
    fs = fs or fsspec.filesystem("file")
    dirpath = os.path.dirname(persist_path)
    if dirpath and not fs.exists(dirpath):
        fs.makedirs(dirpath)
    text = json.dumps(simple_chat_store_dict(store), ensure_ascii=False, separators=(",", ":"))
    with fs.open(persist_path, "w", encoding="utf-8") as f:
        f.write(text)
