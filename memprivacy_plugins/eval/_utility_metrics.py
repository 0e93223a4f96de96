"""Metrics of the utility benchmark: evidence recall@k and answer availability."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

TOP_K = 5


@dataclass(frozen=True)
class Hit:
    """One search result: the message id it came from and its text as stored."""

    msg_id: str
    text: str


@dataclass(frozen=True)
class QuestionOutcome:
    question_id: str
    setting: str
    lang: str
    kind: str
    rank: int | None  # 1-based rank of the evidence message in the results, None if absent
    available: bool  # the answer value is readable in the top-k results after local restore


def evidence_rank(hits: Sequence[Hit], evidence: str) -> int | None:
    for i, hit in enumerate(hits, 1):
        if hit.msg_id == evidence:
            return i
    return None


def recall_at(ranks: Iterable[int | None], k: int) -> float:
    """Share of questions whose evidence is ranked ``<= k`` (0.0 for no questions)."""
    values = list(ranks)
    if not values:
        return 0.0
    return sum(1 for r in values if r is not None and r <= k) / len(values)


def _norm(text: str) -> str:
    # Full-width digits and letters count as the same value; so do case and runs of spaces.
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def answer_available(restored_texts: Iterable[str], answer: str) -> bool:
    """True when ``answer`` occurs in one of the texts (NFKC, case and spacing ignored)."""
    needle = _norm(answer)
    if not needle:
        raise ValueError("an answer must not be empty")
    return any(needle in _norm(t) for t in restored_texts)


def summarize(outcomes: Sequence[QuestionOutcome]) -> dict[str, float]:
    """``recall@1``, ``recall@5`` and ``answer_availability`` over ``outcomes``."""
    ranks = [o.rank for o in outcomes]
    available = sum(1 for o in outcomes if o.available)
    return {
        "recall@1": recall_at(ranks, 1),
        "recall@5": recall_at(ranks, TOP_K),
        "answer_availability": available / len(outcomes) if outcomes else 0.0,
    }


def value_exposure(stored: Iterable[tuple[str, Sequence[str]]]) -> float:
    """Share of private values still readable in what the backend stored.

    ``stored`` pairs the stored text of a message with the private values its original held.
    """
    total = leaked = 0
    for text, values in stored:
        for value in values:
            total += 1
            leaked += value in text
    return leaked / total if total else 0.0
