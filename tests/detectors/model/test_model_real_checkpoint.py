"""A real MemPrivacy checkpoint, only when MEMPRIVACY_TEST_MODEL points to one (never required).

    MEMPRIVACY_TEST_MODEL=/models/MemPrivacy-1.7B-RL python -m pytest -m device tests/detectors/model
"""

from __future__ import annotations

import os

import pytest

CHECKPOINT = os.environ.get("MEMPRIVACY_TEST_MODEL")
pytestmark = [
    pytest.mark.device,
    pytest.mark.skipif(not CHECKPOINT, reason="set MEMPRIVACY_TEST_MODEL to a MemPrivacy checkpoint directory"),
]

CARD_EXAMPLE = (
    "Hello, my name is Zhang San, and my mobile number is 13800138000. I've been having insomnia recently, and "
    "the doctor diagnosed me with mild depression. Also, I just received a verification code 89757, please fill "
    "it in for me. By the way, I like spicy food and I speak quite directly."
)
ZH = "我叫张伟，手机号码是138 0013 8000，上周确诊了轻度抑郁，验证码482913帮我填一下。"


@pytest.fixture(scope="module")
def detector() -> object:
    import torch

    from memprivacy_plugins.detectors.transformers import TransformersDetector

    device = "cuda" if torch.cuda.is_available() else None
    return TransformersDetector(CHECKPOINT, device=device, batch_size=4, max_new_tokens=1024).load()


def test_model_card_example(detector: object) -> None:
    [spans] = detector.detect([CARD_EXAMPLE], user_name="Zhang San")  # type: ignore[attr-defined]
    found = {(s.original_text, s.privacy_level.value) for s in spans}
    assert ("13800138000", "PL2") in found
    assert ("89757", "PL4") in found
    assert any("depression" in text and level == "PL3" for text, level in found)
    assert not any("spicy" in text for text, _ in found)  # PL1 is never extracted
    assert all(CARD_EXAMPLE[s.start : s.end] == s.original_text for s in spans)


def test_chinese_and_batching_agree(detector: object) -> None:
    texts = [ZH, CARD_EXAMPLE, "今天天气不错，我们去公园散步吧。"]
    batched = detector.detect(texts)  # type: ignore[attr-defined]
    one_by_one = [detector.detect([t])[0] for t in texts]  # type: ignore[attr-defined]
    for result in (batched, one_by_one):  # bf16 padding may reorder near-ties, so compare what matters
        assert {"138 0013 8000", "482913"} <= {s.original_text for s in result[0]}
        assert result[2] == []
    assert detector.stats.truncated == 0  # type: ignore[attr-defined]
