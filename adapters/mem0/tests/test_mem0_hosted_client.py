"""The hosted-API wrappers, with the platform replaced at the HTTP edge by ``httpx.MockTransport``.

The fake platform keeps memories like the real one would (whatever text it receives);
every request is captured, and no request may carry a planted value.
"""

from __future__ import annotations

import json
import random
import re
import uuid
from typing import Any
from urllib.parse import unquote

import httpx
import pytest
from memprivacy_mem0 import AsyncPrivateMemoryClient, PrivateMemoryClient
from memprivacy_mem0.testing import (
    api_key,
    card_number,
    cn_mobile,
    cn_resident_id,
    email,
    find_values,
    us_phone,
)

from memprivacy_plugins import PrivacyEngine, ScopeError

PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9_]*_\d+>")


class FakePlatform:
    """Just enough of api.mem0.ai: stores what it is sent, answers in the documented shapes."""

    def __init__(self) -> None:
        self.memories: dict[str, dict[str, Any]] = {}
        self.history: dict[str, list[dict[str, Any]]] = {}
        self.requests: list[tuple[str, str, str]] = []

    def sent_texts(self) -> dict[str, str]:
        out = {}
        for i, (method, url, body) in enumerate(self.requests):
            try:
                body = json.dumps(json.loads(body), ensure_ascii=False) if body else ""
            except ValueError:
                pass
            out[f"request/{i}"] = f"{method} {unquote(url)} {body}"
        out["server-state"] = json.dumps([self.memories, self.history], ensure_ascii=False)
        return out

    def _scope_ids(self, body: dict[str, Any]) -> dict[str, Any]:
        filters = body.get("filters") or {}
        return {k: filters.get(k, body.get(k)) for k in ("user_id", "agent_id", "app_id", "run_id")}

    def _mine(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        ids = {k: v for k, v in self._scope_ids(body).items() if v is not None}
        return [m for m in self.memories.values() if all(m.get(k) == v for k, v in ids.items())]

    def handle(self, request: httpx.Request) -> httpx.Response:
        raw = request.content.decode("utf-8") if request.content else ""
        self.requests.append((request.method, str(request.url), raw))
        body = json.loads(raw) if raw else {}
        path, method = request.url.path, request.method
        if path == "/v1/ping/":
            return httpx.Response(200, json={"org_id": "org", "project_id": "proj", "user_email": "dev@example.com"})
        if path == "/v3/memories/add/" and method == "POST":
            results = []
            for message in body["messages"]:
                if message.get("role") != "user":
                    continue
                memory_id = str(uuid.uuid4())
                record = {"id": memory_id, "memory": message["content"], **self._scope_ids(body),
                          "metadata": body.get("metadata"), "categories": []}
                self.memories[memory_id] = record
                self.history[memory_id] = [{"id": str(uuid.uuid4()), "memory_id": memory_id, "old_memory": None,
                                            "new_memory": record["memory"], "event": "ADD",
                                            "user_id": record["user_id"], "input": body["messages"]}]
                results.append({"id": memory_id, "memory": record["memory"], "event": "ADD"})
            return httpx.Response(200, json={"results": results})
        if path == "/v3/memories/search/":
            return httpx.Response(200, json={"results": [{**m, "score": 0.5} for m in self._mine(body)]})
        if path == "/v3/memories/" and method == "POST":
            mine = self._mine(body)
            return httpx.Response(200, json={"count": len(mine), "next": None, "previous": None, "results": mine})
        if path == "/v1/batch/" and method == "PUT":
            for change in body["memories"]:
                self._update(change["memory_id"], change)
            return httpx.Response(200, json={"message": f"Successfully updated {len(body['memories'])} memories"})
        if path == "/v1/feedback/":
            return httpx.Response(200, json={"id": "fb1", "feedback": body.get("feedback"),
                                             "feedback_reason": body.get("feedback_reason")})
        if path == "/v1/summary/":
            text = " / ".join(m["memory"] for m in self._mine(body))
            return httpx.Response(200, json={"status": "done", "summary": text})
        match = re.fullmatch(r"/v2/entities/user/([^/]+)/profile/", path)
        if match:
            texts = [m["memory"] for m in self.memories.values() if m["user_id"] == unquote(match.group(1))]
            return httpx.Response(200, json={"entity_id": unquote(match.group(1)), "status": "succeeded",
                                             "profile": {"about": texts}})
        match = re.fullmatch(r"/v1/memories/([^/]+)/(history/)?", path)
        if match:
            memory_id, is_history = match.group(1), match.group(2)
            if memory_id not in self.memories:
                return httpx.Response(404, json={"detail": "Memory not found"})
            if is_history:
                return httpx.Response(200, json=self.history[memory_id])
            if method == "GET":
                return httpx.Response(200, json=self.memories[memory_id])
            if method == "PUT":
                return httpx.Response(200, json=self._update(memory_id, body))
            if method == "DELETE":
                del self.memories[memory_id]
                return httpx.Response(200, json={"message": "Memory deleted successfully!"})
        return httpx.Response(404, json={"detail": f"no route {method} {path}"})

    def _update(self, memory_id: str, change: dict[str, Any]) -> dict[str, Any]:
        record = self.memories[memory_id]
        old = record["memory"]
        if change.get("text") is not None:
            record["memory"] = change["text"]
        if change.get("metadata") is not None:
            record["metadata"] = change["metadata"]
        self.history[memory_id].append({"id": str(uuid.uuid4()), "memory_id": memory_id, "old_memory": old,
                                        "new_memory": record["memory"], "event": "UPDATE",
                                        "user_id": record["user_id"]})
        return dict(record)


@pytest.fixture
def platform() -> FakePlatform:
    return FakePlatform()


@pytest.fixture
def client(platform: FakePlatform, engine: PrivacyEngine) -> PrivateMemoryClient:
    from mem0 import MemoryClient

    http = httpx.Client(transport=httpx.MockTransport(platform.handle))
    return PrivateMemoryClient(MemoryClient(api_key="test-key", client=http), engine)


@pytest.fixture
def aclient(platform: FakePlatform, engine: PrivacyEngine, monkeypatch: pytest.MonkeyPatch) -> AsyncPrivateMemoryClient:
    import mem0.client.main as client_main
    from mem0 import AsyncMemoryClient

    class _Reply:  # AsyncMemoryClient pings with ``requests`` in its constructor: same fake platform
        def __init__(self, response: httpx.Response) -> None:
            self._response = response

        def raise_for_status(self) -> None:
            self._response.raise_for_status()

        def json(self) -> Any:
            return self._response.json()

    def ping(url: str, headers: Any = None, params: Any = None, **_: Any) -> _Reply:
        request = httpx.Request("GET", url, headers=headers, params=params)
        response = platform.handle(request)
        response.request = request
        return _Reply(response)

    monkeypatch.setattr(client_main.requests, "get", ping)
    http = httpx.AsyncClient(transport=httpx.MockTransport(platform.handle))
    return AsyncPrivateMemoryClient(AsyncMemoryClient(api_key="test-key", client=http), engine)


def _values(seed: int) -> dict[str, str]:
    rng = random.Random(seed)
    return {"email": email(rng), "phone": us_phone(rng), "card": card_number(rng), "key": api_key(rng),
            "zh_phone": cn_mobile(rng, international=True), "zh_id": cn_resident_id(rng)}


def _conversation(v: dict[str, str]) -> list[dict[str, str]]:
    return [
        {"role": "user", "content": f"My email is {v['email']} and my phone is {v['phone']}."},
        {"role": "assistant", "content": "Noted."},
        {"role": "user", "content": f"Card {v['card']}; the API key is {v['key']}."},
        {"role": "user", "content": f"我的手机号是{v['zh_phone']}，身份证号码{v['zh_id']}。"},
    ]


def _leaks(platform: FakePlatform, values: dict[str, str]) -> list[Any]:
    return find_values(list(values.values()), platform.sent_texts())


def test_the_capture_sees_values_sent_unwrapped(client: PrivateMemoryClient, platform: FakePlatform, user_id: str) -> None:
    # Positive control for the checks below: the raw client does send the values.
    v = _values(39)
    client.wrapped.add(_conversation(v), filters={"user_id": user_id})
    assert {f.value for f in _leaks(platform, v)} == set(v.values())


def test_every_request_carries_placeholders_only(client: PrivateMemoryClient, platform: FakePlatform, user_id: str) -> None:
    v = _values(40)
    added = client.add(_conversation(v), filters={"user_id": user_id}, metadata={"contact": v["email"]},
                       custom_instructions=f"never forget {v['phone']}")
    memory_id = added["results"][0]["id"]
    found = client.search(f"what is the card {v['card']}?", filters={"user_id": user_id})
    listed = client.get_all(filters={"user_id": user_id})
    client.update(memory_id, text=f"new email {v['email']}", metadata={"key": v["key"]})
    rows = client.history(memory_id)
    client.batch_update([{"memory_id": memory_id, "text": f"phone {v['zh_phone']}"}])
    client.feedback(memory_id, "NEGATIVE", f"wrong, my card is {v['card']}")
    summary = client.get_summary(filters={"user_id": user_id})
    profile = client.get_profile(user_id)

    assert len(platform.requests) >= 10
    assert _leaks(platform, v) == []
    assert all(PLACEHOLDER.search(m["memory"]) for m in platform.memories.values())

    # Everything that came back is restored.
    assert v["email"] in added["results"][0]["memory"]
    assert any(v["card"] in r["memory"] for r in found["results"])
    assert listed["count"] == 3 and any(v["zh_id"] in r["memory"] for r in listed["results"])
    assert rows[1]["old_memory"] == added["results"][0]["memory"]
    assert rows[1]["new_memory"] == f"new email {v['email']}"
    assert v["zh_phone"] in client.get(memory_id)["memory"]
    assert v["card"] in summary["summary"] and any(v["zh_id"] in t for t in profile["profile"]["about"])


def test_typed_options_are_masked_too(client: PrivateMemoryClient, platform: FakePlatform, user_id: str) -> None:
    from mem0.client.types import AddMemoryOptions, SearchMemoryOptions

    v = _values(41)
    client.add(f"my email is {v['email']}", AddMemoryOptions(filters={"user_id": user_id}, metadata={"p": v["phone"]}))
    hits = client.search(v["email"], SearchMemoryOptions(filters={"user_id": user_id}))
    assert _leaks(platform, v) == []
    assert hits["results"][0]["memory"] == f"my email is {v['email']}"


def test_update_without_ids_reads_the_scope_from_the_server(
    client: PrivateMemoryClient, platform: FakePlatform, user_id: str, other_user_id: str
) -> None:
    v = _values(42)
    mine = client.add(f"email {v['email']}", filters={"user_id": user_id})["results"][0]["id"]
    client.add(f"card {v['card']}", filters={"user_id": other_user_id})

    client.update(mine, text=f"card {v['card']}")

    assert _leaks(platform, v) == []
    # Masked in the memory owner's scope: it restores for that owner.
    assert client.get(mine)["memory"] == f"card {v['card']}"
    with pytest.raises(ScopeError):
        client.get(mine, user_id=other_user_id)


def test_hosted_two_users_and_look_alikes(
    client: PrivateMemoryClient, platform: FakePlatform, user_id: str, other_user_id: str
) -> None:
    v = _values(43)
    client.add(f"my email is {v['email']}", filters={"user_id": user_id})
    client.add("<Email_1> is what I typed", filters={"user_id": other_user_id})

    theirs = client.get_all(filters={"user_id": other_user_id})
    assert theirs["results"][0]["memory"] == "<Email_1> is what I typed"
    assert v["email"] not in json.dumps(theirs)
    mine = client.search("email", filters={"user_id": user_id})
    assert all(r["user_id"] == user_id for r in mine["results"])


def test_missing_scope_sends_nothing(client: PrivateMemoryClient, platform: FakePlatform) -> None:
    sent = len(platform.requests)
    with pytest.raises(ScopeError):
        client.add("my card is 4111 1111 1111 1111")
    with pytest.raises(ScopeError):
        client.search("card", filters={"user_id": {"in": ["a", "b"]}})
    assert len(platform.requests) == sent


def test_unknown_attributes_pass_through(client: PrivateMemoryClient) -> None:
    assert client.org_id == "org" and client.project_id == "proj"
    assert isinstance(client.client, httpx.Client)


async def test_async_client_requests_carry_placeholders_only(
    aclient: AsyncPrivateMemoryClient, platform: FakePlatform, user_id: str
) -> None:
    v = _values(44)
    added = await aclient.add(_conversation(v), filters={"user_id": user_id})
    memory_id = added["results"][0]["id"]
    found = await aclient.search(v["card"], filters={"user_id": user_id})
    await aclient.update(memory_id, text=f"key {v['key']}")
    rows = await aclient.history(memory_id)
    await aclient.batch_update([{"memory_id": memory_id, "text": f"id {v['zh_id']}"}], user_id=user_id)

    assert _leaks(platform, v) == []
    assert any(v["card"] in r["memory"] for r in found["results"])
    assert rows[1]["new_memory"] == f"key {v['key']}"
    assert (await aclient.get(memory_id))["memory"] == f"id {v['zh_id']}"

