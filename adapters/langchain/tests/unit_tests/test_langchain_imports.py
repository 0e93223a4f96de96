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
