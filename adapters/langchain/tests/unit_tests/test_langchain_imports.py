from __future__ import annotations

import langchain_memprivacy
from langchain_memprivacy import __all__

EXPECTED_ALL = [
    "MemPrivacyChatMessageHistory",
    "MemPrivacyMasker",
    "MemPrivacyMiddleware",
    "MemPrivacyRestorer",
    "MemPrivacySerializer",
    "MemPrivacyStore",
    "__version__",
]


def test_all_imports() -> None:
    assert sorted(EXPECTED_ALL) == sorted(__all__)
    for name in __all__:
        assert getattr(langchain_memprivacy, name) is not None


def test_lazy_parts_resolve_to_their_modules() -> None:
    from langchain.agents.middleware import AgentMiddleware
    from langgraph.checkpoint.serde.base import SerializerProtocol
    from langgraph.store.base import BaseStore

    assert issubclass(langchain_memprivacy.MemPrivacyMiddleware, AgentMiddleware)
    assert issubclass(langchain_memprivacy.MemPrivacyStore, BaseStore)
    assert isinstance(
        langchain_memprivacy.MemPrivacySerializer.__new__(langchain_memprivacy.MemPrivacySerializer), SerializerProtocol
    )


def test_unknown_attribute_is_an_attribute_error() -> None:
    import pytest

    with pytest.raises(AttributeError):
        langchain_memprivacy.NoSuchThing  # noqa: B018


def test_core_parts_import_without_langgraph() -> None:
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(
        """
        import importlib.abc, sys
        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name.split(".")[0] in ("langgraph", "langchain"):
                    raise ModuleNotFoundError(name, name=name)
        sys.meta_path.insert(0, Block())
        import langchain_memprivacy as m
        assert m.MemPrivacyMasker and m.MemPrivacyRestorer and m.MemPrivacyChatMessageHistory
        try:
            m.MemPrivacyStore
        except ImportError as exc:
            assert "langgraph extra" in str(exc)
        else:
            raise SystemExit("MemPrivacyStore imported without langgraph")
        """
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
