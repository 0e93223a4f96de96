"""Fixtures shared by the core tests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Sequence

import pytest

from memprivacy_plugins import BaseDetector, PrivacyEngine, SQLiteVault, Span, VaultKey


class PatternDetector(BaseDetector):
    """A small deterministic detector for engine tests where detection quality is not the point."""

    name = "pattern-test"
    PATTERNS = (
        (re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"), "Email", "PL2"),
        (re.compile(r"\+?\d[\d -]{6,}\d"), "Phone Number", "PL2"),
        (re.compile(r"sk-[A-Za-z0-9]{16,}"), "Key", "PL4"),
        (re.compile(r"密码[是为:：]\s*(\S+)"), "Password", "PL4"),
    )

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        out = []
        for text in texts:
            spans = []
            for pattern, kind, level in self.PATTERNS:
                for m in pattern.finditer(text):
                    g = 1 if m.groups() else 0
                    spans.append(Span(m.group(g), kind, level, m.start(g), m.end(g), "pattern-test"))
            if user_name and user_name in text:
                i = text.index(user_name)
                spans.append(Span(user_name, "Real Name", "PL2", i, i + len(user_name)))
            out.append(spans)
        return out


@pytest.fixture
def vault_key() -> VaultKey:
    return VaultKey.generate()


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault.sqlite3"


@pytest.fixture
def vault(vault_path: Path, vault_key: VaultKey) -> SQLiteVault:
    v = SQLiteVault(vault_path, key=vault_key)
    yield v
    v.close()


@pytest.fixture
def engine(vault: SQLiteVault) -> PrivacyEngine:
    return PrivacyEngine(detector=PatternDetector(), vault=vault)


@pytest.fixture
def pattern_detector() -> PatternDetector:
    return PatternDetector()
