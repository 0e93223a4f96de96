"""Public surface, host base classes, and the namespace-package layout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import llama_index.memory.memprivacy as pkg
from llama_index.core.memory.types import BaseMemory
from llama_index.core.storage.chat_store.base import BaseChatStore
from llama_index.memory.memprivacy import MemPrivacyChatStore, MemPrivacyMemory

ROOT = Path(__file__).resolve().parents[1]


def test_all_is_pinned():
    assert sorted(pkg.__all__) == [
        "MemPrivacyChatStore",
        "MemPrivacyMemory",
        "arestore_stream",
        "restore_stream",
    ]
    for name in pkg.__all__:
        assert getattr(pkg, name) is not None


def test_class_mro_and_names():
    assert BaseMemory in MemPrivacyMemory.__mro__
    assert BaseChatStore in MemPrivacyChatStore.__mro__
    assert MemPrivacyMemory.class_name() == "MemPrivacyMemory"
    assert MemPrivacyChatStore.class_name() == "MemPrivacyChatStore"


def test_namespace_layout_has_no_init_files():
    assert not (ROOT / "llama_index" / "__init__.py").exists()
    assert not (ROOT / "llama_index" / "memory" / "__init__.py").exists()
    assert (ROOT / "llama_index" / "memory" / "memprivacy" / "py.typed").exists()
    assert 'include = ["llama_index/"]' in (ROOT / "pyproject.toml").read_text()


def test_core_and_adapter_import_together_in_a_fresh_interpreter():
    code = (
        "import llama_index.core, llama_index.memory.memprivacy as m, sys\n"
        "from llama_index.core.memory import Memory\n"
        "assert m.MemPrivacyMemory and Memory\n"
        "import memprivacy_plugins\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
