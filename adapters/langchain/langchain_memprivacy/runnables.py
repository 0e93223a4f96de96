"""LCEL steps: ``MemPrivacyMasker`` before the prompt, ``MemPrivacyRestorer`` after the model."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.utils import ConfigurableFieldSpec
from memprivacy_plugins import PrivacyEngine

from ._streaming import StreamRestore
from ._utils import Scope, amask_value, arestore_value, default_engine, mask_value, resolve_scope, restore_value

__all__ = ["MemPrivacyMasker", "MemPrivacyRestorer"]

_ID_SPEC = ConfigurableFieldSpec(
    id="user_id", annotation=str, name="User ID", description="Whose placeholder scope to use.", is_shared=True
)
_NAME_SPEC = ConfigurableFieldSpec(
    id="user_name",
    annotation=str | None,
    default=None,
    name="User name",
    description="The user's real name, a detection hint.",
    is_shared=True,
)


class _ScopedRunnable(Runnable[Any, Any]):
    """Shared plumbing: the engine and where the user scope comes from."""

    def __init__(
        self, engine: PrivacyEngine | None = None, *, user_id: str | None = None, user_name: str | None = None
    ) -> None:
        self.engine = default_engine(engine)
        self.user_id = user_id
        self.user_name = user_name

    @property
    def InputType(self) -> type[Any]:
        return Any  # type: ignore[return-value]

    @property
    def OutputType(self) -> type[Any]:
        return Any  # type: ignore[return-value]

    @property
    def config_specs(self) -> list[ConfigurableFieldSpec]:
        specs = []
        if self.user_id is None:
            specs.append(_ID_SPEC)
        if self.user_name is None:
            specs.append(_NAME_SPEC)
        return specs

    def _scope(self, config: RunnableConfig | None) -> Scope:
        return resolve_scope(
            user_id=self.user_id, user_name=self.user_name, config=config, component=type(self).__name__
        )

    def __repr__(self) -> str:
        fixed = f"user_id={self.user_id!r}" if self.user_id is not None else "user_id from config"
        return f"{type(self).__name__}({fixed})"


class MemPrivacyMasker(_ScopedRunnable):
    """Replaces private values with typed placeholders before anything reaches a model.

    Takes a string, a message, a list of messages, a prompt value or a dict of those (any
    nesting) and returns the same shape, masked, as new objects. Message text, content-block
    text, ``name`` and tool-call arguments are masked; images and files pass through.

    Setup:
        ``pip install langchain-memprivacy``

    Key init args:
        engine: a :class:`memprivacy_plugins.PrivacyEngine`. Default: rules detector and the
            SQLite vault in the user data dir.
        user_id: fixed scope. Default: ``config["configurable"]["user_id"]`` at call time.
        user_name: the user's real name (a detection hint). Default: ``configurable["user_name"]``,
            else the name stored with ``engine.set_user_name``.

    Instantiate:
        .. code-block:: python

            from langchain_memprivacy import MemPrivacyMasker, MemPrivacyRestorer

            chain = MemPrivacyMasker(engine) | prompt | llm | StrOutputParser() | MemPrivacyRestorer(engine)
            chain.invoke({"question": "..."}, {"configurable": {"user_id": "u1"}})

    Async:
        ``ainvoke``, ``abatch``, ``astream`` (the engine's ``amask_many``).
    """

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        return mask_value(self.engine, input, self._scope(config))

    async def ainvoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        return await amask_value(self.engine, input, self._scope(config))


class MemPrivacyRestorer(_ScopedRunnable):
    """Restores the placeholders of the user's scope in what comes back from a model.

    Takes the same shapes as :class:`MemPrivacyMasker`. Streams: ``transform``/``atransform``
    (so ``chain.stream()``) restore chunk by chunk and hold back only a placeholder that may
    still be split across chunks. Plain text chunks, message chunks and LangGraph
    ``(message_chunk, metadata)`` pairs are streamed; other chunks are restored one by one.

    Placeholders of other users' scopes, and placeholder-looking text typed by a user, are
    never restored.

    Instantiate:
        .. code-block:: python

            restorer = MemPrivacyRestorer(engine)
            for token in chain.stream(inputs, {"configurable": {"user_id": "u1"}}):
                print(token, end="")

    Async:
        ``ainvoke``, ``abatch``, ``astream``, ``atransform``.
    """

    def invoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        return restore_value(self.engine, input, self._scope(config).user_id)

    async def ainvoke(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Any:
        return await arestore_value(self.engine, input, self._scope(config).user_id)

    def transform(self, input: Iterator[Any], config: RunnableConfig | None = None, **kwargs: Any) -> Iterator[Any]:
        state = StreamRestore(self.engine, self._scope(config).user_id)
        for chunk in input:
            out = state.feed(chunk)
            if out is not None:
                yield out
        yield from state.flush()

    async def atransform(
        self, input: AsyncIterator[Any], config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[Any]:
        state = StreamRestore(self.engine, self._scope(config).user_id)
        async for chunk in input:
            out = await state.afeed(chunk)
            if out is not None:
                yield out
        for tail in await state.aflush():
            yield tail

    def stream(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> Iterator[Any]:
        yield from self.transform(iter([input]), config, **kwargs)

    async def astream(self, input: Any, config: RunnableConfig | None = None, **kwargs: Any) -> AsyncIterator[Any]:
        async def one() -> AsyncIterator[Any]:
            yield input

        async for chunk in self.atransform(one(), config, **kwargs):
            yield chunk
