"""TransformersDetector on a tiny random Qwen3 loaded through the real from_pretrained path."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("torch")

from memprivacy_plugins import PrivacyEngine, SQLiteVault, VaultKey
from memprivacy_plugins.detectors._llm_schema import extraction_schema
from memprivacy_plugins.detectors.transformers import TransformersDetector
from memprivacy_plugins.errors import DetectionError, DetectorOutputError

TEXTS = [
    "hi",
    "My phone is 138 0013 8000.",
    "我叫张伟，手机号码是13800138000，上周确诊了轻度抑郁，验证码是482913。",
    "Please remember my card 6222 0212 3456 7890 and the IBAN DE89 3704 0044 0532 0130 00 for rent.",
    "ssh root@192.168.1.20 with password hunter2, then email the report to zhang.san@example.com",
    "Nothing private in this one, just a longer sentence about the weather, the train and lunch plans.",
    "王建国住在朝阳区建国路88号3单元，电话 139 1234 5678。",
    "ok",
]
# Every value of this schema's enum occurs in ALL_VALUES_TEXT, so any constrained reply maps to spans.
VALUES = ["138 0013 8000", "zhang.san@example.com", "张伟", "482913", "hunter2"]
ALL_VALUES_TEXT = "我是张伟, phone 138 0013 8000, mail zhang.san@example.com, code 482913, password hunter2."
TYPES = ["Phone Number", "Email", "Real Name", "Verification Code", "Password"]


def choice_schema() -> dict[str, Any]:
    return {
        "type": "array",
        "minItems": 1,
        "maxItems": 3,
        "items": {
            "type": "object",
            "properties": {
                "original_text": {"type": "string", "enum": VALUES},
                "privacy_type": {"type": "string", "enum": TYPES},
                "privacy_level": {"type": "string", "enum": ["PL2", "PL3", "PL4"]},
            },
            "required": ["original_text", "privacy_type", "privacy_level"],
            "additionalProperties": False,
        },
    }


SMALL_SCHEMA = extraction_schema(max_items=3, max_text_chars=12, max_type_chars=20)


def _check_small_schema(data: Any) -> None:
    """SMALL_SCHEMA, checked by hand (no jsonschema dependency)."""
    assert isinstance(data, list) and len(data) <= 3
    for item in data:
        assert isinstance(item, dict) and set(item) == {"original_text", "privacy_type", "privacy_level"}
        assert isinstance(item["original_text"], str) and 1 <= len(item["original_text"]) <= 12
        assert isinstance(item["privacy_type"], str) and 1 <= len(item["privacy_type"]) <= 20
        assert item["privacy_level"] in ("PL1", "PL2", "PL3", "PL4")


def _raw(detector: TransformersDetector, texts: list[str]) -> list[Any]:
    return detector._generate([detector.prompt.render(t, "张伟") for t in texts])


def test_construction_downloads_and_imports_nothing() -> None:
    code = (
        "import sys; from memprivacy_plugins.detectors import TransformersDetector;"
        "d = TransformersDetector('IAAR-Shanghai/MemPrivacy-1.7B-RL', device='cpu');"
        "print(d.loaded, [m for m in ('torch', 'transformers', 'llguidance') if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False []"


def test_missing_checkpoint_offline_is_a_detection_error() -> None:
    code = (
        "from memprivacy_plugins.detectors import TransformersDetector\n"
        "from memprivacy_plugins.errors import DetectionError\n"
        "try:\n"
        "    TransformersDetector('memprivacy-test/no-such-model').detect(['my phone is 138 0013 8000'])\n"
        "except DetectionError as exc:\n"
        "    print(type(exc).__name__, '|', exc, '|', exc.__notes__)\n"
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=False).stdout
    assert out.startswith("DetectionError | cannot load the model 'memprivacy-test/no-such-model'")
    assert "HF_HUB_OFFLINE" in out and "138 0013" not in out


def test_constrained_sampling_gives_schema_valid_json_even_from_random_weights(tiny_model_dir: Path) -> None:
    import torch

    torch.manual_seed(1)
    detector = TransformersDetector(
        tiny_model_dir, schema=SMALL_SCHEMA, batch_size=4, max_new_tokens=1024,
        generation_kwargs={"do_sample": True, "temperature": 1.3},
    )
    replies: list[Any] = []
    generate = detector._generate
    detector._generate = lambda prompts: replies.extend(generate(prompts)) or replies  # type: ignore[method-assign]
    spans = detector.detect(TEXTS, user_name="张伟")  # noise maps to few or no spans, but never to a crash
    assert len(spans) == len(TEXTS) and len(replies) == len(TEXTS)
    assert all(r.complete for r in replies)
    parsed = [json.loads(r.text) for r in replies]
    for data in parsed:
        _check_small_schema(data)
    assert sum(len(d) for d in parsed) > 0, "sampling should produce some items"
    assert detector.loaded and detector.cache_stats["rows_cached"] == len(TEXTS)


def test_compact_whitespace_option(tiny_objects: tuple[Any, Any]) -> None:
    import torch

    torch.manual_seed(2)
    detector = TransformersDetector.from_transformers(
        *tiny_objects, schema=SMALL_SCHEMA, whitespace="compact", max_new_tokens=1024,
        generation_kwargs={"do_sample": True, "temperature": 1.3},
    )
    for reply in _raw(detector, TEXTS[:4]):
        data = json.loads(reply.text)
        assert reply.text == json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def test_reply_becomes_spans_end_to_end(tiny_objects: tuple[Any, Any]) -> None:
    detector = TransformersDetector.from_transformers(*tiny_objects, schema=choice_schema(), max_new_tokens=400)
    [spans] = detector.detect([ALL_VALUES_TEXT], user_name="张伟")
    assert spans, "minItems=1 forces at least one item, and every choice is in the text"
    for span in spans:
        assert ALL_VALUES_TEXT[span.start : span.end] == span.original_text
        assert span.original_text in VALUES and span.source == "transformers"
    assert detector.stats.spans == len(spans)


@pytest.fixture
def first_step_scores(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The raw logits each generate() call starts from (one row per message in the batch)."""
    from memprivacy_plugins.detectors._model_guidance import GrammarLogitsProcessor

    seen: list[Any] = []
    original = GrammarLogitsProcessor.__call__

    def recording(self: Any, input_ids: Any, scores: Any) -> Any:
        if not self._started:
            seen.append(scores.detach().clone())
        return original(self, input_ids, scores)

    monkeypatch.setattr(GrammarLogitsProcessor, "__call__", recording)
    return seen


def test_prefix_cache_replies_equal_uncached_ones(tiny_objects: tuple[Any, Any], first_step_scores: list[Any]) -> None:
    import torch

    cached = TransformersDetector.from_transformers(*tiny_objects, schema=choice_schema(), max_new_tokens=400)
    plain = TransformersDetector.from_transformers(
        *tiny_objects, schema=choice_schema(), max_new_tokens=400, prefix_cache=False
    )
    texts = [ALL_VALUES_TEXT, TEXTS[2], TEXTS[4]]
    with_cache = _raw(cached, texts)
    scores_cached = list(first_step_scores)
    first_step_scores.clear()
    without = _raw(plain, texts)
    assert [r.text for r in with_cache] == [r.text for r in without]
    [cached_scores], [plain_scores] = scores_cached, first_step_scores  # one batch of three rows each
    torch.testing.assert_close(cached_scores, plain_scores, atol=1e-4, rtol=1e-4)
    assert not torch.allclose(cached_scores[0], cached_scores[1], atol=1e-3), "logits must depend on the message"
    stats = cached.cache_stats
    assert stats["rows_cached"] == 3 and stats["rows_uncached"] == 0 and stats["prefix_tokens"] > 500
    assert plain.cache_stats["rows_cached"] == 0


def test_batch_of_eight_equals_one_at_a_time(tiny_objects: tuple[Any, Any], first_step_scores: list[Any]) -> None:
    import torch

    texts = TEXTS[1:7] + [ALL_VALUES_TEXT]  # seven rows of different lengths: padding in every batch
    one = TransformersDetector.from_transformers(*tiny_objects, schema=choice_schema(), batch_size=1, max_new_tokens=400)
    eight = TransformersDetector.from_transformers(*tiny_objects, schema=choice_schema(), batch_size=8, max_new_tokens=400)
    eight_plain = TransformersDetector.from_transformers(
        *tiny_objects, schema=choice_schema(), batch_size=8, max_new_tokens=400, prefix_cache=False
    )
    expected = [r.text for r in _raw(one, texts)]
    singles = [s[0] for s in first_step_scores]
    first_step_scores.clear()
    assert [r.text for r in _raw(eight, texts)] == expected
    assert [r.text for r in _raw(eight_plain, texts)] == expected
    assert len(first_step_scores) == 2 and first_step_scores[0].shape[0] == len(texts)
    # Both runs visit the messages shortest first, so batch row k is the k-th single call.
    for batch_scores in first_step_scores:  # middle padding (cached) and left padding (plain)
        for row, single in enumerate(singles):
            torch.testing.assert_close(batch_scores[row], single, atol=1e-4, rtol=1e-4)


def test_json_cut_by_the_token_limit_is_a_failure(tiny_objects: tuple[Any, Any]) -> None:
    detector = TransformersDetector.from_transformers(*tiny_objects, schema=choice_schema(), max_new_tokens=4)
    with pytest.raises(DetectorOutputError, match="token limit") as info:
        detector.detect([ALL_VALUES_TEXT])
    assert "hunter2" not in str(info.value)
    assert detector.stats.truncated == 1


def test_unconstrained_noise_is_a_failure_not_an_empty_answer(tiny_objects: tuple[Any, Any]) -> None:
    detector = TransformersDetector.from_transformers(*tiny_objects, constrained=False, max_new_tokens=6)
    with pytest.raises(DetectorOutputError):
        detector.detect(["My phone is 138 0013 8000."])


def test_padded_vocabulary_is_never_sampled(tiny_objects: tuple[Any, Any]) -> None:
    import torch

    from memprivacy_plugins.detectors._model_guidance import GrammarLogitsProcessor

    model, tokenizer = tiny_objects
    detector = TransformersDetector.from_transformers(model, tokenizer, schema=SMALL_SCHEMA).load()
    runner = detector._runner
    assert runner is not None and runner.vocab_size > len(tokenizer)
    processor = GrammarLogitsProcessor(runner.guidance, runner.grammar, 1, runner.eos_ids)
    scores = torch.zeros((1, runner.vocab_size))
    scores[0, len(tokenizer) :] = 100.0  # the padding rows are the most likely: must still be masked
    out = processor(torch.zeros((1, 3), dtype=torch.long), scores)
    assert torch.isinf(out[0, len(tokenizer) :]).all()
    allowed = torch.nonzero(~torch.isinf(out[0])).flatten().tolist()
    assert allowed and all(tokenizer.decode([t]).lstrip().startswith("[") or not tokenizer.decode([t]).strip()
                           for t in allowed)


def test_async_twin_matches(tiny_objects: tuple[Any, Any]) -> None:
    detector = TransformersDetector.from_transformers(*tiny_objects, schema=choice_schema(), max_new_tokens=400)
    texts = [ALL_VALUES_TEXT, "我是张伟, code 482913"]
    assert asyncio.run(detector.adetect(texts, user_name="张伟")) == detector.detect(texts, user_name="张伟")


def test_engine_masks_what_the_model_found(tiny_objects: tuple[Any, Any], tmp_path: Path) -> None:
    detector = TransformersDetector.from_transformers(*tiny_objects, schema=choice_schema(), max_new_tokens=400)
    vault = SQLiteVault(tmp_path / "vault.sqlite3", key=VaultKey.generate())
    try:
        engine = PrivacyEngine(detector=detector, vault=vault)
        masked = engine.mask(ALL_VALUES_TEXT, user_id="u1", user_name="张伟")
        assert masked.spans
        for span in masked.spans:
            assert span.original_text not in masked.text
        assert engine.unmask(masked.text, user_id="u1") == ALL_VALUES_TEXT
        stored = (tmp_path / "vault.sqlite3").read_bytes()
        assert all(s.original_text.encode() not in stored for s in masked.spans)
    finally:
        vault.close()


def test_bad_options_fail_at_construction() -> None:
    from memprivacy_plugins.errors import ConfigError

    with pytest.raises(ConfigError):
        TransformersDetector("x", batch_size=0)
    with pytest.raises(ConfigError):
        TransformersDetector("x", whitespace="lots")
    with pytest.raises(ConfigError):
        TransformersDetector("x", max_new_tokens=0)


def test_generation_errors_are_wrapped_without_input(tiny_objects: tuple[Any, Any]) -> None:
    detector = TransformersDetector.from_transformers(
        *tiny_objects, schema=choice_schema(), generation_kwargs={"num_beams": 0}
    )
    with pytest.raises(DetectionError, match="generation failed") as info:
        detector.detect([ALL_VALUES_TEXT])
    assert "hunter2" not in str(info.value) and info.value.__cause__ is None


def test_schema_the_grammar_compiler_rejects_is_a_config_error(tiny_objects: tuple[Any, Any]) -> None:
    from memprivacy_plugins.errors import ConfigError

    bad = {"type": "array", "items": {"$ref": "#/definitions/missing"}}
    with pytest.raises(ConfigError, match="cannot be compiled"):
        TransformersDetector.from_transformers(*tiny_objects, schema=bad).load()


def test_cache_keyword_follows_the_installed_transformers(tiny_objects: tuple[Any, Any]) -> None:
    """transformers renamed ``past_key_values`` to ``cache`` within 5.x; older 5.x releases
    reject ``cache`` in generate(). The runner asks the model which name it takes."""
    import warnings

    from memprivacy_plugins.detectors._model_runner import _cache_arg

    class OldForward:
        def forward(self, input_ids: Any = None, past_key_values: Any = None) -> None: ...

    class NewForward:
        def forward(self, input_ids: Any = None, cache: Any = None) -> None: ...

    assert _cache_arg(OldForward()) == "past_key_values"
    assert _cache_arg(NewForward()) == "cache"
    # The old name through the whole prefix-cache path gives the same replies as the new one.
    new = TransformersDetector.from_transformers(*tiny_objects, schema=choice_schema(), max_new_tokens=400)
    old = TransformersDetector.from_transformers(*tiny_objects, schema=choice_schema(), max_new_tokens=400)
    old._ensure_runner().cache_arg = "past_key_values"
    texts = [ALL_VALUES_TEXT, TEXTS[2]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # newer releases warn that the old name is deprecated
        assert [r.text for r in _raw(old, texts)] == [r.text for r in _raw(new, texts)]
    assert old.cache_stats["rows_cached"] == 2
