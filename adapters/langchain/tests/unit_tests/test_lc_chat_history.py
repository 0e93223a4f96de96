"""MemPrivacyChatMessageHistory over real histories: what they hold, what readers get."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import pytest
from langchain_core.chat_history import BaseChatMessageHistory, InMemoryChatMessageHistory
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    HumanMessage,
    ToolMessage,
    message_to_dict,
    messages_from_dict,
)
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langchain_core.runnables.history import RunnableWithMessageHistory
from lc_testkit import API_KEY, CARD, CN_ID, EMAIL, PASSWORD, PHONE_CN, PLANTED_TEXT

from langchain_memprivacy import MemPrivacyChatMessageHistory, MemPrivacyMasker, MemPrivacyRestorer

PLANTED = [EMAIL, PHONE_CN, CARD, CN_ID, PASSWORD, API_KEY]


class SQLiteChatMessageHistory(BaseChatMessageHistory):
    """A minimal file-backed history (one SQLite table), standing in for SQL/file histories."""

    def __init__(self, path: Path, session_id: str) -> None:
        self.path, self.session_id = path, session_id
        with sqlite3.connect(path) as db:
            db.execute("CREATE TABLE IF NOT EXISTS messages (session TEXT, body TEXT)")

    @property
    def messages(self) -> list[BaseMessage]:  # type: ignore[override]
        with sqlite3.connect(self.path) as db:
            rows = db.execute("SELECT body FROM messages WHERE session = ? ORDER BY rowid", (self.session_id,))
            return messages_from_dict([json.loads(body) for (body,) in rows])

    def add_messages(self, messages: Sequence[BaseMessage]) -> None:
        with sqlite3.connect(self.path) as db:
            db.executemany(
                "INSERT INTO messages VALUES (?, ?)",
                [(self.session_id, json.dumps(message_to_dict(m), ensure_ascii=False)) for m in messages],
            )

    def clear(self) -> None:
        with sqlite3.connect(self.path) as db:
            db.execute("DELETE FROM messages WHERE session = ?", (self.session_id,))


def conversation() -> list[BaseMessage]:
    return [
        HumanMessage(PLANTED_TEXT[EMAIL] + " " + PLANTED_TEXT[PHONE_CN], name="ada"),
        AIMessage("", tool_calls=[{"name": "pay", "args": {"card": CARD, "memo": PLANTED_TEXT[CN_ID]}, "id": "t1"}]),
        ToolMessage(PLANTED_TEXT[API_KEY], tool_call_id="t1", name="pay"),
        AIMessage([{"type": "text", "text": PLANTED_TEXT[PASSWORD]}]),
    ]


def test_in_memory_history_holds_placeholders(engine, find_leaks) -> None:
    inner = InMemoryChatMessageHistory()
    history = MemPrivacyChatMessageHistory(inner, engine, user_id="u1")
    msgs = conversation()
    before = copy.deepcopy(msgs)
    history.add_messages(msgs)
    assert msgs == before, "the caller's messages are not mutated"
    stored = "\n".join(m.model_dump_json() for m in inner.messages)
    assert find_leaks(PLANTED, stored) == []
    assert "<Email_1>" in stored
    assert history.messages == msgs
    assert all(a is not b for a, b in zip(history.messages, inner.messages))
    history.add_user_message(PLANTED_TEXT[CARD])
    assert history.messages[-1].content == PLANTED_TEXT[CARD]
    assert CARD not in inner.messages[-1].content
    history.clear()
    assert inner.messages == [] and history.messages == []


async def test_async_twins(engine, find_leaks) -> None:
    inner = InMemoryChatMessageHistory()
    history = MemPrivacyChatMessageHistory(inner, engine, user_id="u1")
    await history.aadd_messages(conversation())
    assert find_leaks(PLANTED, "\n".join(m.model_dump_json() for m in inner.messages)) == []
    assert await history.aget_messages() == conversation()
    await history.aclear()
    assert await history.aget_messages() == []


def test_sqlite_file_holds_no_original(engine, tmp_path: Path, find_leaks) -> None:
    db = tmp_path / "chat.sqlite3"
    history = MemPrivacyChatMessageHistory(SQLiteChatMessageHistory(db, "s1"), engine, user_id="u1")
    history.add_messages(conversation())
    assert find_leaks(PLANTED, db.read_bytes()) == []
    reopened = MemPrivacyChatMessageHistory(SQLiteChatMessageHistory(db, "s1"), engine, user_id="u1")
    assert reopened.messages == conversation()
    other_user = MemPrivacyChatMessageHistory(SQLiteChatMessageHistory(db, "s1"), engine, user_id="u2")
    assert find_leaks(PLANTED, repr(other_user.messages)) == [], "another scope restores nothing"


def test_runnable_with_message_history(engine, fake_llm, find_leaks) -> None:
    stores: dict[str, InMemoryChatMessageHistory] = {}

    def get_history(session_id: str) -> MemPrivacyChatMessageHistory:
        inner = stores.setdefault(session_id, InMemoryChatMessageHistory())
        return MemPrivacyChatMessageHistory(inner, engine, user_id=f"user-of-{session_id}")

    answer = engine.mask(f"Saved {EMAIL}.", user_id="user-of-s1").text
    llm = fake_llm([answer, "Noted."])
    prompt = ChatPromptTemplate.from_messages([MessagesPlaceholder("history"), ("user", "{input}")])
    # The history hands the chain originals; the masker masks them (and the input) again for
    # the model; the restorer makes the reply the history stores an original one.
    chain = MemPrivacyMasker(engine) | prompt | llm | MemPrivacyRestorer(engine)
    with_history = RunnableWithMessageHistory(
        chain, get_history, input_messages_key="input", history_messages_key="history"
    )
    cfg = {"configurable": {"session_id": "s1", "user_id": "user-of-s1"}}
    first = with_history.invoke({"input": PLANTED_TEXT[EMAIL]}, cfg)
    assert first.content == f"Saved {EMAIL}."
    with_history.invoke({"input": PLANTED_TEXT[CARD]}, cfg)
    stored = "\n".join(m.model_dump_json() for m in stores["s1"].messages)
    assert len(stores["s1"].messages) == 4
    assert find_leaks([EMAIL, CARD], stored) == []
    assert find_leaks([EMAIL, CARD], llm.seen_text()) == []
    assert len(llm.seen[1]) == 3, "the second call saw the first exchange from the history"
    assert [m.content for m in get_history("s1").messages] == [
        PLANTED_TEXT[EMAIL],
        f"Saved {EMAIL}.",
        PLANTED_TEXT[CARD],
        "Noted.",
    ]


def test_bad_input_stores_nothing(engine) -> None:
    inner = InMemoryChatMessageHistory()
    history = MemPrivacyChatMessageHistory(inner, engine, user_id="u1")
    with pytest.raises(TypeError, match="message #1 is str"):
        history.add_messages([HumanMessage("ok"), "not a message"])  # type: ignore[list-item]
    assert inner.messages == []
    with pytest.raises(TypeError, match="BaseChatMessageHistory"):
        MemPrivacyChatMessageHistory([], engine, user_id="u1")  # type: ignore[arg-type]
    assert "u1" in repr(history) and EMAIL not in repr(history)
