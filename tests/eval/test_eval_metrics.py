"""The DATASET.md metrics on hand-made cases."""

from __future__ import annotations

import pytest

from memprivacy_plugins.eval.dataset import Example
from memprivacy_plugins.eval.metrics import (
    evaluate,
    leaked_count,
    mask_text,
    matched,
    occurrences,
    overlaps_any,
    trim,
)
from memprivacy_plugins.spans import Span


def S(text: str, kind: str = "Phone Number", level: str = "PL2", start: int | None = None) -> Span:
    return Span(text, kind, level, start, None if start is None else start + len(text))


@pytest.mark.parametrize(
    ("raw", "trimmed"),
    [
        ("  138 0013 8000。", "138 0013 8000"),
        ("“张伟”", "张伟"),
        ("(a@b.co)", "a@b.co"),
        ("...", ""),
        ("$45", "$45"),
    ],
)
def test_trim_strips_whitespace_and_punctuation_at_both_ends(raw: str, trimmed: str) -> None:
    assert trim(raw) == trimmed


def test_strict_match_needs_level_and_is_one_to_one() -> None:
    gold = [S("13800138000"), S("13800138000"), S("abc", "Password", "PL4")]
    assert matched(gold, [S("13800138000")]) == 1  # one prediction pairs with one gold
    assert matched(gold, [S("13800138000"), S("13800138000"), S("13800138000")]) == 2
    assert matched(gold, [S("abc", "Key", "PL4")]) == 1  # type may differ, level may not
    assert matched(gold, [S("abc", "Account ID/Username", "PL2")]) == 0
    assert matched(gold, [S("abc", "Account ID/Username", "PL2")], with_level=False) == 1
    assert matched(gold, [S(" 13800138000，")]) == 1  # trimmed before comparing


def test_occurrences_and_overlap() -> None:
    assert occurrences("aaa", "aa") == [(0, 2), (1, 3)]
    text = "ISBN 978-7-111-54742-6 and 13800138000"
    assert overlaps_any(text, S("978-7-111"), ["ISBN 978-7-111-54742-6"])
    assert not overlaps_any(text, S("13800138000"), ["ISBN 978-7-111-54742-6"])
    assert overlaps_any(text, S("13800138000", start=27), ["0138"])


def test_mask_longest_first_and_leaks() -> None:
    masked = mask_text("call 13800138000 or 138", ["138", "13800138000"])
    assert "13800138000" not in masked and "138" not in masked
    assert leaked_count("pin 1234 and 1234", ["1234", "1234", "1234"]) == 2  # at most as often as it occurs
    assert leaked_count(mask_text("<x>", ["x"]), ["x"]) == 0


def _ex(i: str, text: str, spans: list[Span], lang: str = "en", ignore: tuple[str, ...] = ()) -> Example:
    return Example(i, text, tuple(spans), lang, None, ignore)


def test_evaluate_counts_strict_text_levels_types_leak_and_over_masking() -> None:
    examples = [
        _ex("1", "my pin is 4471 and phone 13800138000", [S("4471", "PIN", "PL4"), S("13800138000")]),
        _ex("2", "nothing private, order 2023101512345678", []),
        _ex("3", "ISBN 978-7-111-54742-6 only", [], ignore=("ISBN 978-7-111-54742-6",)),
        _ex("4", "密码是abc12345", [S("abc12345", "Password", "PL4")], lang="zh"),
    ]
    predictions = {
        "1": [S("4471", "PIN", "PL4"), S("13800138000", "Phone Number", "PL3")],  # right text, wrong level
        "2": [S("2023101512345678", "Bank/Payment Card Number", "PL3")],  # a false positive
        "3": [S("978-7-111-54742-6", "Phone Number")],  # overlaps an ignored string: not counted
        # "4" missing: no prediction, the password leaks
    }
    report = evaluate(examples, predictions).as_dict()
    assert report["strict"] == {**report["strict"], "tp": 1, "gold": 3, "predicted": 3}
    assert report["text"]["tp"] == 2
    assert report["by_level"]["PL4"]["tp"] == 1 and report["by_level"]["PL4"]["gold"] == 2
    assert report["by_level"]["PL2"]["predicted"] == 0
    assert report["by_type"]["Phone Number"]["tp"] == 1  # per type: text match within the type
    assert report["leak"] == {
        "gold": 3,
        "leaked": 1,
        "rate": round(1 / 3, 4),
    }  # the phone was masked (PL3 protected)
    assert report["over_masking"]["count"] == 1  # the order number
    assert report["negatives"] == {"messages": 2, "with_predictions": 1}
    assert report["by_lang"]["zh"]["leak"]["leaked"] == 1
    assert report["structured"]["gold"] == 3
    assert report["structured_leak"] == {"gold": 3, "leaked": 1, "rate": round(1 / 3, 4)}


def test_only_protected_levels_are_masked_for_the_leak_rate() -> None:
    examples = [_ex("1", "phone 13800138000 pin 4471", [S("13800138000"), S("4471", "PIN", "PL4")])]
    predictions = {"1": [S("13800138000"), S("4471", "PIN", "PL4")]}
    report = evaluate(examples, predictions, protected=["PL3", "PL4"]).as_dict()
    assert report["leak"] == {"gold": 1, "leaked": 0, "rate": 0.0}  # PL2 gold not counted when unprotected
    report = evaluate(examples, {"1": [S("4471", "PIN", "PL2")]}, protected=["PL4"]).as_dict()
    assert report["leak"]["leaked"] == 1  # predicted at an unprotected level: not masked


def test_empty_everything_is_perfect_not_a_division_error() -> None:
    report = evaluate([], {}).as_dict()
    assert report["strict"]["precision"] == 1.0 and report["leak"]["rate"] == 0.0
