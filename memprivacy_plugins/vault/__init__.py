"""Placeholder vaults: SQLite (embedded default) and PostgreSQL (shared, scale-out)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._crypto import KEY_ENV, VaultKey
from .base import VAULT_ENV, PlaceholderVault, VaultEntry, default_vault_path
from .sqlite import SQLiteVault

if TYPE_CHECKING:
    from .postgres import PostgresVault

__all__ = [
    "KEY_ENV",
    "VAULT_ENV",
    "PlaceholderVault",
    "PostgresVault",
    "SQLiteVault",
    "VaultEntry",
    "VaultKey",
    "default_vault_path",
]


def __getattr__(name: str) -> Any:
    if name == "PostgresVault":  # psycopg is an optional extra
        return importlib.import_module(".postgres", __name__).PostgresVault
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
