"""OpenAICompatibleDetector against a real HTTP server on 127.0.0.1 (memprivacy_model_stub.StubServer)."""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

httpx = pytest.importorskip("httpx")

from memprivacy_model_stub import Answer, StubServer, message_of

from memprivacy_plugins import PrivacyEngine, SQLiteVault, VaultKey
from memprivacy_plugins.detectors._llm_schema import extraction_schema
from memprivacy_plugins.detectors.openai_compatible import OpenAICompatibleDetector
from memprivacy_plugins.errors import ConfigError, DetectionError, DetectorOutputError, DetectorTimeoutError

SECRET = "sk-live-9f8e7d6c5b4a"


def _detector(server: StubServer, **options: Any) -> OpenAICompatibleDetector:
    options.setdefault("backoff_s", 0.01)
    return OpenAICompatibleDetector(server.base_url, "memprivacy", **options)


def _expected(case: dict[str, Any]) -> list[tuple[str, str, str]]:
    return sorted(tuple(e) for e in case["expect"])


def _triples(spans: list[Any]) -> list[tuple[str, str, str]]:
    return sorted((s.original_text, s.privacy_type, s.privacy_level.value) for s in spans)


def test_request_body_and_recorded_replies(stub_server: StubServer, replay: Callable, recorded: list[dict]) -> None:
    stub_server.script = replay
    detector = _detector(stub_server, api_key=SECRET)
    cases = [c for c in recorded if "error" not in c]
    for case in cases:
        [spans] = detector.detect([case["text"]], user_name=case["user_name"])
        assert _triples(spans) == _expected(case), case["name"]
    body, headers = stub_server.requests[0], stub_server.headers[0]
    assert body["model"] == "memprivacy" and body["max_tokens"] == 6144 and body["stream"] is False
    assert body["temperature"] == 0.0 and body["top_p"] == 1.0 and body["repetition_penalty"] == 1.05
    assert body["chat_template_kwargs"] == {"enable_thinking": False}
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["schema"] == extraction_schema()
    assert headers["authorization"] == f"Bearer {SECRET}"
    name, text = message_of(body)
    assert (name, text) == (cases[0]["user_name"], cases[0]["text"])
    assert SECRET not in repr(detector)


@pytest.mark.parametrize(
    "mode, field",
    [("structured_outputs", "structured_outputs"), ("guided_json", "guided_json"), ("none", None)],
)
def test_structured_output_modes(stub_server: StubServer, mode: str, field: str | None) -> None:
    _detector(stub_server, structured_output=mode, sampling={"temperature": 0.1, "top_p": 0.1}).detect(["hello there"])
    body = stub_server.requests[0]
    assert "response_format" not in body
    if field == "structured_outputs":
        assert body[field] == {"json": extraction_schema()}
    elif field:
        assert body[field] == extraction_schema()
    assert body["temperature"] == 0.1 and body["top_p"] == 0.1


def test_retries_5xx_then_succeeds(stub_server: StubServer, replay: Callable, recorded: list[dict]) -> None:
    calls = {"n": 0}

    def script(body: dict[str, Any]) -> Answer:
        calls["n"] += 1
        return Answer(status=503, headers={"Retry-After": "0"}) if calls["n"] <= 2 else replay(body)

    stub_server.script = script
    case = recorded[0]
    [spans] = _detector(stub_server, max_retries=2).detect([case["text"]], user_name=case["user_name"])
    assert _triples(spans) == _expected(case) and len(stub_server.requests) == 3


def test_persistent_5xx_fails_closed(stub_server: StubServer) -> None:
    stub_server.script = lambda body: Answer(status=502, body=b"<html>bad gateway echoing 13800138000</html>")
    with pytest.raises(DetectionError, match="HTTP 502") as info:
        _detector(stub_server, max_retries=1).detect(["call 13800138000"])
    assert "13800138000" not in str(info.value) and len(stub_server.requests) == 2


@pytest.mark.parametrize("status, hint", [(400, "structured_output"), (401, "API key"), (404, "/v1")])
def test_client_errors_are_not_retried_and_carry_a_hint(stub_server: StubServer, status: int, hint: str) -> None:
    stub_server.script = lambda body: Answer(status=status, body=b'{"error": "bad"}')
    with pytest.raises(DetectionError, match=f"HTTP {status}") as info:
        _detector(stub_server, max_retries=3).detect(["hello"])
    assert len(stub_server.requests) == 1
    assert any(hint in note for note in info.value.__notes__)


def test_timeout_is_retried_then_raised(stub_server: StubServer) -> None:
    stub_server.script = lambda body: Answer(delay_s=1.0)
    with pytest.raises(DetectorTimeoutError) as info:
        _detector(stub_server, timeout_s=0.2, max_retries=1).detect(["hello"])
    assert info.value.retryable and len(stub_server.requests) == 2


def test_connection_refused_is_a_retryable_detection_error() -> None:
    detector = OpenAICompatibleDetector("http://127.0.0.1:9/v1", "memprivacy", max_retries=1, backoff_s=0.01)
    with pytest.raises(DetectionError, match="cannot reach") as info:
        detector.detect(["hello"])
    assert info.value.retryable


def test_broken_http_body_is_retried_then_an_output_error(stub_server: StubServer) -> None:
    stub_server.script = lambda body: Answer(body=b'{"choices": [{"message": ')
    with pytest.raises(DetectorOutputError, match="not JSON"):
        _detector(stub_server, max_retries=1).detect(["hello"])
    assert len(stub_server.requests) == 2


@pytest.mark.parametrize(
    "payload, error",
    [(b'{"object": "error"}', "not a chat completion"), (b'{"choices": []}', "not a chat completion")],
)
def test_non_completion_json_is_an_output_error(stub_server: StubServer, payload: bytes, error: str) -> None:
    stub_server.script = lambda body: Answer(body=payload)
    with pytest.raises(DetectorOutputError, match=error):
        _detector(stub_server).detect(["hello"])


def test_model_reply_broken_beyond_repair_and_cut_replies(stub_server: StubServer, recorded: list[dict]) -> None:
    refusal = next(c for c in recorded if c["name"] == "refusal")
    stub_server.script = lambda body: Answer(content=refusal["reply"])
    with pytest.raises(DetectorOutputError):
        _detector(stub_server).detect([refusal["text"]])
    stub_server.script = lambda body: Answer(content='[{"original_text": "a@b.co", "priv', finish_reason="length")
    with pytest.raises(DetectorOutputError, match="token limit"):
        _detector(stub_server).detect(["mail a@b.co"])
    stub_server.script = lambda body: Answer(content=None)
    with pytest.raises(DetectorOutputError, match="empty"):
        _detector(stub_server).detect(["mail a@b.co"])


def _slow_echo(delay: float) -> Callable[[dict[str, Any]], Answer]:
    def script(body: dict[str, Any]) -> Answer:
        _, text = message_of(body)
        word = text.split()[-1]
        reply = json.dumps([{"original_text": word, "privacy_type": "Account ID/Username", "privacy_level": "PL2"}])
        return Answer(content=reply, delay_s=delay)

    return script


def test_bounded_concurrency_sync(stub_server: StubServer) -> None:
    stub_server.script = _slow_echo(0.15)
    texts = [f"my handle is user{i}" for i in range(9)]
    out = _detector(stub_server, max_concurrency=3).detect(texts)
    assert [s[0].original_text for s in out] == [f"user{i}" for i in range(9)]  # order kept
    assert stub_server.max_in_flight == 3


def test_bounded_concurrency_async(stub_server: StubServer) -> None:
    stub_server.script = _slow_echo(0.15)
    texts = [f"my handle is user{i}" for i in range(9)]
    out = asyncio.run(_detector(stub_server, max_concurrency=4).adetect(texts))
    assert [s[0].original_text for s in out] == [f"user{i}" for i in range(9)]
    assert stub_server.max_in_flight == 4


def test_one_failure_fails_the_whole_batch_sync_and_async(stub_server: StubServer) -> None:
    echo = _slow_echo(0.05)
    stub_server.script = lambda body: Answer(status=400) if "user3" in message_of(body)[1] else echo(body)
    texts = [f"my handle is user{i}" for i in range(6)]
    with pytest.raises(DetectionError, match="HTTP 400"):
        _detector(stub_server, max_concurrency=2).detect(texts)
    with pytest.raises(DetectionError, match="HTTP 400"):
        asyncio.run(_detector(stub_server, max_concurrency=2).adetect(texts))


def test_injected_clients_are_used_and_left_open(stub_server: StubServer) -> None:
    stub_server.script = _slow_echo(0)
    client = httpx.Client(headers={"X-Trace": "t1"})
    detector = _detector(stub_server, client=client)
    detector.detect(["my handle is abc"])
    detector.close()
    assert not client.is_closed and stub_server.headers[0]["x-trace"] == "t1"
    client.close()

    async def run() -> list[list[Any]]:
        async with httpx.AsyncClient(headers={"X-Trace": "t2"}) as aclient:
            return await _detector(stub_server, async_client=aclient).adetect(["my handle is xyz"])

    assert asyncio.run(run())[0][0].original_text == "xyz"
    assert stub_server.headers[1]["x-trace"] == "t2"


def test_api_key_from_environment_read_at_construction(stub_server: StubServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    detector = _detector(stub_server)
    monkeypatch.delenv("OPENAI_API_KEY")
    detector.detect(["hello"])
    assert stub_server.headers[0]["authorization"] == f"Bearer {SECRET}"
    _detector(stub_server).detect(["hello"])
    assert "authorization" not in stub_server.headers[1]


@pytest.mark.parametrize(
    "args, options",
    [(("ftp://x/v1", "m"), {}), (("http://127.0.0.1:8000/v1", ""), {}),
     (("http://127.0.0.1:8000/v1", "m"), {"structured_output": "grammar"}),
     (("http://127.0.0.1:8000/v1", "m"), {"max_concurrency": 0})],
)
def test_bad_configuration(args: tuple[str, str], options: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        OpenAICompatibleDetector(*args, **options)


def test_engine_over_the_server_stores_no_clear_value(
    stub_server: StubServer, replay: Callable, recorded: list[dict], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    stub_server.script = replay
    case = recorded[0]
    vault_path = tmp_path / "vault.sqlite3"
    vault = SQLiteVault(vault_path, key=VaultKey.generate())
    caplog.set_level(logging.DEBUG)
    try:
        engine = PrivacyEngine(detector=_detector(stub_server), vault=vault)
        masked = engine.mask(case["text"], user_id="u1", user_name=case["user_name"])
        for value, _, _ in case["expect"]:
            assert value not in masked.text
        assert "<Phone_Number_1>" in masked.text and "<Verification_Code_1>" in masked.text
        assert engine.unmask(masked.text, user_id="u1") == case["text"]
        stored = vault_path.read_bytes()
        assert all(value.encode() not in stored for value, _, _ in case["expect"])
    finally:
        vault.close()
    assert all(value not in caplog.text for value, _, _ in case["expect"])


def test_async_engine_twin(stub_server: StubServer, replay: Callable, recorded: list[dict], tmp_path: Path) -> None:
    stub_server.script = replay
    case = next(c for c in recorded if c["name"] == "fullwidth-digits-and-forced-level")
    vault = SQLiteVault(tmp_path / "vault.sqlite3", key=VaultKey.generate())
    try:
        engine = PrivacyEngine(detector=_detector(stub_server), vault=vault)

        async def run() -> tuple[str, str]:
            masked = await engine.amask(case["text"], user_id="u2", user_name=case["user_name"])
            return masked.text, await engine.aunmask(masked.text, user_id="u2")

        masked_text, restored = asyncio.run(run())
        assert "１３８００１３８０００" not in masked_text and "轻度抑郁" not in masked_text
        assert restored == case["text"]
    finally:
        vault.close()


def test_threads_share_one_detector(stub_server: StubServer) -> None:
    stub_server.script = _slow_echo(0.02)
    detector = _detector(stub_server, max_concurrency=2)
    results: dict[int, str] = {}

    def work(i: int) -> None:
        results[i] = detector.detect([f"my handle is t{i}"])[0][0].original_text

    threads = [threading.Thread(target=work, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == {i: f"t{i}" for i in range(6)}
    detector.close()
