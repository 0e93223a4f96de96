"""Vault fixtures: a SQLite file in tmp_path always, the test PostgreSQL server when set."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from memprivacy_plugins.testing.postgres import postgres_dsn, unique_table_prefix
from memprivacy_plugins.vault import PlaceholderVault, PostgresVault, SQLiteVault, VaultKey


@pytest.fixture
def pg_dsn() -> str:
    return postgres_dsn()


@pytest.fixture
def pg_prefix(pg_dsn: str) -> Iterator[str]:
    """A fresh table prefix; its tables are dropped after the test."""
    import psycopg
    from psycopg import sql

    prefix = unique_table_prefix("vt")
    yield prefix
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        for suffix in ("profiles", "entries", "scopes", "meta"):
            conn.execute(sql.SQL("DROP TABLE IF EXISTS {}").format(sql.Identifier(f"{prefix}_{suffix}")))


@pytest.fixture
def make_sqlite(tmp_path: Path) -> Iterator[Callable[[VaultKey], PlaceholderVault]]:
    opened: list[PlaceholderVault] = []

    def make(key: VaultKey) -> PlaceholderVault:
        opened.append(SQLiteVault(tmp_path / "vault.sqlite3", key=key))
        return opened[-1]

    yield make
    for vault in opened:
        vault.close()


@pytest.fixture
def make_postgres(pg_dsn: str, pg_prefix: str) -> Iterator[Callable[[VaultKey], PlaceholderVault]]:
    opened: list[PostgresVault] = []

    def make(key: VaultKey) -> PlaceholderVault:
        opened.append(PostgresVault(pg_dsn, key=key, table_prefix=pg_prefix))
        return opened[-1]

    yield make
    for vault in opened:
        vault.close()


@pytest.fixture
def sqlite_dump(tmp_path: Path) -> Callable[[], bytes]:
    """Every byte of the vault file, its WAL and shared memory (not the key file)."""
    return lambda: b"".join(
        p.read_bytes() for p in sorted(tmp_path.glob("vault.sqlite3*")) if not p.name.endswith(".key")
    )


@pytest.fixture
def postgres_dump(pg_dsn: str, pg_prefix: str) -> Callable[[], bytes]:
    """Every column of every row of the vault's tables, as stored."""

    def dump() -> bytes:
        import psycopg
        from psycopg import sql

        parts: list[bytes] = []
        with psycopg.connect(pg_dsn) as conn:
            for suffix in ("meta", "scopes", "entries", "profiles"):
                table = sql.Identifier(f"{pg_prefix}_{suffix}")
                for row in conn.execute(sql.SQL("SELECT * FROM {}").format(table)).fetchall():
                    for cell in row:
                        parts.append(bytes(cell) if isinstance(cell, (bytes, memoryview)) else str(cell).encode())
        return b"\n".join(parts)

    return dump
