"""RulesDetector as a Detector: the span contract, odd inputs, async, errors without values."""

from __future__ import annotations

import asyncio

import pytest

from memprivacy_plugins.detectors import Detector, RulesDetector
from memprivacy_plugins.errors import InvalidTextError

MESSAGES = [
    "我叫张伟，手机 138 0013 8000，邮箱 zhangwei@163.com，验证码 482913",
    "My SSN is 219-09-9999 and my card is 4111 1111 1111 1111 😀 call (415) 555-2671",
    "",
    "   ",
    "😀😀😀 emoji only 🎉",
    "\u200b\u200bzero width 13800138000\u200b",
    "Ünïcödé straße 12 İstanbul İİİ 13800138000",  # İ lowers to two code points
    "a" * 5000 + " 13800138000 " + "密码是abc12345 " * 200,
]


def test_meets_the_detector_protocol(detector: RulesDetector) -> None:
    assert isinstance(detector, Detector)
    out = detector.detect(MESSAGES, user_name="张伟")
    assert len(out) == len(MESSAGES)
    for text, spans in zip(MESSAGES, out):
        previous_end = 0
        for s in spans:
            assert s.start is not None and s.end is not None
            assert text[s.start : s.end] == s.original_text  # an exact substring, as written
            assert s.start >= previous_end  # sorted and never overlapping
            previous_end = s.end
            assert s.source == "rules"
            assert s.original_text == s.original_text.strip()


def test_values_are_reported_as_written_when_matched_on_folded_text(detector: RulesDetector) -> None:
    [spans] = detector.detect(["手机号１３８００１３８０００，身份证１１０１０５１９４９１２３１００２Ｘ"])
    assert [s.original_text for s in spans] == [
        "１３８００１３８０００",
        "１１０１０５１９４９１２３１００２Ｘ",
    ]


def test_long_message_finds_every_occurrence(detector: RulesDetector) -> None:
    [spans] = detector.detect([MESSAGES[-1]])
    assert sum(1 for s in spans if s.privacy_type == "Password") == 200
    assert sum(1 for s in spans if s.privacy_type == "Phone Number") == 1


def test_empty_batch_and_empty_texts(detector: RulesDetector) -> None:
    assert detector.detect([]) == []
    assert detector.detect(["", " "]) == [[], []]


def test_bad_input_is_a_clear_error_without_the_text(detector: RulesDetector) -> None:
    with pytest.raises(InvalidTextError) as excinfo:
        detector.detect("13800138000")  # type: ignore[arg-type]
    assert "13800138000" not in str(excinfo.value)
    with pytest.raises(InvalidTextError, match="index 1"):
        detector.detect(["ok", b"13800138000"])  # type: ignore[list-item]
    with pytest.raises(InvalidTextError):
        detector.detect(["ok"], user_name=42)  # type: ignore[arg-type]


def test_repr_of_spans_and_detector_hides_values(detector: RulesDetector) -> None:
    [spans] = detector.detect(["密码是Zx@20190618"])
    assert "Zx@20190618" not in repr(spans) and "Zx@20190618" not in repr(detector)


def test_async_twin_gives_the_same_spans(detector: RulesDetector) -> None:
    sync = detector.detect(MESSAGES[:2], user_name="张伟")
    assert asyncio.run(detector.adetect(MESSAGES[:2], user_name="张伟")) == sync


def test_extra_rules_run_and_must_be_rules() -> None:
    from memprivacy_plugins.detectors.rules import Found, Rule
    from memprivacy_plugins.detectors.rules.text import Doc

    class EmployeeIdRule(Rule):
        PRIVACY_TYPE = "Account ID/Username"
        TRIGGERS = ("emp",)

        def find(self, doc: Doc):  # type: ignore[no-untyped-def]
            i = doc.norm.find("EMP-")
            if i >= 0:
                yield Found(i, i + 9, self.PRIVACY_TYPE, 0.9)

    detector = RulesDetector(extra_rules=[EmployeeIdRule()])
    [spans] = detector.detect(["badge EMP-12345 lost"])
    assert [(s.original_text, s.privacy_type) for s in spans] == [("EMP-12345", "Account ID/Username")]
    with pytest.raises(TypeError):
        RulesDetector(rules=[object()])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="canonical"):
        type("BadRule", (Rule,), {"PRIVACY_TYPE": "Shoe Size", "find": lambda self, doc: iter(())})


def test_a_rule_may_search_cue_words_the_gate_does_not_know() -> None:
    from memprivacy_plugins.detectors.rules import Found, Rule, Words
    from memprivacy_plugins.detectors.rules.text import Doc

    private_words = Words(en=("locker",), zh=("储物柜",))

    class LockerRule(Rule):  # its words are not CUES: the gate never looked for them
        PRIVACY_TYPE = "PIN"
        TRIGGERS = ("combo",)

        def find(self, doc: Doc):  # type: ignore[no-untyped-def]
            for cue in private_words.find_all(doc):
                yield Found(cue.start(), cue.end(), self.PRIVACY_TYPE, 0.5)

    detector = RulesDetector(extra_rules=[LockerRule()])
    [spans] = detector.detect(["locker combo for the gym"])
    assert [s.original_text for s in spans] == ["locker"]
