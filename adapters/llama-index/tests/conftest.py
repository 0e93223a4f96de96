"""Shared fixtures: a real PrivacyEngine (rules detector + SQLite vault in tmp_path) and a
recording fake LLM at the cloud edge (LlamaIndex's own MockFunctionCallingLLM)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from llama_index.core.llms import ChatMessage
from llama_index.core.llms.mock import MockFunctionCallingLLM

from memprivacy_plugins import PrivacyEngine, SQLiteVault
from memprivacy_plugins.detectors import RulesDetector

PLACEHOLDER = re.compile(r"<[A-Za-z][A-Za-z0-9_]*_\d+>")


class Recorder:
    """Everything a fake cloud LLM was sent, as plain text, plus a reply policy."""

    def __init__(self, reply: Callable[[Sequence[ChatMessage]], str] | None = None) -> None:
        self.calls: list[list[ChatMessage]] = []
        self.reply = reply or echo_placeholders

    def __call__(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatMessage:
        self.calls.append([m.model_copy(deep=True) for m in messages])
        return ChatMessage(role="assistant", content=self.reply(messages))

    @property
    def seen_text(self) -> str:
        parts: list[str] = []
        for call in self.calls:
            for m in call:
                parts.extend(str(b.model_dump()) for b in m.blocks)
        return "\n".join(parts)


def echo_placeholders(messages: Sequence[ChatMessage]) -> str:
    """A cloud LLM that refers back to what it was shown: every placeholder it saw."""
    seen: list[str] = []
    for m in messages:
        for found in PLACEHOLDER.findall(m.content or ""):
            if found not in seen:
                seen.append(found)
    return "Noted: " + (", ".join(seen) if seen else "nothing private")


def recording_llm(recorder: Recorder) -> MockFunctionCallingLLM:
    return MockFunctionCallingLLM(response_generator=recorder, is_chat_model=True)


@pytest.fixture()
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault.sqlite3"


@pytest.fixture()
def engine(vault_path: Path) -> Iterator[PrivacyEngine]:
    eng = PrivacyEngine(detector=RulesDetector(), vault=SQLiteVault(vault_path))
    yield eng
    eng.close()


@pytest.fixture()
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture()
def make_recorder() -> Callable[..., Recorder]:
    return Recorder


@pytest.fixture()
def llm(recorder: Recorder) -> MockFunctionCallingLLM:
    return recording_llm(recorder)


@pytest.fixture()
def make_llm() -> Callable[[Recorder], MockFunctionCallingLLM]:
    return recording_llm
