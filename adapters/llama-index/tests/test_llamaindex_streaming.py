"""Restoring streamed chat-engine and agent output."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from llama_index.core.agent.workflow import AgentStream, FunctionAgent
from llama_index.core.chat_engine import SimpleChatEngine
from llama_index.core.llms import ChatMessage
from llama_index.core.memory import ChatMemoryBuffer
from llama_index.memory.memprivacy import MemPrivacyMemory, arestore_stream, restore_stream

from memprivacy_plugins.errors import InvalidTextError, ScopeError

EMAIL = "dave.e@example.com"
PHONE = "+1 415 555 0134"


def _seed(engine: Any) -> str:
    return engine.mask(f"mail {EMAIL}, phone {PHONE}", user_id="dave").text


def test_any_split_restores_like_unmask(engine):
    masked = "Sure: " + _seed(engine).replace("mail ", "").replace("phone ", "") + " bye"
    expected = engine.unmask(masked, user_id="dave")
    assert EMAIL in expected and PHONE in expected
    for cut in range(1, len(masked)):
        pieces = [masked[:cut], masked[cut:]]
        assert "".join(restore_stream(pieces, engine=engine, user_id="dave")) == expected
    chars = list(restore_stream(list(masked), engine=engine, user_id="dave"))
    assert "".join(chars) == expected


async def test_async_stream_and_delta_objects(engine):
    masked = _seed(engine)

    async def gen() -> Any:
        for i in range(0, len(masked), 3):
            yield AgentStream(delta=masked[i : i + 3], response="", current_agent_name="a")

    out = [t async for t in arestore_stream(gen(), engine=engine, user_id="dave")]
    assert "".join(out) == f"mail {EMAIL}, phone {PHONE}"
    assert (
        "".join([t async for t in arestore_stream(["<Em", "ail_1>"], engine=engine, user_id="dave")]) == EMAIL
    )
    with pytest.raises(InvalidTextError):
        list(restore_stream([3], engine=engine, user_id="dave"))  # type: ignore[list-item]
    with pytest.raises(ScopeError):
        list(restore_stream(["x"], engine=engine, user_id=""))


def test_chat_engine_stream_chat(engine, make_recorder, make_llm):
    def split_reply(messages: Any, **kwargs: Any) -> Iterator[ChatMessage]:
        recorder.calls.append(list(messages))
        for piece in ["Your mail is <Em", "ail_1> and pho", "ne <Phone_Numb", "er_1>."]:
            yield ChatMessage(role="assistant", content=piece)

    recorder = make_recorder()
    llm = make_llm(recorder)
    llm.response_generator = split_reply
    memory = MemPrivacyMemory(
        memory=ChatMemoryBuffer.from_defaults(token_limit=4000), user_id="dave", engine=engine
    )
    chat_engine = SimpleChatEngine.from_defaults(llm=llm, memory=memory)

    response = chat_engine.stream_chat(f"I am {EMAIL}, {PHONE}")
    shown = "".join(memory.restore_stream(response.response_gen))

    assert shown == f"Your mail is {EMAIL} and phone {PHONE}."
    assert EMAIL not in str([m.model_dump() for m in recorder.calls[0]])


async def test_function_agent_stream_events(engine, make_recorder, make_llm):
    async def split_reply(messages: Any, **kwargs: Any) -> AsyncIterator[ChatMessage]:
        recorder.calls.append(list(messages))
        for piece in ["Noted <Em", "ail_1>", "."]:
            yield ChatMessage(role="assistant", content=piece)

    recorder = make_recorder()
    llm = make_llm(recorder)
    llm.response_generator = split_reply
    memory = MemPrivacyMemory(
        memory=ChatMemoryBuffer.from_defaults(token_limit=4000), user_id="dave", engine=engine
    )
    agent = FunctionAgent(tools=[], llm=llm, streaming=True)

    handler = agent.run(user_msg=f"remember {EMAIL}", memory=memory)
    deltas = (ev async for ev in handler.stream_events() if isinstance(ev, AgentStream))
    shown = "".join([t async for t in memory.arestore_stream(deltas)])
    result = await handler

    assert shown == f"Noted {EMAIL}."
    assert result is not None  # (the mock's final message is its last piece only)
    assert EMAIL not in str([m.model_dump() for m in memory.memory.get_all()])
    assert EMAIL not in str([m.model_dump() for m in recorder.calls[0]])
