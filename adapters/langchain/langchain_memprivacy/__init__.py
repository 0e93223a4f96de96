"""LangChain / LangGraph integration of memprivacy-plugins: typed, reversible placeholders.

``MemPrivacyMasker`` / ``MemPrivacyRestorer`` (LCEL) and ``MemPrivacyChatMessageHistory`` need
only ``langchain-core``. ``MemPrivacyStore``, ``MemPrivacySerializer`` and
``MemPrivacyMiddleware`` need the ``langgraph`` extra and are imported on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .chat_message_histories import MemPrivacyChatMessageHistory
from .runnables import MemPrivacyMasker, MemPrivacyRestorer

if TYPE_CHECKING:
    from .middleware import MemPrivacyMiddleware
    from .serializers import MemPrivacySerializer
    from .stores import MemPrivacyStore

__version__ = "0.1.0"

__all__ = [
    "MemPrivacyChatMessageHistory",
    "MemPrivacyMasker",
    "MemPrivacyMiddleware",
    "MemPrivacyRestorer",
    "MemPrivacySerializer",
    "MemPrivacyStore",
    "__version__",
]

_LAZY = {
    "MemPrivacyMiddleware": ".middleware",
    "MemPrivacySerializer": ".serializers",
    "MemPrivacyStore": ".stores",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        loaded = importlib.import_module(module, __name__)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] in ("langgraph", "langchain"):
            raise ImportError(
                f"{name} needs the langgraph extra: pip install 'langchain-memprivacy[langgraph]'"
            ) from exc
        raise
    return getattr(loaded, name)


def __dir__() -> list[str]:
    return sorted(__all__)
