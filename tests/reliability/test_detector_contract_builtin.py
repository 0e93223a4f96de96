"""The shipped detector contract, run on the deterministic test detector and the rules detector."""

from __future__ import annotations

import pytest

from memprivacy_plugins.detectors import RulesDetector
from memprivacy_plugins.testing import DetectorContractTests, DictionaryDetector
from memprivacy_plugins.testing.detector_contract import SAMPLE_TEXTS


class TestDictionaryDetectorContract(DetectorContractTests):
    @pytest.fixture
    def detector(self) -> DictionaryDetector:
        values = {"jane.doe@example.com": "Email", "+1 415 555 0100": "Phone Number", "138 0013 8000": "Phone Number",
                  "张伟": "Real Name", "sk-test-0000000000000000": "Key", "Jane Doe": "Real Name"}
        return DictionaryDetector(values)


class TestRulesDetectorContract(DetectorContractTests):
    @pytest.fixture
    def detector(self) -> RulesDetector:
        return RulesDetector()


def test_the_suite_rejects_a_broken_detector() -> None:
    """The contract's own checks fail on a detector that breaks it (overlaps, wrong offsets)."""
    from memprivacy_plugins import Span

    text = SAMPLE_TEXTS[0]
    overlapping = [Span("jane.doe@example.com", "Email", "PL2", 20, 40), Span("doe@example.com", "Email", "PL2", 25, 40)]
    with pytest.raises(AssertionError, match="sorted"):
        DetectorContractTests._check_spans(text, overlapping)
    with pytest.raises(AssertionError, match="offsets"):
        DetectorContractTests._check_spans(text, [Span("jane.doe@example.com", "Email", "PL2", 0, 20)])
    with pytest.raises(AssertionError, match="substring"):
        DetectorContractTests._check_spans(text, [Span("absent@example.com", "Email", "PL2")])
