"""MemPrivacyMemory: a drop-in LlamaIndex memory whose stored history holds placeholders."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Iterator
from typing import Any

from llama_index.core.bridge.pydantic import Field, PrivateAttr, SerializeAsAny
from llama_index.core.llms import ChatMessage
from llama_index.core.memory import Memory
from llama_index.core.memory.types import BaseMemory

from memprivacy_plugins import PrivacyEngine
from memprivacy_plugins.errors import ConfigError

from ._messages import DEFAULT_TRUSTED_ROLES, MessageCodec, roles_tuple
from ._scope import require_user_id
from .chat_store import MemPrivacyChatStore
from .streaming import Chunk, arestore_stream, restore_stream

__all__ = ["MemPrivacyMemory"]

_Input = str | ChatMessage | None


class MemPrivacyMemory(BaseMemory):
    """Wraps LlamaIndex's ``Memory`` (or any ``BaseMemory``) so it stores placeholders.

    Everything written (``put``, ``put_messages``, ``set`` and their ``a``-twins) is masked
    on a copy first, including ``TextBlock`` text inside ``ChatMessage.blocks``. The wrapped
    memory, its chat store and its memory blocks (fact extraction, vector retrieval,
    summaries) therefore only ever see placeholders, and so does any LLM they call.

    What comes back is a documented choice:

    * ``get()`` feeds the LLM. Default ``restore_get=False``: the (cloud) LLM sees
      placeholders. Set ``True`` only when the LLM runs locally.
    * ``get_all()`` is what an app shows the user (``chat_engine.chat_history``).
      Default ``restore_get_all=True``: originals.

    Restore the LLM's answer for the user with :meth:`restore` or :meth:`restore_stream`.

    Setup:
        ``pip install llama-index-memory-memprivacy``

    Key init args:
        memory: the memory to protect. ``from_defaults`` builds a ``Memory`` for you.
        user_id: the vault scope (one per end user; never shared between users).
        engine: a ``PrivacyEngine``. Default: rules detector + SQLite vault, offline.
        restore_get / restore_get_all: see above.
        trusted_roles: roles whose text may carry this scope's placeholders, kept as they
            are (default ``{"assistant"}``: the LLM echoes what it was shown); placeholder
            look-alikes in other roles are neutralised like any typed text.

    Instantiate:
        .. code-block:: python

            from llama_index.memory.memprivacy import MemPrivacyMemory

            memory = MemPrivacyMemory.from_defaults(user_id="alice", engine=engine, token_limit=4000)
            response = await agent.run("my email is alice@example.com", memory=memory)
            print(memory.restore(str(response)))

    Async:
        ``aget``, ``aget_all``, ``aput``, ``aput_messages``, ``aset``, ``areset``,
        ``arestore``, ``arestore_stream``.
    """

    memory: SerializeAsAny[BaseMemory] = Field(description="The wrapped memory; it only sees placeholders.")
    user_id: str = Field(description="The vault scope of this memory's end user.")
    restore_get: bool = Field(default=False, description="Restore originals in get() (the LLM's context).")
    restore_get_all: bool = Field(
        default=True, description="Restore originals in get_all() (the user's view)."
    )
    trusted_roles: tuple[str, ...] = Field(default=roles_tuple(DEFAULT_TRUSTED_ROLES))

    _engine: PrivacyEngine = PrivateAttr()
    _codec: MessageCodec = PrivateAttr()

    def __init__(
        self,
        *,
        memory: BaseMemory,
        user_id: str,
        engine: PrivacyEngine | None = None,
        restore_get: bool = False,
        restore_get_all: bool = True,
        trusted_roles: Iterable[str] = DEFAULT_TRUSTED_ROLES,
    ) -> None:
        # Checked before pydantic, whose ValidationError would quote the value.
        require_user_id(user_id)
        if not isinstance(memory, BaseMemory):
            raise ConfigError(f"memory must be a llama_index BaseMemory, got {type(memory).__name__}")
        if isinstance(memory, MemPrivacyMemory):
            raise ConfigError("memory is already a MemPrivacyMemory; wrap the inner memory once")
        if isinstance(getattr(memory, "chat_store", None), MemPrivacyChatStore):
            # masking twice would neutralise the first layer's placeholders in user messages
            raise ConfigError("memory already uses a MemPrivacyChatStore: use one layer, not both")
        super().__init__(  # type: ignore[call-arg]
            memory=memory,
            user_id=user_id,
            restore_get=restore_get,
            restore_get_all=restore_get_all,
            trusted_roles=roles_tuple(trusted_roles),
        )
        self._engine = engine if engine is not None else PrivacyEngine()
        self._codec = MessageCodec(self._engine, self.trusted_roles)

    @classmethod
    def class_name(cls) -> str:
        return "MemPrivacyMemory"

    @classmethod
    def from_defaults(  # type: ignore[override]
        cls,
        *,
        user_id: str,
        engine: PrivacyEngine | None = None,
        memory: BaseMemory | None = None,
        chat_history: list[ChatMessage] | None = None,
        restore_get: bool = False,
        restore_get_all: bool = True,
        trusted_roles: Iterable[str] = DEFAULT_TRUSTED_ROLES,
        **memory_kwargs: Any,
    ) -> MemPrivacyMemory:
        """Wrap ``memory``, or a new ``Memory.from_defaults(**memory_kwargs)``.

        ``chat_history`` is masked before it reaches the memory (``Memory.from_defaults``
        would store it as given).
        """
        if memory is None:
            memory = Memory.from_defaults(**memory_kwargs)
        elif memory_kwargs:
            raise ConfigError("memory_kwargs apply only when memory is None: configure your memory directly")
        wrapper = cls(
            memory=memory,
            user_id=user_id,
            engine=engine,
            restore_get=restore_get,
            restore_get_all=restore_get_all,
            trusted_roles=trusted_roles,
        )
        if chat_history:
            wrapper.set(chat_history)
        return wrapper

    @property
    def engine(self) -> PrivacyEngine:
        return self._engine

    @property
    def tokenizer_fn(self) -> Callable[[str], list[Any]]:
        """The wrapped memory's tokenizer (chat engines count prompt tokens with it)."""
        fn = getattr(self.memory, "tokenizer_fn", None)
        if fn is None:
            raise AttributeError("tokenizer_fn")
        return fn  # type: ignore[no-any-return]

    # -- inputs --------------------------------------------------------------------------

    def _mask_input(self, input: _Input) -> _Input:
        # Memory blocks receive ``input`` (vector retrieval embeds it): mask it too.
        if isinstance(input, str):
            return self._codec.mask_text(input, self.user_id) if input else input
        if isinstance(input, ChatMessage):
            return self._codec.mask([input], self.user_id)[0]
        return input

    async def _amask_input(self, input: _Input) -> _Input:
        if isinstance(input, str):
            return await self._codec.amask_text(input, self.user_id) if input else input
        if isinstance(input, ChatMessage):
            return (await self._codec.amask([input], self.user_id))[0]
        return input

    # -- sync ----------------------------------------------------------------------------

    def get(self, input: _Input = None, **kwargs: Any) -> list[ChatMessage]:  # type: ignore[override]
        messages = self.memory.get(input=self._mask_input(input), **kwargs)  # type: ignore[arg-type]
        return self._codec.restore(messages, self.user_id) if self.restore_get else messages

    def get_all(self, **kwargs: Any) -> list[ChatMessage]:
        messages = self.memory.get_all(**kwargs)
        return self._codec.restore(messages, self.user_id) if self.restore_get_all else messages

    def put(self, message: ChatMessage) -> None:
        self.memory.put(self._codec.mask([message], self.user_id)[0])

    def put_messages(self, messages: list[ChatMessage]) -> None:
        self.memory.put_messages(self._codec.mask(messages, self.user_id))

    def set(self, messages: list[ChatMessage]) -> None:
        self.memory.set(self._codec.mask(messages, self.user_id))

    def reset(self) -> None:
        """Clear the history. Vault mappings stay: use ``engine.forget(user_id)`` to erase."""
        self.memory.reset()

    # -- async ---------------------------------------------------------------------------

    async def aget(self, input: _Input = None, **kwargs: Any) -> list[ChatMessage]:  # type: ignore[override]
        messages = await self.memory.aget(input=await self._amask_input(input), **kwargs)  # type: ignore[arg-type]
        return await self._codec.arestore(messages, self.user_id) if self.restore_get else messages

    async def aget_all(self, **kwargs: Any) -> list[ChatMessage]:
        messages = await self.memory.aget_all(**kwargs)
        return await self._codec.arestore(messages, self.user_id) if self.restore_get_all else messages

    async def aput(self, message: ChatMessage) -> None:
        await self.memory.aput((await self._codec.amask([message], self.user_id))[0])

    async def aput_messages(self, messages: list[ChatMessage]) -> None:
        await self.memory.aput_messages(await self._codec.amask(messages, self.user_id))

    async def aset(self, messages: list[ChatMessage]) -> None:
        await self.memory.aset(await self._codec.amask(messages, self.user_id))

    async def areset(self) -> None:
        await self.memory.areset()

    # -- restoring output ----------------------------------------------------------------

    def restore(self, text: str) -> str:
        """Originals back into an LLM answer, for the user (this user's scope only)."""
        return self._engine.unmask(text, user_id=self.user_id)

    async def arestore(self, text: str) -> str:
        return await self._engine.aunmask(text, user_id=self.user_id)

    def restore_messages(self, messages: list[ChatMessage]) -> list[ChatMessage]:
        """Restored copies of messages (e.g. ``AgentOutput.response``)."""
        return self._codec.restore(messages, self.user_id)

    async def arestore_messages(self, messages: list[ChatMessage]) -> list[ChatMessage]:
        return await self._codec.arestore(messages, self.user_id)

    def restore_stream(self, chunks: Iterable[Chunk]) -> Iterator[str]:
        """Restore streamed output (str chunks or objects with ``.delta``)."""
        return restore_stream(chunks, engine=self._engine, user_id=self.user_id)

    def arestore_stream(self, chunks: AsyncIterable[Chunk] | Iterable[Chunk]) -> AsyncIterator[str]:
        return arestore_stream(chunks, engine=self._engine, user_id=self.user_id)
