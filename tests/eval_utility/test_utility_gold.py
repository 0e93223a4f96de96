"""``--gold``: the data set's own values as detections (the perfect-detector bound)."""

from __future__ import annotations

import json

import pytest

from memprivacy_plugins.cli import main
from memprivacy_plugins.eval._utility_data import Message, Persona, Question, Value
from memprivacy_plugins.eval._utility_gold import GoldDetector


def _persona() -> Persona:
    email = Value("sarah.l@example.com", "Email", "PL2")
    name = Value("Sarah Lindgren", "Third-Party Identifiable Info", "PL2")
    med = Value("metformin 500 mg", "Medical Health", "PL3")
    messages = (
        Message("m1", "Sarah Lindgren's email is sarah.l@example.com, mail Sarah Lindgren there.",
                (email.text, name.text), (email, name)),
        Message("m2", "Doctor put me on metformin 500 mg.", (med.text,), (med,)),
        Message("m3", "I like hiking.", (), ()),
    )
    questions = (Question("q1", "What is Sarah Lindgren's email?", email.text, "m1", "Email", "value"),)
    return Persona("p1", "en", "Ann", messages, questions)


def test_gold_spans_are_every_occurrence_of_the_listed_values() -> None:
    detector = GoldDetector([_persona()])
    m1, m2, m3, q1 = detector.detect([
        "Sarah Lindgren's email is sarah.l@example.com, mail Sarah Lindgren there.",
        "Doctor put me on metformin 500 mg.", "I like hiking.", "What is Sarah Lindgren's email?",
    ])
    assert [(s.original_text, s.start) for s in m1] == [("Sarah Lindgren", 0), ("sarah.l@example.com", 26),
                                                         ("Sarah Lindgren", 52)]
    assert [(s.privacy_type, s.privacy_level.value) for s in m2] == [("Medical Health", "PL3")]
    assert m3 == []
    # A question gets the persona's values it mentions, so typed queries match stored placeholders.
    assert [s.original_text for s in q1] == ["Sarah Lindgren"]
    assert detector.detect(["never seen"]) == [[]]


def test_gold_run_masks_everything_and_redaction_loses_every_answer(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "utility", "--json", "--gold", "--backend", "langgraph", "--limit", "1",
                 "--settings", "raw,typed,redacted"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["detector"] == "gold"
    assert report["exposure"] == {"raw": 1.0, "typed": 0.0, "redacted": 0.0}
    assert report["settings"]["redacted"]["answer_availability"] == 0.0
    assert report["settings"]["typed"]["answer_availability"] == report["settings"]["raw"]["answer_availability"] > 0.5


def test_gold_refuses_a_detector_too(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "utility", "--gold", "--detector", "model", "--model", "x"]) != 0
    assert "--gold" in capsys.readouterr().err
