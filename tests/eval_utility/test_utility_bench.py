"""``memprivacy bench utility`` end to end: real rules detector, real Mem0/LangGraph/LlamaIndex, 2 personas."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from typing import Any

import pytest

from memprivacy_plugins.cli import main
from memprivacy_plugins.eval._utility_report import markdown_table, text_table

SETTINGS = ("raw", "typed", "untyped", "redacted", "type_only")
METRICS = {"recall@1", "recall@5", "answer_availability"}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    assert main(["bench", "utility", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.fixture(scope="module")
def mem0_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    plot = tmp_path_factory.mktemp("plot") / "utility.png"
    out = io.StringIO()  # capsys is function-scoped; one run serves every test here
    with contextlib.redirect_stdout(out):
        assert main(["bench", "utility", "--json", "--limit", "2", "--plot", str(plot)]) == 0
    report = json.loads(out.getvalue())
    report["_plot"] = str(plot)
    return report


def test_json_shape(mem0_report: dict[str, Any]) -> None:
    assert tuple(mem0_report["settings"]) == SETTINGS
    for metrics in mem0_report["settings"].values():
        assert set(metrics) == METRICS
        assert all(0.0 <= v <= 1.0 for v in metrics.values())
    assert mem0_report["questions"] == 16  # 2 personas x 8 questions
    assert mem0_report["backend"] == "mem0" and mem0_report["detector"] == "rules"
    assert set(mem0_report["by_lang"]) == {"en", "zh"}
    assert sum(part["questions"] for part in mem0_report["by_lang"].values()) == 16


def test_typed_keeps_answers_and_redaction_loses_them(mem0_report: dict[str, Any]) -> None:
    s = mem0_report["settings"]
    # Restore after retrieval: every question answerable from raw text stays answerable when typed...
    assert s["typed"]["answer_availability"] >= s["raw"]["answer_availability"] - 0.07
    assert s["untyped"]["answer_availability"] >= s["raw"]["answer_availability"] - 0.07
    # ...while irreversible settings lose every masked answer.
    assert s["redacted"]["answer_availability"] < s["typed"]["answer_availability"]
    assert s["type_only"]["answer_availability"] < s["typed"]["answer_availability"]


def test_exposure_is_read_back_from_the_store(mem0_report: dict[str, Any]) -> None:
    exposure = mem0_report["exposure"]
    assert exposure["raw"] == 1.0
    # All masking settings cut the same spans, so they leave the same values readable.
    assert 0.0 <= exposure["typed"] < 0.9
    assert exposure["typed"] == exposure["untyped"] == exposure["redacted"] == exposure["type_only"]


def test_plot_and_tables(mem0_report: dict[str, Any]) -> None:
    assert Path(mem0_report["_plot"]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    md = markdown_table(mem0_report).splitlines()
    assert len(md) == 2 + len(SETTINGS) and md[2].startswith("| `raw` |")
    text = text_table(mem0_report)
    assert "typed <Phone_Number_1>" in text and "16 questions" in text


@pytest.mark.parametrize("backend", ["langgraph", "llamaindex"])
def test_other_backends_agree_on_one_persona(backend: str, capsys: pytest.CaptureFixture[str]) -> None:
    report = _run(capsys, "--backend", backend, "--limit", "1", "--settings", "raw,typed,redacted")
    assert tuple(report["settings"]) == ("raw", "typed", "redacted")
    assert report["questions"] == 8 and report["backend"] == backend
    assert report["exposure"]["raw"] == 1.0 > report["exposure"]["typed"]
    assert report["settings"]["redacted"]["answer_availability"] < report["settings"]["typed"]["answer_availability"]


@pytest.mark.parametrize(
    "args",
    [["--limit", "0"], ["--settings", "raw,blurred"], ["--data", "/nonexistent/memory_qa.jsonl"], ["--detector", "model"]],
)
def test_bad_arguments_fail_cleanly(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "utility", *args]) != 0
    err = capsys.readouterr().err
    assert "memprivacy: error:" in err and "Traceback" not in err


def test_a_broken_data_file_names_the_line_not_the_content(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "memory_qa.jsonl"
    bad.write_text('{"id": "x", "lang": "en", "messages": [{"id": "m1", "text": "secret 4827#"}]}\n', encoding="utf-8")
    assert main(["bench", "utility", "--data", str(bad), "--backend", "langgraph"]) != 0
    err = capsys.readouterr().err
    assert "line 1" in err and "4827" not in err


def test_typed_through_the_mem0_adapter_matches_the_engine_path(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("--limit", "1", "--settings", "raw,typed")
    direct = _run(capsys, *args)
    adapter = _run(capsys, *args, "--adapter")
    assert direct["typed_via"] == "PrivacyEngine"
    assert adapter["typed_via"] == "memprivacy_mem0.PrivateMemory"
    # Same spans, same placeholders, same vectors: the adapter must not change what is found or stored.
    assert adapter["settings"] == direct["settings"]
    assert adapter["exposure"] == direct["exposure"] and adapter["exposure"]["typed"] < 1.0


def test_adapter_is_mem0_only(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "utility", "--adapter", "--backend", "langgraph"]) != 0
    assert "--adapter" in capsys.readouterr().err
