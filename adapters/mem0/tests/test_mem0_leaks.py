"""Leak tests on a real local Mem0: what reached Qdrant, the history DB, the LLM and the embedder."""

from __future__ import annotations

import random
import re
from typing import Any

import pytest
from memprivacy_mem0 import PrivateMemory
from memprivacy_mem0.testing import api_key, card_number, cn_mobile, cn_resident_id, email, password, us_phone

PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9_]*_\d+>")


def conversation(seed: int) -> tuple[list[dict[str, str]], list[str]]:
    """English and Chinese messages full of structured private values, and the values."""
    rng = random.Random(seed)
    v = {
        "email": email(rng),
        "phone": us_phone(rng),
        "card": card_number(rng),
        "key": api_key(rng),
        "pw": password(rng),
        "zh_email": email(rng),
        "zh_phone": cn_mobile(rng, international=True),
        "zh_id": cn_resident_id(rng),
        "zh_pw": password(rng),
    }
    messages = [
        {"role": "user", "content": f"Hi! Please note my email is {v['email']} and you can call me on {v['phone']}."},
        {"role": "assistant", "content": "Got it, I will remember your contact details."},
        {"role": "user", "content": f"For the hotel use card {v['card']}. The staging API key is {v['key']} and my password is {v['pw']}"},
        {"role": "user", "content": f"我的邮箱是{v['zh_email']}，手机号{v['zh_phone']}，身份证号码{v['zh_id']}，密码是{v['zh_pw']} 请记住。"},
    ]
    return messages, list(v.values())


@pytest.fixture
def private(store: Any, engine: Any) -> PrivateMemory:
    return PrivateMemory(store.memory, engine)


def _memories(result: dict[str, Any]) -> str:
    return "\n".join(item["memory"] for item in result["results"])


def test_the_scan_finds_values_that_reach_the_store_unwrapped(store: Any, user_id: str) -> None:
    # Positive control: without the wrapper the same conversation is found in the stores,
    # so an empty scan below means "not stored", not "not looked at".
    messages, values = conversation(seed=1)
    store.memory.add(messages, user_id=user_id, infer=False)
    found = {f.value for f in store.leaks(values, control=True)}
    assert found == set(values)


def test_infer_false_stores_only_placeholders(private: PrivateMemory, store: Any, user_id: str) -> None:
    messages, values = conversation(seed=2)
    result = private.add(messages, user_id=user_id, infer=False)

    assert store.leaks(values) == []
    stored = [r for r in private_records(store) if r.fields.get("user_id") == user_id]
    assert len(stored) == len(messages)  # one raw memory per message
    assert all(PLACEHOLDER.search(r.fields["data"]) for r in stored if r.fields["role"] == "user")

    # What the caller gets back is restored, on the caller's side only.
    returned = _memories(result)
    listed = _memories(private.get_all(filters={"user_id": user_id}))
    for value in values:
        assert value in returned
        assert value in listed


def private_records(store: Any) -> list[Any]:
    from memprivacy_mem0.stores import read_local_mem0

    return [r for r in read_local_mem0(store.memory) if r.where.startswith("qdrant:")]


def test_search_masks_the_query_and_restores_results(private: PrivateMemory, store: Any, user_id: str) -> None:
    messages, values = conversation(seed=3)
    private.add(messages, user_id=user_id, infer=False)
    card = values[2]
    before = len(store.embedded.texts)

    hits = private.search(f"which card is {card}?", filters={"user_id": user_id}, top_k=3)

    query_embedded = store.embedded.texts[before:]
    assert query_embedded and all(card not in t for t in query_embedded)
    assert card in _memories(hits)
    assert all(r.get("user_id") == user_id for r in hits["results"])


def test_infer_true_llm_sees_only_placeholders_and_facts_come_back_restored(
    private: PrivateMemory, store: Any, user_id: str
) -> None:
    messages, values = conversation(seed=4)
    prompts_before = len(store.llm.prompts)

    result = private.add(messages, user_id=user_id, infer=True)

    new_prompts = store.llm.prompts[prompts_before:]
    assert len(new_prompts) == 1 and PLACEHOLDER.search(new_prompts[0])
    assert store.leaks(values) == []
    facts = _memories(result)
    assert facts.count("User said:") == 3
    for value in values:
        assert value in facts  # the LLM kept the placeholders; the wrapper restored them

    # Mem0 keeps the last messages of the session for the next extraction: masked too.
    from memprivacy_mem0.stores import read_history_db

    rows = [r for r in read_history_db(store.memory.config.history_db_path) if r.where == "messages"]
    mine = [r for r in rows if f"user_id={user_id}" in r.fields["session_scope"]]
    assert len(mine) == len(messages)
    assert any(PLACEHOLDER.search(r.fields["content"]) for r in mine)


def test_update_masks_new_text_and_history_is_restored(private: PrivateMemory, store: Any, user_id: str) -> None:
    rng = random.Random(5)
    old_phone, new_phone = us_phone(rng), cn_mobile(rng, international=True)
    added = private.add(f"My phone number is {old_phone}", user_id=user_id, infer=False)
    memory_id = added["results"][0]["id"]

    private.update(memory_id, text=f"My new phone number is {new_phone}")

    assert store.leaks([old_phone, new_phone]) == []
    assert new_phone in private.get(memory_id)["memory"]
    rows = private.history(memory_id)
    assert [r["event"] for r in rows] == ["ADD", "UPDATE"]
    assert old_phone in rows[1]["old_memory"] and new_phone in rows[1]["new_memory"]
    assert old_phone in rows[0]["new_memory"]


def test_metadata_name_and_prompt_are_masked(private: PrivateMemory, store: Any, user_id: str) -> None:
    rng = random.Random(6)
    contact, secret = email(rng), api_key(rng)
    messages = [{"role": "user", "name": "Alice Chen", "content": "Remember the deploy steps please."}]
    metadata = {"contact": contact, "nested": {"keys": [secret]}, "count": 3}

    result = private.add(
        messages, user_id=user_id, user_name="Alice Chen", metadata=metadata, infer=False
    )

    assert store.leaks([contact, secret, "Alice Chen"]) == []
    assert metadata == {"contact": contact, "nested": {"keys": [secret]}, "count": 3}  # caller's dict untouched
    assert result["results"][0]["actor_id"] == "Alice Chen"
    item = private.get(result["results"][0]["id"])
    assert item["metadata"]["contact"] == contact
    assert item["metadata"]["nested"] == {"keys": [secret]}
    assert item["metadata"]["count"] == 3
    assert item["actor_id"] == "Alice Chen"


def test_content_parts_are_masked(private: PrivateMemory, store: Any, user_id: str) -> None:
    rng = random.Random(7)
    card = card_number(rng)
    parts = [{"role": "user", "content": [{"type": "text", "text": f"my card: {card}"}, {"type": "text", "text": "thanks"}]}]

    result = private.add(parts, user_id=user_id, infer=False)

    assert store.leaks([card]) == []
    assert card in _memories(result)
    assert parts[0]["content"][0]["text"] == f"my card: {card}"


def test_two_users_never_restore_each_others_values(
    private: PrivateMemory, store: Any, user_id: str, other_user_id: str
) -> None:
    rng = random.Random(8)
    mine, theirs = email(rng), email(rng)
    a = private.add(f"my email is {mine}", user_id=user_id, infer=False)["results"][0]["id"]
    b = private.add(f"my email is {theirs}", user_id=other_user_id, infer=False)["results"][0]["id"]

    # Same placeholder text in both scopes: only the scope decides what it restores to.
    raw_a = store.memory.get(a)["memory"]
    raw_b = store.memory.get(b)["memory"]
    assert raw_a == raw_b and PLACEHOLDER.search(raw_a)

    mine_listed = _memories(private.get_all(filters={"user_id": user_id}))
    theirs_listed = _memories(private.get_all(filters={"user_id": other_user_id}))
    assert mine in mine_listed and theirs not in mine_listed
    assert theirs in theirs_listed and mine not in theirs_listed
    assert theirs not in _memories(private.search("email", filters={"user_id": user_id}))

    from memprivacy_plugins import ScopeError

    with pytest.raises(ScopeError):
        private.get(b, user_id=user_id)
    with pytest.raises(ScopeError):
        private.update(b, text="overwrite", user_id=user_id)
    assert private.get(b, user_id=other_user_id)["memory"] == f"my email is {theirs}"


def test_a_placeholder_typed_by_a_user_stays_harmless(
    private: PrivateMemory, store: Any, user_id: str, other_user_id: str
) -> None:
    rng = random.Random(9)
    secret = email(rng)
    private.add(f"my email is {secret}", user_id=user_id, infer=False)
    typed = "<Email_1>"

    own = private.add(f"forward everything to {typed}", user_id=user_id, infer=False)
    foreign = private.add(typed, user_id=other_user_id, infer=False)

    assert own["results"][0]["memory"] == f"forward everything to {typed}"
    assert foreign["results"][0]["memory"] == typed
    for listed in (private.get_all(filters={"user_id": user_id}), private.get_all(filters={"user_id": other_user_id})):
        for item in listed["results"]:
            if typed in item["memory"] or "forward" in item["memory"]:
                assert secret not in item["memory"]
    assert store.leaks([secret]) == []


def test_restore_false_keeps_placeholders_for_a_cloud_prompt(
    private: PrivateMemory, engine: Any, user_id: str
) -> None:
    rng = random.Random(10)
    phone = us_phone(rng)
    private.add(f"call me on {phone}", user_id=user_id, infer=False)

    masked = private.search("phone", filters={"user_id": user_id}, restore=False)
    context = _memories(masked)
    assert phone not in context and PLACEHOLDER.search(context)
    assert phone in engine.unmask(context, user_id=user_id)
