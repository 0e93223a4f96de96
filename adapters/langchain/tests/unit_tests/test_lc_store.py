"""MemPrivacyStore over real LangGraph stores: what they hold, what readers get."""

from __future__ import annotations

import copy
import hashlib
import sqlite3
from pathlib import Path

import pytest
from langgraph.store.base import Item, SearchItem
from langgraph.store.memory import InMemoryStore
from langgraph.store.sqlite import SqliteStore
from lc_testkit import API_KEY, CARD, CN_ID, EMAIL, PASSWORD, PHONE_CN, PHONE_US, PLANTED_TEXT
from memprivacy_plugins import ScopeError

from langchain_memprivacy import MemPrivacyStore

PLANTED = [EMAIL, PHONE_CN, PHONE_US, CARD, CN_ID, PASSWORD, API_KEY]
NS = ("memories", "u1")


def memory_value() -> dict:
    return {
        "text": PLANTED_TEXT[EMAIL] + " " + PLANTED_TEXT[PHONE_CN],
        "facts": [PLANTED_TEXT[CARD], {"password": PASSWORD}],
        "meta": {"kind": "profile", "id_doc": PLANTED_TEXT[CN_ID], "n": 7},
    }


class RecordingEmbedder:
    """Stands in for a hosted embedding API: records every text it is asked to embed."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def __call__(self, texts: list[str]) -> list[list[float]]:
        self.texts.extend(texts)
        return [[b / 255 for b in hashlib.sha256(t.encode()).digest()[:8]] for t in texts]


def test_in_memory_store_holds_placeholders(engine, find_leaks) -> None:
    inner = InMemoryStore()
    store = MemPrivacyStore(inner, engine)
    value = memory_value()
    before = copy.deepcopy(value)
    store.put(NS, "m1", value)
    assert value == before, "the caller's value is not mutated"
    raw = repr(dict(inner._data))  # what the store really holds
    assert find_leaks(PLANTED, raw) == []
    assert inner.get(NS, "m1").value["facts"][1]["password"].startswith("<Password_")

    got = store.get(NS, "m1")
    assert isinstance(got, Item) and got.value == value and got.key == "m1" and got.namespace == NS
    assert got is not inner.get(NS, "m1")
    got.value["text"] = "changed"
    assert find_leaks(PLANTED, repr(dict(inner._data))) == [], "returned items are copies"
    assert store.get(NS, "missing") is None
    store.delete(NS, "m1")
    assert store.get(NS, "m1") is None and inner.get(NS, "m1") is None


def test_search_query_filter_and_embeddings_see_placeholders(engine, find_leaks) -> None:
    embed = RecordingEmbedder()
    inner = InMemoryStore(index={"dims": 8, "embed": embed, "fields": ["text"]})
    store = MemPrivacyStore(inner, engine)
    store.put(NS, "m1", {"text": PLANTED_TEXT[EMAIL], "email": EMAIL})
    store.put(NS, "m2", {"text": "likes tea", "email": "nobody"})
    hits = store.search(NS, query=f"what is {EMAIL} about?")
    assert {h.key for h in hits} == {"m1", "m2"}
    assert all(isinstance(h, SearchItem) and h.score is not None for h in hits)
    assert next(h for h in hits if h.key == "m1").value["text"] == PLANTED_TEXT[EMAIL]
    assert embed.texts and find_leaks([EMAIL], "\n".join(embed.texts)) == []
    # An exact-match filter on a private value still finds the item: it is masked the same way.
    filtered = store.search(NS, filter={"email": EMAIL})
    assert [h.key for h in filtered] == ["m1"] and filtered[0].value["email"] == EMAIL
    assert store.list_namespaces() == [NS]


def test_sqlite_store_file_has_no_original(engine, tmp_path: Path, find_leaks) -> None:
    db = tmp_path / "store.sqlite3"
    conn = sqlite3.connect(db, check_same_thread=False, isolation_level=None)
    inner = SqliteStore(conn)
    inner.setup()
    store = MemPrivacyStore(inner, engine)
    store.put(NS, "m1", memory_value())
    conn.execute("PRAGMA wal_checkpoint(FULL)")
    assert find_leaks(PLANTED, db.read_bytes()) == []
    assert store.get(NS, "m1").value == memory_value()
    conn.close()


def test_scope_rule(engine) -> None:
    inner = InMemoryStore()
    by_user = MemPrivacyStore(inner, engine, scope=lambda ns: ns[1])
    by_user.put(("memories", "u1"), "a", {"text": PLANTED_TEXT[EMAIL]})
    by_user.put(("profile", "u1"), "b", {"text": PLANTED_TEXT[EMAIL]})
    # One scope per user: the same value has the same placeholder in both namespaces ...
    assert inner.get(("memories", "u1"), "a").value == inner.get(("profile", "u1"), "b").value
    # ... and forgetting the user makes every stored copy unreadable in clear.
    engine.forget("u1")
    assert EMAIL not in by_user.get(("memories", "u1"), "a").value["text"]

    default = MemPrivacyStore(InMemoryStore(), engine)
    default.put(("memories", "u2"), "a", {"text": PLANTED_TEXT[CARD]})
    assert (
        engine.unmask(default.store.get(("memories", "u2"), "a").value["text"], user_id="memories/u2")
        == PLANTED_TEXT[CARD]
    )
    with pytest.raises(ScopeError, match="scope"):
        default.search((), query="anything")
    assert default.search((), limit=5)[0].value["text"] == PLANTED_TEXT[CARD], "a listing needs no scope"


async def test_async_twins(engine, find_leaks) -> None:
    inner = InMemoryStore()
    store = MemPrivacyStore(inner, engine)
    await store.aput(NS, "m1", memory_value())
    assert find_leaks(PLANTED, repr(dict(inner._data))) == []
    assert (await store.aget(NS, "m1")).value == memory_value()
    hits = await store.asearch(NS, filter={"meta": {"kind": "profile"}})
    assert [h.value for h in hits] == [memory_value()]
    assert await store.alist_namespaces() == [NS]
    await store.adelete(NS, "m1")
    assert await store.aget(NS, "m1") is None


def test_batch_mixes_scopes_and_ops(engine) -> None:
    from langgraph.store.base import GetOp, ListNamespacesOp, PutOp, SearchOp

    inner = InMemoryStore()
    store = MemPrivacyStore(inner, engine)
    puts = store.batch(
        [PutOp(("a", "u1"), "k", {"t": PLANTED_TEXT[EMAIL]}), PutOp(("a", "u2"), "k", {"t": PLANTED_TEXT[PHONE_US]})]
    )
    assert puts == [None, None]
    assert EMAIL not in repr(dict(inner._data)) and PHONE_US not in repr(dict(inner._data))
    results = store.batch(
        [GetOp(("a", "u1"), "k"), SearchOp(("a", "u2"), query=PHONE_US), ListNamespacesOp(), GetOp(("a", "u3"), "k")]
    )
    assert results[0].value == {"t": PLANTED_TEXT[EMAIL]}
    assert results[1][0].value == {"t": PLANTED_TEXT[PHONE_US]}
    assert sorted(results[2]) == [("a", "u1"), ("a", "u2")]
    assert results[3] is None
    with pytest.raises(TypeError, match="BaseStore"):
        MemPrivacyStore({}, engine)  # type: ignore[arg-type]
