"""memprivacy-plugins: typed, reversible placeholders for agent memory.

.. code-block:: python

    from memprivacy_plugins import PrivacyEngine

    engine = PrivacyEngine()                      # rules detector + SQLite vault, offline
    masked = engine.mask("my email is a@b.co", user_id="u1")
    masked.text                                   # 'my email is <Email_1>'
    engine.unmask(masked.text, user_id="u1")      # 'my email is a@b.co'
"""

from __future__ import annotations

from .detectors.base import BaseDetector, Detector
from .engine import Masked, PrivacyEngine, StreamRestorer
from .errors import (
    ConfigError,
    DetectionError,
    DetectorOutputError,
    DetectorTimeoutError,
    InputTooLargeError,
    InvalidTextError,
    MemPrivacyError,
    ScopeError,
    VaultCorruptError,
    VaultError,
    VaultKeyError,
    VaultUnavailableError,
)
from .policy import Policy
from .spans import Span
from .taxonomy import PrivacyLevel
from .vault import PlaceholderVault, SQLiteVault, VaultEntry, VaultKey

__version__ = "0.1.0"

__all__ = [
    "BaseDetector",
    "ConfigError",
    "DetectionError",
    "Detector",
    "DetectorOutputError",
    "DetectorTimeoutError",
    "InputTooLargeError",
    "InvalidTextError",
    "Masked",
    "MemPrivacyError",
    "PlaceholderVault",
    "Policy",
    "PrivacyEngine",
    "PrivacyLevel",
    "SQLiteVault",
    "ScopeError",
    "Span",
    "StreamRestorer",
    "VaultCorruptError",
    "VaultEntry",
    "VaultError",
    "VaultKey",
    "VaultKeyError",
    "VaultUnavailableError",
    "__version__",
]
