"""Metric functions of the utility benchmark on hand-made cases."""

from __future__ import annotations

import pytest

from memprivacy_plugins.eval._utility_metrics import (
    Hit,
    QuestionOutcome,
    answer_available,
    evidence_rank,
    recall_at,
    summarize,
    value_exposure,
)


def test_evidence_rank_is_one_based_and_none_when_missing() -> None:
    hits = [Hit("m3", "a"), Hit("m7", "b"), Hit("m1", "c")]
    assert evidence_rank(hits, "m3") == 1
    assert evidence_rank(hits, "m1") == 3
    assert evidence_rank(hits, "m9") is None
    assert evidence_rank([], "m1") is None


def test_recall_at_counts_ranks_up_to_k() -> None:
    ranks = [1, 2, 5, 6, None]
    assert recall_at(ranks, 1) == pytest.approx(1 / 5)
    assert recall_at(ranks, 5) == pytest.approx(3 / 5)
    assert recall_at(ranks, 6) == pytest.approx(4 / 5)
    assert recall_at([], 5) == 0.0


def test_answer_available_ignores_case_width_and_spacing_only() -> None:
    texts = ["call me at (415) 284-1937", "Email: Sarah.L@Example.com"]
    assert answer_available(texts, "(415) 284-1937")
    assert answer_available(texts, "sarah.l@example.com")
    assert answer_available(["手机１３８ ００１３ ８０００"], "138 0013 8000")  # full-width digits
    assert answer_available(["code  4827#"], "code 4827#")
    assert not answer_available(texts, "284-1938")
    assert not answer_available(["my phone is <Phone_Number_1>"], "(415) 284-1937")
    assert not answer_available([], "x")


def test_answer_available_rejects_an_empty_answer() -> None:
    with pytest.raises(ValueError):
        answer_available(["anything"], "  ")


def test_summarize_per_setting_values() -> None:
    outcomes = [
        QuestionOutcome("q1", "typed", "en", "value", 1, True),
        QuestionOutcome("q2", "typed", "en", "value", 3, True),
        QuestionOutcome("q3", "typed", "zh", "fact", None, False),
        QuestionOutcome("q4", "typed", "zh", "value", 2, False),
    ]
    assert summarize(outcomes) == {
        "recall@1": pytest.approx(0.25),
        "recall@5": pytest.approx(0.75),
        "answer_availability": pytest.approx(0.5),
    }
    assert summarize([]) == {"recall@1": 0.0, "recall@5": 0.0, "answer_availability": 0.0}


def test_value_exposure_counts_values_left_in_stored_text() -> None:
    stored = [
        ("my phone is <Phone_Number_1>", ["(415) 284-1937"]),
        ("door code 4827#, email a@b.co", ["4827#", "a@b.co"]),
        ("nothing private here", []),
    ]
    assert value_exposure(stored) == pytest.approx(2 / 3)
    assert value_exposure([]) == 0.0
