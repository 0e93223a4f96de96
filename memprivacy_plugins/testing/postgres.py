"""The PostgreSQL server for tests: found through ``$MEMPRIVACY_TEST_PG_DSN``.

Locally, without the variable, Postgres tests skip with a hint. Where Postgres is required
(``$CI`` or ``MEMPRIVACY_REQUIRE_PG=1`` set) a missing variable or an unreachable server
fails the test instead: a backend must never drop out of CI silently.
"""

from __future__ import annotations

import functools
import os
import uuid

import pytest

__all__ = ["PG_DSN_ENV", "postgres_dsn", "postgres_required", "unique_table_prefix"]

PG_DSN_ENV = "MEMPRIVACY_TEST_PG_DSN"


def postgres_required() -> bool:
    return bool(os.environ.get("CI")) or os.environ.get("MEMPRIVACY_REQUIRE_PG") == "1"


def postgres_dsn() -> str:
    """The test server's DSN; skips or fails (see the module docstring) when there is none."""
    dsn = os.environ.get(PG_DSN_ENV, "").strip()
    if not dsn:
        message = f"${PG_DSN_ENV} is not set; start a server with: export {PG_DSN_ENV}=$(scripts/postgres.sh)"
        if postgres_required():
            pytest.fail("PostgreSQL tests are required here but " + message, pytrace=False)
        pytest.skip(message)
    problem = _unreachable(dsn)
    if problem:
        pytest.fail(f"the PostgreSQL server in ${PG_DSN_ENV} is unreachable ({problem})", pytrace=False)
    return dsn


@functools.lru_cache(maxsize=4)
def _unreachable(dsn: str) -> str | None:
    import psycopg

    try:
        with psycopg.connect(dsn, connect_timeout=5) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        return type(exc).__name__
    return None


def unique_table_prefix(label: str = "t") -> str:
    """A fresh table prefix, so tests and processes never share tables."""
    return f"{label}_{uuid.uuid4().hex[:12]}"
