"""`memprivacy detect --detector model|combined` end to end on the tiny checkpoint, and the model bench."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

pytest.importorskip("torch")

from memprivacy_plugins.cli import main

MESSAGES = [
    {"id": "en-1", "text": "My phone is +1 415 555 0199 and my email is li.na@example.com", "user_name": "Li Na"},
    {"id": "zh-1", "text": "我叫张伟，手机号码是13800138000。"},
    {"id": "neg-1", "text": "What's the weather like tomorrow?"},
]


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "messages.jsonl"
    path.write_text("".join(json.dumps(m, ensure_ascii=False) + "\n" for m in MESSAGES), encoding="utf-8")
    return path


def _predictions(path: Path) -> dict[str, list[dict]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return {row["id"]: row["spans"] for row in rows}


@pytest.mark.parametrize("kind", ["model", "combined"])
def test_detect_command_runs_on_the_tiny_model(
    kind: str, data_file: Path, tiny_model_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("memprivacy_plugins.cli._detect")
    out = tmp_path / f"pred-{kind}.jsonl"
    rc = main(["detect", str(data_file), "--detector", kind, "--model", str(tiny_model_dir), "-o", str(out),
               "--no-progress", "--batch-size", "2"])
    assert rc == 0
    preds = _predictions(out)
    assert list(preds) == [m["id"] for m in MESSAGES]
    for message in MESSAGES:
        for span in preds[message["id"]]:
            assert span["original_text"] in message["text"]
    err = capsys.readouterr().err
    assert "3 messages" in err and "messages/s" in err
    if kind == "combined":  # the rules under the (random) model still find the structured values
        found = {s["original_text"] for s in preds["en-1"]}
        assert "li.na@example.com" in found
        assert any("13800138000" in s["original_text"] for s in preds["zh-1"])


def test_model_bench_reports_every_configuration(capsys: pytest.CaptureFixture[str]) -> None:
    from memprivacy_plugins.eval import bench_model

    parser = argparse.ArgumentParser()
    bench_model.register(parser.add_subparsers())
    args = parser.parse_args(["model", "--n", "2", "--rounds", "1", "--max-new-tokens", "4", "--json", "--threads", "1"])
    assert args.func(args) == 0
    report = json.loads(capsys.readouterr().out)
    assert set(report["configs"]) == {"baseline", "unconstrained", "no_prefix_cache", "batch_8", "batch_8_no_cache"}
    assert report["configs"]["baseline"]["speedup_vs_baseline"] == pytest.approx(1.0)
    assert report["prefix_tokens"] > 500 and report["prompt_tokens_mean"] > report["prefix_tokens"]
    assert all(row["ms_per_message"] > 0 and 0 < row["tokens_per_message"] <= 4 for row in report["configs"].values())
