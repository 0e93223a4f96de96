"""The extractor contract as a pytest suite: subclass once per detector.

.. code-block:: python

    class TestMyDetector(DetectorContractTests):
        @pytest.fixture
        def detector(self):
            return MyDetector()

Override ``known_private_text`` when your detector does not find e-mail addresses, and
``huge_text_chars`` to keep a slow (model) detector's huge-input test affordable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any

import pytest

from ..spans import Span
from ..taxonomy import PrivacyLevel

__all__ = ["SAMPLE_TEXTS", "DetectorContractTests"]

SAMPLE_TEXTS: tuple[str, ...] = (
    "You can reach me at jane.doe@example.com or +1 415 555 0100.",
    "我叫张伟，手机 138 0013 8000，邮箱 zhang.wei@example.cn",
    "no private data here, just the weather 🌧️ and a version 1.2.3",
    "emoji first 👩‍👩‍👧 then mail: emoji.user@example.org 🎉",
    "e\u0301te\u0301 cafe\u0301 — contact: accent.user@example.fr",
    "a placeholder already: <Email_1> and [Phone_Number_2]",
    "line one\nline two\r\n\ttabbed secret-looking sk-test-0000000000000000",
    "mixed 中文 and English, order #20240101-7788, ISBN 978-3-16-148410-0",
)


def _key(span: Span) -> tuple[Any, ...]:
    return (span.original_text, span.privacy_type, span.privacy_level, span.start, span.end)


class DetectorContractTests:
    """What every :class:`~memprivacy_plugins.detectors.Detector` must do."""

    @pytest.fixture
    def detector(self) -> Any:
        raise NotImplementedError("a DetectorContractTests subclass must provide a detector fixture")

    @pytest.fixture
    def known_private_text(self) -> tuple[str, str]:
        """A text and a value in it that the detector must find."""
        return ("You can reach me at jane.doe@example.com any time.", "jane.doe@example.com")

    @pytest.fixture
    def huge_text_chars(self) -> int:
        return 200_000

    @staticmethod
    def _check_spans(text: str, spans: Sequence[Span]) -> None:
        assert isinstance(spans, list)
        previous_end = 0
        for span in spans:
            assert isinstance(span, Span)
            assert span.original_text and span.original_text in text, "a span is not a substring of its text"
            assert isinstance(span.privacy_type, str) and span.privacy_type.strip()
            assert span.privacy_level in (PrivacyLevel.PL2, PrivacyLevel.PL3, PrivacyLevel.PL4)
            if span.start is not None and span.end is not None:
                assert text[span.start : span.end] == span.original_text, "offsets do not point at the span"
                assert span.start >= previous_end, "spans are not sorted, or they overlap"
                previous_end = span.end

    def test_one_list_per_text_in_order(self, detector: Any) -> None:
        result = detector.detect(list(SAMPLE_TEXTS))
        assert isinstance(result, list) and len(result) == len(SAMPLE_TEXTS)
        for text, spans in zip(SAMPLE_TEXTS, result):
            self._check_spans(text, spans)

    def test_batch_equals_one_by_one(self, detector: Any) -> None:
        batch = detector.detect(list(SAMPLE_TEXTS))
        singles = [detector.detect([text])[0] for text in SAMPLE_TEXTS]
        assert [[_key(s) for s in spans] for spans in batch] == [[_key(s) for s in spans] for spans in singles]

    def test_deterministic(self, detector: Any) -> None:
        first = detector.detect(list(SAMPLE_TEXTS))
        second = detector.detect(list(SAMPLE_TEXTS))
        assert [[_key(s) for s in spans] for spans in first] == [[_key(s) for s in spans] for spans in second]

    def test_empty_inputs(self, detector: Any) -> None:
        assert detector.detect([]) == []
        assert detector.detect(["", " ", "\n\t"]) == [[], [], []]

    def test_finds_a_known_value(self, detector: Any, known_private_text: tuple[str, str]) -> None:
        text, value = known_private_text
        (spans,) = detector.detect([text])
        assert value in {s.original_text for s in spans}

    def test_huge_input(self, detector: Any, known_private_text: tuple[str, str], huge_text_chars: int) -> None:
        text, value = known_private_text
        filler = "lorem ipsum dolor sit amet 中文 🎉 " * (huge_text_chars // 32 + 1)
        huge = filler[: huge_text_chars // 2] + " " + text + " " + filler[: huge_text_chars // 2]
        (spans,) = detector.detect([huge])
        self._check_spans(huge, spans)
        assert value in {s.original_text for s in spans}

    def test_input_is_not_mutated(self, detector: Any) -> None:
        texts = list(SAMPLE_TEXTS)
        detector.detect(texts)
        assert texts == list(SAMPLE_TEXTS)

    def test_user_name_is_accepted(self, detector: Any) -> None:
        (spans,) = detector.detect(["Hi, I am Jane Doe, write to jane.doe@example.com"], user_name="Jane Doe")
        self._check_spans("Hi, I am Jane Doe, write to jane.doe@example.com", spans)

    def test_span_reprs_hide_values(self, detector: Any, known_private_text: tuple[str, str]) -> None:
        text, value = known_private_text
        (spans,) = detector.detect([text])
        assert value not in repr(spans)

    def test_async_twin_agrees(self, detector: Any) -> None:
        if not hasattr(detector, "adetect"):
            pytest.skip("this detector has no adetect (the engine runs detect in a thread)")
        sync = detector.detect(list(SAMPLE_TEXTS))
        async_ = asyncio.run(detector.adetect(list(SAMPLE_TEXTS)))
        assert [[_key(s) for s in spans] for spans in async_] == [[_key(s) for s in spans] for spans in sync]
