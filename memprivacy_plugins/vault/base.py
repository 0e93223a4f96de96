"""The vault contract: placeholder <-> original value, per user scope."""

from __future__ import annotations

import asyncio
import os
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

from ..errors import ScopeError, VaultError

__all__ = ["PlaceholderVault", "VaultEntry", "default_vault_path", "VAULT_ENV", "check_user_id"]

VAULT_ENV = "MEMPRIVACY_VAULT"


def default_vault_path() -> Path:
    """``$MEMPRIVACY_VAULT``, else ``<user data dir>/memprivacy/vault.sqlite3``."""
    env = os.environ.get(VAULT_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("memprivacy", appauthor=False) / "vault.sqlite3"


def check_user_id(user_id: object) -> str:
    if not isinstance(user_id, str) or not user_id.strip():
        raise ScopeError("a non-empty user_id string is required to scope placeholders")
    return user_id


@dataclass(frozen=True)
class VaultEntry:
    """One stored mapping. The repr hides the value."""

    placeholder: str
    privacy_type: str
    value: str = field(repr=False)
    created_at: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "placeholder": self.placeholder,
            "privacy_type": self.privacy_type,
            "value": self.value,
            "created_at": self.created_at,
        }


class PlaceholderVault(ABC):
    """Stores original values under placeholders, one numbering per (user, type).

    Guarantees every implementation must keep (the conformance suite in
    ``memprivacy_plugins.testing`` checks them):

    * the same value in the same scope always gets the same placeholder, across
      processes and restarts; two scopes never share a mapping;
    * numbering per (scope, placeholder prefix) starts at 1 and never repeats;
    * a placeholder returned by :meth:`assign` is durable before the call returns;
    * values are encrypted at rest and looked up by keyed hash.
    """

    @abstractmethod
    def assign(self, user_id: str, items: Sequence[tuple[str, str]]) -> list[str]:
        """Placeholders for ``(privacy_type, value)`` pairs, creating missing ones atomically.

        All-or-nothing: either every pair has a durable placeholder or nothing was written.
        """

    @abstractmethod
    def resolve(self, user_id: str, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """Values for ``(prefix_key, number)`` pairs that exist in this scope.

        ``prefix_key`` is :func:`memprivacy_plugins.taxonomy.prefix_key` of the prefix.
        Unknown pairs are simply absent from the result.
        """

    @abstractmethod
    def known_prefixes(self, user_id: str) -> set[str]:
        """The prefix keys used in this scope."""

    @abstractmethod
    def forget(self, user_id: str, /) -> int:
        """Erase every mapping and profile field of a scope; return the number of mappings."""

    @abstractmethod
    def export(self, user_id: str, /) -> list[VaultEntry]:
        """Every mapping of a scope, decrypted, in creation order."""

    @abstractmethod
    def set_profile(self, user_id: str, field_name: str, value: str | None) -> None:
        """Store (or, with None, delete) an encrypted per-user profile field."""

    @abstractmethod
    def get_profile(self, user_id: str, field_name: str) -> str | None: ...

    @abstractmethod
    def stats(self) -> dict[str, Any]:
        """Counts only (scopes, entries per type): never values or user ids."""

    def rotate_key(self, new_key: Any) -> int:
        """Re-encrypt and re-hash every mapping under ``new_key``, all or nothing.

        Returns the number of rows re-keyed. Backends without rotation raise VaultError.
        """
        raise VaultError(f"{type(self).__name__} does not support key rotation")

    @property
    def key_id(self) -> str | None:
        """A short, non-secret fingerprint of the key the vault is under (None if unknown)."""
        return None

    def close(self) -> None:
        """Release connections. The default does nothing."""

    def __enter__(self) -> PlaceholderVault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Async twins. Backends with native async I/O override these.
    async def aassign(self, user_id: str, items: Sequence[tuple[str, str]]) -> list[str]:
        return await asyncio.to_thread(self.assign, user_id, items)

    async def aresolve(self, user_id: str, keys: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
        return await asyncio.to_thread(self.resolve, user_id, list(keys))

    async def aknown_prefixes(self, user_id: str) -> set[str]:
        return await asyncio.to_thread(self.known_prefixes, user_id)

    async def aforget(self, user_id: str, /) -> int:
        return await asyncio.to_thread(self.forget, user_id)

    async def aexport(self, user_id: str, /) -> list[VaultEntry]:
        return await asyncio.to_thread(self.export, user_id)

    async def aset_profile(self, user_id: str, field_name: str, value: str | None) -> None:
        await asyncio.to_thread(self.set_profile, user_id, field_name, value)

    async def aget_profile(self, user_id: str, field_name: str) -> str | None:
        return await asyncio.to_thread(self.get_profile, user_id, field_name)

    async def astats(self) -> dict[str, Any]:
        return await asyncio.to_thread(self.stats)

    async def arotate_key(self, new_key: Any) -> int:
        return await asyncio.to_thread(self.rotate_key, new_key)

    async def aclose(self) -> None:
        self.close()
