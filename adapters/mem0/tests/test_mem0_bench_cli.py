"""``memprivacy bench mem0`` runs on the real local Mem0 and reports both sides of the same run."""

from __future__ import annotations

import json
import os

import pytest

from memprivacy_plugins.cli import main


def test_bench_mem0_prints_both_sides_and_the_ratio(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("MEM0_DIR", "MEM0_TELEMETRY", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "TOKENIZERS_PARALLELISM"):
        monkeypatch.setenv(name, os.environ.get(name, ""))

    assert main(["bench", "mem0", "--n", "3", "--json"]) == 0

    result = json.loads(capsys.readouterr().out)
    assert result["n"] == 3 and result["detector"] == "RulesDetector"
    for op in ("add", "search"):
        stats = result["ops"][op]
        assert stats["unwrapped"]["ms_mean"] > 0 and stats["wrapped"]["ms_mean"] > 0
        expected = stats["wrapped"]["ms_total"] / stats["unwrapped"]["ms_total"] - 1
        assert stats["overhead_ratio"] == pytest.approx(expected)
        assert 0 < stats["adapter_ms_mean"] < stats["wrapped"]["ms_mean"]


def test_bench_mem0_rejects_a_bad_n(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "mem0", "--n", "0"]) == 2
    assert "--n must be at least 1" in capsys.readouterr().err
