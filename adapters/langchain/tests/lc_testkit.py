"""Shared test constants and doubles (imported by the tests; kept out of conftest so it can be)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk, ChatResult

# Planted values the rules detector must find, each with the text that carries it. The card
# passes Luhn, the Chinese ID number has a valid GB 11643 check digit.
EMAIL = "ada.lovelace@example.org"
PHONE_CN = "+86 138 0013 8000"
PHONE_US = "+1 415 555 0134"
CARD = "4111 1111 1111 1111"
CN_ID = "11010519491231002X"
API_KEY = "sk-proj-4fJ9xQ2mZ7vL1pR8sT3wY6uB"
PASSWORD = "Tr0ub4dor&3x"

PLANTED_TEXT = {
    EMAIL: f"Please write to {EMAIL} tomorrow.",
    PHONE_CN: f"我的手机号是 {PHONE_CN}，有事打给我。",
    PHONE_US: f"Call me at {PHONE_US} after six.",
    CARD: f"My card number is {CARD}.",
    CN_ID: f"身份证号码：{CN_ID}",
    API_KEY: f"Use the API key {API_KEY} for the staging deploy.",
    PASSWORD: f"my password is {PASSWORD}",
}


class RecordingChatModel(GenericFakeChatModel):
    """langchain-core's fake chat model that also keeps every message list it was sent."""

    seen: list[list[BaseMessage]] = []
    bound_tools: list[Any] = []

    def _generate(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> ChatResult:
        self.seen.append(list(messages))
        return super()._generate(messages, stop=stop, run_manager=run_manager, **kw)

    def _stream(
        self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None, **kw: Any
    ) -> Iterator[ChatGenerationChunk]:
        # The parent cannot stream tool calls; send those as one chunk, text word by word.
        message = self._generate(messages, stop=stop, run_manager=run_manager, **kw).generations[0].message
        if not isinstance(message, AIMessage) or not message.tool_calls:
            text = message.content if isinstance(message.content, str) else ""
            words = re.split(r"(\s)", text) if text else []
            for i, word in enumerate(words):
                last = "last" if i == len(words) - 1 else None
                yield ChatGenerationChunk(message=AIMessageChunk(content=word, id=message.id, chunk_position=last))
            return
        chunks = [
            {"name": c["name"], "args": json.dumps(c["args"]), "id": c["id"], "index": i, "type": "tool_call_chunk"}
            for i, c in enumerate(message.tool_calls)
        ]
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content=message.content, id=message.id, tool_call_chunks=chunks, chunk_position="last"
            )
        )

    def bind_tools(self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any) -> Any:
        self.bound_tools.extend(tools)
        return self

    def seen_text(self) -> str:
        """Everything the model was ever sent, as one string (content, names, tool-call args)."""
        parts: list[str] = []
        for batch in self.seen:
            for m in batch:
                parts.append(json.dumps(m.model_dump(), ensure_ascii=False, default=repr))
        return "\n".join(parts)


def leaked(values: Sequence[str], haystack: str | bytes) -> list[str]:
    """The planted values found in ``haystack`` (also in their JSON-escaped form)."""
    if isinstance(haystack, bytes):
        haystack = haystack.decode("utf-8", "replace")
    found = []
    for v in values:
        escaped = json.dumps(v)[1:-1]
        if v in haystack or escaped in haystack:
            found.append(v)
    return found
