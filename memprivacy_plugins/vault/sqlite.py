"""The embedded default vault: one SQLite file in WAL mode."""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from ..errors import VaultCorruptError, VaultError, VaultKeyError, VaultUnavailableError
from ..placeholders import format_placeholder
from ..taxonomy import placeholder_prefix, prefix_key
from ._crypto import (
    KEY_ENV,
    Sealer,
    VaultKey,
    commit_key_file,
    pending_key_file,
    read_key_file,
    resolve_key,
    stage_key_file,
)
from .base import PlaceholderVault, VaultEntry, check_user_id, default_vault_path

__all__ = ["SQLiteVault"]

logger = logging.getLogger(__name__)

_FORMAT = "memprivacy-vault/1"
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    # scope_id and value_hash are keyed hashes: the file shows neither user ids nor values.
    """CREATE TABLE IF NOT EXISTS scopes (
        scope_id BLOB PRIMARY KEY,
        sealed_user_id BLOB NOT NULL,
        created_at REAL NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS entries (
        scope_id BLOB NOT NULL,
        value_hash BLOB NOT NULL,
        prefix_key TEXT NOT NULL,
        n INTEGER NOT NULL CHECK (n >= 1),
        placeholder TEXT NOT NULL,
        privacy_type TEXT NOT NULL,
        sealed BLOB NOT NULL,
        created_at REAL NOT NULL,
        PRIMARY KEY (scope_id, value_hash),
        UNIQUE (scope_id, prefix_key, n)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS profiles (
        scope_id BLOB NOT NULL,
        field TEXT NOT NULL,
        sealed BLOB NOT NULL,
        PRIMARY KEY (scope_id, field)
    ) WITHOUT ROWID""",
)


class SQLiteVault(PlaceholderVault):
    """Placeholder vault in one SQLite file.

    Setup:
        ``pip install memprivacy-plugins`` (no extra needed).

    Key init args:
        path: the vault file. Default ``$MEMPRIVACY_VAULT``, else the user data dir.
        key: a :class:`VaultKey`, 32 raw bytes, or its base64/hex string. Default
            ``$MEMPRIVACY_VAULT_KEY``, else ``<path>.key`` (created 0600 with a new vault).
        key_source: ``"auto"`` (the order above), ``"env"``, ``"file"`` or ``"keyring"``.
        synchronous: SQLite's ``synchronous`` pragma. ``"NORMAL"`` (default, with WAL) keeps
            every committed mapping through a process crash (kill -9); ``"FULL"`` also through
            power loss, at one fsync per new mapping (about 4 ms here).

    Instantiate:
        .. code-block:: python

            from memprivacy_plugins import SQLiteVault
            vault = SQLiteVault("/var/lib/app/vault.sqlite3")
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        key: VaultKey | bytes | str | None = None,
        key_source: str = "auto",
        synchronous: str = "NORMAL",
        busy_timeout: float = 30.0,
    ) -> None:
        self._path = Path(path).expanduser() if path is not None else default_vault_path()
        if synchronous.upper() not in ("OFF", "NORMAL", "FULL", "EXTRA"):
            raise VaultError("synchronous must be OFF, NORMAL, FULL or EXTRA")
        self._synchronous = synchronous.upper()
        self._busy_timeout = busy_timeout
        existed = _check_existing_file(self._path)
        vault_key, self.key_source = resolve_key(
            key, vault_path=self._path, vault_exists=existed, key_source=key_source
        )
        self._sealer = Sealer.from_key(vault_key)
        # Only a key file is ours to update when the key is rotated.
        self._key_file = None if self.key_source in ("argument", f"${KEY_ENV}", "keyring") else Path(self.key_source)
        self._scopes: dict[str, bytes] = {}  # user_id -> keyed hash; derivation is pure
        self._local = threading.local()
        self._init_lock = threading.Lock()
        # (owning thread, pid, connection): connections of finished threads are closed when
        # the next one opens, so threads that come and go don't leak file descriptors.
        self._connections: list[tuple[threading.Thread, int, sqlite3.Connection]] = []
        self._closed = False
        self._init_schema()

    # -- connection handling -------------------------------------------------

    @property
    def path(self) -> Path:
        return self._path

    def __repr__(self) -> str:
        return f"SQLiteVault(path={str(self._path)!r}, key_source={self.key_source!r})"

    def _conn(self) -> sqlite3.Connection:
        if self._closed:
            raise VaultError("the vault is closed")
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        # A forked child must not reuse its parent's connection.
        if conn is not None and self._local.pid == os.getpid():
            return conn
        with _translate_errors():
            self._path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                self._path, timeout=self._busy_timeout, isolation_level=None, check_same_thread=False
            )
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(f"PRAGMA synchronous={self._synchronous}")
            conn.execute(f"PRAGMA busy_timeout={int(self._busy_timeout * 1000)}")
        self._local.conn = conn
        self._local.pid = os.getpid()
        pid = os.getpid()
        with self._init_lock:
            alive = []
            for thread, owner_pid, old in self._connections:
                if owner_pid == pid and not thread.is_alive():
                    with contextlib.suppress(sqlite3.Error):
                        old.close()
                else:
                    alive.append((thread, owner_pid, old))
            alive.append((threading.current_thread(), pid, conn))
            self._connections = alive
        return conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        conn = self._conn()
        with _translate_errors():
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._init_lock:
            for _, owner_pid, conn in self._connections:
                if owner_pid == os.getpid():  # never close a connection inherited across fork
                    with contextlib.suppress(sqlite3.Error):
                        conn.close()
            self._connections.clear()
        self._closed = True

    def _init_schema(self) -> None:
        with self._write() as conn:
            for statement in _SCHEMA:
                conn.execute(statement)
            rows = dict(conn.execute("SELECT name, value FROM meta").fetchall())
            if not rows:
                conn.execute("INSERT INTO meta VALUES ('format', ?)", (_FORMAT,))
                conn.execute("INSERT INTO meta VALUES ('key_id', ?)", (self._sealer.key_id,))
                return
        if rows.get("format") != _FORMAT:
            raise VaultCorruptError(f"{self._path} is not a memprivacy vault (unknown format)")
        if rows.get("key_id") != self._sealer.key_id and not self._finish_interrupted_rotation(rows.get("key_id")):
            raise VaultKeyError(f"the vault key (from {self.key_source}) does not open {self._path}")

    def _finish_interrupted_rotation(self, vault_key_id: str | None) -> bool:
        """A rotation that committed but crashed before renaming its staged key file."""
        if self._key_file is None or not pending_key_file(self._key_file).exists():
            return False
        try:
            pending = read_key_file(pending_key_file(self._key_file))
        except VaultKeyError:
            return False
        sealer = Sealer.from_key(pending)
        if sealer.key_id != vault_key_id:
            return False
        commit_key_file(self._key_file, pending)
        self._sealer = sealer
        logger.warning("finished an interrupted key rotation: the new key is now in %s", self._key_file)
        return True

    def _check_key(self, conn: sqlite3.Connection) -> None:
        """Refuse to work under a key another process has rotated away."""
        with _translate_errors():
            row = conn.execute("SELECT value FROM meta WHERE name = 'key_id'").fetchone()
        if row is None or row[0] != self._sealer.key_id:
            raise VaultKeyError("the vault key was rotated by another process: reopen the vault with the new key")

    @property
    def key_id(self) -> str:
        return self._sealer.key_id

    @property
    def key_file(self) -> Path | None:
        """The key file this vault reads and :meth:`rotate_key` updates (None for env/argument keys)."""
        return self._key_file

    # -- helpers ---------------------------------------------------------------

    def _scope(self, user_id: str) -> bytes:
        scope_id = self._scopes.get(user_id)
        if scope_id is None:
            scope_id = self._sealer.digest("scope", check_user_id(user_id))
            if len(self._scopes) > 4096:
                self._scopes.clear()
            self._scopes[user_id] = scope_id
        return scope_id

    @staticmethod
    def _aad(scope_id: bytes, label: str) -> bytes:
        return scope_id + b"\x00" + label.encode("utf-8")

    # -- the contract ------------------------------------------------------------

    def assign(self, user_id: str, items: Sequence[tuple[str, str]]) -> list[str]:
        if not items:
            return []
        scope_id = self._scope(user_id)
        hashes = [self._sealer.digest("value", value) for _, value in items]
        found = self._lookup_hashes(self._conn(), scope_id, set(hashes))
        if len(found) < len(set(hashes)):
            found = self._insert_missing(user_id, scope_id, items, hashes)
        return [found[h] for h in hashes]

    @staticmethod
    def _lookup_hashes(conn: sqlite3.Connection, scope_id: bytes, hashes: set[bytes]) -> dict[bytes, str]:
        marks = ",".join("?" * len(hashes))
        with _translate_errors():
            rows = conn.execute(
                f"SELECT value_hash, placeholder FROM entries WHERE scope_id = ? AND value_hash IN ({marks})",
                (scope_id, *hashes),
            ).fetchall()
        return dict(rows)

    def _insert_missing(
        self, user_id: str, scope_id: bytes, items: Sequence[tuple[str, str]], hashes: list[bytes]
    ) -> dict[bytes, str]:
        now = time.time()
        with self._write() as conn:
            self._check_key(conn)
            # Re-read inside the write lock: another writer may have added some meanwhile.
            found = self._lookup_hashes(conn, scope_id, set(hashes))
            if not found and conn.execute("SELECT 1 FROM scopes WHERE scope_id = ?", (scope_id,)).fetchone() is None:
                sealed_user = self._sealer.seal(user_id, self._aad(scope_id, "user_id"))
                conn.execute("INSERT INTO scopes VALUES (?, ?, ?)", (scope_id, sealed_user, now))
            next_n: dict[str, int] = {}
            for (privacy_type, value), value_hash in zip(items, hashes):
                if value_hash in found:
                    continue
                prefix = placeholder_prefix(privacy_type)
                key = prefix_key(prefix)
                if key not in next_n:
                    row = conn.execute(
                        "SELECT COALESCE(MAX(n), 0) FROM entries WHERE scope_id = ? AND prefix_key = ?",
                        (scope_id, key),
                    ).fetchone()
                    next_n[key] = int(row[0]) + 1
                n = next_n[key]
                next_n[key] = n + 1
                placeholder = format_placeholder(prefix, n)
                sealed = self._sealer.seal(value, self._aad(scope_id, placeholder))
                conn.execute(
                    "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (scope_id, value_hash, key, n, placeholder, privacy_type, sealed, now),
                )
                found[value_hash] = placeholder
        return found

    def resolve(self, user_id: str, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
        wanted = {(k.lower(), int(n)) for k, n in keys}
        if not wanted:
            return {}
        scope_id = self._scope(user_id)
        conn = self._conn()
        out: dict[tuple[str, int], str] = {}
        # One indexed point lookup per placeholder: an OR of pairs makes SQLite scan the scope.
        with _translate_errors():
            for key, n in sorted(wanted):
                row = conn.execute(
                    "SELECT placeholder, sealed FROM entries WHERE scope_id = ? AND prefix_key = ? AND n = ?",
                    (scope_id, key, n),
                ).fetchone()
                if row is not None:
                    out[(key, n)] = self._sealer.open(row[1], self._aad(scope_id, row[0]))
        if len(out) < len(wanted):
            self._check_key(conn)  # a miss must not hide a rotated key
        return out

    def known_prefixes(self, user_id: str) -> set[str]:
        scope_id = self._scope(user_id)
        with _translate_errors():
            rows = self._conn().execute(
                "SELECT DISTINCT prefix_key FROM entries WHERE scope_id = ?", (scope_id,)
            ).fetchall()
        if not rows:
            self._check_key(self._conn())
        return {r[0] for r in rows}

    def forget(self, user_id: str, /) -> int:
        scope_id = self._scope(user_id)
        with self._write() as conn:
            # An old key would compute another scope id and erase nothing: refuse instead.
            self._check_key(conn)
            count = conn.execute("DELETE FROM entries WHERE scope_id = ?", (scope_id,)).rowcount
            conn.execute("DELETE FROM profiles WHERE scope_id = ?", (scope_id,))
            conn.execute("DELETE FROM scopes WHERE scope_id = ?", (scope_id,))
        return int(count)

    def export(self, user_id: str, /) -> list[VaultEntry]:
        scope_id = self._scope(user_id)
        with _translate_errors():
            rows = self._conn().execute(
                "SELECT placeholder, privacy_type, sealed, created_at FROM entries WHERE scope_id = ? "
                "ORDER BY created_at, prefix_key, n",
                (scope_id,),
            ).fetchall()
        if not rows:
            self._check_key(self._conn())
        return [
            VaultEntry(placeholder=p, privacy_type=t, value=self._sealer.open(s, self._aad(scope_id, p)), created_at=c)
            for p, t, s, c in rows
        ]

    def set_profile(self, user_id: str, field_name: str, value: str | None) -> None:
        scope_id = self._scope(user_id)
        with self._write() as conn:
            self._check_key(conn)
            if value is None:
                conn.execute("DELETE FROM profiles WHERE scope_id = ? AND field = ?", (scope_id, field_name))
                return
            # The scope row holds the sealed user id that key rotation needs to re-key this row.
            sealed_user = self._sealer.seal(user_id, self._aad(scope_id, "user_id"))
            conn.execute("INSERT OR IGNORE INTO scopes VALUES (?, ?, ?)", (scope_id, sealed_user, time.time()))
            sealed = self._sealer.seal(value, self._aad(scope_id, "profile:" + field_name))
            conn.execute("INSERT OR REPLACE INTO profiles VALUES (?, ?, ?)", (scope_id, field_name, sealed))

    def get_profile(self, user_id: str, field_name: str) -> str | None:
        scope_id = self._scope(user_id)
        with _translate_errors():
            row = self._conn().execute(
                "SELECT sealed FROM profiles WHERE scope_id = ? AND field = ?", (scope_id, field_name)
            ).fetchone()
        if row is None:
            self._check_key(self._conn())
            return None
        return self._sealer.open(row[0], self._aad(scope_id, "profile:" + field_name))

    def stats(self) -> dict[str, Any]:
        conn = self._conn()
        with _translate_errors():
            scopes = conn.execute("SELECT COUNT(*) FROM scopes").fetchone()[0]
            per_type = dict(
                conn.execute("SELECT privacy_type, COUNT(*) FROM entries GROUP BY privacy_type ORDER BY 2 DESC").fetchall()
            )
        return {
            "backend": "sqlite",
            "scopes": scopes,
            "entries": sum(per_type.values()),
            "per_type": per_type,
            "key_id": self._sealer.key_id,
        }

    def rotate_key(self, new_key: VaultKey | bytes | str) -> int:
        """Re-encrypt and re-hash every row under ``new_key`` in one transaction.

        When the key came from the key file beside the vault, the new key is written to
        ``<key file>.pending`` before the re-keying commits and renamed over the key file
        after, so a crash at any point leaves a key that opens the vault (an open after
        such a crash finishes the rename). A key given as an argument or in
        ``$MEMPRIVACY_VAULT_KEY`` is the caller's to store, before calling this.
        Other processes still holding the old key get :class:`VaultKeyError` on their next
        write or unknown lookup. Returns the number of rows re-keyed.
        """
        key = VaultKey.coerce(new_key)
        new = Sealer.from_key(key)
        with self._write() as conn:
            self._check_key(conn)
            if self._key_file is not None:
                stage_key_file(self._key_file, key)
            try:
                count = _rekey(conn, self._sealer, new)
                conn.execute("UPDATE meta SET value = ? WHERE name = 'key_id'", (new.key_id,))
            except BaseException:
                # Still under the write lock: no other rotation can have staged a key.
                if self._key_file is not None:
                    pending_key_file(self._key_file).unlink(missing_ok=True)
                raise
        if self._key_file is not None:
            commit_key_file(self._key_file, key)
        self._sealer = new
        self._scopes.clear()  # scope ids are keyed hashes: all of them changed
        return count


def _rekey(conn: sqlite3.Connection, old: Sealer, new: Sealer) -> int:
    """Move every scope's rows to the new key (the caller holds the write transaction)."""
    aad = SQLiteVault._aad
    totals = conn.execute("SELECT (SELECT COUNT(*) FROM entries), (SELECT COUNT(*) FROM profiles)").fetchone()
    moved = [0, 0]
    for old_scope, sealed_user, created_at in conn.execute("SELECT * FROM scopes").fetchall():
        user_id = old.open(sealed_user, aad(old_scope, "user_id"))
        scope = new.digest("scope", user_id)
        entries = conn.execute(
            "SELECT prefix_key, n, placeholder, privacy_type, sealed, created_at FROM entries WHERE scope_id = ?",
            (old_scope,),
        ).fetchall()
        profiles = conn.execute("SELECT field, sealed FROM profiles WHERE scope_id = ?", (old_scope,)).fetchall()
        for table in ("entries", "profiles", "scopes"):
            conn.execute(f"DELETE FROM {table} WHERE scope_id = ?", (old_scope,))
        conn.execute("INSERT INTO scopes VALUES (?, ?, ?)", (scope, new.seal(user_id, aad(scope, "user_id")), created_at))
        for key, n, placeholder, privacy_type, sealed, created in entries:
            value = old.open(sealed, aad(old_scope, placeholder))
            conn.execute(
                "INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (scope, new.digest("value", value), key, n, placeholder, privacy_type,
                 new.seal(value, aad(scope, placeholder)), created),
            )
        for field_name, sealed in profiles:
            label = "profile:" + field_name
            value = old.open(sealed, aad(old_scope, label))
            conn.execute("INSERT INTO profiles VALUES (?, ?, ?)", (scope, field_name, new.seal(value, aad(scope, label))))
        moved[0] += len(entries)
        moved[1] += len(profiles)
    if tuple(moved) != tuple(totals):
        raise VaultCorruptError(
            f"{totals[0] - moved[0]} entries and {totals[1] - moved[1]} profile fields belong to no scope; "
            "key rotation rolled back"
        )
    return moved[0] + moved[1]


def _check_existing_file(path: Path) -> bool:
    """True when a vault file is already there; refuse anything that is not SQLite."""
    try:
        with path.open("rb") as handle:
            header = handle.read(len(_SQLITE_MAGIC))
    except FileNotFoundError:
        return False
    except IsADirectoryError:
        raise VaultError(f"the vault path {path} is a directory") from None
    except PermissionError:
        raise VaultUnavailableError(f"no permission to read the vault {path}") from None
    if header == b"":
        return False  # an empty file (e.g. from mkstemp) is a new vault
    if header != _SQLITE_MAGIC:
        raise VaultCorruptError(f"{path} is not a SQLite database; refusing to use it as a vault")
    return True


@contextlib.contextmanager
def _translate_errors() -> Iterator[None]:
    """SQLite errors -> vault errors. sqlite3 messages never include bound values."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        message = str(exc).lower()
        if isinstance(exc, sqlite3.IntegrityError):
            raise VaultCorruptError("the vault violated a uniqueness rule; the write was rolled back") from None
        if "readonly" in message or "read-only" in message:
            raise VaultUnavailableError("the vault is read-only; nothing was written") from None
        if "full" in message or "disk i/o" in message:
            raise VaultUnavailableError("the vault storage failed (disk full or I/O error); nothing was written") from None
        if "locked" in message or "busy" in message:
            raise VaultUnavailableError("the vault stayed locked by another writer past the busy timeout") from None
        if "unable to open" in message:
            raise VaultUnavailableError("the vault file cannot be opened (missing directory or no permission)") from None
        if "not a database" in message or "malformed" in message or "corrupt" in message:
            raise VaultCorruptError("the vault file is damaged") from None
        raise VaultError(f"vault storage error ({type(exc).__name__})") from None
