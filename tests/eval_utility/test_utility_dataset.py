"""The committed memory-QA set: reproducible from its seeded generator, well formed, valid values."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import phonenumbers
import pytest

from memprivacy_plugins.eval._utility_data import load_personas
from memprivacy_plugins.taxonomy import level_of

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "utility"
DATA = DATA_DIR / "memory_qa.jsonl"


def _load_module(name: str) -> ModuleType:
    """Import a script of data/utility/ and leave sys.path and sys.modules as they were."""
    saved_path, saved_modules = list(sys.path), set(sys.modules)
    sys.path.insert(0, str(DATA_DIR))
    try:
        spec = importlib.util.spec_from_file_location(f"utility_data_{name}", DATA_DIR / f"{name}.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved_path
        for added in set(sys.modules) - saved_modules:  # its helpers (_values, _catalog, ...) stay private
            if added.startswith("_") and added.lstrip("_") in {"values", "catalog", "profiles", "facts_en", "facts_zh"}:
                del sys.modules[added]


@pytest.fixture(scope="module")
def generator() -> ModuleType:
    return _load_module("generate")


@pytest.fixture(scope="module")
def personas() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def test_committed_file_is_the_generator_output(generator: ModuleType) -> None:
    assert DATA.read_text(encoding="utf-8") == generator.dumps(generator.generate())


def test_generator_is_seeded(generator: ModuleType) -> None:
    other = generator.generate(seed=generator.DEFAULT_SEED + 1)
    assert generator.dumps(other) != DATA.read_text(encoding="utf-8")
    assert generator.dumps(other) == generator.dumps(generator.generate(seed=generator.DEFAULT_SEED + 1))


def test_size_and_language_mix(personas: list[dict[str, Any]]) -> None:
    assert len(personas) >= 20
    langs = Counter(p["lang"] for p in personas)
    assert set(langs) == {"en", "zh"} and abs(langs["en"] - langs["zh"]) <= 1
    assert [p["lang"] for p in personas[:2]] == ["en", "zh"]  # --limit 2 is bilingual
    for p in personas:
        assert len(p["messages"]) >= 30
        assert len(p["questions"]) >= 5
        assert {q["kind"] for q in p["questions"]} == {"value", "fact"}


def test_answers_live_in_exactly_their_evidence_message(personas: list[dict[str, Any]]) -> None:
    for p in personas:
        ids = [m["id"] for m in p["messages"]]
        assert len(set(ids)) == len(ids)
        for q in p["questions"]:
            holders = [m["id"] for m in p["messages"] if q["answer"] in m["text"]]
            assert holders == [q["evidence"]], q["id"]
            assert q["answer"] not in q["question"]


def test_values_are_substrings_with_canonical_levels(personas: list[dict[str, Any]]) -> None:
    for p in personas:
        for m in p["messages"]:
            for v in m["values"]:
                assert v["original_text"] in m["text"]
                assert level_of(v["privacy_type"]) is not None
                assert level_of(v["privacy_type"]).value == v["privacy_level"]


def _values_of(personas: list[dict[str, Any]], privacy_type: str) -> list[tuple[str, str]]:
    return [(p["lang"], v["original_text"]) for p in personas for m in p["messages"] for v in m["values"]
            if v["privacy_type"] == privacy_type]


def _luhn(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()][::-1]
    return sum(d if i % 2 == 0 else (d * 2 - 9 if d > 4 else d * 2) for i, d in enumerate(digits)) % 10 == 0


def test_generated_values_are_valid(personas: list[dict[str, Any]]) -> None:
    cards = _values_of(personas, "Bank/Payment Card Number")
    assert cards and all(_luhn(c) for _, c in cards)
    phones = _values_of(personas, "Phone Number")
    assert len(phones) > 40
    for lang, phone in phones:
        region = "CN" if lang == "zh" else ("GB" if phone.startswith(("+44", "07")) else "US")
        assert phonenumbers.is_valid_number(phonenumbers.parse(phone, region)), phone
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    cn_ids = [v for lang, v in _values_of(personas, "ID Number") if lang == "zh"]
    assert cn_ids
    for n in cn_ids:
        assert re.fullmatch(r"\d{17}[\dX]", n)
        assert "10X98765432"[sum(int(c) * w for c, w in zip(n, weights)) % 11] == n[-1]
    for _, ssn in _values_of(personas, "ID Number"):
        if re.fullmatch(r"\d{3}-\d{2}-\d{4}", ssn):
            assert ssn[:3] not in ("000", "666") and not ssn.startswith("9")
    for lang, acct in _values_of(personas, "Financial Account"):
        if lang == "en" and re.fullmatch(r"\d{9}", acct):  # a US routing number
            d = [int(c) for c in acct]
            assert (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + d[2] + d[5] + d[8]) % 10 == 0
        if acct.startswith("GB"):
            s = acct.replace(" ", "")
            assert int("".join(str(int(c, 36)) for c in s[4:] + s[:4])) % 97 == 1


def test_loader_reads_the_set_and_honours_limit() -> None:
    two = load_personas(DATA, limit=2)
    assert [p.lang for p in two] == ["en", "zh"]
    assert all(q.evidence in {m.id for m in p.messages} for p in two for q in p.questions)
    assert len(load_personas(DATA)) >= 20
