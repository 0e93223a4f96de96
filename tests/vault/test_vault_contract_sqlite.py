"""The shipped vault contract, run against SQLiteVault (a file in tmp_path)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from memprivacy_plugins.testing import AsyncVaultContractTests, VaultContractTests
from memprivacy_plugins.vault import PlaceholderVault, VaultKey

MakeVault = Callable[[VaultKey], PlaceholderVault]


class TestSQLiteVaultContract(VaultContractTests):
    @pytest.fixture
    def make_vault(self, make_sqlite: MakeVault) -> MakeVault:
        return make_sqlite

    @pytest.fixture
    def storage_dump(self, sqlite_dump: Callable[[], bytes]) -> Callable[[], bytes]:
        return sqlite_dump


class TestSQLiteVaultAsyncContract(AsyncVaultContractTests):
    @pytest.fixture
    def make_vault(self, make_sqlite: MakeVault) -> MakeVault:
        return make_sqlite

    @pytest.fixture
    def storage_dump(self, sqlite_dump: Callable[[], bytes]) -> Callable[[], bytes]:
        return sqlite_dump
