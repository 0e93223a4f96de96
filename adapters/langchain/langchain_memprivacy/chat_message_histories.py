"""A chat history wrapper: the underlying history stores placeholders, readers get originals."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.chat_history import BaseChatMessageHistory
from langchain_core.messages import BaseMessage
from memprivacy_plugins import PrivacyEngine

from ._utils import Scope, amask_value, arestore_value, default_engine, mask_value, resolve_scope, restore_value

__all__ = ["MemPrivacyChatMessageHistory"]


class MemPrivacyChatMessageHistory(BaseChatMessageHistory):
    """Wraps any ``BaseChatMessageHistory`` (in-memory, file, SQL, Redis, ...).

    Messages are masked (as copies) before they reach ``history``; ``messages`` and
    ``aget_messages`` return restored copies. The wrapped history therefore only ever
    holds placeholders, and the caller's message objects are never mutated.

    Setup:
        ``pip install langchain-memprivacy``

    Key init args:
        history: the history that really stores the messages.
        engine: a :class:`memprivacy_plugins.PrivacyEngine` (default: rules + SQLite vault).
        user_id: the placeholder scope; one history belongs to one user.
        user_name: the user's real name, a detection hint (optional).

    Instantiate:
        .. code-block:: python

            from langchain_core.chat_history import InMemoryChatMessageHistory
            from langchain_memprivacy import MemPrivacyChatMessageHistory

            history = MemPrivacyChatMessageHistory(InMemoryChatMessageHistory(), engine, user_id="u1")
            history.add_user_message("my email is ada@example.com")
            history.messages            # originals
            history.history.messages    # placeholders

    With ``RunnableWithMessageHistory``:
        .. code-block:: python

            RunnableWithMessageHistory(
                chain,
                lambda session_id: MemPrivacyChatMessageHistory(store[session_id], engine, user_id=user_of(session_id)),
            )

    Async:
        ``aget_messages``, ``aadd_messages``, ``aclear``.
    """

    def __init__(
        self,
        history: BaseChatMessageHistory,
        engine: PrivacyEngine | None = None,
        *,
        user_id: str,
        user_name: str | None = None,
    ) -> None:
        if not isinstance(history, BaseChatMessageHistory):
            raise TypeError(f"history must be a BaseChatMessageHistory, got {type(history).__name__}")
        self.history = history
        self.engine = default_engine(engine)
        self._scope: Scope = resolve_scope(
            user_id=user_id, user_name=user_name, component="MemPrivacyChatMessageHistory"
        )

    @property
    def messages(self) -> list[BaseMessage]:  # type: ignore[override]
        """The stored messages with their placeholders restored (new objects)."""
        return list(restore_value(self.engine, list(self.history.messages), self._scope.user_id))

    async def aget_messages(self) -> list[BaseMessage]:
        stored = await self.history.aget_messages()
        return list(await arestore_value(self.engine, list(stored), self._scope.user_id))

    def add_messages(self, messages: Sequence[BaseMessage]) -> None:
        """Mask copies of ``messages`` in one detector call, then store them all."""
        self.history.add_messages(mask_value(self.engine, _checked(messages), self._scope))

    async def aadd_messages(self, messages: Sequence[BaseMessage]) -> None:
        await self.history.aadd_messages(await amask_value(self.engine, _checked(messages), self._scope))

    def add_message(self, message: BaseMessage) -> None:
        self.add_messages([message])

    def clear(self) -> None:
        self.history.clear()

    async def aclear(self) -> None:
        await self.history.aclear()

    def __repr__(self) -> str:
        return f"MemPrivacyChatMessageHistory(history={type(self.history).__name__}, user_id={self._scope.user_id!r})"


def _checked(messages: Sequence[object]) -> list[BaseMessage]:
    """Refuse anything but messages before a single one is masked or stored."""
    out: list[BaseMessage] = []
    for i, message in enumerate(messages):
        if not isinstance(message, BaseMessage):
            raise TypeError(f"message #{i} is {type(message).__name__}, expected a BaseMessage")
        out.append(message)
    return out
