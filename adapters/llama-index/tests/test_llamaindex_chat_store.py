"""MemPrivacyChatStore over real chat stores: SimpleChatStore persisted to JSON, a
SQLite-backed BaseChatStore of the kind users write, and ChatMemoryBuffer on top."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import textwrap

import pydantic
import pytest
from llama_index.core.llms import ChatMessage, ImageBlock, TextBlock
from llama_index.core.memory import ChatMemoryBuffer
from llama_index.core.storage.chat_store import SimpleChatStore
from llama_index.core.storage.chat_store.base import BaseChatStore
from llama_index.memory.memprivacy import MemPrivacyChatStore
from pydantic_core import PydanticSerializationError

from memprivacy_plugins.errors import ConfigError, ScopeError

EMAIL = "alice.w@example.org"
PHONE = "+86 138 0013 8000"
BOB_EMAIL = "bob.k@example.net"


def texts(messages: list[ChatMessage] | None) -> list[str]:
    return [m.content or "" for m in messages or []]


def conversation(n: int = 4) -> list[ChatMessage]:
    return [
        ChatMessage(role="user" if i % 2 == 0 else "assistant", content=f"#{i} mail {EMAIL} or call {PHONE}")
        for i in range(n)
    ]


# -- SimpleChatStore persisted to JSON -----------------------------------------------------


def test_persisted_file_holds_placeholders_and_reads_back_originals(tmp_path, engine, vault_path):
    path = tmp_path / "store" / "chat_store.json"
    store = MemPrivacyChatStore(SimpleChatStore(), engine=engine)
    store.set_messages("alice", conversation(3))
    store.add_message("alice", ChatMessage(role="user", content=f"new number: {PHONE}"))

    store.persist(str(path))

    raw = path.read_text(encoding="utf-8")
    assert EMAIL not in raw and PHONE not in raw
    assert "<Email_1>" in raw and "<Phone_Number_1>" in raw
    data = json.loads(raw)
    assert data["class_name"] == "SimpleChatStore" and len(data["store"]["alice"]) == 4

    plain = SimpleChatStore.from_persist_path(str(path))  # the host reads our file as its own
    assert texts(plain.get_messages("alice"))[0] == "#0 mail <Email_1> or call <Phone_Number_1>"
    reloaded = MemPrivacyChatStore.from_persist_path(str(path), engine)
    assert texts(reloaded.get_messages("alice")) == texts(conversation(3)) + [f"new number: {PHONE}"]

    # a second process with the same vault file (and its key file) restores them too
    script = textwrap.dedent(
        f"""
        import json, sys
        from memprivacy_plugins import PrivacyEngine, SQLiteVault
        from llama_index.memory.memprivacy import MemPrivacyChatStore

        class NoDetect:  # reading needs no detector
            def detect(self, texts, *, user_name=None):
                return [[] for _ in texts]

        engine = PrivacyEngine(detector=NoDetect(), vault=SQLiteVault({str(vault_path)!r}))
        store = MemPrivacyChatStore.from_persist_path({str(path)!r}, engine)
        json.dump([m.content for m in store.get_messages("alice")], sys.stdout)
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("MEMPRIVACY_")}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout) == texts(conversation(3)) + [f"new number: {PHONE}"]


async def test_apersist_and_async_reload(tmp_path, engine):
    path = tmp_path / "chat_store.json"
    store = MemPrivacyChatStore(SimpleChatStore(), engine=engine)
    await store.aset_messages("alice", conversation(2))
    await store.apersist(str(path))
    assert EMAIL not in path.read_text(encoding="utf-8")
    reloaded = MemPrivacyChatStore.from_persist_path(str(path), engine)
    assert texts(await reloaded.aget_messages("alice")) == texts(conversation(2))


def test_our_json_is_the_native_format(engine):
    inner = SimpleChatStore()
    store = MemPrivacyChatStore(inner, engine=engine)
    store.set_messages(
        "alice",
        [
            ChatMessage(role="user", content=f"mail {EMAIL}", additional_kwargs={"n": 1, "tags": ["a"]}),
            ChatMessage(role="assistant", blocks=[TextBlock(text="ok"), ImageBlock(image=b"img")]),
        ],
    )
    ours = store.model_dump(mode="json")["store"]
    try:
        native = inner.model_dump(mode="json")
    except PydanticSerializationError:
        # The upstream trap (see docs/llamaindex.md): only pydantic >= 2.14 fails here.
        assert tuple(int(p) for p in pydantic.VERSION.split(".")[:2]) >= (2, 14)
        native = {"store": {"alice": [m.model_dump(mode="json") for m in inner.store["alice"]]}}
        native["class_name"] = "SimpleChatStore"
    assert ours == native
    assert SimpleChatStore.model_validate(ours).store["alice"][1].blocks[1].block_type == "image"


def test_chat_memory_buffer_to_json_works_through_the_wrapper(engine):
    # ChatMemoryBuffer serialises its chat store with chat_store.model_dump(); through the
    # wrapper that works under pydantic 2.14 too, and the JSON holds placeholders only.
    store = MemPrivacyChatStore(SimpleChatStore(), engine=engine)
    buffer = ChatMemoryBuffer.from_defaults(token_limit=4000, chat_store=store, chat_store_key="alice")
    buffer.put(ChatMessage(role="user", content=f"mail {EMAIL}"))
    dumped = buffer.to_json()
    assert EMAIL not in dumped and "<Email_1>" in dumped
    assert texts(buffer.get()) == [f"mail {EMAIL}"]  # the buffer reads restored messages


# -- all 14 methods, order, deletion -------------------------------------------------------


def test_sync_methods_keep_order_and_restore(engine):
    inner = SimpleChatStore()
    store = MemPrivacyChatStore(inner, engine=engine)
    msgs = conversation(4)
    before = [m.model_dump() for m in msgs]

    store.set_messages("alice", msgs[:3])
    store.add_message("alice", msgs[3])
    store.add_message("alice", ChatMessage(role="user", content=f"first! {EMAIL}"), idx=0)
    assert [m.model_dump() for m in msgs] == before  # caller's messages untouched
    assert texts(inner.get_messages("alice"))[1] == "#0 mail <Email_1> or call <Phone_Number_1>"
    assert len(texts(store.get_messages("alice"))) == 5

    middle = store.delete_message("alice", 2)  # "#1 ..." in the middle
    assert middle is not None and middle.content == texts(msgs)[1]
    assert texts(store.get_messages("alice")) == [
        f"first! {EMAIL}",
        texts(msgs)[0],
        texts(msgs)[2],
        texts(msgs)[3],
    ]
    last = store.delete_last_message("alice")
    assert last is not None and last.content == texts(msgs)[3]
    assert store.delete_message("alice", 99) is None
    assert store.get_keys() == ["alice"]
    deleted = store.delete_messages("alice")
    assert texts(deleted) == [f"first! {EMAIL}", texts(msgs)[0], texts(msgs)[2]]
    assert store.delete_messages("alice") is None and store.delete_last_message("nobody") is None
    assert store.get_messages("alice") == []


async def test_async_methods_keep_order_and_restore(engine):
    inner = SimpleChatStore()
    store = MemPrivacyChatStore(inner, engine=engine)
    msgs = conversation(4)

    await store.aset_messages("alice", msgs[:3])
    await store.async_add_message("alice", msgs[3])
    await store.async_add_message("alice", ChatMessage(role="user", content=f"first! {EMAIL}"), idx=0)
    assert EMAIL not in json.dumps(store.model_dump(mode="json"))
    middle = await store.adelete_message("alice", 2)
    assert middle is not None and middle.content == texts(msgs)[1]
    assert texts(await store.aget_messages("alice")) == [
        f"first! {EMAIL}",
        texts(msgs)[0],
        texts(msgs)[2],
        texts(msgs)[3],
    ]
    last = await store.adelete_last_message("alice")
    assert last is not None and last.content == texts(msgs)[3]
    assert await store.aget_keys() == ["alice"]
    assert texts(await store.adelete_messages("alice")) == [f"first! {EMAIL}", texts(msgs)[0], texts(msgs)[2]]
    assert await store.adelete_messages("alice") is None


def test_multiblock_messages_mask_text_and_keep_images(engine):
    inner = SimpleChatStore()
    store = MemPrivacyChatStore(inner, engine=engine)
    image = ImageBlock(image=b"\x89PNG...", image_mimetype="image/png")
    message = ChatMessage(role="user", blocks=[TextBlock(text=f"me: {EMAIL}"), image, TextBlock(text=PHONE)])

    store.add_message("alice", message)

    stored = inner.get_messages("alice")[0]
    assert [b.block_type for b in stored.blocks] == ["text", "image", "text"]
    assert stored.blocks[0].text == "me: <Email_1>" and stored.blocks[2].text == "<Phone_Number_1>"
    assert stored.blocks[1].image == image.image and message.blocks[0].text == f"me: {EMAIL}"
    out = store.get_messages("alice")[0]
    assert out.blocks[0].text == f"me: {EMAIL}" and out.blocks[2].text == PHONE
    assert inner.get_messages("alice")[0].blocks[0].text == "me: <Email_1>"  # never restored in place


# -- key -> scope rule ---------------------------------------------------------------------


def test_key_is_the_scope_and_users_are_isolated(engine):
    inner = SimpleChatStore()
    store = MemPrivacyChatStore(inner, engine=engine)
    store.add_message("alice", ChatMessage(role="user", content=f"mine is {EMAIL}"))
    store.add_message("bob", ChatMessage(role="user", content=f"mine is {BOB_EMAIL}, not <Email_1>"))

    assert texts(inner.get_messages("alice")) == ["mine is <Email_1>"]
    assert inner.get_messages("bob")[0].content.startswith("mine is <Email_1>, not <")  # bob's own <Email_1>
    assert texts(store.get_messages("bob")) == [f"mine is {BOB_EMAIL}, not <Email_1>"]
    assert EMAIL not in json.dumps(texts(store.get_messages("bob")))
    # alice's stored messages copied under bob's key restore in bob's scope, never alice's
    inner.set_messages("bob", inner.get_messages("alice"))
    assert texts(store.get_messages("bob")) == [f"mine is {BOB_EMAIL}"]


def test_pinned_and_derived_scopes(engine):
    pinned = MemPrivacyChatStore(SimpleChatStore(), engine=engine, user_id="alice")
    pinned.add_message("session-1", ChatMessage(role="user", content=f"a {EMAIL}"))
    pinned.add_message("session-2", ChatMessage(role="user", content=f"b {EMAIL}"))
    assert pinned.scope_for("session-2") == "alice"
    assert engine.unmask("<Email_1>", user_id="alice") == EMAIL
    assert texts(pinned.store.get_messages("session-2")) == ["b <Email_1>"]

    derived = MemPrivacyChatStore(SimpleChatStore(), engine=engine, key_to_user_id=lambda k: k.split(":")[0])
    derived.add_message("bob:chat-9", ChatMessage(role="user", content=f"c {BOB_EMAIL}"))
    assert derived.scope_for("bob:chat-9") == "bob"
    assert engine.unmask("<Email_1>", user_id="bob") == BOB_EMAIL
    assert texts(derived.get_messages("bob:chat-9")) == [f"c {BOB_EMAIL}"]

    with pytest.raises(ScopeError) as info:
        derived.add_message(":chat", ChatMessage(role="user", content=EMAIL))
    assert EMAIL not in str(info.value)
    with pytest.raises(ConfigError):
        MemPrivacyChatStore(SimpleChatStore(), engine=engine, user_id="a", key_to_user_id=str)


def test_restore_false_returns_placeholders_and_errors(engine):
    store = MemPrivacyChatStore(SimpleChatStore(), engine=engine, restore=False)
    store.add_message("alice", ChatMessage(role="user", content=f"mail {EMAIL}"))
    assert texts(store.get_messages("alice")) == ["mail <Email_1>"]
    with pytest.raises(ConfigError):
        MemPrivacyChatStore(store, engine=engine)
    with pytest.raises(ConfigError):
        MemPrivacyChatStore(object(), engine=engine)  # type: ignore[arg-type]
    assert MemPrivacyChatStore.class_name() == "MemPrivacyChatStore"


# -- any BaseChatStore: a SQLite-backed store of the kind apps write ------------------------


class SQLiteChatStore(BaseChatStore):
    """A minimal persistent chat store: one row per message, JSON-encoded."""

    path: str

    def _db(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path)
        conn.execute("CREATE TABLE IF NOT EXISTS msgs (key TEXT, pos INTEGER, body TEXT)")
        return conn

    def _write(self, key: str, messages: list[ChatMessage]) -> None:
        with self._db() as conn:
            conn.execute("DELETE FROM msgs WHERE key = ?", (key,))
            conn.executemany(
                "INSERT INTO msgs VALUES (?, ?, ?)",
                [(key, i, m.model_dump_json()) for i, m in enumerate(messages)],
            )

    def set_messages(self, key: str, messages: list[ChatMessage]) -> None:
        self._write(key, messages)

    def get_messages(self, key: str) -> list[ChatMessage]:
        with self._db() as conn:
            rows = conn.execute("SELECT body FROM msgs WHERE key = ? ORDER BY pos", (key,)).fetchall()
        return [ChatMessage.model_validate_json(r[0]) for r in rows]

    def add_message(self, key: str, message: ChatMessage) -> None:
        self._write(key, [*self.get_messages(key), message])

    def delete_messages(self, key: str) -> list[ChatMessage] | None:
        old = self.get_messages(key)
        self._write(key, [])
        return old or None

    def delete_message(self, key: str, idx: int) -> ChatMessage | None:
        old = self.get_messages(key)
        if idx >= len(old):
            return None
        gone = old.pop(idx)
        self._write(key, old)
        return gone

    def delete_last_message(self, key: str) -> ChatMessage | None:
        old = self.get_messages(key)
        return self.delete_message(key, len(old) - 1) if old else None

    def get_keys(self) -> list[str]:
        with self._db() as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT key FROM msgs")]


async def test_any_base_chat_store_stores_only_placeholders(tmp_path, engine):
    db = tmp_path / "chats.db"
    store = MemPrivacyChatStore(SQLiteChatStore(path=str(db)), engine=engine)
    store.set_messages("alice", conversation(3))
    await store.async_add_message("alice", ChatMessage(role="user", content=f"last {PHONE}"))
    await store.adelete_message("alice", 1)

    raw = db.read_bytes()
    assert EMAIL.encode() not in raw and PHONE.encode() not in raw and b"Email_1" in raw
    assert texts(await store.aget_messages("alice")) == [
        texts(conversation(3))[0],
        texts(conversation(3))[2],
        f"last {PHONE}",
    ]
    with pytest.raises(ConfigError):
        store.persist(str(tmp_path / "x.json"))
