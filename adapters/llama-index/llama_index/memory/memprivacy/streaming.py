"""Restore placeholders in streamed agent or chat-engine output, chunk by chunk.

Wraps the core's streaming restorer, which holds back only a possibly split placeholder,
so the joined output equals ``engine.unmask`` of the whole answer.
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Iterable, Iterator
from typing import Protocol

from memprivacy_plugins import PrivacyEngine
from memprivacy_plugins.errors import InvalidTextError

from ._scope import require_user_id

__all__ = ["arestore_stream", "restore_stream"]


class _HasDelta(Protocol):
    delta: str | None


Chunk = str | _HasDelta


def _text_of(chunk: Chunk) -> str:
    # ChatResponse / CompletionResponse / AgentStream carry the new text in ``delta``.
    if isinstance(chunk, str):
        return chunk
    delta = getattr(chunk, "delta", None)
    if delta is None:
        if hasattr(chunk, "delta"):
            return ""
        raise InvalidTextError(f"stream chunks must be str or have .delta, got {type(chunk).__name__}")
    if not isinstance(delta, str):
        raise InvalidTextError(f"chunk.delta must be str, got {type(delta).__name__}")
    return delta


def restore_stream(chunks: Iterable[Chunk], *, engine: PrivacyEngine, user_id: str) -> Iterator[str]:
    """Yield restored text as chunks arrive (str, or objects with ``.delta``).

    Example:
        .. code-block:: python

            response = chat_engine.stream_chat("what is my email?")
            for text in restore_stream(response.response_gen, engine=engine, user_id="alice"):
                print(text, end="")
    """
    restorer = engine.restorer(require_user_id(user_id))
    for chunk in chunks:
        out = restorer.feed(_text_of(chunk))
        if out:
            yield out
    tail = restorer.flush()
    if tail:
        yield tail


async def arestore_stream(
    chunks: AsyncIterable[Chunk] | Iterable[Chunk], *, engine: PrivacyEngine, user_id: str
) -> AsyncIterator[str]:
    """Async twin of :func:`restore_stream`; accepts async or plain iterables."""
    restorer = engine.restorer(require_user_id(user_id))
    if isinstance(chunks, AsyncIterable):
        async for chunk in chunks:
            out = await restorer.afeed(_text_of(chunk))
            if out:
                yield out
    else:
        for chunk in chunks:
            out = await restorer.afeed(_text_of(chunk))
            if out:
                yield out
    tail = await restorer.aflush()
    if tail:
        yield tail
