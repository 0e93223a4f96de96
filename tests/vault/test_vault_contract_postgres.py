"""The shipped vault contract, run against PostgresVault (the server in $MEMPRIVACY_TEST_PG_DSN)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from memprivacy_plugins.testing import AsyncVaultContractTests, VaultContractTests
from memprivacy_plugins.vault import PlaceholderVault, VaultKey

MakeVault = Callable[[VaultKey], PlaceholderVault]


class TestPostgresVaultContract(VaultContractTests):
    @pytest.fixture
    def make_vault(self, make_postgres: MakeVault) -> MakeVault:
        return make_postgres

    @pytest.fixture
    def storage_dump(self, postgres_dump: Callable[[], bytes]) -> Callable[[], bytes]:
        return postgres_dump


class TestPostgresVaultAsyncContract(AsyncVaultContractTests):
    @pytest.fixture
    def make_vault(self, make_postgres: MakeVault) -> MakeVault:
        return make_postgres

    @pytest.fixture
    def storage_dump(self, postgres_dump: Callable[[], bytes]) -> Callable[[], bytes]:
        return postgres_dump
