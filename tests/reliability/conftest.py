"""Reliability fixtures: vault specs for both backends, and a DEBUG-everywhere log trap."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from memprivacy_plugins.testing.leak_check import LogTrap
from memprivacy_plugins.testing.postgres import postgres_dsn, unique_table_prefix
from memprivacy_plugins.testing.stress import VaultSpec
from memprivacy_plugins.vault import VaultKey


@pytest.fixture
def sqlite_spec(tmp_path: Path) -> VaultSpec:
    return VaultSpec("sqlite", str(tmp_path / "vault.sqlite3"), VaultKey.generate().to_string())


@pytest.fixture
def postgres_spec() -> Iterator[VaultSpec]:
    spec = VaultSpec("postgres", postgres_dsn(), VaultKey.generate().to_string(), unique_table_prefix("rel"))
    yield spec
    from memprivacy_plugins.vault.postgres import PostgresVault

    vault = spec.open()
    assert isinstance(vault, PostgresVault)
    vault.drop_tables()
    vault.close()


@pytest.fixture(params=["sqlite", "postgres"])
def spec(request: pytest.FixtureRequest) -> VaultSpec:
    """Each reliability test that takes ``spec`` runs once per backend."""
    return request.getfixturevalue(f"{request.param}_spec")


@pytest.fixture
def log_trap() -> Iterator[LogTrap]:
    """Every logger at DEBUG, every record kept (message, args, traceback) for inspection."""
    trap = LogTrap()
    with trap.installed(level=logging.DEBUG):
        yield trap
