"""Importing the core loads no framework, no model runtime and no database driver."""

from __future__ import annotations

import subprocess
import sys


def test_import_is_light() -> None:
    code = (
        "import sys, memprivacy_plugins, memprivacy_plugins.detectors, memprivacy_plugins.vault;"
        "from memprivacy_plugins.detectors import transformers, openai_compatible;"
        "heavy = [m for m in ('torch', 'transformers', 'psycopg', 'mem0', 'langchain_core', 'llama_index', 'httpx', 'llguidance')"
        " if m in sys.modules]; print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_public_api_is_pinned() -> None:
    import memprivacy_plugins

    assert sorted(memprivacy_plugins.__all__) == sorted([
        "BaseDetector", "ConfigError", "DetectionError", "Detector", "DetectorOutputError", "DetectorTimeoutError",
        "InputTooLargeError", "InvalidTextError", "Masked", "MemPrivacyError", "PlaceholderVault", "Policy",
        "PrivacyEngine", "PrivacyLevel", "SQLiteVault", "ScopeError", "Span", "StreamRestorer", "VaultCorruptError",
        "VaultEntry", "VaultError", "VaultKey", "VaultKeyError", "VaultUnavailableError", "__version__",
    ])
    for name in memprivacy_plugins.__all__:
        assert getattr(memprivacy_plugins, name) is not None
