"""MemPrivacySerializer under real checkpointers: InMemorySaver, SqliteSaver, AsyncSqliteSaver."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from langchain_core.messages import AIMessage, HumanMessage
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.serde.encrypted import EncryptedSerializer
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import START, MessagesState, StateGraph
from lc_testkit import API_KEY, CARD, CN_ID, EMAIL, PASSWORD, PHONE_CN, PLANTED_TEXT

from langchain_memprivacy import MemPrivacySerializer

PLANTED = [EMAIL, PHONE_CN, CARD, CN_ID, PASSWORD, API_KEY]


class State(MessagesState):
    note: str


def echo_graph(checkpointer):  # a one-node graph whose state carries every planted value
    def reply(state: State) -> dict:
        last = state["messages"][-1].content
        return {"messages": [AIMessage(f"Noted: {last}")], "note": PLANTED_TEXT[API_KEY]}

    graph = StateGraph(State)
    graph.add_node("reply", reply)
    graph.add_edge(START, "reply")
    return graph.compile(checkpointer=checkpointer)


def saver_bytes(saver: InMemorySaver) -> bytes:
    """Every byte the in-memory saver really holds: checkpoints, channel blobs, writes."""
    parts: list[bytes] = []
    for per_ns in saver.storage.values():
        for entries in per_ns.values():
            for checkpoint, metadata, _parent in entries.values():
                parts += [checkpoint[1], metadata[1]]
    parts += [blob[1] for blob in saver.blobs.values()]
    parts += [w[2][1] for writes in saver.writes.values() for w in writes.values()]
    return b"\n".join(parts)


INPUT = {"messages": [HumanMessage(f"{PLANTED_TEXT[EMAIL]} {PLANTED_TEXT[CARD]} {PLANTED_TEXT[PASSWORD]}")]}
CFG = {"configurable": {"thread_id": "t1"}}


def test_in_memory_saver_holds_placeholders(engine, find_leaks) -> None:
    saver = InMemorySaver(serde=MemPrivacySerializer(engine=engine))
    app = echo_graph(saver)
    before = INPUT["messages"][0].content
    out = app.invoke(INPUT, CFG)
    assert INPUT["messages"][0].content == before  # (LangGraph itself sets the message id)
    assert out["messages"][-1].content.endswith(PLANTED_TEXT[PASSWORD]) and out["note"] == PLANTED_TEXT[API_KEY]
    held = saver_bytes(saver)
    assert b"<Email_" in held or b"Email_" in held
    assert find_leaks(PLANTED, held) == []
    state = app.get_state(CFG)  # read back through the serializer: originals
    assert state.values["messages"][0].content == INPUT["messages"][0].content
    assert state.values["note"] == PLANTED_TEXT[API_KEY]
    history = [s for s in app.get_state_history(CFG) if s.values.get("messages")]
    assert len(history) >= 2
    assert all(s.values["messages"][0].content == before for s in history)


def test_sqlite_checkpoint_file_has_no_original(engine, tmp_path: Path, find_leaks) -> None:
    db = tmp_path / "checkpoints.sqlite3"
    conn = sqlite3.connect(db, check_same_thread=False)
    app = echo_graph(SqliteSaver(conn, serde=MemPrivacySerializer(engine=engine)))
    app.invoke(INPUT, CFG)
    app.invoke({"messages": [HumanMessage(PLANTED_TEXT[CN_ID])]}, CFG)
    conn.commit()
    conn.close()
    assert find_leaks(PLANTED, db.read_bytes()) == []
    reopened = echo_graph(
        SqliteSaver(sqlite3.connect(db, check_same_thread=False), serde=MemPrivacySerializer(engine=engine))
    )
    messages = reopened.get_state(CFG).values["messages"]
    assert [m.content for m in messages][-2] == PLANTED_TEXT[CN_ID]
    assert messages[0].content == INPUT["messages"][0].content


async def test_async_sqlite_saver(engine, tmp_path: Path, find_leaks) -> None:
    from langgraph.checkpoint.sqlite.aio import AsyncSqliteSaver

    db = tmp_path / "async.sqlite3"
    async with AsyncSqliteSaver.from_conn_string(str(db)) as saver:
        saver.serde = MemPrivacySerializer(engine=engine)
        app = echo_graph(saver)
        out = await app.ainvoke(INPUT, CFG)
        assert out["note"] == PLANTED_TEXT[API_KEY]
        assert (await app.aget_state(CFG)).values["messages"][0].content == INPUT["messages"][0].content
    assert find_leaks(PLANTED, db.read_bytes()) == []


class AesGcmCipher:
    """A CipherProtocol implementation with ``cryptography`` (EncryptedSerializer's own needs pycryptodome)."""

    def __init__(self) -> None:
        self.aead = AESGCM(AESGCM.generate_key(bit_length=256))

    def encrypt(self, plaintext: bytes) -> tuple[str, bytes]:
        nonce = os.urandom(12)
        return "aesgcm", nonce + self.aead.encrypt(nonce, plaintext, None)

    def decrypt(self, ciphername: str, ciphertext: bytes) -> bytes:
        assert ciphername == "aesgcm"
        return self.aead.decrypt(ciphertext[:12], ciphertext[12:], None)


def test_stacks_with_encrypted_serializer_in_both_orders(engine) -> None:
    value = {"messages": [HumanMessage(PLANTED_TEXT[EMAIL])], "note": PLANTED_TEXT[PHONE_CN]}
    outer = MemPrivacySerializer(EncryptedSerializer(AesGcmCipher()), engine=engine)
    inner = EncryptedSerializer(AesGcmCipher(), MemPrivacySerializer(engine=engine))
    for serde in (outer, inner):
        typed = serde.dumps_typed(value)
        assert "memprivacy:" in typed[0] and "aesgcm" in typed[0]
        assert serde.loads_typed(typed) == value


def test_plain_data_is_never_restored(engine) -> None:
    serde = MemPrivacySerializer(engine=engine)
    masked = serde.dumps_typed({"t": PLANTED_TEXT[EMAIL]})
    placeholder = JsonPlusSerializer().loads_typed((masked[0].removeprefix("memprivacy:"), masked[1]))["t"]
    assert EMAIL not in placeholder
    # A checkpoint written without the wrapper carries a typed look-alike: it must stay text.
    plain = JsonPlusSerializer().dumps_typed({"t": placeholder})
    assert serde.loads_typed(plain) == {"t": placeholder}
    assert serde.loads_typed(masked) == {"t": PLANTED_TEXT[EMAIL]}


def test_round_trip_is_exact_and_cached(engine) -> None:
    serde = MemPrivacySerializer(engine=engine, scope="ckpt")
    tricky = {"a": "<Email_1> typed by a user", "b": [PLANTED_TEXT[EMAIL], b"raw", 3, None], "c": ["x", "Email_2"]}
    first = serde.dumps_typed(tricky)
    assert serde.loads_typed(first) == tricky
    assert serde.dumps_typed(tricky) == first, "the same text masks to the same bytes (cache or not)"
    assert len(serde._cache) > 0
    serde.clear_cache()
    assert len(serde._cache) == 0
    assert serde.scope == "ckpt" and "ckpt" in repr(serde)


def test_values_masked_once_stay_masked_after_a_restart(engine, find_leaks) -> None:
    quoted = {"answer": f"I stored {PASSWORD} for you."}  # no cue word: detection alone misses it
    assert engine.mask(quoted["answer"], user_id="probe").spans == ()
    serde = MemPrivacySerializer(engine=engine)
    serde.dumps_typed({"input": PLANTED_TEXT[PASSWORD]})  # the value is seen once, with its cue
    assert find_leaks([PASSWORD], serde.dumps_typed(quoted)[1]) == []
    restarted = MemPrivacySerializer(engine=engine)  # a new process: known values come from the vault
    typed = restarted.dumps_typed(quoted)
    assert find_leaks([PASSWORD], typed[1]) == []
    assert restarted.loads_typed(typed) == quoted
