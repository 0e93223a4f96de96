"""A real local Mem0 (Qdrant on disk, MiniLM, SQLite history) shared by the adapter tests.

Memory instances are few and session-wide (the first MiniLM load costs seconds on a
shared CPU); every test isolates itself with fresh user ids.
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from memprivacy_mem0.local import offline_environment

# Before anything imports mem0: keep its files in a temp dir, telemetry and hub offline.
_SESSION_DIR = Path(tempfile.mkdtemp(prefix="memprivacy-mem0-tests-"))
offline_environment(_SESSION_DIR / "mem0home")

from memprivacy_mem0.local import local_config
from memprivacy_mem0.stores import raw_file_bytes, read_local_mem0
from memprivacy_mem0.testing import FactCopyingChatModel, TextRecorder, find_values

from memprivacy_plugins import PrivacyEngine, SQLiteVault, VaultKey
from memprivacy_plugins.detectors import RulesDetector


@dataclass
class LocalStore:
    """A real local Mem0 and everything needed to read what it stored."""

    directory: Path
    memory: Any
    llm: FactCopyingChatModel
    embedded: TextRecorder

    def sources(self) -> dict[str, str | bytes]:
        """Every place a value could have reached: stored rows, raw files, prompts, embedder inputs."""
        out: dict[str, str | bytes] = {}
        for record in read_local_mem0(self.memory):
            out[f"{record.where}/{record.record_id}"] = record.text()
        out.update({f"file:{k}": v for k, v in raw_file_bytes(self.directory).items()})
        out.update({f"llm-prompt/{i}": p for i, p in enumerate(self.llm.prompts)})
        out.update({f"embedder/{i}": t for i, t in enumerate(self.embedded.texts)})
        return out

    def leaks(self, values: list[str], *, control: bool = False) -> list[Any]:
        found = find_values(values, self.sources())
        if not control:  # positive controls plant values on purpose: not part of the tally
            LEAK_TALLY["planted"] += len(set(values))
            LEAK_TALLY["found_in_stores"] += len({f.value for f in found})
        return found


LEAK_TALLY = {"planted": 0, "found_in_stores": 0}


@contextmanager
def open_store(directory: Path, llm: FactCopyingChatModel, *, asynchronous: bool) -> Iterator[LocalStore]:
    from mem0 import AsyncMemory, Memory

    cls = AsyncMemory if asynchronous else Memory
    memory = cls.from_config(local_config(directory, llm=llm))
    recorder = TextRecorder(memory.embedding_model)
    try:
        yield LocalStore(directory, memory, llm, recorder)
    finally:
        recorder.undo()
        memory.close()
        memory.vector_store.client.close()


@pytest.fixture(scope="session")
def session_dir() -> Path:
    return _SESSION_DIR


@pytest.fixture(scope="session")
def detector() -> RulesDetector:
    return RulesDetector()


@pytest.fixture(scope="session")
def engine(session_dir: Path, detector: RulesDetector) -> Iterator[PrivacyEngine]:
    vault = SQLiteVault(session_dir / "vault.sqlite3", key=VaultKey.generate())
    with PrivacyEngine(detector=detector, vault=vault) as eng:
        yield eng


@pytest.fixture(scope="session")
def llm() -> FactCopyingChatModel:
    return FactCopyingChatModel()


@pytest.fixture(scope="session")
def store(session_dir: Path, llm: FactCopyingChatModel) -> Iterator[LocalStore]:
    """One sync ``mem0.Memory`` for the whole session."""
    with open_store(session_dir / "sync", llm, asynchronous=False) as local:
        yield local


@pytest.fixture(scope="session")
def astore(session_dir: Path, llm: FactCopyingChatModel) -> Iterator[LocalStore]:
    """One ``mem0.AsyncMemory`` for the whole session."""
    with open_store(session_dir / "async", llm, asynchronous=True) as local:
        yield local


@pytest.fixture
def user_id() -> str:
    return f"u-{uuid.uuid4().hex[:10]}"


@pytest.fixture
def other_user_id() -> str:
    return f"v-{uuid.uuid4().hex[:10]}"


def pytest_configure(config: Any) -> None:
    config.addinivalue_line("markers", "slow: takes more than a few seconds")


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if LEAK_TALLY["planted"]:
        terminalreporter.write_line(
            f"mem0 leak checks (local stores, LLM prompts, embedder inputs): {LEAK_TALLY['planted']} values planted, "
            f"{LEAK_TALLY['found_in_stores']} found"
        )
