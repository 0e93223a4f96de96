"""A shared vault in PostgreSQL, for many app servers (extra ``postgres``: psycopg 3).

Same semantics as :class:`~memprivacy_plugins.vault.SQLiteVault`; the database does the
consistency work. Every write takes the row lock of its scope (``SELECT ... FOR UPDATE``
on the scope row), so writers of one user serialise while different users write in
parallel; numbering is ``MAX(n) + 1`` under that lock, and the primary key
``(scope_id, value_hash)`` plus ``UNIQUE (scope_id, prefix_key, n)`` make a second
placeholder for one value, or a second value for one placeholder, impossible even for a
client that skips the lock. A benign race (a scope erased meanwhile, a deadlock, a
serialisation failure) is retried, never reported to the caller.

Each operation is written once, as a generator of SQL steps (``_ops``); a sync and an
async driver run it, so ``aassign`` and friends use psycopg's async connections natively.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import psycopg
from psycopg import errors as pg_errors

from ..errors import ConfigError, VaultError, VaultUnavailableError
from . import _pg_ops as ops
from ._crypto import Sealer, VaultKey, read_key_file, resolve_key
from .base import PlaceholderVault, VaultEntry, check_user_id

__all__ = ["PostgresVault"]

T = TypeVar("T")
_RETRIES = 8
_PIPELINE = psycopg.Pipeline.is_supported()  # libpq >= 14: a batch costs one round trip
_RETRYABLE = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected, pg_errors.UniqueViolation, ops.Retry)


class PostgresVault(PlaceholderVault):
    """Placeholder vault in PostgreSQL tables ``<table_prefix>_meta|scopes|entries|profiles``.

    Setup:
        ``pip install 'memprivacy-plugins[postgres]'``

    Key init args:
        dsn: a libpq connection string or URL. The vault opens one connection per thread
            (and one per concurrent task for the async methods).
        connection: a ready ``psycopg.Connection`` (or ``AsyncConnection``) in autocommit
            mode, shared under a lock. Use instead of ``dsn``.
        pool: a ``psycopg_pool.ConnectionPool`` (or ``AsyncConnectionPool``). Use instead
            of ``dsn``.
        key: the vault key (a :class:`VaultKey`, 32 bytes, or its base64/hex string).
            Default ``$MEMPRIVACY_VAULT_KEY``; or ``key_file=`` (mode 0600); or
            ``key_source="keyring"``. Every app server sharing the vault needs the same key.
        table_prefix: letters, digits and ``_`` only.
        create: create missing tables on first use (default True). Call
            :meth:`create_tables` yourself to fail fast at start-up instead.

    Instantiate:
        .. code-block:: python

            from memprivacy_plugins.vault import PostgresVault
            vault = PostgresVault.from_dsn("postgresql://app@db/app", key=key)

    Async:
        Every method has an ``a``-prefixed twin; with a DSN or an async pool/connection
        they run on psycopg's async connections (no worker threads).
    """

    def __init__(
        self,
        dsn: str | None = None,
        *,
        connection: psycopg.Connection[Any] | psycopg.AsyncConnection[Any] | None = None,
        pool: Any = None,
        key: VaultKey | bytes | str | None = None,
        key_file: str | os.PathLike[str] | None = None,
        key_source: str = "auto",
        table_prefix: str = "memprivacy",
        create: bool = True,
        connect_timeout: float = 10.0,
    ) -> None:
        if sum(x is not None for x in (dsn, connection, pool)) != 1:
            raise ConfigError("PostgresVault needs exactly one of dsn=, connection= or pool=")
        self._tables = ops.Tables.for_prefix(table_prefix)
        if key is None and key_file is not None:
            key, source = read_key_file(Path(key_file)), str(key_file)
        else:
            key, source = resolve_key(key, vault_path=None, vault_exists=True, key_source=key_source)
        self.key_source = source
        self._sealer = Sealer.from_key(VaultKey.coerce(key))
        self._dsn = dsn
        self._connect_timeout = connect_timeout
        self._create = create
        self._ready = False
        self._ready_lock = threading.Lock()
        self._closed = False
        self._sync = _SyncConnections(dsn, connection, pool, connect_timeout)
        self._async = _AsyncConnections(dsn, connection, pool, connect_timeout)
        self._where = _describe(dsn, connection, pool)

    @classmethod
    def from_dsn(cls, dsn: str, **kwargs: Any) -> PostgresVault:
        """Connect, create the tables if needed and check the key, failing fast."""
        vault = cls(dsn, **kwargs)
        vault.create_tables()
        return vault

    def __repr__(self) -> str:
        return f"PostgresVault({self._where}, table_prefix={self._tables.prefix!r}, key_source={self.key_source!r})"

    @property
    def table_prefix(self) -> str:
        return self._tables.prefix

    @property
    def key_id(self) -> str:
        return self._sealer.key_id

    # -- drivers -------------------------------------------------------------------

    def _run(self, make: Callable[[], Generator[ops.Q | ops.Batch, Any, T]], *, write: bool, setup: bool = True) -> T:
        if self._closed:
            raise VaultError("the vault is closed")
        if setup and not self._ready:
            self._ensure_ready()
        failure: Exception | None = None
        for attempt in range(_RETRIES):
            try:
                with self._sync.connection() as conn:
                    if write:
                        with conn.transaction():
                            return _drive(conn, make())
                    return _drive(conn, make())
            except _RETRYABLE as exc:
                failure = exc
            except psycopg.Error as exc:
                # One reconnect: a pooled or idle connection may have died since last use.
                if attempt > 0 or not isinstance(exc, psycopg.OperationalError) or not setup:
                    raise _vault_error(exc) from None
                failure = exc
        raise _vault_error(failure) from None

    async def _arun(
        self, make: Callable[[], Generator[ops.Q | ops.Batch, Any, T]], *, write: bool, setup: bool = True
    ) -> T:
        if self._closed:
            raise VaultError("the vault is closed")
        if setup and not self._ready:
            await self._aensure_ready()
        failure: Exception | None = None
        for attempt in range(_RETRIES):
            try:
                async with self._async.connection() as conn:
                    if write:
                        async with conn.transaction():
                            return await _adrive(conn, make())
                    return await _adrive(conn, make())
            except _RETRYABLE as exc:
                failure = exc
            except psycopg.Error as exc:
                if attempt > 0 or not isinstance(exc, psycopg.OperationalError) or not setup:
                    raise _vault_error(exc) from None
                failure = exc
        raise _vault_error(failure) from None

    def _ensure_ready(self) -> None:
        with self._ready_lock:
            if not self._ready:
                self._run(lambda: ops.ensure_schema(self._tables, self._sealer, create=self._create), write=True, setup=False)
                self._ready = True

    async def _aensure_ready(self) -> None:
        if not self._ready:
            await self._arun(
                lambda: ops.ensure_schema(self._tables, self._sealer, create=self._create), write=True, setup=False
            )
            self._ready = True

    # -- schema ----------------------------------------------------------------------

    def create_tables(self) -> None:
        """Create the tables if missing (idempotent, safe from many processes) and check the key."""
        with self._ready_lock:
            self._run(lambda: ops.ensure_schema(self._tables, self._sealer, create=True), write=True, setup=False)
            self._ready = True

    async def acreate_tables(self) -> None:
        await self._arun(lambda: ops.ensure_schema(self._tables, self._sealer, create=True), write=True, setup=False)
        self._ready = True

    def check(self) -> None:
        """Connect, make sure the tables exist (creating them only with ``create=True``) and the key opens them."""
        self._ensure_ready()

    async def acheck(self) -> None:
        await self._aensure_ready()

    def drop_tables(self) -> None:
        """Drop this vault's tables: every mapping of every user is gone. For tests and teardown."""
        self._run(lambda: ops.drop_schema(self._tables), write=True, setup=False)
        self._ready = False

    # -- the contract ------------------------------------------------------------------

    def assign(self, user_id: str, items: Sequence[tuple[str, str]]) -> list[str]:
        if not items:
            return []
        check_user_id(user_id)
        found = self._run(lambda: ops.lookup(self._tables, self._sealer, user_id, items), write=False)
        if found is not None:
            return found
        return self._run(lambda: ops.assign(self._tables, self._sealer, user_id, items), write=True)

    async def aassign(self, user_id: str, items: Sequence[tuple[str, str]]) -> list[str]:
        if not items:
            return []
        check_user_id(user_id)
        found = await self._arun(lambda: ops.lookup(self._tables, self._sealer, user_id, items), write=False)
        if found is not None:
            return found
        return await self._arun(lambda: ops.assign(self._tables, self._sealer, user_id, items), write=True)

    def resolve(self, user_id: str, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
        wanted = _wanted(keys)
        if not wanted:
            return {}
        return self._run(lambda: ops.resolve(self._tables, self._sealer, check_user_id(user_id), wanted), write=False)

    async def aresolve(self, user_id: str, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
        wanted = _wanted(keys)
        if not wanted:
            return {}
        return await self._arun(
            lambda: ops.resolve(self._tables, self._sealer, check_user_id(user_id), wanted), write=False
        )

    def known_prefixes(self, user_id: str) -> set[str]:
        return self._run(lambda: ops.known_prefixes(self._tables, self._sealer, check_user_id(user_id)), write=False)

    async def aknown_prefixes(self, user_id: str) -> set[str]:
        return await self._arun(
            lambda: ops.known_prefixes(self._tables, self._sealer, check_user_id(user_id)), write=False
        )

    def forget(self, user_id: str, /) -> int:
        return self._run(lambda: ops.forget(self._tables, self._sealer, check_user_id(user_id)), write=True)

    async def aforget(self, user_id: str, /) -> int:
        return await self._arun(lambda: ops.forget(self._tables, self._sealer, check_user_id(user_id)), write=True)

    def export(self, user_id: str, /) -> list[VaultEntry]:
        return self._run(lambda: ops.export(self._tables, self._sealer, check_user_id(user_id)), write=False)

    async def aexport(self, user_id: str, /) -> list[VaultEntry]:
        return await self._arun(lambda: ops.export(self._tables, self._sealer, check_user_id(user_id)), write=False)

    def set_profile(self, user_id: str, field_name: str, value: str | None) -> None:
        check_user_id(user_id)
        self._run(lambda: ops.set_profile(self._tables, self._sealer, user_id, field_name, value), write=True)

    async def aset_profile(self, user_id: str, field_name: str, value: str | None) -> None:
        check_user_id(user_id)
        await self._arun(lambda: ops.set_profile(self._tables, self._sealer, user_id, field_name, value), write=True)

    def get_profile(self, user_id: str, field_name: str) -> str | None:
        check_user_id(user_id)
        return self._run(lambda: ops.get_profile(self._tables, self._sealer, user_id, field_name), write=False)

    async def aget_profile(self, user_id: str, field_name: str) -> str | None:
        check_user_id(user_id)
        return await self._arun(lambda: ops.get_profile(self._tables, self._sealer, user_id, field_name), write=False)

    def stats(self) -> dict[str, Any]:
        return self._run(lambda: ops.stats(self._tables, self._sealer), write=False)

    async def astats(self) -> dict[str, Any]:
        return await self._arun(lambda: ops.stats(self._tables, self._sealer), write=False)

    def rotate_key(self, new_key: VaultKey | bytes | str) -> int:
        """Re-encrypt and re-hash every row under ``new_key`` in one transaction.

        Writers wait while it runs (the tables are locked in EXCLUSIVE mode); readers go
        on. Other processes still holding the old key get :class:`VaultKeyError` on their
        next write or unknown lookup, never a silent miss. Returns the rows re-keyed.
        """
        new_sealer = Sealer.from_key(VaultKey.coerce(new_key))
        self._ensure_ready()
        count = self._run(lambda: ops.rotate(self._tables, self._sealer, new_sealer), write=True, setup=False)
        self._sealer = new_sealer
        return count

    async def arotate_key(self, new_key: VaultKey | bytes | str) -> int:
        new_sealer = Sealer.from_key(VaultKey.coerce(new_key))
        await self._aensure_ready()
        count = await self._arun(lambda: ops.rotate(self._tables, self._sealer, new_sealer), write=True, setup=False)
        self._sealer = new_sealer
        return count

    def close(self) -> None:
        self._closed = True
        self._sync.close()
        self._async.close_all()

    async def aclose(self) -> None:
        self._closed = True
        await self._async.aclose()
        self._sync.close()


# -- connection sources ------------------------------------------------------------------


class _SyncConnections:
    """Thread-local DSN connections, an injected connection under a lock, or a pool."""

    def __init__(self, dsn: str | None, connection: Any, pool: Any, timeout: float) -> None:
        self._dsn = dsn
        self._timeout = timeout
        self._conn = connection if isinstance(connection, psycopg.Connection) else None
        self._pool = pool if pool is not None and not _is_async_pool(pool) else None
        self._lock = threading.RLock()
        self._local = threading.local()
        self._opened: list[psycopg.Connection[Any]] = []
        if self._conn is not None and not self._conn.autocommit:
            raise ConfigError("an injected psycopg connection must be in autocommit mode (autocommit=True)")

    @contextlib.contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        if self._conn is not None:
            with self._lock:
                yield self._conn
            return
        if self._pool is not None:
            with self._pool.connection() as conn:
                yield conn
            return
        if self._dsn is None:
            raise ConfigError("this vault was given an async connection or pool: use the a* methods")
        conn = getattr(self._local, "conn", None)
        # A forked child must not share its parent's socket; a broken one is replaced.
        if conn is None or conn.closed or self._local.pid != os.getpid():
            conn = psycopg.connect(self._dsn, autocommit=True, connect_timeout=max(1, int(self._timeout)))
            self._local.conn, self._local.pid = conn, os.getpid()
            # A thread that ends must not leave its server connection open.
            weakref.finalize(threading.current_thread(), _close_quietly, conn)
            with self._lock:
                self._opened = [c for c in self._opened if not c.closed]
                self._opened.append(conn)
        try:
            yield conn
        except psycopg.OperationalError:
            with contextlib.suppress(Exception):
                conn.close()
            raise

    def close(self) -> None:
        with self._lock:
            for conn in self._opened:
                with contextlib.suppress(Exception):
                    conn.close()
            self._opened.clear()


class _AsyncConnections:
    """Async connections: one per concurrent task, kept idle per event loop for reuse."""

    _MAX_IDLE = 8

    def __init__(self, dsn: str | None, connection: Any, pool: Any, timeout: float) -> None:
        self._dsn = dsn
        self._timeout = timeout
        self._conn = connection if isinstance(connection, psycopg.AsyncConnection) else None
        self._pool = pool if pool is not None and _is_async_pool(pool) else None
        self._sync_fallback = connection if isinstance(connection, psycopg.Connection) else None
        self._sync_pool = pool if pool is not None and not _is_async_pool(pool) else None
        self._lock: asyncio.Lock | None = None
        self._idle: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list[psycopg.AsyncConnection[Any]]] = (
            weakref.WeakKeyDictionary()
        )
        self._all: set[psycopg.AsyncConnection[Any]] = set()
        if self._conn is not None and not self._conn.autocommit:
            raise ConfigError("an injected psycopg connection must be in autocommit mode (autocommit=True)")

    @contextlib.asynccontextmanager
    async def connection(self) -> AsyncIterator[psycopg.AsyncConnection[Any]]:
        if self._conn is not None:
            if self._lock is None:
                self._lock = asyncio.Lock()
            async with self._lock:
                yield self._conn
            return
        if self._pool is not None:
            async with self._pool.connection() as conn:
                yield conn
            return
        if self._dsn is None:
            raise ConfigError(
                "async methods need dsn=, an AsyncConnection or an AsyncConnectionPool; "
                "this vault has only a sync connection or pool"
            )
        idle = self._idle.setdefault(asyncio.get_running_loop(), [])
        conn = None
        while idle and conn is None:
            candidate = idle.pop()
            conn = None if candidate.closed else candidate
        if conn is None:
            conn = await psycopg.AsyncConnection.connect(
                self._dsn, autocommit=True, connect_timeout=max(1, int(self._timeout))
            )
            self._all.add(conn)
        try:
            yield conn
        except BaseException as exc:
            # Keep a healthy idle connection (a ScopeError, a key error); drop one that a
            # cancellation or a network error may have left mid-conversation.
            if isinstance(exc, (psycopg.OperationalError, asyncio.CancelledError)) or not _reusable(conn):
                self._all.discard(conn)
                await _aclose_quietly(conn)
            elif len(idle) < self._MAX_IDLE:
                idle.append(conn)
            raise
        if _reusable(conn) and len(idle) < self._MAX_IDLE:
            idle.append(conn)
        else:
            self._all.discard(conn)
            await _aclose_quietly(conn)

    async def aclose(self) -> None:
        for conn in list(self._all):
            await _aclose_quietly(conn)
        self._all.clear()
        self._idle.clear()

    def close_all(self) -> None:
        # From sync code the event loop may be gone: end the libpq sessions directly.
        for conn in self._all:
            if not conn.closed:
                with contextlib.suppress(Exception):
                    conn.pgconn.finish()
        self._all.clear()
        self._idle.clear()


def _close_quietly(conn: psycopg.Connection[Any]) -> None:
    with contextlib.suppress(Exception):
        conn.close()


def _reusable(conn: psycopg.AsyncConnection[Any]) -> bool:
    return not conn.closed and conn.info.transaction_status == psycopg.pq.TransactionStatus.IDLE


async def _aclose_quietly(conn: psycopg.AsyncConnection[Any]) -> None:
    with contextlib.suppress(Exception):
        await conn.close()


def _is_async_pool(pool: Any) -> bool:
    return inspect.iscoroutinefunction(getattr(pool, "open", None))


def _describe(dsn: str | None, connection: Any, pool: Any) -> str:
    if dsn is None:
        return "connection=<given>" if connection is not None else "pool=<given>"
    try:
        info = psycopg.conninfo.conninfo_to_dict(dsn)
    except psycopg.ProgrammingError:
        raise ConfigError("the PostgreSQL DSN cannot be parsed") from None
    # Never the password or the rest of the DSN.
    return f"host={info.get('host', '')!r}, port={info.get('port', '')!r}, dbname={info.get('dbname', '')!r}"


def _wanted(keys: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    return sorted({(k.lower(), int(n)) for k, n in keys})


# -- drivers ------------------------------------------------------------------------------


def _drive(conn: psycopg.Connection[Any], steps: Generator[ops.Q | ops.Batch, Any, T]) -> T:
    try:
        step = next(steps)
        with conn.cursor() as cur:
            while True:
                result: Any
                if isinstance(step, ops.Batch):
                    result = _run_batch(conn, step)
                elif step.mode == "many":
                    cur.executemany(step.query, step.params)
                    result = None
                else:
                    cur.execute(step.query, step.params)
                    result = _fetch(cur, step.mode)
                step = steps.send(result)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


def _run_batch(conn: psycopg.Connection[Any], batch: ops.Batch) -> list[Any]:
    cursors = [conn.cursor() for _ in batch.steps]
    with conn.pipeline() if _PIPELINE else contextlib.nullcontext():
        for cur, step in zip(cursors, batch.steps):
            cur.execute(step.query, step.params)
        results = [_fetch(cur, step.mode) for cur, step in zip(cursors, batch.steps)]
    for cur in cursors:
        cur.close()
    return results


async def _adrive(conn: psycopg.AsyncConnection[Any], steps: Generator[ops.Q | ops.Batch, Any, T]) -> T:
    try:
        step = next(steps)
        async with conn.cursor() as cur:
            while True:
                result: Any
                if isinstance(step, ops.Batch):
                    result = await _arun_batch(conn, step)
                elif step.mode == "many":
                    await cur.executemany(step.query, step.params)
                    result = None
                else:
                    await cur.execute(step.query, step.params)
                    result = await _afetch(cur, step.mode)
                step = steps.send(result)
    except StopIteration as stop:
        return stop.value  # type: ignore[no-any-return]


async def _arun_batch(conn: psycopg.AsyncConnection[Any], batch: ops.Batch) -> list[Any]:
    cursors = [conn.cursor() for _ in batch.steps]
    async with conn.pipeline() if _PIPELINE else contextlib.nullcontext():
        for cur, step in zip(cursors, batch.steps):
            await cur.execute(step.query, step.params)
        results = [await _afetch(cur, step.mode) for cur, step in zip(cursors, batch.steps)]
    for cur in cursors:
        await cur.close()
    return results


def _fetch(cur: psycopg.Cursor[Any], mode: str) -> Any:
    if mode == "one":
        return cur.fetchone()
    if mode == "all":
        return cur.fetchall()
    if mode == "count":
        return cur.rowcount
    return None


async def _afetch(cur: psycopg.AsyncCursor[Any], mode: str) -> Any:
    if mode == "one":
        return await cur.fetchone()
    if mode == "all":
        return await cur.fetchall()
    if mode == "count":
        return cur.rowcount
    return None


def _vault_error(exc: BaseException | None) -> VaultError:
    """A psycopg error as a vault error carrying the SQLSTATE only.

    Server messages could quote parameters; ours are keyed hashes and ciphertext, but a
    message is still never interpolated.
    """
    if isinstance(exc, VaultError):
        return exc
    state = getattr(exc, "sqlstate", None)
    if isinstance(exc, (pg_errors.ReadOnlySqlTransaction, pg_errors.InsufficientPrivilege)):
        return VaultUnavailableError(
            f"the vault database refused the write (read-only or no privilege, SQLSTATE {state}); nothing was written"
        )
    if isinstance(exc, (pg_errors.DiskFull, pg_errors.OutOfMemory, pg_errors.InsufficientResources)):
        return VaultUnavailableError(f"the vault database is out of resources (SQLSTATE {state}); nothing was written")
    if isinstance(exc, pg_errors.UndefinedTable):
        return VaultError("the vault tables do not exist: call create_tables() or pass create=True")
    if isinstance(exc, (pg_errors.UniqueViolation, pg_errors.SerializationFailure, pg_errors.DeadlockDetected)):
        return VaultUnavailableError(f"the vault write kept conflicting (SQLSTATE {state}); nothing was written")
    if isinstance(exc, psycopg.OperationalError):
        detail = f" (SQLSTATE {state})" if state else ""
        return VaultUnavailableError(
            f"the vault database is unreachable or the connection failed{detail}; "
            "a write in flight either committed whole or not at all"
        )
    return VaultError(f"vault database error ({state or type(exc).__name__})")
