"""Restore placeholders in a stream, holding back only a placeholder that may still be split.

A stream may carry plain text chunks (``StrOutputParser``), message chunks (a chat model), or
``(message_chunk, metadata)`` pairs (LangGraph ``stream_mode="messages"``). Text and each
message id get their own core ``StreamRestorer``; anything else is restored whole.
"""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessageChunk, BaseMessage, BaseMessageChunk
from memprivacy_plugins import PrivacyEngine, StreamRestorer

from ._utils import arestore_value, restore_value
from ._walk import Fields

__all__ = ["StreamRestore"]

# Message chunks: text is streamed through a restorer; tool-call fragments and the rest are
# restored chunk by chunk (a placeholder split across two argument fragments stays visible).
_CHUNK_EXTRAS = Fields(name=True, tool_args=True, extras=True, unknown="keep")
_Piece = tuple[int | None, str]  # (content block index or None for str content, text)


class StreamRestore:
    """Per-stream state: one restorer for bare text, one per message id."""

    def __init__(self, engine: PrivacyEngine, user_id: str) -> None:
        self._engine = engine
        self._user_id = user_id
        self._text: StreamRestorer | None = None
        self._messages: dict[str, tuple[StreamRestorer, BaseMessageChunk, Any, bool]] = {}

    # -- sync ------------------------------------------------------------------------------

    def feed(self, chunk: Any) -> Any | None:
        """The restored chunk to emit now, or None when nothing is ready yet."""
        if isinstance(chunk, str):
            out = self._text_restorer().feed(chunk)
            return out or None
        if isinstance(chunk, BaseMessageChunk):
            return self._feed_message(chunk, None, pair=False)
        if _is_pair(chunk):
            return self._feed_message(chunk[0], chunk[1], pair=True)
        if _is_message_pair(chunk):  # a whole message: nothing to hold back
            return (restore_value(self._engine, chunk[0], self._user_id), chunk[1])
        return restore_value(self._engine, chunk, self._user_id)

    def flush(self) -> list[Any]:
        out: list[Any] = []
        if self._text is not None and (rest := self._text.flush()):
            out.append(rest)
        for key in list(self._messages):
            restorer, last, meta, pair = self._messages.pop(key)
            tail = _tail_chunk(last, restorer.flush())
            if tail is not None:
                out.append((tail, meta) if pair else tail)
        return out

    def _feed_message(self, chunk: BaseMessageChunk, meta: Any, *, pair: bool) -> Any:
        restorer, final = self._message_restorer(chunk, meta, pair)
        emitted = [(i, restorer.feed(text)) for i, text in _pieces(chunk)]
        if final:
            emitted = _add_tail(emitted, restorer.flush())
            self._messages.pop(_key(chunk), None)
        rest = restore_value(self._engine, _without_content(chunk), self._user_id, _CHUNK_EXTRAS)
        new = _with_pieces(rest, emitted)
        return (new, meta) if pair else new

    # -- async -----------------------------------------------------------------------------

    async def afeed(self, chunk: Any) -> Any | None:
        if isinstance(chunk, str):
            out = await self._text_restorer().afeed(chunk)
            return out or None
        if isinstance(chunk, BaseMessageChunk):
            return await self._afeed_message(chunk, None, pair=False)
        if _is_pair(chunk):
            return await self._afeed_message(chunk[0], chunk[1], pair=True)
        if _is_message_pair(chunk):
            return (await arestore_value(self._engine, chunk[0], self._user_id), chunk[1])
        return await arestore_value(self._engine, chunk, self._user_id)

    async def aflush(self) -> list[Any]:
        out: list[Any] = []
        if self._text is not None and (rest := await self._text.aflush()):
            out.append(rest)
        for key in list(self._messages):
            restorer, last, meta, pair = self._messages.pop(key)
            tail = _tail_chunk(last, await restorer.aflush())
            if tail is not None:
                out.append((tail, meta) if pair else tail)
        return out

    async def _afeed_message(self, chunk: BaseMessageChunk, meta: Any, *, pair: bool) -> Any:
        restorer, final = self._message_restorer(chunk, meta, pair)
        emitted = [(i, await restorer.afeed(text)) for i, text in _pieces(chunk)]
        if final:
            emitted = _add_tail(emitted, await restorer.aflush())
            self._messages.pop(_key(chunk), None)
        rest = await arestore_value(self._engine, _without_content(chunk), self._user_id, _CHUNK_EXTRAS)
        new = _with_pieces(rest, emitted)
        return (new, meta) if pair else new

    # -- shared ----------------------------------------------------------------------------

    def _text_restorer(self) -> StreamRestorer:
        if self._text is None:
            self._text = self._engine.restorer(self._user_id)
        return self._text

    def _message_restorer(self, chunk: BaseMessageChunk, meta: Any, pair: bool) -> tuple[StreamRestorer, bool]:
        key = _key(chunk)
        entry = self._messages.get(key)
        restorer = entry[0] if entry else self._engine.restorer(self._user_id)
        self._messages[key] = (restorer, chunk, meta, pair)
        return restorer, getattr(chunk, "chunk_position", None) == "last"


def _is_pair(chunk: Any) -> bool:
    return isinstance(chunk, tuple) and len(chunk) == 2 and isinstance(chunk[0], BaseMessageChunk)


def _is_message_pair(chunk: Any) -> bool:
    return isinstance(chunk, tuple) and len(chunk) == 2 and isinstance(chunk[0], BaseMessage)


def _key(chunk: BaseMessage) -> str:
    return chunk.id or ""


def _pieces(chunk: BaseMessageChunk) -> list[_Piece]:
    content = chunk.content
    if isinstance(content, str):
        return [(None, content)] if content else []
    return [
        (i, block["text"])
        for i, block in enumerate(content)
        if isinstance(block, dict) and block.get("type") == "text" and isinstance(block.get("text"), str)
    ]


def _add_tail(emitted: list[tuple[int | None, str]], tail: str) -> list[tuple[int | None, str]]:
    if not tail:
        return emitted
    if emitted:
        i, text = emitted[-1]
        return [*emitted[:-1], (i, text + tail)]
    return [(None, tail)]


def _without_content(chunk: BaseMessageChunk) -> BaseMessageChunk:
    """The chunk with its streamed text blanked, so the rest can be restored whole."""
    content = chunk.content
    if isinstance(content, str):
        return chunk.model_copy(update={"content": ""})
    blocks = [
        {**b, "text": ""} if isinstance(b, dict) and b.get("type") == "text" and isinstance(b.get("text"), str) else b
        for b in content
    ]
    return chunk.model_copy(update={"content": blocks})


def _with_pieces(rest: BaseMessageChunk, emitted: list[tuple[int | None, str]]) -> BaseMessageChunk:
    """Put the restored text pieces back where they came from."""
    if isinstance(rest.content, str):
        return rest.model_copy(update={"content": "".join(t for _, t in emitted)})
    blocks = list(rest.content)
    for i, text in emitted:
        if i is None:
            blocks.append({"type": "text", "text": text})
        else:
            block = blocks[i]
            blocks[i] = {**block, "text": text} if isinstance(block, dict) else text
    return rest.model_copy(update={"content": blocks})


def _tail_chunk(last: BaseMessageChunk, tail: str) -> BaseMessageChunk | None:
    if not tail:
        return None
    if isinstance(last.content, list):
        return AIMessageChunk(content=[{"type": "text", "text": tail}], id=last.id)
    return AIMessageChunk(content=tail, id=last.id)
