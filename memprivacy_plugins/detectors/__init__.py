"""Detectors: the embedded rules, MemPrivacy models in-process or behind a server, and combinations.

Heavy backends are imported on first attribute access, so ``import memprivacy_plugins``
never loads torch or transformers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .base import BaseDetector, Detector

if TYPE_CHECKING:
    from .combined import CombinedDetector
    from .openai_compatible import OpenAICompatibleDetector
    from .rules import RulesDetector
    from .transformers import TransformersDetector

__all__ = [
    "BaseDetector",
    "CombinedDetector",
    "Detector",
    "OpenAICompatibleDetector",
    "RulesDetector",
    "TransformersDetector",
]

_LAZY = {
    "RulesDetector": ".rules",
    "TransformersDetector": ".transformers",
    "OpenAICompatibleDetector": ".openai_compatible",
    "CombinedDetector": ".combined",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
