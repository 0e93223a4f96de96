"""`memprivacy detect`, `memprivacy eval` and `memprivacy bench detect` end to end with the rules detector."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from memprivacy_plugins.cli import main

ROWS = [
    {
        "id": "zh-1",
        "lang": "zh",
        "user_name": "张伟",
        "text": "我叫张伟，手机 138 0013 8000，验证码 482913",
        "spans": [
            {"original_text": "张伟", "privacy_type": "Real Name", "privacy_level": "PL2"},
            {"original_text": "138 0013 8000", "privacy_type": "Phone Number", "privacy_level": "PL2"},
            {"original_text": "482913", "privacy_type": "Verification Code", "privacy_level": "PL4"},
        ],
    },
    {
        "id": "en-1",
        "lang": "en",
        "user_name": None,
        "text": "I was diagnosed with asthma, my email is a.b@example.com",
        "spans": [
            {"original_text": "asthma", "privacy_type": "Medical Health", "privacy_level": "PL3"},
            {"original_text": "a.b@example.com", "privacy_type": "Email", "privacy_level": "PL2"},
        ],
    },
    {"id": "en-2", "lang": "en", "user_name": None, "text": "order #2023101512345678 shipped", "spans": []},
]


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in ROWS), encoding="utf-8")
    return path


def test_detect_writes_one_line_per_message_and_reports_throughput(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pred.jsonl"
    assert main(["detect", str(data), "-o", str(out), "--batch-size", "2", "--no-progress"]) == 0
    preds = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [p["id"] for p in preds] == ["zh-1", "en-1", "en-2"]
    assert [s["original_text"] for s in preds[0]["spans"]] == ["张伟", "138 0013 8000", "482913"]
    assert preds[0]["spans"][1]["start"] == 8  # offsets into the message
    assert preds[2]["spans"] == []
    err = capsys.readouterr().err
    assert "3 messages" in err and "messages/s" in err and "batch size 2" in err
    assert "482913" not in err  # no value on stderr


def test_detect_reads_plain_text_lines_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("密码是abc12345\n\nnothing here\n"))
    assert main(["detect", "-", "--format", "text", "--no-progress"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert lines == [
        {
            "id": "1",
            "spans": [
                {
                    "original_text": "abc12345",
                    "privacy_type": "Password",
                    "privacy_level": "PL4",
                    "start": 3,
                    "end": 11,
                }
            ],
        },
        {"id": "3", "spans": []},
    ]


def test_eval_runs_the_detector_and_prints_json(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(data), "--json", "--no-progress"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["strict"]["gold"] == 5 and report["strict"]["tp"] == 4  # the diagnosis is the model's job
    assert report["structured"]["recall"] == 1.0
    assert report["leak"]["leaked"] == 1
    assert report["negatives"] == {"messages": 1, "with_predictions": 0}
    assert set(report["by_lang"]) == {"en", "zh"}


def test_eval_scores_a_predictions_file_and_prints_tables(
    data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pred = tmp_path / "pred.jsonl"
    pred.write_text(
        '{"id": "zh-1", "spans": [{"original_text": "482913", "privacy_type": "OTP", "privacy_level": "PL4"}]}\n'
    )
    assert main(["eval", str(data), "--pred", str(pred), "--types", "--lang", "zh"]) == 0
    out = capsys.readouterr().out
    assert "| strict (text + level) | 3 | 1 | 1 | 100.0 | 33.3 | 50.0 |" in out
    assert "| Verification Code |" in out and "leak rate: 66.7 %" in out


def test_errors_are_one_line_without_values(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "1", "text": "pin 4471", "spans": [{"original_text": "9999", "privacy_type": "PIN", "privacy_level": "PL4"}]}\n'
    )
    assert main(["eval", str(bad), "--no-progress"]) == 1
    err = capsys.readouterr().err
    assert "line 1" in err and "4471" not in err and "9999" not in err
    assert main(["detect", str(tmp_path / "missing.jsonl")]) == 1
    assert main(["detect", str(bad), "--batch-size", "0"]) == 2


def test_bench_detect_prints_the_three_systems_and_ratios(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["bench", "detect", "--data", str(data), "--rounds", "1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["results"]) == {"rules", "engine", "presidio"}
    for name in ("rules", "engine"):
        assert report["results"][name]["x_presidio"] > 0
    assert report["results"]["rules"]["messages"] == 3
    assert "CreditCardRecognizer" in report["presidio_recognizers"]
    assert "SpacyRecognizer" not in report["presidio_recognizers"]
