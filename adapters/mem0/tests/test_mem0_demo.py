"""The offline demo runs end to end (twice: it starts from a clean directory each time)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from memprivacy_mem0 import demo


def test_demo_runs_twice_and_reports_no_stored_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("MEM0_DIR", "MEM0_TELEMETRY", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "TOKENIZERS_PARALLELISM"):
        monkeypatch.setenv(name, os.environ.get(name, ""))  # restored after the test
    monkeypatch.setenv("COLUMNS", "160")

    for _ in range(2):
        assert demo.main(["--dir", str(tmp_path / "demo")]) == 0
        out = capsys.readouterr().out
        assert "original values found in them: 0 of 10" in out
        assert "original values readable in the vault's bytes: 0" in out
        assert "<Email_1>" in out and "alice.chen@example.com" in out and "bob.stone@example.org" in out
        assert "✗" not in out and "demo failed" not in out
