"""The async twins on a real local ``mem0.AsyncMemory``: same guarantees as the sync suite."""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from typing import Any

import pytest
from memprivacy_mem0 import AsyncPrivateMemory
from memprivacy_mem0.stores import read_local_mem0
from memprivacy_mem0.testing import card_number, cn_mobile, cn_resident_id, email, password, us_phone

from memprivacy_plugins import DetectionError, PrivacyEngine, ScopeError, Span

PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9_]*_\d+>")


@pytest.fixture
def private(astore: Any, engine: PrivacyEngine) -> AsyncPrivateMemory:
    return AsyncPrivateMemory(astore.memory, engine)


def _messages(seed: int) -> tuple[list[dict[str, str]], list[str]]:
    rng = random.Random(seed)
    values = [email(rng), us_phone(rng), card_number(rng), cn_mobile(rng), cn_resident_id(rng), password(rng)]
    return [
        {"role": "user", "content": f"Email {values[0]}, phone {values[1]}, card {values[2]}."},
        {"role": "user", "content": f"我的手机是{values[3]}，身份证{values[4]}，密码：{values[5]}"},
    ], values


def _memories(result: dict[str, Any]) -> str:
    return "\n".join(item["memory"] for item in result["results"])


async def test_async_add_infer_false_stores_only_placeholders(
    private: AsyncPrivateMemory, astore: Any, user_id: str
) -> None:
    messages, values = _messages(30)
    result = await private.add(messages, user_id=user_id, infer=False)

    assert astore.leaks(values) == []
    for value in values:
        assert value in _memories(result)
        assert value in _memories(await private.get_all(filters={"user_id": user_id}))
    hits = await private.search(f"phone {values[1]}", filters={"user_id": user_id}, top_k=2)
    assert values[1] in _memories(hits)


async def test_async_add_infer_true_llm_sees_only_placeholders(
    private: AsyncPrivateMemory, astore: Any, user_id: str
) -> None:
    messages, values = _messages(31)
    before = len(astore.llm.prompts)

    result = await private.add(messages, user_id=user_id, infer=True)

    prompts = astore.llm.prompts[before:]
    assert prompts and all(PLACEHOLDER.search(p) for p in prompts)
    assert astore.leaks(values) == []
    facts = _memories(result)
    assert all(value in facts for value in values)


async def test_async_update_and_history(private: AsyncPrivateMemory, astore: Any, user_id: str) -> None:
    rng = random.Random(32)
    old, new = email(rng), email(rng)
    memory_id = (await private.add(f"reach me at {old}", user_id=user_id, infer=False))["results"][0]["id"]

    await private.update(memory_id, text=f"reach me at {new}")

    assert astore.leaks([old, new]) == []
    assert (await private.get(memory_id))["memory"] == f"reach me at {new}"
    rows = await private.history(memory_id)
    assert [r["event"] for r in rows] == ["ADD", "UPDATE"]
    assert rows[1]["old_memory"] == f"reach me at {old}" and rows[1]["new_memory"] == f"reach me at {new}"


async def test_async_two_users_never_restore_each_others_values(
    private: AsyncPrivateMemory, user_id: str, other_user_id: str
) -> None:
    rng = random.Random(33)
    mine, theirs = card_number(rng), card_number(rng)
    await private.add(f"card {mine}", user_id=user_id, infer=False)
    theirs_id = (await private.add(f"card {theirs}", user_id=other_user_id, infer=False))["results"][0]["id"]

    listed = _memories(await private.get_all(filters={"user_id": user_id}))
    assert mine in listed and theirs not in listed
    with pytest.raises(ScopeError):
        await private.get(theirs_id, user_id=user_id)


async def test_async_placeholder_typed_by_a_user_stays_harmless(
    private: AsyncPrivateMemory, user_id: str, other_user_id: str
) -> None:
    secret = email(random.Random(34))
    await private.add(f"email {secret}", user_id=user_id, infer=False)
    result = await private.add("<Email_1>", user_id=other_user_id, infer=False)
    assert result["results"][0]["memory"] == "<Email_1>"
    assert secret not in _memories(await private.get_all(filters={"user_id": other_user_id}))


class _BrokenDetector:
    name = "broken"

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        raise RuntimeError("down")


async def test_async_failing_detector_sends_nothing(astore: Any, engine: PrivacyEngine, user_id: str) -> None:
    broken = AsyncPrivateMemory(astore.memory, PrivacyEngine(detector=_BrokenDetector(), vault=engine.vault))
    before = len(read_local_mem0(astore.memory))
    with pytest.raises(DetectionError):
        await broken.add("card 4111 1111 1111 1111", user_id=user_id, infer=False)
    assert len(read_local_mem0(astore.memory)) == before
