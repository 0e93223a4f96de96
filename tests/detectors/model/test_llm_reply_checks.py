"""The shared model-detector base: parsing, repair, checks against text and taxonomy, windows."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any

import pytest

from memprivacy_plugins.detectors._llm_base import LLMDetector, ModelReply, split_message
from memprivacy_plugins.detectors._llm_output import OutputStats, parse_reply, spans_from_items
from memprivacy_plugins.detectors._llm_prompt import ExtractionPrompt
from memprivacy_plugins.detectors._model_spans import locate, merge_spans
from memprivacy_plugins.errors import DetectionError, DetectorOutputError, InvalidTextError
from memprivacy_plugins.spans import Span
from memprivacy_plugins.taxonomy import PrivacyLevel


class ReplayDetector(LLMDetector):
    """The one hook, answered from a table: the model is the outer edge here."""

    name = "replay"

    def __init__(self, answer: Any, **options: Any) -> None:
        super().__init__(**options)
        self.answer = answer
        self.prompts: list[ExtractionPrompt] = []

    def _generate(self, prompts: Sequence[ExtractionPrompt]) -> list[ModelReply]:
        self.prompts.extend(prompts)
        return [self.answer(p) if callable(self.answer) else self.answer for p in prompts]


def _triples(spans: list[Span]) -> list[tuple[str, str, str]]:
    return [(s.original_text, s.privacy_type, s.privacy_level.value) for s in spans]


def test_recorded_replies_give_the_expected_spans(recorded: list[dict[str, Any]]) -> None:
    by_text = {case["text"]: case for case in recorded}
    detector = ReplayDetector(lambda p: ModelReply(by_text[_message(p)]["reply"]))
    for case in recorded:
        if "error" in case:
            with pytest.raises(DetectorOutputError) as info:
                detector.detect([case["text"]], user_name=case["user_name"])
            assert case["reply"] not in str(info.value)
            continue
        [spans] = detector.detect([case["text"]], user_name=case["user_name"])
        assert sorted(_triples(spans)) == sorted(tuple(e) for e in case["expect"]), case["name"]
        for span in spans:  # offsets point at the value in the original text
            assert case["text"][span.start : span.end] == span.original_text
        assert [s.start for s in spans] == sorted(s.start for s in spans)
    stats = detector.stats.as_dict()
    assert stats["relocated"] == 1 and stats["pl1_dropped"] == 1 and stats["not_in_text"] == 1
    assert stats["repaired"] == 1 and stats["renamed_types"] == 1 and stats["unparseable"] == 2
    assert stats["level_forced"] >= 3


def _message(prompt: ExtractionPrompt) -> str:
    tail = prompt.content[prompt.content.rindex('{\n  "role"') :]
    return json.loads(tail)["content"]


def test_blank_texts_skip_the_model_and_keep_their_slot() -> None:
    detector = ReplayDetector(ModelReply('[{"original_text": "a@b.co", "privacy_type": "Email", "privacy_level": "PL2"}]'))
    out = detector.detect(["", "   ", "write to a@b.co"])
    assert [len(x) for x in out] == [0, 0, 1]
    assert len(detector.prompts) == 1


def test_cut_reply_is_a_failure_not_an_empty_answer() -> None:
    detector = ReplayDetector(ModelReply('[{"original_text": "a@b.co"', complete=False))
    with pytest.raises(DetectorOutputError, match="token limit"):
        detector.detect(["write to a@b.co"])
    assert detector.stats.truncated == 1


def test_wrong_reply_count_is_a_failure() -> None:
    class Short(ReplayDetector):
        def _generate(self, prompts: Sequence[ExtractionPrompt]) -> list[ModelReply]:
            return []

    with pytest.raises(DetectionError, match="0 replies for 2 prompts"):
        Short("[]").detect(["one", "two"])


@pytest.mark.parametrize("bad", ["a string", [b"bytes"], [None]])
def test_bad_input_types_raise_clearly(bad: Any) -> None:
    with pytest.raises(InvalidTextError):
        ReplayDetector("[]").detect(bad)


@pytest.mark.parametrize(
    "raw",
    ["", "   ", "<think>still thinking about 13800138000", "no json here", "42", '"text"', "null"],
)
def test_unusable_replies_raise_without_echoing(raw: str) -> None:
    with pytest.raises(DetectorOutputError) as info:
        parse_reply(raw, OutputStats())
    assert "13800138000" not in str(info.value)


@pytest.mark.parametrize(
    "raw, count",
    [
        ("[]", 0),
        ('{"original_text": "x", "privacy_type": "Email", "privacy_level": "PL2"}', 1),
        ('{"privacy_info": [{"original_text": "x", "privacy_type": "Email", "privacy_level": "PL2"}]}', 1),
        ("```\n[]\n```", 0),
        ('[{"original_text": "x", "privacy_type": "Email", "privacy_level": "PL2"},]', 1),
    ],
)
def test_reply_shapes_accepted(raw: str, count: int) -> None:
    assert len(parse_reply(raw, OutputStats())) == count


def test_items_with_bad_fields_are_dropped_and_counted() -> None:
    stats = OutputStats()
    items: list[Any] = [
        "just a string",
        {"original_text": 5, "privacy_type": "Email", "privacy_level": "PL2"},
        {"original_text": "  ", "privacy_type": "Email", "privacy_level": "PL2"},
        {"original_text": "a@b.co", "privacy_type": None, "privacy_level": "PL2"},
        {"original_text": "a@b.co", "privacy_type": "Email", "privacy_level": "PL9"},
    ]
    spans = spans_from_items(items, "mail a@b.co", stats, source="t")
    assert _triples(spans) == [("a@b.co", "Email", "PL2")]  # the last one: known type, level from taxonomy
    assert stats.bad_items == 4 and stats.level_forced == 1


def test_custom_type_without_level_is_assumed_serious() -> None:
    spans = spans_from_items([{"original_text": "Mochi", "privacy_type": "Pet Name"}], "my cat Mochi", OutputStats(), source="t")
    assert spans[0].privacy_level is PrivacyLevel.PL3


def test_locate_prefers_free_standing_ascii_hits_and_folds_width_and_spacing() -> None:
    assert locate("Li", "Lisbon trip with Li tomorrow") == ([(17, 19)], False)
    assert locate("Li", "Lisbon") == ([(0, 2)], False)  # only a glued hit: still masked
    text = "号码：１３８ ００１３ ８０００。"
    places, lenient = locate("13800138000", text)
    assert lenient and [text[s:e] for s, e in places] == ["１３８ ００１３ ８０００"]
    assert locate("abc", "A B C") == ([], True)  # too short to match loosely


def test_merge_unions_overlaps_and_keeps_touching_spans_apart() -> None:
    text = "AAAABBBBCCCC"
    spans = [
        Span("AAAABB", "Email", "PL2", 0, 6),
        Span("BBBB", "Password", "PL4", 4, 8),
        Span("CCCC", "Key", "PL4", 8, 12),
        Span("CCCC", "Token", "PL4"),  # no offsets: located
    ]
    merged = merge_spans(spans, text)
    assert [(s.start, s.end, s.privacy_type) for s in merged] == [(0, 8, "Password"), (8, 12, "Key")]
    assert merged[0].original_text == "AAAABBBB"


def test_long_messages_are_split_into_overlapping_windows() -> None:
    para = "word " * 150 + "\n\n"
    text = para * 12 + "my key is sk-test-123"
    windows = split_message(text, 1000)
    assert len(windows) > 1 and all(len(w) <= 1000 for _, w in windows)
    assert all(text[s : s + len(w)] == w for s, w in windows)
    covered = set()
    for s, w in windows:
        covered.update(range(s, s + len(w)))
    assert covered == set(range(len(text)))
    reply = ModelReply('[{"original_text": "sk-test-123", "privacy_type": "Key", "privacy_level": "PL4"}]')
    detector = ReplayDetector(lambda p: reply if "sk-test-123" in p.content else ModelReply("[]"), max_message_chars=1000)
    [spans] = detector.detect([text])
    assert len(detector.prompts) == len(windows)
    assert [(text[s.start : s.end], s.privacy_type) for s in spans] == [("sk-test-123", "Key")]


def test_async_twin_gives_the_same_answer(recorded: list[dict[str, Any]]) -> None:
    by_text = {case["text"]: case for case in recorded}
    texts = [c["text"] for c in recorded if "error" not in c]
    detector = ReplayDetector(lambda p: ModelReply(by_text[_message(p)]["reply"]))
    assert asyncio.run(detector.adetect(texts)) == detector.detect(texts)


def test_user_name_reaches_the_prompt() -> None:
    detector = ReplayDetector(ModelReply("[]"))
    detector.detect(["hi"], user_name="Li Na")
    detector.detect(["hi"])
    assert "User's Real Name: Li Na\n" in detector.prompts[0].content
    assert "User's Real Name: Unknown\n" in detector.prompts[1].content
