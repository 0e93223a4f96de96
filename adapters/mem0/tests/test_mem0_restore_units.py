"""The restore path without Mem0: one vault lookup per call, foreign records untouched, no mutation."""

from __future__ import annotations

from typing import Any

from memprivacy_plugins import PrivacyEngine
from memprivacy_mem0._steps import Restore, _restore_async, _restore_sync, restore_result, run


def test_joined_restore_equals_restoring_each_text(engine: PrivacyEngine, user_id: str) -> None:
    masked = engine.mask("mail me: nul.test@example.com", user_id=user_id).text
    texts = [masked, "no placeholder", f"with\x00nul {masked}", "", masked + "_"]
    expected = [engine.unmask(t, user_id=user_id) for t in texts]
    assert _restore_sync(engine, Restore(user_id, texts)) == expected
    assert _restore_sync(engine, Restore(user_id, [t for t in texts if "\x00" not in t])) == [
        e for t, e in zip(texts, expected) if "\x00" not in t
    ]


async def test_async_joined_restore(engine: PrivacyEngine, user_id: str) -> None:
    masked = engine.mask("key sk-proj-AbCdEf0123456789XyZ012345abcd", user_id=user_id).text
    assert await _restore_async(engine, Restore(user_id, [masked, masked])) == [
        engine.unmask(masked, user_id=user_id)
    ] * 2


def test_records_of_another_scope_are_copied_unrestored(engine: PrivacyEngine, user_id: str, other_user_id: str) -> None:
    mine = engine.mask("mine: a.one@example.com", user_id=user_id).text
    theirs = engine.mask("theirs: b.two@example.com", user_id=other_user_id).text
    result: dict[str, Any] = {
        "results": [
            {"id": "1", "memory": mine, "user_id": user_id, "metadata": {"note": mine}},
            {"id": "2", "memory": theirs, "user_id": other_user_id},
            {"id": "3", "memory": mine},  # no ids: the request's scope
        ]
    }
    snapshot = repr(result)

    restored = run(engine, object(), restore_result(result, user_id))

    assert restored["results"][0]["memory"] == "mine: a.one@example.com"
    assert restored["results"][0]["metadata"]["note"] == "mine: a.one@example.com"
    assert restored["results"][1]["memory"] == theirs
    assert restored["results"][2]["memory"] == "mine: a.one@example.com"
    assert repr(result) == snapshot  # Mem0's result is untouched
    assert restored["results"][1] is not result["results"][1]
