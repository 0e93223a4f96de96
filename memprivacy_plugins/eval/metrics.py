"""Span metrics exactly as DATASET.md defines them. Pure functions over gold and predicted spans.

* strict match: same ``original_text`` after trimming whitespace and punctuation at both
  ends, and the same level; one-to-one, counted as a multiset per message;
* text match: the same without the level;
* ``ignore``: a prediction equal to or overlapping an ignored string is dropped before
  matching (neither a hit nor a false positive);
* leak rate: every predicted value whose level is protected is replaced by a placeholder,
  longest first; a gold value leaks if it still occurs in the masked text;
* over-masking: protected predictions that overlap no gold value and no ignored string.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..spans import Span
from ..taxonomy import PrivacyLevel, canonical_type

__all__ = [
    "PRF",
    "STRUCTURED_TYPES",
    "Report",
    "evaluate",
    "leaked_count",
    "mask_text",
    "matched",
    "occurrences",
    "overlaps_any",
    "trim",
]

# Identifiers and secrets with a format of their own: the rules detector's job (DESIGN.md).
STRUCTURED_TYPES: frozenset[str] = frozenset(
    {
        "Email",
        "Phone Number",
        "ID Number",
        "Passport Number",
        "Driver's License Number",
        "License Plate",
        "Bank/Payment Card Number",
        "Financial Account",
        "IP Address",
        "Internal IP",
        "Device ID",
        "Password",
        "PIN",
        "Verification Code",
        "Token",
        "Session Token",
        "Key",
        "Private Key",
        "Payment Security Code",
        "Backup Code",
        "Database Connection String",
        "Intranet Entry Point",
    }
)
DEFAULT_PROTECTED: tuple[PrivacyLevel, ...] = (PrivacyLevel.PL2, PrivacyLevel.PL3, PrivacyLevel.PL4)
_MASK = "\uffff"  # a noncharacter: never in text, so a gold value cannot match inside a placeholder


def _is_trimmed(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch).startswith("P")


def trim(text: str) -> str:
    """Strip whitespace and punctuation (any Unicode P* category) at both ends."""
    start, end = 0, len(text)
    while start < end and _is_trimmed(text[start]):
        start += 1
    while end > start and _is_trimmed(text[end - 1]):
        end -= 1
    return text[start:end]


def type_of(span: Span) -> str:
    return canonical_type(span.privacy_type) or span.privacy_type


def matched(gold: Iterable[Span], predicted: Iterable[Span], *, with_level: bool = True) -> int:
    """How many gold spans a one-to-one matching can pair with predictions (multiset intersection)."""

    def key(s: Span) -> tuple[str, str]:
        return (trim(s.original_text), s.privacy_level.value if with_level else "")

    g = Counter(key(s) for s in gold if trim(s.original_text))
    p = Counter(key(s) for s in predicted if trim(s.original_text))
    return sum((g & p).values())


def occurrences(text: str, value: str) -> list[tuple[int, int]]:
    """Every (start, end) where ``value`` occurs in ``text``, overlapping ones included."""
    if not value:
        return []
    out = []
    i = text.find(value)
    while i >= 0:
        out.append((i, i + len(value)))
        i = text.find(value, i + 1)
    return out


def _where(text: str, span: Span) -> list[tuple[int, int]]:
    if span.start is not None and span.end is not None and text[span.start : span.end] == span.original_text:
        return [(span.start, span.end)]
    return occurrences(text, span.original_text)


def overlaps_any(text: str, span: Span, others: Iterable[str]) -> bool:
    """Does ``span`` (at its offsets, or anywhere its text occurs) overlap an occurrence of any of ``others``?"""
    mine = _where(text, span)
    for other in others:
        if other == span.original_text:
            return True
        for s2, e2 in occurrences(text, other):
            if any(s1 < e2 and s2 < e1 for s1, e1 in mine):
                return True
    return False


def mask_text(text: str, values: Iterable[str]) -> str:
    """Replace every occurrence of each value, longest first, by an opaque placeholder."""
    for value in sorted({v for v in values if v}, key=len, reverse=True):
        text = text.replace(value, _MASK)
    return text


def leaked_count(masked: str, gold_values: Sequence[str]) -> int:
    """Gold values still present in ``masked``; a value listed k times leaks at most k times."""
    return sum(min(k, masked.count(value)) for value, k in Counter(v for v in gold_values if v).items())


@dataclass
class PRF:
    tp: int = 0
    gold: int = 0
    predicted: int = 0

    @property
    def precision(self) -> float:
        return self.tp / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, tp: int, gold: int, predicted: int) -> None:
        self.tp += tp
        self.gold += gold
        self.predicted += predicted

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.predicted - self.tp,
            "fn": self.gold - self.tp,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class _Leak:
    gold: int = 0
    leaked: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "leaked": self.leaked,
            "rate": round(self.leaked / self.gold, 4) if self.gold else 0.0,
        }


@dataclass
class _Group:
    """Scores for one slice of the data (all messages, one language)."""

    messages: int = 0
    strict: PRF = field(default_factory=PRF)
    text: PRF = field(default_factory=PRF)
    structured: PRF = field(default_factory=PRF)
    by_level: dict[str, PRF] = field(default_factory=dict)
    by_type: dict[str, PRF] = field(default_factory=dict)
    leak: _Leak = field(default_factory=_Leak)
    structured_leak: _Leak = field(default_factory=_Leak)
    leak_by_type: dict[str, _Leak] = field(default_factory=dict)
    over_masked: int = 0
    protected_predictions: int = 0
    negatives: int = 0
    negatives_with_predictions: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "messages": self.messages,
            "strict": self.strict.as_dict(),
            "text": self.text.as_dict(),
            "structured": self.structured.as_dict(),
            "by_level": {k: v.as_dict() for k, v in sorted(self.by_level.items())},
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
            "leak": self.leak.as_dict(),
            "structured_leak": self.structured_leak.as_dict(),
            "leak_by_type": {k: v.as_dict() for k, v in sorted(self.leak_by_type.items())},
            "over_masking": {
                "count": self.over_masked,
                "protected_predictions": self.protected_predictions,
                "rate": round(self.over_masked / self.protected_predictions, 4)
                if self.protected_predictions
                else 0.0,
            },
            "negatives": {"messages": self.negatives, "with_predictions": self.negatives_with_predictions},
        }


@dataclass
class Report:
    overall: _Group
    by_lang: dict[str, _Group]
    protected: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "protected_levels": list(self.protected),
            **self.overall.as_dict(),
            "by_lang": {k: v.as_dict() for k, v in sorted(self.by_lang.items())},
        }


def _score(
    group: _Group,
    text: str,
    gold: Sequence[Span],
    pred: Sequence[Span],
    ignore: Sequence[str],
    protected: frozenset[PrivacyLevel],
) -> None:
    pred = [p for p in pred if not (ignore and overlaps_any(text, p, ignore))]
    group.messages += 1
    group.strict.add(matched(gold, pred), len(gold), len(pred))
    group.text.add(matched(gold, pred, with_level=False), len(gold), len(pred))
    sg = [s for s in gold if type_of(s) in STRUCTURED_TYPES]
    sp = [s for s in pred if type_of(s) in STRUCTURED_TYPES]
    group.structured.add(matched(sg, sp), len(sg), len(sp))
    for level in {s.privacy_level for s in gold} | {s.privacy_level for s in pred}:
        lg = [s for s in gold if s.privacy_level == level]
        lp = [s for s in pred if s.privacy_level == level]
        group.by_level.setdefault(level.value, PRF()).add(matched(lg, lp), len(lg), len(lp))
    for kind in {type_of(s) for s in gold} | {type_of(s) for s in pred}:
        tg = [s for s in gold if type_of(s) == kind]
        tp = [s for s in pred if type_of(s) == kind]
        group.by_type.setdefault(kind, PRF()).add(matched(tg, tp, with_level=False), len(tg), len(tp))
    masked = mask_text(text, (p.original_text for p in pred if p.privacy_level in protected))
    protected_gold = [s for s in gold if s.privacy_level in protected]
    group.leak.gold += len(protected_gold)
    group.leak.leaked += leaked_count(masked, [s.original_text for s in protected_gold])
    structured_gold = [s.original_text for s in protected_gold if type_of(s) in STRUCTURED_TYPES]
    group.structured_leak.gold += len(structured_gold)
    group.structured_leak.leaked += leaked_count(masked, structured_gold)
    for kind in {type_of(s) for s in protected_gold}:
        values = [s.original_text for s in protected_gold if type_of(s) == kind]
        entry = group.leak_by_type.setdefault(kind, _Leak())
        entry.gold += len(values)
        entry.leaked += leaked_count(masked, values)
    gold_values = [s.original_text for s in gold]
    for p in pred:
        if p.privacy_level in protected:
            group.protected_predictions += 1
            if not overlaps_any(text, p, [*gold_values, *ignore]):
                group.over_masked += 1
    if not gold:
        group.negatives += 1
        group.negatives_with_predictions += bool(pred)


def evaluate(
    examples: Iterable[Any],
    predictions: Mapping[str, Sequence[Span]],
    *,
    protected: Iterable[PrivacyLevel | str] = DEFAULT_PROTECTED,
) -> Report:
    """Score predictions (by example id; a missing id counts as no prediction) against gold examples.

    ``examples`` need ``id``, ``text``, ``spans``, ``ignore`` and ``lang`` attributes
    (:class:`~memprivacy_plugins.eval.dataset.Example`).
    """
    levels = frozenset(PrivacyLevel(str(x)) if not isinstance(x, PrivacyLevel) else x for x in protected)
    overall = _Group()
    by_lang: dict[str, _Group] = {}
    for ex in examples:
        pred = predictions.get(ex.id, ())
        for group in (overall, by_lang.setdefault(ex.lang or "unknown", _Group())):
            _score(group, ex.text, ex.spans, pred, ex.ignore, levels)
    return Report(overall, by_lang, tuple(sorted(level.value for level in levels)))
