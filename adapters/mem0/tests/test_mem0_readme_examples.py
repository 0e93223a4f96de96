"""The 10-line examples in the adapter README and docs/mem0.md run as written (on a local config)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from memprivacy_mem0.local import local_config

ADAPTER = Path(__file__).resolve().parents[1]
DOCS = [ADAPTER / "README.md", ADAPTER.parents[1] / "docs" / "mem0.md"]


def _first_python_block(path: Path) -> str:
    match = re.search(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), re.S)
    assert match, f"no python example in {path.name}"
    return match.group(1)


@pytest.mark.parametrize("path", [p for p in DOCS if p.exists()], ids=lambda p: p.name)
def test_example_runs_and_restores(path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = _first_python_block(path)
    assert len([line for line in code.splitlines() if line.strip()]) <= 10
    namespace = {"config": local_config(tmp_path / "mem0"), "__name__": "example"}
    exec(compile(code, str(path), "exec"), namespace)  # noqa: S102 - our own documentation
    try:
        assert "+1 415 555 0132" in capsys.readouterr().out
        stored = namespace["memory"].wrapped.get_all(filters={"user_id": "alice"})["results"]
        assert stored and all("415 555 0132" not in item["memory"] for item in stored)
    finally:
        namespace["memory"].close()
        namespace["memory"].vector_store.client.close()
