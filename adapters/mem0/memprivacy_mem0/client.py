"""``PrivateMemoryClient`` and ``AsyncPrivateMemoryClient``: drop-in wrappers for the hosted Mem0 API."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from memprivacy_plugins import PrivacyEngine

from . import _client_ops as ops
from ._base import Wrapper
from ._steps import arun, run

if TYPE_CHECKING:
    from mem0 import AsyncMemoryClient, MemoryClient
    from mem0.client.types import (
        AddMemoryOptions,
        DeleteAllMemoryOptions,
        GetAllMemoryOptions,
        SearchMemoryOptions,
        UpdateMemoryOptions,
    )

__all__ = ["AsyncPrivateMemoryClient", "PrivateMemoryClient"]


def _ids(**ids: Any) -> dict[str, Any]:
    return {k: v for k, v in ids.items() if v is not None}


class PrivateMemoryClient(Wrapper):
    """A hosted Mem0 ``MemoryClient`` whose requests carry placeholders, never private values.

    Setup:
        ``pip install memprivacy-mem0``

    Key init args:
        client: the ``mem0.MemoryClient`` to wrap.
        engine: a :class:`~memprivacy_plugins.PrivacyEngine` (default: rules + SQLite vault).
        agent_scopes: allow calls scoped by agent/app/run id only (``agent:<id>``, ...).

    Instantiate:
        .. code-block:: python

            from mem0 import MemoryClient
            from memprivacy_mem0 import PrivateMemoryClient

            client = PrivateMemoryClient(MemoryClient(api_key="..."))
            client.add("my IBAN is DE89 3704 0044 0532 0130 00", filters={"user_id": "alice"})

    Masked on the way out: message ``content``/``name``, ``metadata`` values, filter
    values (not entity ids), ``custom_instructions``, the ``search`` query, ``update``
    and ``batch_update`` text and metadata, ``feedback_reason``. Restored on the way back:
    every text field of ``add``/``search``/``get``/``get_all``/``update``/``history``,
    ``get_summary``, ``get_profile`` and ``get_memory_export`` answers.

    ``update``/``batch_update``/``feedback``/``history`` need the memory's scope: pass
    ``user_id=`` (not sent), or the wrapper first GETs the memory to read it.

    Async:
        :class:`AsyncPrivateMemoryClient` wraps ``mem0.AsyncMemoryClient``.
    """

    def __init__(self, client: MemoryClient, engine: PrivacyEngine | None = None, *, agent_scopes: bool = True) -> None:
        super().__init__(client, engine, agent_scopes=agent_scopes)

    def _run(self, op: ops.Op[Any]) -> Any:
        return run(self.engine, self.wrapped, op)

    def add(
        self, messages: Any, options: AddMemoryOptions | None = None, *, user_name: str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        params = ops.merge_options(options, kwargs)
        return self._run(ops.add(messages, params, user_name=user_name, agent_scopes=self.agent_scopes))

    def search(
        self,
        query: str,
        options: SearchMemoryOptions | None = None,
        *,
        user_name: str | None = None,
        restore: bool = True,
        **kwargs: Any,
    ) -> dict[str, Any]:
        params = ops.merge_options(options, kwargs)
        return self._run(ops.search(query, params, user_name=user_name, restore=restore, agent_scopes=self.agent_scopes))

    def get(
        self,
        memory_id: str,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        app_id: str | None = None,
        run_id: str | None = None,
        restore: bool = True,
    ) -> dict[str, Any]:
        expected = _ids(user_id=user_id, agent_id=agent_id, app_id=app_id, run_id=run_id)
        return self._run(ops.get(memory_id, expected=expected, restore=restore, agent_scopes=self.agent_scopes))

    def get_all(
        self, options: GetAllMemoryOptions | None = None, *, restore: bool = True, **kwargs: Any
    ) -> dict[str, Any]:
        params = ops.merge_options(options, kwargs)
        return self._run(ops.get_all(params, restore=restore, agent_scopes=self.agent_scopes))

    def update(
        self,
        memory_id: str,
        options: UpdateMemoryOptions | None = None,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        app_id: str | None = None,
        run_id: str | None = None,
        user_name: str | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        payload = ops.merge_options(options, kwargs)
        expected = _ids(user_id=user_id, agent_id=agent_id, app_id=app_id, run_id=run_id)
        return self._run(
            ops.update(memory_id, payload, expected=expected, user_name=user_name, agent_scopes=self.agent_scopes)
        )

    def delete(self, memory_id: str, delete_linked: bool = False) -> dict[str, Any]:
        return self.wrapped.delete(memory_id, delete_linked=delete_linked)  # type: ignore[no-any-return]

    def delete_all(self, options: DeleteAllMemoryOptions | None = None, **kwargs: Any) -> dict[str, str]:
        """Delete memories on the server. Vault mappings stay; erase them with ``engine.forget``."""
        return self.wrapped.delete_all(options, **kwargs)  # type: ignore[no-any-return]

    def history(
        self,
        memory_id: str,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        app_id: str | None = None,
        run_id: str | None = None,
        restore: bool = True,
    ) -> list[dict[str, Any]]:
        expected = _ids(user_id=user_id, agent_id=agent_id, app_id=app_id, run_id=run_id)
        return self._run(ops.history(memory_id, expected=expected, restore=restore, agent_scopes=self.agent_scopes))

    def reset(self) -> dict[str, str]:
        return self.wrapped.reset()  # type: ignore[no-any-return]

    def batch_update(
        self,
        memories: list[dict[str, Any]],
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        app_id: str | None = None,
        run_id: str | None = None,
        user_name: str | None = None,
    ) -> dict[str, Any]:
        expected = _ids(user_id=user_id, agent_id=agent_id, app_id=app_id, run_id=run_id)
        return self._run(
            ops.batch_update(memories, expected=expected, user_name=user_name, agent_scopes=self.agent_scopes)
        )

    def batch_delete(self, memories: list[dict[str, Any]]) -> dict[str, Any]:
        return self.wrapped.batch_delete(memories)  # type: ignore[no-any-return]

    def feedback(
        self,
        memory_id: str,
        feedback: str | None = None,
        feedback_reason: str | None = None,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        app_id: str | None = None,
        run_id: str | None = None,
        user_name: str | None = None,
    ) -> dict[str, str]:
        expected = _ids(user_id=user_id, agent_id=agent_id, app_id=app_id, run_id=run_id)
        return self._run(
            ops.feedback(
                memory_id, feedback, feedback_reason, expected=expected, user_name=user_name,
                agent_scopes=self.agent_scopes,
            )
        )

    def get_summary(self, filters: dict[str, Any] | None = None) -> dict[str, Any]:
        return self._run(ops.restore_in("get_summary", (), {"filters": filters}, {"filters": filters}, self.agent_scopes))

    def get_profile(self, entity_id: str) -> dict[str, Any]:
        return self._run(ops.restore_in("get_profile", (entity_id,), {}, {"user_id": entity_id}, self.agent_scopes))

    def get_memory_export(self, **kwargs: Any) -> dict[str, Any]:
        return self._run(ops.restore_in("get_memory_export", (), kwargs, kwargs, self.agent_scopes))


class AsyncPrivateMemoryClient(Wrapper):
    """The async twin of :class:`PrivateMemoryClient`, wrapping ``mem0.AsyncMemoryClient``."""

    def __init__(
        self, client: AsyncMemoryClient, engine: PrivacyEngine | None = None, *, agent_scopes: bool = True
    ) -> None:
        super().__init__(client, engine, agent_scopes=agent_scopes)

    async def _run(self, op: ops.Op[Any]) -> Any:
        return await arun(self.engine, self.wrapped, op)

    async def add(
        self, messages: Any, options: AddMemoryOptions | None = None, *, user_name: str | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        params = ops.merge_options(options, kwargs)
        return await self._run(ops.add(messages, params, user_name=user_name, agent_scopes=self.agent_scopes))

    async def search(
        self,
        query: str,
        options: SearchMemoryOptions | None = None,
        *,
        user_name: str | None = None,
        restore: bool = True,
        **kwargs: Any,
    ) -> dict[str, Any]:
        params = ops.merge_options(options, kwargs)
        return await self._run(
            ops.search(query, params, user_name=user_name, restore=restore, agent_scopes=self.agent_scopes)
        )

    async def get(
        self,
        memory_id: str,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        app_id: str | None = None,
        run_id: str | None = None,
        restore: bool = True,
    ) -> dict[str, Any]:
        expected = _ids(user_id=user_id, agent_id=agent_id, app_id=app_id, run_id=run_id)
        return await self._run(ops.get(memory_id, expected=expected, restore=restore, agent_scopes=self.agent_scopes))

    async def get_all(
        self, options: GetAllMemoryOptions | None = None, *, restore: bool = True, **kwargs: Any
    ) -> dict[str, Any]:
        params = ops.merge_options(options, kwargs)
        return await self._run(ops.get_all(params, restore=restore, agent_scopes=self.agent_scopes))

    async def update(
        self,
        memory_id: str,
        options: UpdateMemoryOptions | None = None,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        app_id: str | None = None,
        run_id: str | None = None,
        user_name: str | None = None,
        **kwargs: Any,
    ) -> dict[str, Any]:
        payload = ops.merge_options(options, kwargs)
        expected = _ids(user_id=user_id, agent_id=agent_id, app_id=app_id, run_id=run_id)
        return await self._run(
            ops.update(memory_id, payload, expected=expected, user_name=user_name, agent_scopes=self.agent_scopes)
        )

    async def delete(self, memory_id: str, delete_linked: bool = False) -> dict[str, Any]:
        return await self.wrapped.delete(memory_id, delete_linked=delete_linked)  # type: ignore[no-any-return]

    async def delete_all(self, options: DeleteAllMemoryOptions | None = None, **kwargs: Any) -> dict[str, str]:
        return await self.wrapped.delete_all(options, **kwargs)  # type: ignore[no-any-return]

    async def history(
        self,
        memory_id: str,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        app_id: str | None = None,
        run_id: str | None = None,
        restore: bool = True,
    ) -> list[dict[str, Any]]:
        expected = _ids(user_id=user_id, agent_id=agent_id, app_id=app_id, run_id=run_id)
        return await self._run(
            ops.history(memory_id, expected=expected, restore=restore, agent_scopes=self.agent_scopes)
        )

    async def reset(self) -> dict[str, str]:
        return await self.wrapped.reset()  # type: ignore[no-any-return]

    async def batch_update(
        self,
        memories: list[dict[str, Any]],
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        app_id: str | None = None,
        run_id: str | None = None,
        user_name: str | None = None,
    ) -> dict[str, Any]:
        expected = _ids(user_id=user_id, agent_id=agent_id, app_id=app_id, run_id=run_id)
        return await self._run(
            ops.batch_update(memories, expected=expected, user_name=user_name, agent_scopes=self.agent_scopes)
        )

    async def batch_delete(self, memories: list[dict[str, Any]]) -> dict[str, Any]:
        return await self.wrapped.batch_delete(memories)  # type: ignore[no-any-return]

    async def feedback(
        self,
        memory_id: str,
        feedback: str | None = None,
        feedback_reason: str | None = None,
        *,
        user_id: str | None = None,
        agent_id: str | None = None,
        app_id: str | None = None,
        run_id: str | None = None,
        user_name: str | None = None,
    ) -> dict[str, str]:
        expected = _ids(user_id=user_id, agent_id=agent_id, app_id=app_id, run_id=run_id)
        return await self._run(
            ops.feedback(
                memory_id, feedback, feedback_reason, expected=expected, user_name=user_name,
                agent_scopes=self.agent_scopes,
            )
        )

    async def get_summary(self, filters: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self._run(
            ops.restore_in("get_summary", (), {"filters": filters}, {"filters": filters}, self.agent_scopes)
        )

    async def get_profile(self, entity_id: str) -> dict[str, Any]:
        return await self._run(
            ops.restore_in("get_profile", (entity_id,), {}, {"user_id": entity_id}, self.agent_scopes)
        )

    async def get_memory_export(self, **kwargs: Any) -> dict[str, Any]:
        return await self._run(ops.restore_in("get_memory_export", (), kwargs, kwargs, self.agent_scopes))

    async def __aenter__(self) -> AsyncPrivateMemoryClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.wrapped.__aexit__(*exc)
