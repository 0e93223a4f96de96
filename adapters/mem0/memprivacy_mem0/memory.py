"""``PrivateMemory`` and ``AsyncPrivateMemory``: drop-in wrappers for Mem0's open-source memory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from memprivacy_plugins import PrivacyEngine

from . import _local_ops as ops
from ._base import NOT_GIVEN, Wrapper
from ._steps import arun, run

if TYPE_CHECKING:
    from mem0 import AsyncMemory, Memory

__all__ = ["AsyncPrivateMemory", "PrivateMemory"]


def _given(**kwargs: Any) -> dict[str, Any]:
    return {k: v for k, v in kwargs.items() if v is not NOT_GIVEN}


def _ids(user_id: Any, agent_id: Any, run_id: Any) -> dict[str, Any]:
    return {k: v for k, v in (("user_id", user_id), ("agent_id", agent_id), ("run_id", run_id)) if v is not None}


class PrivateMemory(Wrapper):
    """A Mem0 ``Memory`` that only ever stores typed placeholders for private values.

    Setup:
        ``pip install memprivacy-mem0``

    Key init args:
        memory: the ``mem0.Memory`` to wrap (any config: Qdrant, pgvector, OpenAI, ...).
        engine: a :class:`~memprivacy_plugins.PrivacyEngine`. Default: rules detector and
            the SQLite vault at ``$MEMPRIVACY_VAULT`` or the user data dir.
        agent_scopes: allow calls without ``user_id`` (scoped ``agent:<id>`` / ``run:<id>``).
            With False they raise :class:`~memprivacy_plugins.ScopeError`.

    Instantiate:
        .. code-block:: python

            from mem0 import Memory
            from memprivacy_mem0 import PrivateMemory

            memory = PrivateMemory(Memory.from_config(config))
            memory.add("my card is 4111 1111 1111 1111", user_id="alice", infer=False)
            memory.search("card", filters={"user_id": "alice"})   # restored for alice

    Every method takes and returns what ``Memory`` does. Extra keyword-only arguments:
    ``user_name=`` (the user's real name, for detection; not sent to Mem0),
    ``restore=False`` on reads (keep placeholders, e.g. to build a cloud LLM prompt
    and ``engine.unmask`` its answer), and ``user_id=``/``agent_id=``/``run_id=`` on
    ``get``/``update``/``history`` (refuse a memory of another scope).

    Async:
        :class:`AsyncPrivateMemory` wraps ``mem0.AsyncMemory`` with the same methods.
    """

    def __init__(self, memory: Memory, engine: PrivacyEngine | None = None, *, agent_scopes: bool = True) -> None:
        super().__init__(memory, engine, agent_scopes=agent_scopes)

    @classmethod
    def from_config(
        cls, config_dict: dict[str, Any], engine: PrivacyEngine | None = None, *, agent_scopes: bool = True
    ) -> PrivateMemory:
        """``Memory.from_config(config_dict)``, wrapped."""
        from mem0 import Memory

        return cls(Memory.from_config(config_dict), engine, agent_scopes=agent_scopes)

    def add(
        self,
        messages: Any,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        timestamp: Any | None = None,
        expiration_date: Any | None = None,
        infer: bool = True,
        memory_type: str | None = None,
        prompt: str | None = None,
        user_name: str | None = None,
    ) -> Any:
        """Mask ``messages`` (content, text parts, name), ``metadata`` values and ``prompt``, then add."""
        op = ops.add(
            messages,
            ids=_ids(user_id, agent_id, run_id),
            metadata=metadata,
            prompt=prompt,
            user_name=user_name,
            forward=dict(timestamp=timestamp, expiration_date=expiration_date, infer=infer, memory_type=memory_type),
            agent_scopes=self.agent_scopes,
        )
        return run(self.engine, self.wrapped, op)

    def search(
        self,
        query: str,
        *,
        top_k: int = 20,
        filters: dict[str, Any] | None = None,
        threshold: float = 0.1,
        rerank: bool = False,
        explain: bool = False,
        reference_date: Any | None = None,
        show_expired: bool = False,
        user_name: str | None = None,
        restore: bool = True,
        **kwargs: Any,
    ) -> Any:
        """Search with a masked query (and masked metadata filter values); results restored."""
        forward = dict(
            top_k=top_k, threshold=threshold, rerank=rerank, explain=explain,
            reference_date=reference_date, show_expired=show_expired, **kwargs,
        )
        op = ops.search(
            query, filters=filters, user_name=user_name, restore=restore, forward=forward,
            agent_scopes=self.agent_scopes,
        )
        return run(self.engine, self.wrapped, op)

    def get(
        self,
        memory_id: Any,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        restore: bool = True,
    ) -> Any:
        """``Memory.get``, restored in the scope stored with the memory."""
        op = ops.get(memory_id, expected=_ids(user_id, agent_id, run_id), restore=restore, agent_scopes=self.agent_scopes)
        return run(self.engine, self.wrapped, op)

    def get_all(
        self,
        *,
        filters: dict[str, Any] | None = None,
        top_k: int = 20,
        show_expired: bool = False,
        restore: bool = True,
        **kwargs: Any,
    ) -> Any:
        """``Memory.get_all`` with masked metadata filter values; results restored."""
        op = ops.get_all(
            filters=filters, restore=restore, forward=dict(top_k=top_k, show_expired=show_expired, **kwargs),
            agent_scopes=self.agent_scopes,
        )
        return run(self.engine, self.wrapped, op)

    def update(
        self,
        memory_id: Any,
        text: str | None = None,
        metadata: dict[str, Any] | None = None,
        expiration_date: Any = NOT_GIVEN,
        data: str | None = None,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        user_name: str | None = None,
    ) -> Any:
        """Mask the new ``text`` (or ``data``) and ``metadata`` in the memory's own scope, then update."""
        op = ops.update(
            memory_id, text=text, data=data, metadata=metadata, expected=_ids(user_id, agent_id, run_id),
            user_name=user_name, forward=_given(expiration_date=expiration_date), agent_scopes=self.agent_scopes,
        )
        return run(self.engine, self.wrapped, op)

    def delete(self, memory_id: Any) -> Any:
        return self.wrapped.delete(memory_id)

    def delete_all(self, user_id: str | None = None, agent_id: str | None = None, run_id: str | None = None) -> Any:
        """Delete memories in Mem0. Vault mappings stay; erase them with ``engine.forget(user_id)``."""
        return self.wrapped.delete_all(user_id=user_id, agent_id=agent_id, run_id=run_id)

    def history(
        self,
        memory_id: Any,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        restore: bool = True,
    ) -> Any:
        """``Memory.history`` with ``old_memory``/``new_memory`` restored in the memory's scope."""
        op = ops.history(memory_id, expected=_ids(user_id, agent_id, run_id), restore=restore, agent_scopes=self.agent_scopes)
        return run(self.engine, self.wrapped, op)

    def reset(self) -> Any:
        """Reset Mem0's stores. The vault is separate and is not touched."""
        return self.wrapped.reset()

    def close(self) -> None:
        self.wrapped.close()

    def __enter__(self) -> PrivateMemory:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncPrivateMemory(Wrapper):
    """A Mem0 ``AsyncMemory`` that only ever stores typed placeholders for private values.

    The async twin of :class:`PrivateMemory`: same arguments, same rules, awaitable
    methods. Masking uses the engine's async API (``amask_many``, async restore).

    Instantiate:
        .. code-block:: python

            from mem0 import AsyncMemory
            from memprivacy_mem0 import AsyncPrivateMemory

            memory = AsyncPrivateMemory(AsyncMemory.from_config(config))
            await memory.add("call me on +1 415 555 0132", user_id="alice", infer=False)
    """

    def __init__(self, memory: AsyncMemory, engine: PrivacyEngine | None = None, *, agent_scopes: bool = True) -> None:
        super().__init__(memory, engine, agent_scopes=agent_scopes)

    @classmethod
    def from_config(
        cls, config_dict: dict[str, Any], engine: PrivacyEngine | None = None, *, agent_scopes: bool = True
    ) -> AsyncPrivateMemory:
        """``AsyncMemory.from_config(config_dict)``, wrapped."""
        from mem0 import AsyncMemory

        return cls(AsyncMemory.from_config(config_dict), engine, agent_scopes=agent_scopes)

    async def add(
        self,
        messages: Any,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        metadata: dict[str, Any] | None = None,
        timestamp: Any | None = None,
        expiration_date: Any | None = None,
        infer: bool = True,
        memory_type: str | None = None,
        prompt: str | None = None,
        llm: Any = None,
        user_name: str | None = None,
    ) -> Any:
        op = ops.add(
            messages,
            ids=_ids(user_id, agent_id, run_id),
            metadata=metadata,
            prompt=prompt,
            user_name=user_name,
            forward=dict(
                timestamp=timestamp, expiration_date=expiration_date, infer=infer, memory_type=memory_type, llm=llm
            ),
            agent_scopes=self.agent_scopes,
        )
        return await arun(self.engine, self.wrapped, op)

    async def search(
        self,
        query: str,
        *,
        top_k: int = 20,
        filters: dict[str, Any] | None = None,
        threshold: float = 0.1,
        rerank: bool = False,
        explain: bool = False,
        reference_date: Any | None = None,
        show_expired: bool = False,
        user_name: str | None = None,
        restore: bool = True,
        **kwargs: Any,
    ) -> Any:
        forward = dict(
            top_k=top_k, threshold=threshold, rerank=rerank, explain=explain,
            reference_date=reference_date, show_expired=show_expired, **kwargs,
        )
        op = ops.search(
            query, filters=filters, user_name=user_name, restore=restore, forward=forward,
            agent_scopes=self.agent_scopes,
        )
        return await arun(self.engine, self.wrapped, op)

    async def get(
        self,
        memory_id: Any,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        restore: bool = True,
    ) -> Any:
        op = ops.get(memory_id, expected=_ids(user_id, agent_id, run_id), restore=restore, agent_scopes=self.agent_scopes)
        return await arun(self.engine, self.wrapped, op)

    async def get_all(
        self,
        *,
        filters: dict[str, Any] | None = None,
        top_k: int = 20,
        show_expired: bool = False,
        restore: bool = True,
        **kwargs: Any,
    ) -> Any:
        op = ops.get_all(
            filters=filters, restore=restore, forward=dict(top_k=top_k, show_expired=show_expired, **kwargs),
            agent_scopes=self.agent_scopes,
        )
        return await arun(self.engine, self.wrapped, op)

    async def update(
        self,
        memory_id: Any,
        text: str | None = None,
        metadata: dict[str, Any] | None = None,
        expiration_date: Any = NOT_GIVEN,
        data: str | None = None,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        user_name: str | None = None,
    ) -> Any:
        op = ops.update(
            memory_id, text=text, data=data, metadata=metadata, expected=_ids(user_id, agent_id, run_id),
            user_name=user_name, forward=_given(expiration_date=expiration_date), agent_scopes=self.agent_scopes,
        )
        return await arun(self.engine, self.wrapped, op)

    async def delete(self, memory_id: Any) -> Any:
        return await self.wrapped.delete(memory_id)

    async def delete_all(self, user_id: str | None = None, agent_id: str | None = None, run_id: str | None = None) -> Any:
        return await self.wrapped.delete_all(user_id=user_id, agent_id=agent_id, run_id=run_id)

    async def history(
        self,
        memory_id: Any,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        run_id: str | None = None,
        restore: bool = True,
    ) -> Any:
        op = ops.history(memory_id, expected=_ids(user_id, agent_id, run_id), restore=restore, agent_scopes=self.agent_scopes)
        return await arun(self.engine, self.wrapped, op)

    async def reset(self) -> Any:
        return await self.wrapped.reset()

    def close(self) -> None:
        self.wrapped.close()

    async def __aenter__(self) -> AsyncPrivateMemory:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.close()
