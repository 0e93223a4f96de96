"""PostgresVault's operations as generators of SQL steps (no I/O here).

Each generator yields :class:`Q` steps and receives their results; a sync or an async
driver in ``postgres.py`` runs it inside one transaction when it writes. Writing the logic
once keeps the two APIs identical.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from typing import Any

from psycopg import sql

from ..errors import ConfigError, VaultCorruptError, VaultError, VaultKeyError, VaultUnavailableError
from ..placeholders import format_placeholder
from ..taxonomy import placeholder_prefix, prefix_key
from ._crypto import Sealer
from .base import VaultEntry

FORMAT = "memprivacy-vault/1"
_PREFIX_RE = re.compile(r"\w{1,40}", re.ASCII)

Steps = Generator["Q | Batch", Any, Any]


class Retry(VaultUnavailableError):
    """A benign race (the scope was erased mid-write): the driver runs the operation again."""

    def __init__(self) -> None:
        super().__init__("the user scope kept being erased during the write; nothing was written")


@dataclass(frozen=True, slots=True)
class Q:
    """One SQL step. ``mode``: none | one | all | count | many (params is a list of rows)."""

    mode: str
    query: sql.SQL | sql.Composed
    params: Any = ()


@dataclass(frozen=True, slots=True)
class Batch:
    """Steps that do not depend on each other's results: sent in one round trip (pipeline)."""

    steps: tuple[Q, ...]


@dataclass(frozen=True)
class Tables:
    prefix: str
    meta: sql.Identifier
    scopes: sql.Identifier
    entries: sql.Identifier
    profiles: sql.Identifier
    lock_id: int

    @classmethod
    def for_prefix(cls, prefix: str) -> Tables:
        if not isinstance(prefix, str) or not _PREFIX_RE.fullmatch(prefix):
            raise ConfigError("table_prefix must be 1-40 ASCII letters, digits or underscores")
        digest = hashlib.sha256(b"memprivacy-schema:" + prefix.encode()).digest()
        return cls(
            prefix=prefix,
            meta=sql.Identifier(prefix + "_meta"),
            scopes=sql.Identifier(prefix + "_scopes"),
            entries=sql.Identifier(prefix + "_entries"),
            profiles=sql.Identifier(prefix + "_profiles"),
            lock_id=int.from_bytes(digest[:8], "big", signed=True),
        )

    def names(self) -> list[str]:
        return [self.prefix + s for s in ("_meta", "_scopes", "_entries", "_profiles")]

    def sql(self, template: str) -> sql.Composed:
        return sql.SQL(template).format(
            meta=self.meta, scopes=self.scopes, entries=self.entries, profiles=self.profiles
        )


def aad(scope_id: bytes, label: str) -> bytes:
    """Associated data binding a ciphertext to its scope and slot (same as the SQLite vault)."""
    return scope_id + b"\x00" + label.encode("utf-8")


_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS {meta} (name text PRIMARY KEY, value text NOT NULL)",
    # scope_id and value_hash are keyed hashes: the database sees neither user ids nor values.
    """CREATE TABLE IF NOT EXISTS {scopes} (
        scope_id bytea PRIMARY KEY,
        sealed_user_id bytea NOT NULL,
        created_at double precision NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS {entries} (
        scope_id bytea NOT NULL REFERENCES {scopes} (scope_id) ON DELETE CASCADE,
        value_hash bytea NOT NULL,
        prefix_key text NOT NULL,
        n integer NOT NULL CHECK (n >= 1),
        placeholder text NOT NULL,
        privacy_type text NOT NULL,
        sealed bytea NOT NULL,
        created_at double precision NOT NULL,
        PRIMARY KEY (scope_id, value_hash),
        UNIQUE (scope_id, prefix_key, n))""",
    """CREATE TABLE IF NOT EXISTS {profiles} (
        scope_id bytea NOT NULL REFERENCES {scopes} (scope_id) ON DELETE CASCADE,
        field text NOT NULL,
        sealed bytea NOT NULL,
        PRIMARY KEY (scope_id, field))""",
)


def ensure_schema(t: Tables, sealer: Sealer, *, create: bool) -> Steps:
    # Concurrent CREATE TABLE IF NOT EXISTS can still collide in the catalog: serialise it.
    yield Q("none", sql.SQL("SELECT pg_advisory_xact_lock(%s)"), (t.lock_id,))
    row = yield Q(
        "one",
        sql.SQL("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = ANY(%s)"),
        (t.names(),),
    )
    if row[0] < 4:
        if not create:
            raise VaultError(f"the vault tables {t.prefix}_* do not exist: call create_tables()")
        for statement in _SCHEMA:
            yield Q("none", t.sql(statement))
    rows = yield Q("all", t.sql("SELECT name, value FROM {meta}"))
    meta = dict(rows)
    if not meta:
        yield Q("none", t.sql("INSERT INTO {meta} VALUES ('format', %s), ('key_id', %s)"), (FORMAT, sealer.key_id))
        return None
    if meta.get("format") != FORMAT:
        raise VaultCorruptError(f"the tables {t.prefix}_* are not a memprivacy vault (unknown format)")
    if meta.get("key_id") != sealer.key_id:
        raise VaultKeyError(f"the vault key does not open the PostgreSQL vault {t.prefix}_*")
    return None


def drop_schema(t: Tables) -> Steps:
    yield Q("none", sql.SQL("SELECT pg_advisory_xact_lock(%s)"), (t.lock_id,))
    yield Q("none", t.sql("DROP TABLE IF EXISTS {profiles}, {entries}, {scopes}, {meta}"))


def check_key(t: Tables, sealer: Sealer) -> Steps:
    row = yield Q("one", t.sql("SELECT value FROM {meta} WHERE name = 'key_id'"))
    _check_key_row(row, sealer)


def _check_key_row(row: Any, sealer: Sealer) -> None:
    if row is None or row[0] != sealer.key_id:
        raise VaultKeyError("the vault key was rotated by another process: reopen the vault with the new key")


def lookup(t: Tables, sealer: Sealer, user_id: str, items: Sequence[tuple[str, str]]) -> Steps:
    """Placeholders for every item when all exist already, else None (no write needed)."""
    scope = sealer.digest("scope", user_id)
    hashes = [sealer.digest("value", value) for _, value in items]
    rows = yield Q(
        "all",
        t.sql("SELECT value_hash, placeholder FROM {entries} WHERE scope_id = %s AND value_hash = ANY(%s)"),
        (scope, list(set(hashes))),
    )
    found = {bytes(h): p for h, p in rows}
    if all(h in found for h in hashes):
        return [found[h] for h in hashes]
    return None


def _lock_scope(t: Tables, sealer: Sealer, user_id: str, scope: bytes, now: float) -> Steps:
    """Create the scope row if needed and hold its row lock until the transaction ends."""
    sealed_user = sealer.seal(user_id, aad(scope, "user_id"))
    yield Q("none", t.sql("INSERT INTO {scopes} VALUES (%s, %s, %s) ON CONFLICT (scope_id) DO NOTHING"),
            (scope, sealed_user, now))
    row = yield Q("one", t.sql("SELECT 1 FROM {scopes} WHERE scope_id = %s FOR UPDATE"), (scope,))
    if row is None:  # erased by forget() between the two statements
        raise Retry()
    yield from check_key(t, sealer)


def assign(t: Tables, sealer: Sealer, user_id: str, items: Sequence[tuple[str, str]]) -> Steps:
    scope = sealer.digest("scope", user_id)
    now = time.time()
    hashes = [sealer.digest("value", value) for _, value in items]
    prefixes = [placeholder_prefix(privacy_type) for privacy_type, _ in items]
    keys = sorted({prefix_key(prefix) for prefix in prefixes})
    # One round trip: take the scope lock, then read the key id, the existing mappings and
    # the highest number per prefix, all under that lock (statements run in order).
    _, locked, key_row, rows, maxima = yield Batch((
        Q("none", t.sql("INSERT INTO {scopes} VALUES (%s, %s, %s) ON CONFLICT (scope_id) DO NOTHING"),
          (scope, sealer.seal(user_id, aad(scope, "user_id")), now)),
        Q("one", t.sql("SELECT 1 FROM {scopes} WHERE scope_id = %s FOR UPDATE"), (scope,)),
        Q("one", t.sql("SELECT value FROM {meta} WHERE name = 'key_id'")),
        Q("all", t.sql("SELECT value_hash, placeholder FROM {entries} WHERE scope_id = %s AND value_hash = ANY(%s)"),
          (scope, list(set(hashes)))),
        Q("all", t.sql("SELECT prefix_key, MAX(n) FROM {entries} WHERE scope_id = %s AND prefix_key = ANY(%s) "
                       "GROUP BY prefix_key"), (scope, keys)),
    ))
    if locked is None:  # erased by forget() between the two statements
        raise Retry()
    _check_key_row(key_row, sealer)
    found: dict[bytes, str] = {bytes(h): p for h, p in rows}
    next_n = {key: 1 for key in keys}
    next_n.update({key: int(n) + 1 for key, n in maxima})
    new_rows: list[tuple[Any, ...]] = []
    for (privacy_type, value), value_hash, prefix in zip(items, hashes, prefixes):
        if value_hash in found:
            continue
        key = prefix_key(prefix)
        n = next_n[key]
        next_n[key] = n + 1
        placeholder = format_placeholder(prefix, n)
        sealed = sealer.seal(value, aad(scope, placeholder))
        new_rows.append((scope, value_hash, key, n, placeholder, privacy_type, sealed, now))
        found[value_hash] = placeholder
    if new_rows:
        yield Q("many", t.sql("INSERT INTO {entries} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"), new_rows)
    return [found[h] for h in hashes]


def resolve(t: Tables, sealer: Sealer, user_id: str, wanted: list[tuple[str, int]]) -> Steps:
    scope = sealer.digest("scope", user_id)
    rows = yield Q(
        "all",
        t.sql(
            "SELECT e.prefix_key, e.n, e.placeholder, e.sealed FROM {entries} e "
            "JOIN unnest(%s::text[], %s::int[]) AS w(k, n) ON e.prefix_key = w.k AND e.n = w.n "
            "WHERE e.scope_id = %s"
        ),
        ([k for k, _ in wanted], [n for _, n in wanted], scope),
    )
    out = {(k, int(n)): sealer.open(bytes(s), aad(scope, p)) for k, n, p, s in rows}
    if len(out) < len(wanted):
        yield from check_key(t, sealer)  # a miss must not hide a rotated key
    return out


def known_prefixes(t: Tables, sealer: Sealer, user_id: str) -> Steps:
    scope = sealer.digest("scope", user_id)
    rows = yield Q("all", t.sql("SELECT DISTINCT prefix_key FROM {entries} WHERE scope_id = %s"), (scope,))
    if not rows:
        yield from check_key(t, sealer)
    return {r[0] for r in rows}


def forget(t: Tables, sealer: Sealer, user_id: str) -> Steps:
    scope = sealer.digest("scope", user_id)
    yield Q("one", t.sql("SELECT 1 FROM {scopes} WHERE scope_id = %s FOR UPDATE"), (scope,))
    # An old key would compute another scope id and erase nothing: refuse instead.
    yield from check_key(t, sealer)
    count = yield Q("count", t.sql("DELETE FROM {entries} WHERE scope_id = %s"), (scope,))
    yield Q("none", t.sql("DELETE FROM {profiles} WHERE scope_id = %s"), (scope,))
    yield Q("none", t.sql("DELETE FROM {scopes} WHERE scope_id = %s"), (scope,))
    return int(count)


def export(t: Tables, sealer: Sealer, user_id: str) -> Steps:
    scope = sealer.digest("scope", user_id)
    rows = yield Q(
        "all",
        t.sql(
            "SELECT placeholder, privacy_type, sealed, created_at FROM {entries} WHERE scope_id = %s "
            "ORDER BY created_at, prefix_key, n"
        ),
        (scope,),
    )
    if not rows:
        yield from check_key(t, sealer)
    return [
        VaultEntry(placeholder=p, privacy_type=ty, value=sealer.open(bytes(s), aad(scope, p)), created_at=c)
        for p, ty, s, c in rows
    ]


def set_profile(t: Tables, sealer: Sealer, user_id: str, field: str, value: str | None) -> Steps:
    scope = sealer.digest("scope", user_id)
    if value is None:
        yield from check_key(t, sealer)
        yield Q("none", t.sql("DELETE FROM {profiles} WHERE scope_id = %s AND field = %s"), (scope, field))
        return None
    yield from _lock_scope(t, sealer, user_id, scope, time.time())
    sealed = sealer.seal(value, aad(scope, "profile:" + field))
    yield Q(
        "none",
        t.sql(
            "INSERT INTO {profiles} VALUES (%s, %s, %s) "
            "ON CONFLICT (scope_id, field) DO UPDATE SET sealed = EXCLUDED.sealed"
        ),
        (scope, field, sealed),
    )
    return None


def get_profile(t: Tables, sealer: Sealer, user_id: str, field: str) -> Steps:
    scope = sealer.digest("scope", user_id)
    row = yield Q("one", t.sql("SELECT sealed FROM {profiles} WHERE scope_id = %s AND field = %s"), (scope, field))
    if row is None:
        yield from check_key(t, sealer)
        return None
    return sealer.open(bytes(row[0]), aad(scope, "profile:" + field))


def stats(t: Tables, sealer: Sealer) -> Steps:
    scopes = yield Q("one", t.sql("SELECT count(*) FROM {scopes}"))
    rows = yield Q("all", t.sql("SELECT privacy_type, count(*) FROM {entries} GROUP BY 1 ORDER BY 2 DESC, 1"))
    per_type = {name: int(count) for name, count in rows}
    return {
        "backend": "postgres",
        "scopes": int(scopes[0]),
        "entries": sum(per_type.values()),
        "per_type": per_type,
        "key_id": sealer.key_id,
    }


def rotate(t: Tables, old: Sealer, new: Sealer) -> Steps:
    """Re-seal and re-hash every row under ``new``; one transaction, writers locked out."""
    yield Q("none", t.sql("LOCK TABLE {meta}, {scopes}, {entries}, {profiles} IN EXCLUSIVE MODE"))
    yield from check_key(t, old)
    totals = yield Q("one", t.sql("SELECT (SELECT count(*) FROM {entries}), (SELECT count(*) FROM {profiles})"))
    scopes = yield Q("all", t.sql("SELECT scope_id, sealed_user_id, created_at FROM {scopes}"))
    moved_entries = moved_profiles = 0
    for old_scope, sealed_user, created_at in scopes:
        old_scope = bytes(old_scope)
        user_id = old.open(bytes(sealed_user), aad(old_scope, "user_id"))
        scope = new.digest("scope", user_id)
        entries = yield Q(
            "all",
            t.sql(
                "DELETE FROM {entries} WHERE scope_id = %s "
                "RETURNING prefix_key, n, placeholder, privacy_type, sealed, created_at"
            ),
            (old_scope,),
        )
        profiles = yield Q(
            "all", t.sql("DELETE FROM {profiles} WHERE scope_id = %s RETURNING field, sealed"), (old_scope,)
        )
        yield Q("none", t.sql("DELETE FROM {scopes} WHERE scope_id = %s"), (old_scope,))
        yield Q("none", t.sql("INSERT INTO {scopes} VALUES (%s, %s, %s)"),
                (scope, new.seal(user_id, aad(scope, "user_id")), created_at))
        entry_rows = []
        for key, n, placeholder, privacy_type, sealed, created in entries:
            value = old.open(bytes(sealed), aad(old_scope, placeholder))
            entry_rows.append(
                (scope, new.digest("value", value), key, n, placeholder, privacy_type,
                 new.seal(value, aad(scope, placeholder)), created)
            )
        if entry_rows:
            yield Q("many", t.sql("INSERT INTO {entries} VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"), entry_rows)
        profile_rows = [
            (scope, field, new.seal(old.open(bytes(s), aad(old_scope, "profile:" + field)), aad(scope, "profile:" + field)))
            for field, s in profiles
        ]
        if profile_rows:
            yield Q("many", t.sql("INSERT INTO {profiles} VALUES (%s, %s, %s)"), profile_rows)
        moved_entries += len(entry_rows)
        moved_profiles += len(profile_rows)
    if (moved_entries, moved_profiles) != (int(totals[0]), int(totals[1])):
        raise VaultCorruptError("some vault rows belong to no scope; key rotation rolled back")
    yield Q("none", t.sql("UPDATE {meta} SET value = %s WHERE name = 'key_id'"), (new.key_id,))
    return moved_entries + moved_profiles

