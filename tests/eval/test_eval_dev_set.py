"""The committed dev set: what the seeded generator writes, its make-up, and the rules' floor on it."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from memprivacy_plugins.detectors.rules import RulesDetector
from memprivacy_plugins.eval.dataset import load_dataset
from memprivacy_plugins.eval.metrics import evaluate
from memprivacy_plugins.eval.run import detect_examples

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT / "data" / "dev" / "dev.jsonl"


@pytest.fixture(scope="module")
def examples() -> list:
    return load_dataset(DEV)


def test_generator_output_is_committed() -> None:
    script = ROOT / "data" / "dev" / "make_dev.py"
    out = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, check=False
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_make_up(examples: list) -> None:
    langs = Counter(ex.lang for ex in examples)
    assert len(examples) >= 800
    assert abs(langs["zh"] - langs["en"]) <= len(examples) * 0.1
    assert sum(1 for ex in examples if not ex.spans) >= 0.3 * len(examples)
    assert sum(1 for ex in examples if ex.source == "handwritten") >= 100
    assert all(s.original_text in ex.text for ex in examples for s in ex.spans)  # load_dataset checks, too


def test_rules_meet_the_structured_targets_per_language(examples: list) -> None:
    predictions, _ = detect_examples(RulesDetector(), examples, progress=False)
    report = evaluate(examples, predictions).as_dict()
    for lang in ("en", "zh"):
        structured = report["by_lang"][lang]["structured"]
        assert structured["recall"] >= 0.99, lang
        assert structured["precision"] >= 0.97, lang
        assert report["by_lang"][lang]["structured_leak"]["rate"] <= 0.01, lang
    assert report["over_masking"]["rate"] <= 0.01
