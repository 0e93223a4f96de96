"""Fixtures shared by the langchain-memprivacy tests.

Real parts throughout: the core ``PrivacyEngine`` with the embedded ``RulesDetector`` and an
encrypted ``SQLiteVault`` in a temp dir. The only fake is the cloud LLM: langchain-core's own
``GenericFakeChatModel``, extended to record what it was sent and to accept tools.
"""

from __future__ import annotations

import itertools
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest
from langchain_core.messages import AIMessage
from memprivacy_plugins import PrivacyEngine, SQLiteVault, VaultKey

sys.path.insert(0, str(Path(__file__).parent))  # for lc_testkit

from lc_testkit import RecordingChatModel, leaked


@pytest.fixture(autouse=True)
def _quiet_deprecations() -> Iterator[None]:
    # InMemoryChatMessageHistory and RunnableWithMessageHistory are deprecated in
    # langchain-core 1.6+, yet still the documented way for many users: we test them.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*(InMemoryChatMessageHistory|RunnableWithMessageHistory).*")
        warnings.filterwarnings("ignore", category=DeprecationWarning, module="langchain_core")
        yield


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[PrivacyEngine]:
    from memprivacy_plugins.detectors import RulesDetector

    vault = SQLiteVault(tmp_path / "vault.sqlite3", key=VaultKey.generate())
    eng = PrivacyEngine(detector=RulesDetector(), vault=vault)
    yield eng
    eng.close()


@pytest.fixture
def fake_llm() -> Callable[[Sequence[AIMessage | str]], RecordingChatModel]:
    """``fake_llm(replies)``: a recording fake model that answers with ``replies`` in turn."""

    def make(replies: Sequence[AIMessage | str]) -> RecordingChatModel:
        return RecordingChatModel(messages=iter(list(replies)), seen=[], bound_tools=[])

    return make


@pytest.fixture
def cycle_llm() -> Callable[[Sequence[AIMessage | str]], RecordingChatModel]:
    """Like ``fake_llm`` but repeats its replies forever (for property-based tests)."""

    def make(replies: Sequence[AIMessage | str]) -> RecordingChatModel:
        return RecordingChatModel(messages=itertools.cycle(list(replies)), seen=[], bound_tools=[])

    return make


@pytest.fixture
def find_leaks() -> Callable[[Sequence[str], str | bytes], list[str]]:
    return leaked
