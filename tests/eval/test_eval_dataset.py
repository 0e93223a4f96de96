"""Reading and writing the DATASET.md format; errors name the line, never the text."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from memprivacy_plugins.eval.dataset import (
    DatasetError,
    load_dataset,
    load_predictions,
    read_examples,
    read_predictions,
    write_predictions,
)
from memprivacy_plugins.spans import Span

ROW = {
    "id": "zh-1",
    "lang": "zh",
    "user_name": "张伟",
    "text": "我叫张伟，验证码 482913",
    "spans": [
        {"original_text": "张伟", "privacy_type": "Real Name", "privacy_level": "PL2"},
        {"original_text": "482913", "privacy_type": "Verification Code", "privacy_level": "PL4"},
    ],
    "ignore": [],
    "source": "own",
}


def _lines(*rows: object) -> list[str]:
    return [json.dumps(r, ensure_ascii=False) for r in rows]


def test_reads_a_row(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text("\n".join(_lines(ROW)) + "\n\n", encoding="utf-8")
    [ex] = load_dataset(path)
    assert (ex.id, ex.lang, ex.user_name, ex.source) == ("zh-1", "zh", "张伟", "own")
    assert [(s.original_text, s.privacy_level.value) for s in ex.spans] == [
        ("张伟", "PL2"),
        ("482913", "PL4"),
    ]
    assert "482913" not in repr(ex)


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({**ROW, "text": 5}, "'text' must be a string"),
        ({**ROW, "spans": "x"}, "'spans' must be a list"),
        (
            {**ROW, "spans": [{"original_text": "999999", "privacy_type": "PIN", "privacy_level": "PL4"}]},
            "not a substring",
        ),
        (
            {
                **ROW,
                "spans": [{"original_text": "张伟", "privacy_type": "Real Name", "privacy_level": "PL9"}],
            },
            "privacy_level",
        ),
        ({**ROW, "ignore": [1]}, "'ignore'"),
        ({**ROW, "user_name": 3}, "'user_name'"),
    ],
)
def test_bad_rows_name_the_line_and_hide_the_text(row: dict, message: str) -> None:
    with pytest.raises(DatasetError, match=message) as excinfo:
        read_examples(_lines({**ROW, "id": "a"}, row), name="dev.jsonl")
    assert "dev.jsonl line 2" in str(excinfo.value)
    assert "张伟" not in str(excinfo.value) and "482913" not in str(excinfo.value)


def test_not_json_duplicate_ids_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="line 1: not valid JSON"):
        read_examples(["{nope"])
    with pytest.raises(DatasetError, match="duplicate id"):
        read_examples(_lines(ROW, ROW))
    with pytest.raises(DatasetError, match="no such file"):
        load_dataset(tmp_path / "missing.jsonl")


def test_unannotated_input_for_detect() -> None:
    [a, b] = read_examples(['{"text": "hello"}', '{"id": 7, "text": "world"}'], require_spans=False)
    assert (a.id, a.spans, b.id) == ("1", (), "7")
    with pytest.raises(DatasetError):
        read_examples(['{"text": "hello"}'])  # gold sets need their spans


def test_predictions_round_trip(tmp_path: Path) -> None:
    buf = io.StringIO()
    n = write_predictions(buf, [("zh-1", [Span("482913", "Verification Code", "PL4", 9, 15)]), ("x", [])])
    assert n == 2
    preds = read_predictions(buf.getvalue().splitlines())
    assert preds["zh-1"][0].original_text == "482913" and preds["x"] == ()
    path = tmp_path / "p.jsonl"
    path.write_text(buf.getvalue(), encoding="utf-8")
    assert load_predictions(path) == preds
