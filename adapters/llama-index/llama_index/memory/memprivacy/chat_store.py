"""MemPrivacyChatStore: any LlamaIndex chat store, holding placeholders instead of values."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from typing import Any

import fsspec
from llama_index.core.bridge.pydantic import (
    Field,
    PrivateAttr,
    SerializationInfo,
    SerializeAsAny,
    SerializerFunctionWrapHandler,
    field_serializer,
)
from llama_index.core.llms import ChatMessage
from llama_index.core.storage.chat_store import SimpleChatStore
from llama_index.core.storage.chat_store.base import BaseChatStore

from memprivacy_plugins import PrivacyEngine
from memprivacy_plugins.errors import ConfigError

from ._messages import DEFAULT_TRUSTED_ROLES, MessageCodec, roles_tuple
from ._persist import simple_chat_store_dict, write_simple_chat_store
from ._scope import require_user_id

__all__ = ["MemPrivacyChatStore"]


class MemPrivacyChatStore(BaseChatStore):
    """Wraps any ``BaseChatStore`` so that it stores placeholders, never private values.

    Setup:
        ``pip install llama-index-memory-memprivacy``

    Key init args:
        store: the chat store to protect (``SimpleChatStore``, Redis, Postgres, ...).
        engine: a ``PrivacyEngine``. Default: ``PrivacyEngine()`` (rules detector, SQLite
            vault at ``$MEMPRIVACY_VAULT`` or the user data dir).
        user_id: pin every key to this vault scope (one store per user, keys = sessions).
        key_to_user_id: derive the scope from a key, e.g. ``lambda k: k.split(":")[0]``.
            Without ``user_id`` or ``key_to_user_id``, **the key is the scope**.
        restore: restore originals in what ``get_messages`` and the ``delete_*`` methods
            return (default ``True``: the store is protected, your app sees originals).
        trusted_roles: roles whose text may carry the scope's placeholders, kept as they
            are (default ``{"assistant"}``); elsewhere look-alikes are neutralised.

    Instantiate:
        .. code-block:: python

            from llama_index.core.storage.chat_store import SimpleChatStore
            from llama_index.memory.memprivacy import MemPrivacyChatStore

            chat_store = MemPrivacyChatStore(SimpleChatStore(), engine=engine)
            chat_store.add_message("alice", ChatMessage(role="user", content="I am a@b.co"))
            chat_store.persist("chat_store.json")     # the file holds <Email_1>

    Async:
        ``aset_messages``, ``aget_messages``, ``async_add_message``, ``adelete_messages``,
        ``adelete_message``, ``adelete_last_message``, ``aget_keys``.

    Messages are copied before masking or restoring; the caller's objects are never
    changed. Keys themselves are stored as given: do not use private values as keys.
    """

    store: SerializeAsAny[BaseChatStore] = Field(description="The wrapped chat store.")
    user_id: str | None = Field(default=None, description="Fixed vault scope for every key.")
    restore: bool = Field(default=True, description="Restore originals in returned messages.")
    trusted_roles: tuple[str, ...] = Field(default=roles_tuple(DEFAULT_TRUSTED_ROLES))

    _engine: PrivacyEngine = PrivateAttr()
    _codec: MessageCodec = PrivateAttr()
    _key_to_user_id: Callable[[str], str] | None = PrivateAttr(default=None)

    def __init__(
        self,
        store: BaseChatStore,
        engine: PrivacyEngine | None = None,
        *,
        user_id: str | None = None,
        key_to_user_id: Callable[[str], str] | None = None,
        restore: bool = True,
        trusted_roles: Iterable[str] = DEFAULT_TRUSTED_ROLES,
    ) -> None:
        if not isinstance(store, BaseChatStore):
            raise ConfigError(f"store must be a llama_index BaseChatStore, got {type(store).__name__}")
        if isinstance(store, MemPrivacyChatStore):
            raise ConfigError("store is already a MemPrivacyChatStore; wrap the inner store once")
        if user_id is not None:
            require_user_id(user_id)
            if key_to_user_id is not None:
                raise ConfigError("pass user_id or key_to_user_id, not both")
        super().__init__(  # type: ignore[call-arg]
            store=store, user_id=user_id, restore=restore, trusted_roles=roles_tuple(trusted_roles)
        )
        self._engine = engine if engine is not None else PrivacyEngine()
        self._codec = MessageCodec(self._engine, self.trusted_roles)
        self._key_to_user_id = key_to_user_id

    @classmethod
    def class_name(cls) -> str:
        return "MemPrivacyChatStore"

    @property
    def engine(self) -> PrivacyEngine:
        return self._engine

    @field_serializer("store", mode="wrap")
    def _serialize_store(
        self, store: BaseChatStore, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> Any:
        # SimpleChatStore's own serializer fails under pydantic 2.14 (see _persist.py).
        if isinstance(store, SimpleChatStore):
            return simple_chat_store_dict(store, mode="json" if info.mode_is_json() else "python")
        return handler(store)

    def scope_for(self, key: str) -> str:
        """The vault scope of a chat store key (see the class docstring for the rule)."""
        require_user_id(key, what="chat store key")
        if self.user_id is not None:
            return self.user_id
        if self._key_to_user_id is not None:
            return require_user_id(self._key_to_user_id(key), what="key_to_user_id(key)")
        return key

    # -- helpers -------------------------------------------------------------------------

    def _out(self, key: str, messages: list[ChatMessage]) -> list[ChatMessage]:
        return self._codec.restore(messages, self.scope_for(key)) if self.restore else messages

    async def _aout(self, key: str, messages: list[ChatMessage]) -> list[ChatMessage]:
        return await self._codec.arestore(messages, self.scope_for(key)) if self.restore else messages

    def _out_one(self, key: str, message: ChatMessage | None) -> ChatMessage | None:
        return None if message is None else self._out(key, [message])[0]

    async def _aout_one(self, key: str, message: ChatMessage | None) -> ChatMessage | None:
        return None if message is None else (await self._aout(key, [message]))[0]

    # -- sync ----------------------------------------------------------------------------

    def set_messages(self, key: str, messages: list[ChatMessage]) -> None:
        self.store.set_messages(key, self._codec.mask(messages, self.scope_for(key)))

    def get_messages(self, key: str) -> list[ChatMessage]:
        return self._out(key, self.store.get_messages(key))

    def add_message(self, key: str, message: ChatMessage, idx: int | None = None) -> None:
        masked = self._codec.mask([message], self.scope_for(key))[0]
        if idx is None:
            self.store.add_message(key, masked)
        else:  # SimpleChatStore and some others accept a position
            self.store.add_message(key, masked, idx=idx)  # type: ignore[call-arg]

    def delete_messages(self, key: str) -> list[ChatMessage] | None:
        deleted = self.store.delete_messages(key)
        return None if deleted is None else self._out(key, deleted)

    def delete_message(self, key: str, idx: int) -> ChatMessage | None:
        return self._out_one(key, self.store.delete_message(key, idx))

    def delete_last_message(self, key: str) -> ChatMessage | None:
        return self._out_one(key, self.store.delete_last_message(key))

    def get_keys(self) -> list[str]:
        return self.store.get_keys()

    # -- async ---------------------------------------------------------------------------

    async def aset_messages(self, key: str, messages: list[ChatMessage]) -> None:
        await self.store.aset_messages(key, await self._codec.amask(messages, self.scope_for(key)))

    async def aget_messages(self, key: str) -> list[ChatMessage]:
        return await self._aout(key, await self.store.aget_messages(key))

    async def async_add_message(self, key: str, message: ChatMessage, idx: int | None = None) -> None:
        masked = (await self._codec.amask([message], self.scope_for(key)))[0]
        if idx is None:
            await self.store.async_add_message(key, masked)
        else:
            await asyncio.to_thread(self.store.add_message, key, masked, idx=idx)  # type: ignore[call-arg]

    async def adelete_messages(self, key: str) -> list[ChatMessage] | None:
        deleted = await self.store.adelete_messages(key)
        return None if deleted is None else await self._aout(key, deleted)

    async def adelete_message(self, key: str, idx: int) -> ChatMessage | None:
        return await self._aout_one(key, await self.store.adelete_message(key, idx))

    async def adelete_last_message(self, key: str) -> ChatMessage | None:
        return await self._aout_one(key, await self.store.adelete_last_message(key))

    async def aget_keys(self) -> list[str]:
        return await self.store.aget_keys()

    # -- persistence ---------------------------------------------------------------------

    def persist(
        self, persist_path: str = "chat_store.json", fs: fsspec.AbstractFileSystem | None = None
    ) -> None:
        """Save a wrapped ``SimpleChatStore`` as JSON (placeholders only).

        Works under pydantic 2.13 and 2.14 alike; the file is the one
        ``SimpleChatStore.persist`` writes, so ``from_persist_path`` reads it back.
        Other stores (Redis, Postgres, ...) save on every write and need no call.
        """
        if not isinstance(self.store, SimpleChatStore):
            raise ConfigError(f"persist() is for SimpleChatStore; {type(self.store).__name__} saves on write")
        write_simple_chat_store(self.store, persist_path, fs)

    async def apersist(
        self, persist_path: str = "chat_store.json", fs: fsspec.AbstractFileSystem | None = None
    ) -> None:
        await asyncio.to_thread(self.persist, persist_path, fs)

    @classmethod
    def from_persist_path(
        cls,
        persist_path: str = "chat_store.json",
        engine: PrivacyEngine | None = None,
        *,
        fs: fsspec.AbstractFileSystem | None = None,
        **kwargs: Any,
    ) -> MemPrivacyChatStore:
        """Load a ``SimpleChatStore`` file written by :meth:`persist` and wrap it."""
        return cls(SimpleChatStore.from_persist_path(persist_path, fs=fs), engine, **kwargs)
