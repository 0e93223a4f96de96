"""Test kits shipped with the core, for our own backends and for third-party ones.

* :class:`VaultContractTests` / :class:`AsyncVaultContractTests`: the guarantees every
  :class:`~memprivacy_plugins.vault.PlaceholderVault` keeps. Subclass, provide
  ``make_vault`` and ``storage_dump`` fixtures, and pytest runs the suite.
* :class:`DetectorContractTests`: the extractor contract for any detector.
* :class:`DictionaryDetector`: a deterministic detector for tests where detection quality
  is not the point.
* :func:`postgres_dsn`: the test server's DSN, or a skip (locally) / failure (in CI).
* ``stress``: the concurrency and crash harness (``python -m memprivacy_plugins.testing.stress``).
* ``leak_check``: a pytest plugin that fails a run whose logs contain a planted value.

The pytest-based parts import pytest; the rest does not.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .detectors import DictionaryDetector

if TYPE_CHECKING:
    from .detector_contract import DetectorContractTests
    from .postgres import postgres_dsn
    from .vault_contract import AsyncVaultContractTests, VaultContractTests

__all__ = [
    "AsyncVaultContractTests",
    "DetectorContractTests",
    "DictionaryDetector",
    "VaultContractTests",
    "postgres_dsn",
]

_LAZY = {
    "VaultContractTests": ".vault_contract",
    "AsyncVaultContractTests": ".vault_contract",
    "DetectorContractTests": ".detector_contract",
    "postgres_dsn": ".postgres",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module, __name__), name)
