"""The (message, user name) LRU cache of the model detectors."""

from __future__ import annotations

import json
from collections.abc import Sequence

import pytest

from memprivacy_plugins.detectors._llm_base import LLMDetector, ModelReply
from memprivacy_plugins.detectors._llm_prompt import ExtractionPrompt
from memprivacy_plugins.errors import DetectorOutputError


class _Counting(LLMDetector):
    name = "counting"

    def __init__(self, reply: str | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.calls = 0
        self.prompts = 0
        self.reply = reply

    def _generate(self, prompts: Sequence[ExtractionPrompt]) -> list[ModelReply]:
        self.calls += 1
        self.prompts += len(prompts)
        text = self.reply or json.dumps([{"original_text": "a@b.co", "privacy_type": "Email", "privacy_level": "PL2"}])
        return [ModelReply(text) for _ in prompts]


def test_repeated_messages_ask_the_model_once() -> None:
    det = _Counting(cache_size=8)
    first = det.detect(["mail a@b.co", "mail a@b.co", "hi a@b.co"])
    assert det.prompts == 2  # duplicates within a batch are asked once
    again = det.detect(["hi a@b.co", "mail a@b.co"], user_name=None)
    assert det.calls == 1 and again == [first[2], first[0]]
    det.detect(["mail a@b.co"], user_name="Ada")  # the user name is part of the key
    assert det.prompts == 3
    assert det.stats.as_dict()["cache_hits"] == 2


async def test_async_shares_the_cache() -> None:
    det = _Counting(cache_size=8)
    det.detect(["mail a@b.co"])
    assert await det.adetect(["mail a@b.co"]) == det.detect(["mail a@b.co"])
    assert det.prompts == 1


def test_lru_bound_and_disabled() -> None:
    det = _Counting(cache_size=2)
    for text in ("a a@b.co", "b a@b.co", "c a@b.co"):
        det.detect([text])
    det.detect(["a a@b.co"])  # evicted: asked again
    assert det.prompts == 4
    off = _Counting(cache_size=0)
    off.detect(["a a@b.co"])
    off.detect(["a a@b.co"])
    assert off.prompts == 2


def test_failures_are_not_cached() -> None:
    det = _Counting(reply="{not json at all", cache_size=8)
    for _ in range(2):
        with pytest.raises(DetectorOutputError):
            det.detect(["mail a@b.co"])
    assert det.prompts == 2
