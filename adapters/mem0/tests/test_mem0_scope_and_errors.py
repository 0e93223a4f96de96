"""The scope rule, fail-closed behaviour and bad input, on the real local Mem0."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

import pytest
from memprivacy_mem0 import PrivateMemory
from memprivacy_mem0._scope import scope_from_filters, scope_from_ids
from memprivacy_mem0.stores import read_local_mem0
from memprivacy_mem0.testing import api_key, card_number, email

from memprivacy_plugins import DetectionError, InvalidTextError, PrivacyEngine, ScopeError, Span


def _count(store: Any) -> int:
    return len(read_local_mem0(store.memory))


@pytest.fixture
def private(store: Any, engine: PrivacyEngine) -> PrivateMemory:
    return PrivateMemory(store.memory, engine)


# -- the rule itself -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ids", "scope"),
    [
        ({"user_id": "alice"}, "alice"),
        ({"user_id": " alice "}, "alice"),
        ({"user_id": 42}, "42"),
        ({"user_id": "alice", "agent_id": "bot", "run_id": "r1"}, "alice"),
        ({"agent_id": "bot", "run_id": "r1"}, "agent:bot"),
        ({"run_id": "r1"}, "run:r1"),
        ({"app_id": "shop", "run_id": "r1"}, "app:shop"),
        ({}, None),
    ],
)
def test_scope_from_ids(ids: dict[str, Any], scope: str | None) -> None:
    assert scope_from_ids(ids) == scope


@pytest.mark.parametrize(
    ("filters", "scope"),
    [
        ({"user_id": "alice", "category": "travel"}, "alice"),
        ({"AND": [{"user_id": "alice"}, {"agent_id": "bot"}]}, "alice"),
        ({"user_id": {"eq": "alice"}}, "alice"),
        ({"agent_id": "bot", "OR": [{"category": "a"}, {"category": "b"}]}, "agent:bot"),
    ],
)
def test_scope_from_filters(filters: dict[str, Any], scope: str) -> None:
    assert scope_from_filters(filters) == scope


@pytest.mark.parametrize(
    "filters",
    [
        {"user_id": {"in": ["alice", "bob"]}},
        {"user_id": "*"},
        {"OR": [{"user_id": "alice"}, {"user_id": "bob"}]},
        {"AND": [{"user_id": "alice"}, {"user_id": "bob"}]},
        {"user_id": "agent:bot"},
    ],
)
def test_filters_that_select_several_scopes_are_refused(filters: dict[str, Any]) -> None:
    with pytest.raises(ScopeError):
        scope_from_filters(filters)


def test_agent_only_calls_use_the_agent_scope(private: PrivateMemory, engine: PrivacyEngine, store: Any) -> None:
    key = api_key(random.Random(20))
    agent = f"agent-{random.Random().randrange(10**9)}"

    added = private.add(f"the deploy key is {key}", agent_id=agent, infer=False)

    assert store.leaks([key]) == []
    assert key in private.get_all(filters={"agent_id": agent})["results"][0]["memory"]
    placeholder_text = store.memory.get(added["results"][0]["id"])["memory"]
    assert key in engine.unmask(placeholder_text, user_id=f"agent:{agent}")


def test_agent_scopes_false_refuses_calls_without_user_id(store: Any, engine: PrivacyEngine) -> None:
    strict = PrivateMemory(store.memory, engine, agent_scopes=False)
    before = _count(store)
    with pytest.raises(ScopeError):
        strict.add("my email is someone@example.com", agent_id="bot", infer=False)
    with pytest.raises(ScopeError):
        strict.search("email", filters={"run_id": "r1"})
    assert _count(store) == before


def test_calls_without_any_id_raise_before_anything_is_stored(private: PrivateMemory, store: Any) -> None:
    before = _count(store)
    with pytest.raises(ScopeError):
        private.add("my card is 4111 1111 1111 1111", infer=False)
    with pytest.raises(ScopeError):
        private.search("card")
    with pytest.raises(ScopeError):
        private.get_all(filters={"category": "x"})
    with pytest.raises(ValueError):  # ScopeError is a ValueError, as Mem0's own errors are
        private.add("hello", user_id="run:sneaky", infer=False)
    assert _count(store) == before


# -- fail closed ---------------------------------------------------------------------------


class _BrokenDetector:
    name = "broken"

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        raise RuntimeError("model server is down")


def test_a_failing_detector_means_nothing_reaches_mem0(store: Any, engine: PrivacyEngine, user_id: str) -> None:
    broken = PrivateMemory(store.memory, PrivacyEngine(detector=_BrokenDetector(), vault=engine.vault))
    card = card_number(random.Random(21))
    before, embedded = _count(store), len(store.embedded.texts)

    with pytest.raises(DetectionError) as info:
        broken.add(f"my card is {card}", user_id=user_id, infer=False)
    with pytest.raises(DetectionError):
        broken.search(f"card {card}", filters={"user_id": user_id})

    assert card not in str(info.value)
    assert _count(store) == before
    assert len(store.embedded.texts) == embedded
    assert store.leaks([card]) == []


@pytest.mark.parametrize(
    "messages",
    [42, ("a tuple",), [{"role": "user", "content": "ok"}, "a bare string in a list"], [{"role": "user", "content": 3.5}]],
)
def test_bad_messages_get_a_clear_error_and_nothing_is_stored(
    private: PrivateMemory, store: Any, user_id: str, messages: Any
) -> None:
    before = _count(store)
    with pytest.raises(InvalidTextError):
        private.add(messages, user_id=user_id, infer=False)
    assert _count(store) == before


def test_update_of_an_unknown_memory_sends_nothing(private: PrivateMemory, store: Any) -> None:
    secret = email(random.Random(22))
    embedded = len(store.embedded.texts)
    with pytest.raises(ScopeError):
        private.update("00000000-0000-0000-0000-000000000000", text=f"mail {secret}")
    assert len(store.embedded.texts) == embedded


# -- drop-in behaviour ---------------------------------------------------------------------


def test_unknown_attributes_pass_through(private: PrivateMemory, store: Any) -> None:
    assert private.config is store.memory.config
    assert private.vector_store is store.memory.vector_store
    assert private.wrapped is store.memory
    with pytest.raises(NotImplementedError):
        private.chat("hi")


def test_results_are_new_objects(private: PrivateMemory, store: Any, user_id: str) -> None:
    added = private.add("I like green tea", user_id=user_id, infer=False)
    memory_id = added["results"][0]["id"]
    first = private.get(memory_id)
    first["memory"] = "changed by the caller"
    assert private.get(memory_id)["memory"] == "I like green tea"


def test_delete_and_delete_all_pass_through(private: PrivateMemory, user_id: str) -> None:
    ids = [private.add(f"note {i}", user_id=user_id, infer=False)["results"][0]["id"] for i in range(3)]
    private.delete(ids[1])
    assert {r["id"] for r in private.get_all(filters={"user_id": user_id})["results"]} == {ids[0], ids[2]}
    private.delete_all(user_id=user_id)
    assert private.get_all(filters={"user_id": user_id})["results"] == []
