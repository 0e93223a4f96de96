"""CombinedDetector: union, merging of overlaps, fail-closed, the skip option, async twin."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from memprivacy_model_stub import Answer  # put on sys.path by conftest

from memprivacy_plugins import PrivacyEngine, SQLiteVault, VaultKey
from memprivacy_plugins.detectors import BaseDetector, CombinedDetector
from memprivacy_plugins.detectors.openai_compatible import OpenAICompatibleDetector
from memprivacy_plugins.errors import ConfigError, DetectionError, DetectorTimeoutError
from memprivacy_plugins.spans import Span


class FixedDetector(BaseDetector):
    """Returns the spans of a function of the text, so tests choose exactly what a member says."""

    def __init__(self, name: str, find: Callable[[str], list[Span]]) -> None:
        self.name = name
        self.find = find
        self.calls = 0

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        self.calls += 1
        return [self.find(t) for t in texts]


class BrokenDetector(BaseDetector):
    name = "broken"

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        raise RuntimeError("backend down while reading 138 0013 8000")


def _at(text: str, value: str, kind: str, level: str, with_offsets: bool = True) -> list[Span]:
    i = text.find(value)
    if i < 0:
        return []
    return [Span(value, kind, level, i, i + len(value)) if with_offsets else Span(value, kind, level)]


TEXT = "I'm Li Na, phone 138 0013 8000, my address is 88 Jianguo Road Apt 3, diagnosed with asthma."


def _rules_like() -> FixedDetector:
    return FixedDetector("rules-like", lambda t: _at(t, "138 0013 8000", "Phone Number", "PL2")
                         + _at(t, "Apt 3", "Detailed Address", "PL2"))


def _model_like() -> FixedDetector:
    return FixedDetector("model-like", lambda t: _at(t, "Li Na", "Real Name", "PL2", with_offsets=False)
                         + _at(t, "88 Jianguo Road Apt 3", "Precise Location", "PL3", with_offsets=False)
                         + _at(t, "asthma", "Medical Health", "PL3", with_offsets=False))


def test_union_with_overlaps_merged_and_higher_level_winning() -> None:
    [spans] = CombinedDetector([_rules_like(), _model_like()]).detect([TEXT])
    got = [(s.original_text, s.privacy_type, s.privacy_level.value, s.source) for s in spans]
    assert got == [
        ("Li Na", "Real Name", "PL2", "model-like"),
        ("138 0013 8000", "Phone Number", "PL2", "rules-like"),
        ("88 Jianguo Road Apt 3", "Precise Location", "PL3", "model-like"),
        ("asthma", "Medical Health", "PL3", "model-like"),
    ]
    assert all(TEXT[s.start : s.end] == s.original_text for s in spans)


def test_partial_overlap_becomes_the_union() -> None:
    text = "token abcdef123456 end"
    a = FixedDetector("a", lambda t: _at(t, "abcdef", "Key", "PL4"))
    b = FixedDetector("b", lambda t: _at(t, "def123456", "Token", "PL4"))
    [spans] = CombinedDetector([a, b]).detect([text])
    assert [(s.original_text, s.privacy_type) for s in spans] == [("abcdef123456", "Token")]  # longer wins the tie


def test_same_level_same_length_goes_to_the_first_member() -> None:
    a = FixedDetector("a", lambda t: _at(t, "X-1", "Project Code", "PL4"))
    b = FixedDetector("b", lambda t: _at(t, "X-1", "Business Secret", "PL4"))
    assert CombinedDetector([a, b]).detect(["code X-1"])[0][0].privacy_type == "Project Code"
    assert CombinedDetector([b, a]).detect(["code X-1"])[0][0].privacy_type == "Business Secret"


def test_any_member_failure_fails_the_call_without_leaking() -> None:
    good = _rules_like()
    with pytest.raises(DetectionError, match=r"detector broken failed \(RuntimeError\)") as info:
        CombinedDetector([good, BrokenDetector()]).detect([TEXT])
    assert "138 0013" not in str(info.value) and info.value.__cause__ is None
    with pytest.raises(DetectionError, match="broken"):
        asyncio.run(CombinedDetector([BrokenDetector(), good]).adetect([TEXT]))

    class Timeout(BaseDetector):
        def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
            raise DetectorTimeoutError("no answer within 1s")

    with pytest.raises(DetectorTimeoutError):  # our own errors keep their type (retryable stays visible)
        CombinedDetector([good, Timeout()]).detect([TEXT])


def test_skip_mode_answers_from_the_rest_and_counts(caplog: pytest.LogCaptureFixture) -> None:
    combined = CombinedDetector([_rules_like(), BrokenDetector()], on_member_error="skip")
    with caplog.at_level(logging.WARNING):
        [spans] = combined.detect([TEXT])
    assert [s.original_text for s in spans] == ["138 0013 8000", "Apt 3"]
    assert combined.member_failures == 1
    assert "broken" in caplog.text and "RuntimeError" in caplog.text and "138 0013" not in caplog.text
    with pytest.raises(DetectionError, match="every detector"):
        CombinedDetector([BrokenDetector(), BrokenDetector()], on_member_error="skip").detect([TEXT])


def test_wrong_result_length_from_a_member_is_a_failure() -> None:
    class Short(BaseDetector):
        def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
            return []

    with pytest.raises(DetectionError, match="wrong number"):
        CombinedDetector([_rules_like(), Short()]).detect([TEXT])


def test_spans_not_in_the_text_are_dropped() -> None:
    liar = FixedDetector("liar", lambda t: [Span("not here", "Email", "PL2")])
    assert CombinedDetector([liar, _rules_like()]).detect(["nothing to see"]) == [[]]


def test_async_twin_runs_members_concurrently() -> None:
    class Slow(BaseDetector):
        def __init__(self, name: str, value: str) -> None:
            self.name, self.value = name, value

        def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
            return [_at(t, self.value, "Email", "PL2") for t in texts]

        async def adetect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
            await asyncio.sleep(0.3)
            return self.detect(texts, user_name=user_name)

    combined = CombinedDetector([Slow("a", "a@x.io"), Slow("b", "b@x.io")])
    texts = ["mail a@x.io and b@x.io"]

    async def timed() -> tuple[list[list[Span]], float]:
        loop = asyncio.get_running_loop()
        started = loop.time()
        result = await combined.adetect(texts)
        return result, loop.time() - started

    result, elapsed = asyncio.run(timed())
    assert result == combined.detect(texts) and len(result[0]) == 2
    assert elapsed < 0.55  # both members waited at the same time, not one after the other


@pytest.mark.parametrize("members, options", [([], {}), ([object()], {}), ([BrokenDetector()], {"on_member_error": "ignore"})])
def test_bad_configuration(members: list[Any], options: dict[str, Any]) -> None:
    with pytest.raises(ConfigError):
        CombinedDetector(members, **options)


def test_with_the_real_rules_detector_and_a_server_model(stub_server: Any, tmp_path: Path) -> None:
    rules_module = pytest.importorskip("memprivacy_plugins.detectors.rules")
    text = "我叫张伟，手机 138 0013 8000，上周确诊了轻度抑郁，密码是 hunter22。"
    reply = (
        '[{"original_text": "张伟", "privacy_type": "Real Name", "privacy_level": "PL2"},'
        ' {"original_text": "轻度抑郁", "privacy_type": "Medical Health", "privacy_level": "PL3"},'
        ' {"original_text": "手机 138 0013 8000", "privacy_type": "Phone Number", "privacy_level": "PL2"}]'
    )
    stub_server.script = lambda body: Answer(content=reply)
    model = OpenAICompatibleDetector(stub_server.base_url, "memprivacy", backoff_s=0.01)
    combined = CombinedDetector([rules_module.RulesDetector(), model])
    [spans] = combined.detect([text], user_name="张伟")
    got = {(s.original_text, s.privacy_type) for s in spans}
    assert ("轻度抑郁", "Medical Health") in got  # only the model knows health
    assert ("手机 138 0013 8000", "Phone Number") in got  # the model's wider phone span absorbs the rules' one
    assert any(s.privacy_type == "Password" for s in spans)  # only the rules found the password
    vault = SQLiteVault(tmp_path / "v.sqlite3", key=VaultKey.generate())
    try:
        masked = PrivacyEngine(detector=combined, vault=vault).mask(text, user_id="u1", user_name="张伟")
        for value in ("张伟", "138 0013 8000", "轻度抑郁", "hunter22"):
            assert value not in masked.text
    finally:
        vault.close()
