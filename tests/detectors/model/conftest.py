"""Fixtures for the model detectors: a tiny random Qwen3 on disk and a local OpenAI-compatible server."""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Test folders are not packages: put this one on sys.path so tests can import the stub server.
sys.path.insert(0, str(Path(__file__).parent))

from memprivacy_model_stub import Answer, StubServer, message_of

DATA = Path(__file__).parent / "data"


# -- tiny model -----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _one_torch_thread() -> Iterator[None]:
    """One intra-op thread while these tests run: the tiny model gains nothing from more, and on
    shared, busy cores OpenMP spin-waits made it up to 10x slower. Restored afterwards."""
    torch = sys.modules.get("torch")
    if torch is None:
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)


@pytest.fixture(scope="session")
def tiny_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    from memprivacy_plugins.detectors._model_tiny import build_tiny_qwen3

    return build_tiny_qwen3(tmp_path_factory.mktemp("tiny-qwen3"))


@pytest.fixture(scope="session")
def tiny_objects(tiny_model_dir: Path) -> tuple[Any, Any]:
    """The tiny model and tokenizer loaded once through the real from_pretrained path."""
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_model_dir)
    model.eval()
    return model, AutoTokenizer.from_pretrained(tiny_model_dir)


# -- recorded replies -------------------------------------------------------------------------


def message_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@pytest.fixture(scope="session")
def recorded() -> list[dict[str, Any]]:
    """Hand-written replies in the MemPrivacy output format (no checkpoint can run here), each
    keyed by a hash of the message it answers and listing the spans it must yield."""
    cases = json.loads((DATA / "recorded_replies.json").read_text("utf-8"))
    for case in cases:
        assert case["key"] == message_key(case["text"]), "recorded_replies.json: key does not match text"
    return cases


@pytest.fixture
def stub_server() -> Iterator[StubServer]:
    server = StubServer().start()
    yield server
    server.stop()
    assert server.errors == [], "the stub server rejected a request"


@pytest.fixture
def replay(recorded: list[dict[str, Any]]) -> Callable[[dict[str, Any]], Answer]:
    """A script that answers each request with its recorded reply."""
    by_key = {case["key"]: case for case in recorded}

    def script(body: dict[str, Any]) -> Answer:
        _, text = message_of(body)
        case = by_key.get(message_key(text))
        return Answer(content=case["reply"]) if case else Answer(status=500, body=b'{"error": "no recording"}')

    return script
