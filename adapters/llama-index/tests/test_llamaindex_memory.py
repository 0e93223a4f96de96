"""MemPrivacyMemory over real LlamaIndex memories, chat engines and agents.

The only fake is the cloud LLM (LlamaIndex's MockFunctionCallingLLM with a recording
reply function). Leak checks read what the memory really stored: the SQLite file behind
``Memory``'s chat store, or the wrapped memory's own history.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from llama_index.core.agent.workflow import FunctionAgent
from llama_index.core.base.llms.types import ToolCallBlock
from llama_index.core.bridge.pydantic import Field
from llama_index.core.chat_engine import SimpleChatEngine
from llama_index.core.llms import ChatMessage, ImageBlock, TextBlock
from llama_index.core.memory import ChatMemoryBuffer, ChatSummaryMemoryBuffer, Memory
from llama_index.core.memory.memory import BaseMemoryBlock
from llama_index.core.memory.memory_blocks import FactExtractionMemoryBlock
from llama_index.core.storage.chat_store import SimpleChatStore
from llama_index.core.tools import FunctionTool
from llama_index.memory.memprivacy import MemPrivacyChatStore, MemPrivacyMemory
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

from memprivacy_plugins import PrivacyEngine, SQLiteVault
from memprivacy_plugins.errors import ConfigError, DetectionError, ScopeError

EMAIL = "alice.w@example.org"
PHONE = "+86 138 0013 8000"
SECRET = "password: Tr0ub4dor&3x"
SECRET_VALUE = "Tr0ub4dor&3x"
ORIGINALS = (EMAIL, PHONE, SECRET_VALUE)
USER_TEXT = f"Hi, my email is {EMAIL}, call me on {PHONE}, and my {SECRET}"


def sql_engine(tmp_path: Path) -> AsyncEngine:
    # NullPool: no pooled aiosqlite connection outlives the event loop of a test
    return create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'memory.db'}", poolclass=NullPool)


def sql_memory(tmp_path: Path, session_id: str = "s-alice", **kwargs: Any) -> Memory:
    return Memory.from_defaults(session_id=session_id, async_engine=sql_engine(tmp_path), **kwargs)


def stored_bytes(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in tmp_path.glob("memory.db*"))


def stored_rows(tmp_path: Path) -> list[str]:
    with sqlite3.connect(tmp_path / "memory.db") as conn:
        return [row[0] for row in conn.execute("SELECT data FROM llama_index_memory ORDER BY id")]


def assert_no_originals(text: str) -> None:
    for value in ORIGINALS:
        assert value not in text


def all_text(messages: list[ChatMessage]) -> str:
    return "\n".join(str(b.model_dump()) for m in messages for b in m.blocks)


# -- chat engine -------------------------------------------------------------------------


def test_chat_engine_llm_sees_placeholders_user_sees_originals(tmp_path, engine, recorder, llm):
    memory = MemPrivacyMemory.from_defaults(user_id="alice", engine=engine, memory=sql_memory(tmp_path))
    chat_engine = SimpleChatEngine.from_defaults(llm=llm, memory=memory)

    response = chat_engine.chat(USER_TEXT)

    assert recorder.calls, "the LLM was called"
    assert_no_originals(recorder.seen_text)
    assert "<Email_1>" in recorder.seen_text and "<Phone_Number_1>" in recorder.seen_text
    # the fake LLM answers with the placeholders it saw; the user gets originals back
    assert EMAIL not in response.response and "<Email_1>" in response.response
    answer = memory.restore(response.response)
    assert EMAIL in answer and PHONE in answer
    # chat_history is get_all(): restored for display
    history = chat_engine.chat_history
    assert history[0].content == USER_TEXT
    assert EMAIL in history[1].content
    # what the memory really stored: placeholders only
    rows = stored_rows(tmp_path)
    assert len(rows) == 2 and "<Email_1>" in rows[0]
    assert_no_originals(stored_bytes(tmp_path).decode("utf-8", "replace"))


async def test_chat_engine_async_twin(tmp_path, engine, recorder, llm):
    memory = MemPrivacyMemory.from_defaults(user_id="alice", engine=engine, memory=sql_memory(tmp_path))
    chat_engine = SimpleChatEngine.from_defaults(llm=llm, memory=memory)

    response = await chat_engine.achat(USER_TEXT)
    second = await chat_engine.achat(f"Did you keep {EMAIL}?")

    assert len(recorder.calls) == 2
    assert_no_originals(recorder.seen_text)
    assert await memory.arestore(second.response) == f"Noted: {EMAIL}, {PHONE}, {SECRET_VALUE}"
    assert (await memory.aget_all())[0].content == USER_TEXT
    masked = await memory.aget()
    assert_no_originals(all_text(masked))
    assert len(masked) == 4 and "<Email_1>" in masked[2].content  # same value, same placeholder
    assert_no_originals(stored_bytes(tmp_path).decode("utf-8", "replace"))
    assert response.response.startswith("Noted: <Email_1>")


# -- agent -------------------------------------------------------------------------------


def _agent_llm_reply(make_recorder: Any, make_llm: Any) -> tuple[Any, Any]:
    """A cloud LLM that first calls save_contact with the placeholder it saw, then answers."""

    def reply_or_call(messages: Any, **kwargs: Any) -> ChatMessage:
        recorder.calls.append([m.model_copy(deep=True) for m in messages])
        if any(m.role == "tool" for m in messages):
            return ChatMessage(role="assistant", content="Saved <Email_1> for you.")
        return ChatMessage(
            role="assistant",
            blocks=[
                ToolCallBlock(
                    tool_call_id="call-1", tool_name="save_contact", tool_kwargs={"email": "<Email_1>"}
                )
            ],
        )

    recorder = make_recorder()
    llm = make_llm(recorder)
    llm.response_generator = reply_or_call
    return recorder, llm


async def test_function_agent_over_private_memory(tmp_path, engine, make_recorder, make_llm):
    recorder, llm = _agent_llm_reply(make_recorder, make_llm)
    tool_args: list[str] = []

    def save_contact(email: str) -> str:
        """Save an email address to the address book."""
        tool_args.append(email)
        return "contact saved"

    agent = FunctionAgent(
        tools=[FunctionTool.from_defaults(save_contact)], llm=llm, system_prompt="Be brief."
    )
    memory = MemPrivacyMemory.from_defaults(user_id="alice", engine=engine, memory=sql_memory(tmp_path))

    result = await agent.run(user_msg=USER_TEXT, memory=memory)

    assert len(recorder.calls) == 2  # tool call, then the answer
    assert_no_originals(recorder.seen_text)
    assert tool_args == ["<Email_1>"]  # the tool ran with what the cloud LLM wrote
    assert str(result) == "Saved <Email_1> for you."
    assert memory.restore(str(result)) == f"Saved {EMAIL} for you."
    assert memory.restore_messages([result.response])[0].content == f"Saved {EMAIL} for you."
    # user, assistant tool call, tool result, final answer: all stored masked
    rows = stored_rows(tmp_path)
    assert len(rows) == 4
    assert_no_originals(stored_bytes(tmp_path).decode("utf-8", "replace"))
    restored = await memory.aget_all()
    assert restored[0].content == USER_TEXT
    tool_call = next(b for b in restored[1].blocks if isinstance(b, ToolCallBlock))
    assert tool_call.tool_kwargs == {"email": EMAIL}  # the assistant's placeholder was kept, so it restores


# -- memory blocks -----------------------------------------------------------------------


class RecordingBlock(BaseMemoryBlock[str]):
    """A memory block that records what Memory hands it (a real host extension point)."""

    name: str = "recorder"
    received: list[str] = Field(default_factory=list)

    async def _aget(self, messages: list[ChatMessage] | None = None, **kwargs: Any) -> str:
        self.received.append(all_text(messages or []))
        return ""

    async def _aput(self, messages: list[ChatMessage]) -> None:
        self.received.append(all_text(messages))


def test_fact_extraction_block_only_sees_placeholders(tmp_path, engine, make_recorder, make_llm):
    fact_recorder = make_recorder(
        reply=lambda messages: (
            "<facts><fact>User can be reached at <Email_1> and <Phone_Number_1></fact></facts>"
        )
    )
    facts = FactExtractionMemoryBlock(llm=make_llm(fact_recorder))
    watcher = RecordingBlock(received=[])
    inner = sql_memory(tmp_path, token_limit=60, memory_blocks=[facts, watcher])
    memory = MemPrivacyMemory.from_defaults(user_id="alice", engine=engine, memory=inner)

    for i in range(4):  # enough tokens to make Memory flush older turns into the blocks
        memory.put(ChatMessage(role="user", content=f"{USER_TEXT} (turn {i})"))
        memory.put(ChatMessage(role="assistant", content=f"Noted <Email_1>, turn {i}."))
    memory.get(input=f"Which email do I use? It is {EMAIL}")

    assert fact_recorder.calls, "Memory flushed messages into the fact block"
    assert_no_originals(fact_recorder.seen_text)
    assert "<Email_1>" in fact_recorder.seen_text
    assert facts.facts == ["User can be reached at <Email_1> and <Phone_Number_1>"]
    assert watcher.received and all("<Email_1>" in r or r == "" for r in watcher.received)
    assert_no_originals("\n".join(watcher.received))  # the get() input was masked too
    masked = memory.get()
    assert "<Email_1>" in all_text(masked) and "User can be reached" in all_text(masked)
    assert_no_originals(all_text(masked))
    assert_no_originals(stored_bytes(tmp_path).decode("utf-8", "replace"))

    local = MemPrivacyMemory(memory=inner, user_id="alice", engine=engine, restore_get=True)
    restored = all_text(local.get())
    assert f"User can be reached at {EMAIL} and {PHONE}" in restored


def test_summary_buffer_summariser_only_sees_placeholders(engine, make_recorder, make_llm):
    summary_recorder = make_recorder(reply=lambda messages: "Summary: the user shared <Email_1>.")
    inner = ChatSummaryMemoryBuffer.from_defaults(llm=make_llm(summary_recorder), token_limit=40)
    memory = MemPrivacyMemory.from_defaults(user_id="alice", engine=engine, memory=inner)

    for i in range(4):
        memory.put(ChatMessage(role="user", content=f"{USER_TEXT} ({i})"))
        memory.put(ChatMessage(role="assistant", content="Noted <Email_1>."))
    context = memory.get()

    assert summary_recorder.calls, "the buffer summarised older messages with its LLM"
    assert_no_originals(summary_recorder.seen_text)
    assert_no_originals(all_text(context))
    assert_no_originals(all_text(inner.get_all()))


# -- any BaseMemory, caller's objects, multi-block ----------------------------------------


def test_chat_memory_buffer_multiblock_and_copies(engine):
    inner = ChatMemoryBuffer.from_defaults(token_limit=4000)
    memory = MemPrivacyMemory(memory=inner, user_id="alice", engine=engine)
    image = ImageBlock(image=b"\x89PNG fake bytes", image_mimetype="image/png")
    message = ChatMessage(
        role="user", blocks=[TextBlock(text=f"mail {EMAIL}"), image, TextBlock(text=f"or {PHONE}")]
    )
    before = message.model_dump()

    memory.put(message)

    assert message.model_dump() == before  # the caller's message is untouched
    stored = inner.get_all()[0]
    assert stored is not message
    assert [b.block_type for b in stored.blocks] == ["text", "image", "text"]
    assert stored.blocks[0].text == "mail <Email_1>" and stored.blocks[2].text == "or <Phone_Number_1>"
    assert stored.blocks[1].image == image.image
    assert memory.get()[0].blocks[0].text == "mail <Email_1>"
    restored = memory.get_all()[0]
    assert restored.blocks[0].text == f"mail {EMAIL}" and restored.blocks[2].text == f"or {PHONE}"
    assert inner.get_all()[0].blocks[0].text == "mail <Email_1>"  # restoring never writes back


async def test_put_messages_set_reset_async(engine):
    inner = ChatMemoryBuffer.from_defaults(token_limit=4000)
    memory = MemPrivacyMemory(memory=inner, user_id="alice", engine=engine)
    msgs = [ChatMessage(role="user", content=f"{i}: {EMAIL}") for i in range(3)]

    await memory.aput_messages(msgs)
    assert [m.content for m in inner.get_all()] == [f"{i}: <Email_1>" for i in range(3)]
    await memory.aset(msgs[:1])
    assert [m.content for m in await memory.aget()] == ["0: <Email_1>"]
    await memory.aput(ChatMessage(role="user", content=f"call {PHONE}"))
    assert [m.content for m in await memory.aget_all()] == [f"0: {EMAIL}", f"call {PHONE}"]
    await memory.areset()
    assert await memory.aget_all() == []

    memory.put_messages(msgs)
    memory.set(msgs[1:])
    assert [m.content for m in inner.get_all()] == ["1: <Email_1>", "2: <Email_1>"]
    memory.reset()
    assert inner.get_all() == []


def test_from_defaults_masks_chat_history(tmp_path, engine):
    history = [ChatMessage(role="user", content=USER_TEXT), ChatMessage(role="assistant", content="ok")]
    memory = MemPrivacyMemory.from_defaults(
        user_id="alice",
        engine=engine,
        chat_history=history,
        session_id="s1",
        async_engine=sql_engine(tmp_path),
    )
    assert memory.get_all()[0].content == USER_TEXT
    assert_no_originals(stored_bytes(tmp_path).decode("utf-8", "replace"))
    assert len(stored_rows(tmp_path)) == 2


# -- scopes and failures -----------------------------------------------------------------


def test_two_users_are_isolated(tmp_path, engine):
    inner_a = ChatMemoryBuffer.from_defaults(token_limit=4000)
    inner_b = ChatMemoryBuffer.from_defaults(token_limit=4000)
    alice = MemPrivacyMemory(memory=inner_a, user_id="alice", engine=engine)
    bob = MemPrivacyMemory(memory=inner_b, user_id="bob", engine=engine)

    alice.put(ChatMessage(role="user", content=f"my email is {EMAIL}"))
    bob.put(ChatMessage(role="user", content="what is <Email_1>? and bob@example.net is mine"))
    bob.put(ChatMessage(role="assistant", content="Your email is <Email_1>."))

    assert inner_a.get_all()[0].content == "my email is <Email_1>"
    # bob's own email gets bob's <Email_1>; the look-alike he typed is neutralised
    bob_user = bob.get_all()[0].content
    assert bob_user == "what is <Email_1>? and bob@example.net is mine"
    assert EMAIL not in all_text(bob.get_all())
    assert bob.get_all()[1].content == "Your email is bob@example.net."
    assert bob.restore("<Email_1>") == "bob@example.net"
    assert alice.restore("<Email_1>") == EMAIL


def test_detector_failure_is_closed(engine, vault_path):
    class Broken:
        def detect(self, texts: Any, *, user_name: Any = None) -> Any:
            raise RuntimeError("model server down")

    broken = PrivacyEngine(detector=Broken(), vault=engine.vault)
    inner = ChatMemoryBuffer.from_defaults(token_limit=4000)
    memory = MemPrivacyMemory(memory=inner, user_id="alice", engine=broken)

    with pytest.raises(DetectionError) as info:
        memory.put(ChatMessage(role="user", content=USER_TEXT))
    assert inner.get_all() == []  # nothing written in clear text
    assert EMAIL not in str(info.value)


def test_bad_configuration_errors_never_echo_values(engine):
    inner = ChatMemoryBuffer.from_defaults(token_limit=100)
    with pytest.raises(ScopeError) as info:
        MemPrivacyMemory(memory=inner, user_id="   ", engine=engine)
    assert "user_id" in str(info.value)
    with pytest.raises(ConfigError):
        MemPrivacyMemory.from_defaults(user_id="alice", engine=engine, memory=inner, token_limit=5)
    wrapped = MemPrivacyMemory(memory=inner, user_id="alice", engine=engine)
    with pytest.raises(ConfigError):
        MemPrivacyMemory(memory=wrapped, user_id="alice", engine=engine)
    layered = ChatMemoryBuffer.from_defaults(chat_store=MemPrivacyChatStore(SimpleChatStore(), engine=engine))
    with pytest.raises(ConfigError):
        MemPrivacyMemory(memory=layered, user_id="alice", engine=engine)
    assert wrapped.tokenizer_fn is inner.tokenizer_fn
    assert MemPrivacyMemory.class_name() == "MemPrivacyMemory"


def test_vault_survives_a_new_engine(tmp_path, engine, vault_path):
    inner = ChatMemoryBuffer.from_defaults(token_limit=4000)
    MemPrivacyMemory(memory=inner, user_id="alice", engine=engine).put(
        ChatMessage(role="user", content=USER_TEXT)
    )
    engine.close()
    reopened = PrivacyEngine(detector=engine.detector, vault=SQLiteVault(vault_path))
    try:
        memory = MemPrivacyMemory(memory=inner, user_id="alice", engine=reopened)
        assert memory.get_all()[0].content == USER_TEXT
    finally:
        reopened.close()
