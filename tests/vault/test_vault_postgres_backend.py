"""PostgresVault beyond the shared contract: connections, schema, errors, database-side rules."""

from __future__ import annotations

import threading
from typing import Any

import psycopg
import pytest
from psycopg import sql

from memprivacy_plugins.errors import ConfigError, VaultCorruptError, VaultError, VaultUnavailableError
from memprivacy_plugins.vault import PostgresVault, VaultKey


def _with_options(dsn: str, **params: str) -> str:
    return psycopg.conninfo.make_conninfo(dsn, **params)


@pytest.mark.parametrize("prefix", ["", "bad-prefix", "x; DROP TABLE y", "a" * 41, "名字"])
def test_table_prefix_is_checked(pg_dsn: str, prefix: str) -> None:
    with pytest.raises(ConfigError):
        PostgresVault(pg_dsn, key=VaultKey.generate(), table_prefix=prefix)


def test_exactly_one_connection_source(pg_dsn: str) -> None:
    key = VaultKey.generate()
    with pytest.raises(ConfigError):
        PostgresVault(key=key)
    with psycopg.connect(pg_dsn, autocommit=True) as conn, pytest.raises(ConfigError):
        PostgresVault(pg_dsn, connection=conn, key=key)


def test_repr_hides_the_password(pg_dsn: str, pg_prefix: str) -> None:
    vault = PostgresVault(pg_dsn, key=VaultKey.generate(), table_prefix=pg_prefix)
    password = psycopg.conninfo.conninfo_to_dict(pg_dsn).get("password")
    assert password and str(password) not in repr(vault)
    assert pg_prefix in repr(vault)


def test_missing_key_is_a_clear_error(pg_dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from memprivacy_plugins.errors import VaultKeyError

    monkeypatch.delenv("MEMPRIVACY_VAULT_KEY", raising=False)
    with pytest.raises(VaultKeyError, match="MEMPRIVACY_VAULT_KEY"):
        PostgresVault(pg_dsn)


def test_key_from_env_and_key_file(pg_dsn: str, pg_prefix: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    key = VaultKey.generate()
    monkeypatch.setenv("MEMPRIVACY_VAULT_KEY", key.to_string())
    from_env = PostgresVault.from_dsn(pg_dsn, table_prefix=pg_prefix)
    assert from_env.assign("u1", [("Email", "a@x.io")]) == ["<Email_1>"]
    monkeypatch.delenv("MEMPRIVACY_VAULT_KEY")
    key_file = tmp_path / "pg.key"
    key_file.write_text(key.to_string())
    key_file.chmod(0o600)
    from_file = PostgresVault(pg_dsn, key_file=key_file, table_prefix=pg_prefix)
    assert from_file.resolve("u1", [("email", 1)]) == {("email", 1): "a@x.io"}
    for vault in (from_env, from_file):
        vault.close()


def test_create_false_requires_existing_tables(pg_dsn: str, pg_prefix: str) -> None:
    vault = PostgresVault(pg_dsn, key=VaultKey.generate(), table_prefix=pg_prefix, create=False)
    with pytest.raises(VaultError, match="create_tables"):
        vault.assign("u1", [("Email", "a@x.io")])
    vault.create_tables()
    assert vault.assign("u1", [("Email", "a@x.io")]) == ["<Email_1>"]
    vault.close()


def test_create_tables_is_idempotent_under_concurrency(pg_dsn: str, pg_prefix: str) -> None:
    key = VaultKey.generate()
    vaults = [PostgresVault(pg_dsn, key=key, table_prefix=pg_prefix) for _ in range(6)]
    errors: list[BaseException] = []

    def create(vault: PostgresVault) -> None:
        try:
            vault.create_tables()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=create, args=(v,)) for v in vaults]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    vaults[0].create_tables()
    assert vaults[1].stats()["entries"] == 0
    for vault in vaults:
        vault.close()


def test_injected_connection_must_autocommit(pg_dsn: str, pg_prefix: str) -> None:
    key = VaultKey.generate()
    with psycopg.connect(pg_dsn) as conn, pytest.raises(ConfigError, match="autocommit"):
        PostgresVault(connection=conn, key=key, table_prefix=pg_prefix)
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        vault = PostgresVault(connection=conn, key=key, table_prefix=pg_prefix)
        assert vault.assign("u1", [("Email", "a@x.io"), ("Email", "b@x.io")]) == ["<Email_1>", "<Email_2>"]
        assert vault.resolve("u1", [("email", 2)]) == {("email", 2): "b@x.io"}


def test_a_sync_pool_is_used(pg_dsn: str, pg_prefix: str) -> None:
    ConnectionPool = pytest.importorskip("psycopg_pool", reason="pip install psycopg-pool").ConnectionPool

    key = VaultKey.generate()
    with ConnectionPool(pg_dsn, min_size=1, max_size=4, open=True) as pool:
        vault = PostgresVault(pool=pool, key=key, table_prefix=pg_prefix)
        assert vault.assign("u1", [("Email", "a@x.io")]) == ["<Email_1>"]
        with pytest.raises(ConfigError):
            import asyncio

            asyncio.run(vault.aassign("u1", [("Email", "b@x.io")]))
    check = PostgresVault(pg_dsn, key=key, table_prefix=pg_prefix)
    assert check.resolve("u1", [("email", 1)]) == {("email", 1): "a@x.io"}  # committed by the pool path
    check.close()


async def test_async_pool_and_async_connection(pg_dsn: str, pg_prefix: str) -> None:
    AsyncConnectionPool = pytest.importorskip("psycopg_pool", reason="pip install psycopg-pool").AsyncConnectionPool

    key = VaultKey.generate()
    async with AsyncConnectionPool(pg_dsn, min_size=1, max_size=4, open=False) as pool:
        vault = PostgresVault(pool=pool, key=key, table_prefix=pg_prefix)
        assert await vault.aassign("u1", [("Email", "a@x.io")]) == ["<Email_1>"]
        with pytest.raises(ConfigError):
            vault.assign("u1", [("Email", "b@x.io")])
    async with await psycopg.AsyncConnection.connect(pg_dsn, autocommit=True) as conn:
        vault = PostgresVault(connection=conn, key=key, table_prefix=pg_prefix)
        assert await vault.aassign("u1", [("Email", "b@x.io"), ("Email", "a@x.io")]) == ["<Email_2>", "<Email_1>"]


def test_unreachable_server_is_a_clear_error() -> None:
    vault = PostgresVault("postgresql://nobody:s3cr3t-pw@127.0.0.1:9/none", key=VaultKey.generate(), connect_timeout=2)
    with pytest.raises(VaultUnavailableError) as info:
        vault.assign("u1", [("Email", "a@x.io")])
    assert "s3cr3t-pw" not in str(info.value) and "a@x.io" not in str(info.value)


def test_read_only_database_refuses_new_mappings_and_loses_nothing(pg_dsn: str, pg_prefix: str) -> None:
    key = VaultKey.generate()
    writer = PostgresVault.from_dsn(pg_dsn, key=key, table_prefix=pg_prefix)
    writer.assign("u1", [("Email", "a@x.io")])
    reader = PostgresVault(
        _with_options(pg_dsn, options="-c default_transaction_read_only=on"), key=key, table_prefix=pg_prefix
    )
    assert reader.assign("u1", [("Email", "a@x.io")]) == ["<Email_1>"]  # known values need no write
    with pytest.raises(VaultUnavailableError, match="read-only") as info:
        reader.assign("u1", [("Email", "new@x.io"), ("Password", "pw-123")])
    assert "new@x.io" not in str(info.value)
    assert writer.stats()["entries"] == 1
    assert {e.value for e in writer.export("u1")} == {"a@x.io"}
    for vault in (writer, reader):
        vault.close()


def test_a_dropped_connection_is_replaced(pg_dsn: str, pg_prefix: str) -> None:
    tag = "memprivacy-reconnect-" + pg_prefix
    vault = PostgresVault(_with_options(pg_dsn, application_name=tag), key=VaultKey.generate(), table_prefix=pg_prefix)
    assert vault.assign("u1", [("Email", "a@x.io")]) == ["<Email_1>"]
    with psycopg.connect(pg_dsn, autocommit=True) as admin:
        killed = admin.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = %s", (tag,)
        ).fetchone()
    assert killed is not None and killed[0] >= 1
    assert vault.assign("u1", [("Email", "b@x.io")]) == ["<Email_2>"]
    vault.close()


def test_tampered_or_moved_ciphertext_fails_authentication(pg_dsn: str, pg_prefix: str) -> None:
    vault = PostgresVault.from_dsn(pg_dsn, key=VaultKey.generate(), table_prefix=pg_prefix)
    vault.assign("u1", [("Email", "a@x.io"), ("Email", "b@x.io")])
    entries = sql.Identifier(pg_prefix + "_entries")
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        # Swap the two ciphertexts: each is bound to its own placeholder by the AEAD's associated data.
        conn.execute(
            sql.SQL(
                "UPDATE {t} e SET sealed = o.sealed FROM {t} o WHERE e.scope_id = o.scope_id AND e.n <> o.n"
            ).format(t=entries)
        )
    with pytest.raises(VaultCorruptError) as info:
        vault.resolve("u1", [("email", 1)])
    assert "a@x.io" not in str(info.value) and "b@x.io" not in str(info.value)
    vault.close()


def test_the_database_itself_enforces_uniqueness(pg_dsn: str, pg_prefix: str) -> None:
    """A client that skips the scope lock still cannot create a second mapping."""
    vault = PostgresVault.from_dsn(pg_dsn, key=VaultKey.generate(), table_prefix=pg_prefix)
    vault.assign("u1", [("Email", "a@x.io")])
    entries = sql.Identifier(pg_prefix + "_entries")
    with psycopg.connect(pg_dsn, autocommit=True) as conn:
        row = conn.execute(sql.SQL("SELECT * FROM {}").format(entries)).fetchone()
        assert row is not None
        same_value = list(row)
        same_value[3] = 2  # another number for the same value hash
        same_number = list(row)
        same_number[1] = b"\x00" * 32  # another value hash under the same number
        for duplicate in (same_value, same_number):
            with pytest.raises(psycopg.errors.UniqueViolation):
                conn.execute(
                    sql.SQL("INSERT INTO {} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)").format(entries), duplicate
                )
    vault.close()


def test_closed_vault_refuses_work(pg_dsn: str, pg_prefix: str) -> None:
    vault = PostgresVault(pg_dsn, key=VaultKey.generate(), table_prefix=pg_prefix)
    vault.close()
    with pytest.raises(VaultError, match="closed"):
        vault.assign("u1", [("Email", "a@x.io")])


def _sessions(dsn: str, tag: str, *, at_most: int = 0) -> int:
    """Server sessions with this application_name, polled briefly: a backend exits just after its client."""
    import time

    for _ in range(40):
        with psycopg.connect(dsn, autocommit=True) as admin:
            row = admin.execute("SELECT count(*) FROM pg_stat_activity WHERE application_name = %s", (tag,)).fetchone()
        count = int(row[0]) if row else -1
        if count <= at_most:
            break
        time.sleep(0.05)
    return count


def test_threads_that_end_do_not_leave_server_connections(pg_dsn: str, pg_prefix: str) -> None:
    import gc

    tag = "memprivacy-churn-" + pg_prefix
    vault = PostgresVault(_with_options(pg_dsn, application_name=tag), key=VaultKey.generate(), table_prefix=pg_prefix)
    vault.create_tables()
    for round_no in range(3):
        threads = [threading.Thread(target=vault.assign, args=("u1", [("Email", f"{round_no}-{i}@x.io")]))
                   for i in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        del threads, thread
        gc.collect()
    assert _sessions(pg_dsn, tag, at_most=1) <= 1  # only the main thread's, from create_tables()
    assert vault.stats()["entries"] == 30
    vault.close()
    assert _sessions(pg_dsn, tag) == 0


async def test_async_connections_are_reused_and_closed(pg_dsn: str, pg_prefix: str) -> None:
    import asyncio

    tag = "memprivacy-async-" + pg_prefix
    vault = PostgresVault(_with_options(pg_dsn, application_name=tag), key=VaultKey.generate(), table_prefix=pg_prefix)
    for _ in range(3):
        await asyncio.gather(*(vault.aassign("u1", [("Email", f"{i}@x.io")]) for i in range(12)))
    assert 1 <= _sessions(pg_dsn, tag) <= 12
    from memprivacy_plugins.errors import ScopeError

    with pytest.raises(ScopeError):
        await vault.aassign("", [("Email", "a@x.io")])
    await vault.aclose()
    assert _sessions(pg_dsn, tag) == 0
