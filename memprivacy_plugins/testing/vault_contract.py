"""The vault contract as pytest suites: subclass once per backend.

.. code-block:: python

    class TestMyVault(VaultContractTests):
        @pytest.fixture
        def make_vault(self, tmp_path):
            opened = []
            def make(key):                      # same storage on every call
                opened.append(MyVault(tmp_path / "v", key=key))
                return opened[-1]
            yield make
            for vault in opened:
                vault.close()

        @pytest.fixture
        def storage_dump(self, tmp_path):
            return lambda: b"".join(p.read_bytes() for p in tmp_path.iterdir())

``make_vault(key)`` opens the backend's storage with ``key``; storage must be EMPTY at the
first call in each test and shared by every later call in that test. ``storage_dump()``
returns every byte the backend persisted, to prove nothing is stored in clear.
"""

from __future__ import annotations

import asyncio
import re
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ..errors import ScopeError, VaultKeyError
from ..vault import PlaceholderVault, VaultKey

__all__ = ["DIFFICULT_VALUES", "AsyncVaultContractTests", "VaultContractTests"]

MakeVault = Callable[[VaultKey], PlaceholderVault]

# Values a vault must store and return byte for byte.
DIFFICULT_VALUES: tuple[str, ...] = (
    "jane.doe+tag@example.com",
    "张伟 · 北京市朝阳区建国路88号",
    "👩‍👩‍👧 family 🏳️‍🌈",
    "e\u0301te\u0301 cafe\u0301",  # combining accents
    "\u202eevil\u202c rtl",
    "  padded value \t",
    "line one\nline two\r\nline three",
    "nul\x00inside",
    "quote ' double \" back\\slash `tick`",
    "'); DROP TABLE entries; --",
    "%s %(name)s {0} $1 ?",
    "x" * 10_000,
)
_PLACEHOLDER = re.compile(r"<([A-Za-z0-9_]+)_([0-9]+)>")


def _number(placeholder: str) -> tuple[str, int]:
    match = _PLACEHOLDER.fullmatch(placeholder)
    assert match is not None, f"not a canonical placeholder: {placeholder!r}"
    return match.group(1), int(match.group(2))


def _key_of(placeholder: str) -> tuple[str, int]:
    prefix, n = _number(placeholder)
    return prefix.lower(), n


def _check_numbering(placeholders: list[str]) -> None:
    """Per prefix, numbers are exactly 1..N: no duplicate, no gap."""
    by_prefix: dict[str, list[int]] = defaultdict(list)
    for placeholder in placeholders:
        prefix, n = _number(placeholder)
        by_prefix[prefix].append(n)
    for prefix, numbers in by_prefix.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), f"bad numbering for {prefix}"


class _Fixtures:
    @pytest.fixture
    def vault_key(self) -> VaultKey:
        return VaultKey.generate()

    @pytest.fixture
    def make_vault(self) -> MakeVault:
        raise NotImplementedError("a VaultContractTests subclass must provide a make_vault fixture")

    @pytest.fixture
    def storage_dump(self) -> Callable[[], bytes]:
        raise NotImplementedError("a VaultContractTests subclass must provide a storage_dump fixture")

    @pytest.fixture
    def vault(self, make_vault: MakeVault, vault_key: VaultKey) -> Iterator[PlaceholderVault]:
        yield make_vault(vault_key)


class VaultContractTests(_Fixtures):
    """Sync guarantees of :class:`~memprivacy_plugins.vault.PlaceholderVault`."""

    def test_new_vault_is_empty(self, vault: PlaceholderVault) -> None:
        assert vault.export("u1") == []
        assert vault.known_prefixes("u1") == set()
        assert vault.resolve("u1", [("email", 1)]) == {}
        assert vault.get_profile("u1", "user_name") is None
        assert vault.stats()["entries"] == 0

    def test_numbering_starts_at_one_per_type(self, vault: PlaceholderVault) -> None:
        got = vault.assign("u1", [("Email", "a@x.io"), ("Phone Number", "+1 415 555 0100"), ("Email", "b@x.io")])
        assert got == ["<Email_1>", "<Phone_Number_1>", "<Email_2>"]

    def test_same_value_same_placeholder(self, vault: PlaceholderVault) -> None:
        first = vault.assign("u1", [("Email", "a@x.io"), ("Email", "a@x.io"), ("Email", "b@x.io")])
        assert first == ["<Email_1>", "<Email_1>", "<Email_2>"]
        assert vault.assign("u1", [("Email", "b@x.io"), ("Email", "a@x.io")]) == ["<Email_2>", "<Email_1>"]

    def test_a_value_keeps_its_first_placeholder_under_another_type(self, vault: PlaceholderVault) -> None:
        assert vault.assign("u1", [("Account ID/Username", "jdoe77")]) == ["<Account_ID_Username_1>"]
        assert vault.assign("u1", [("Real Name", "jdoe77")]) == ["<Account_ID_Username_1>"]

    def test_many_values_get_distinct_consecutive_numbers(self, vault: PlaceholderVault) -> None:
        values = [f"user{i}@x.io" for i in range(25)]
        first = vault.assign("u1", [("Email", v) for v in values[:10]])
        rest = vault.assign("u1", [("Email", v) for v in values])
        assert rest[:10] == first
        assert rest == [f"<Email_{i}>" for i in range(1, 26)]

    def test_scopes_never_share_mappings(self, vault: PlaceholderVault) -> None:
        assert vault.assign("alice", [("Email", "a@x.io"), ("Email", "shared@x.io")]) == ["<Email_1>", "<Email_2>"]
        assert vault.assign("bob", [("Email", "shared@x.io")]) == ["<Email_1>"]
        assert vault.resolve("bob", [("email", 1), ("email", 2)]) == {("email", 1): "shared@x.io"}
        assert vault.resolve("carol", [("email", 1)]) == {}
        assert vault.resolve("alice", [("email", 1)]) == {("email", 1): "a@x.io"}

    def test_user_ids_are_compared_exactly(self, vault: PlaceholderVault) -> None:
        vault.assign("User", [("Email", "a@x.io")])
        assert vault.resolve("user", [("email", 1)]) == {}
        assert vault.resolve("User ", [("email", 1)]) == {}

    def test_resolve_ignores_case_and_skips_unknown(self, vault: PlaceholderVault) -> None:
        vault.assign("u1", [("Phone Number", "555-0100")])
        got = vault.resolve("u1", [("PHONE_NUMBER", 1), ("phone_number", 2), ("email", 1)])
        assert got == {("phone_number", 1): "555-0100"}

    @pytest.mark.parametrize("value", DIFFICULT_VALUES, ids=lambda v: repr(v[:12]))
    def test_values_round_trip_exactly(self, vault: PlaceholderVault, value: str) -> None:
        (placeholder,) = vault.assign("u1", [("Detailed Address", value)])
        assert vault.resolve("u1", [_key_of(placeholder)]) == {_key_of(placeholder): value}
        assert [e.value for e in vault.export("u1")] == [value]
        assert vault.assign("u1", [("Detailed Address", value)]) == [placeholder]

    def test_custom_types_get_their_own_prefix(self, vault: PlaceholderVault) -> None:
        assert vault.assign("u1", [("Pet's Name!", "Rex")]) == ["<Pet_s_Name_1>"]
        assert vault.resolve("u1", [("pet_s_name", 1)]) == {("pet_s_name", 1): "Rex"}
        assert vault.known_prefixes("u1") == {"pet_s_name"}

    def test_known_prefixes_are_per_scope(self, vault: PlaceholderVault) -> None:
        vault.assign("u1", [("Email", "a@x.io"), ("ID Number", "110101199003074514")])
        vault.assign("u2", [("Password", "hunter2!")])
        assert vault.known_prefixes("u1") == {"email", "id_number"}
        assert vault.known_prefixes("u2") == {"password"}

    def test_export_lists_every_mapping_with_its_value(self, vault: PlaceholderVault) -> None:
        vault.assign("u1", [("Email", "a@x.io")])
        vault.assign("u1", [("Email", "b@x.io"), ("Password", "pw-1")])
        vault.assign("u2", [("Email", "other@x.io")])
        entries = vault.export("u1")
        assert [(e.placeholder, e.privacy_type, e.value) for e in entries][0] == ("<Email_1>", "Email", "a@x.io")
        assert {(e.placeholder, e.value) for e in entries} == {
            ("<Email_1>", "a@x.io"), ("<Email_2>", "b@x.io"), ("<Password_1>", "pw-1")
        }
        assert all("a@x.io" not in repr(e) for e in entries)

    def test_forget_erases_one_scope(self, vault: PlaceholderVault) -> None:
        vault.assign("u1", [("Email", "a@x.io"), ("Password", "pw-1")])
        vault.set_profile("u1", "user_name", "Jane Roe")
        vault.assign("u2", [("Email", "a@x.io")])
        assert vault.forget("u1") == 2
        assert vault.export("u1") == []
        assert vault.resolve("u1", [("email", 1)]) == {}
        assert vault.get_profile("u1", "user_name") is None
        assert vault.resolve("u2", [("email", 1)]) == {("email", 1): "a@x.io"}
        assert vault.forget("u1") == 0
        assert vault.forget("never-seen") == 0

    def test_profiles_are_scoped_and_deletable(self, vault: PlaceholderVault) -> None:
        vault.set_profile("u1", "user_name", "Jane Roe")
        vault.set_profile("u1", "user_name", "Jane Q. Roe")
        vault.set_profile("u2", "user_name", "Bob")
        assert vault.get_profile("u1", "user_name") == "Jane Q. Roe"
        assert vault.get_profile("u2", "user_name") == "Bob"
        assert vault.get_profile("u1", "other") is None
        vault.set_profile("u1", "user_name", None)
        assert vault.get_profile("u1", "user_name") is None
        assert vault.get_profile("u2", "user_name") == "Bob"

    def test_mappings_survive_reopening(self, make_vault: MakeVault, vault_key: VaultKey) -> None:
        first = make_vault(vault_key)
        assert first.assign("u1", [("Email", "a@x.io"), ("Email", "b@x.io")]) == ["<Email_1>", "<Email_2>"]
        first.close()
        second = make_vault(vault_key)
        assert second.resolve("u1", [("email", 2)]) == {("email", 2): "b@x.io"}
        assert second.assign("u1", [("Email", "c@x.io"), ("Email", "a@x.io")]) == ["<Email_3>", "<Email_1>"]

    def test_two_instances_agree(self, make_vault: MakeVault, vault_key: VaultKey) -> None:
        one, two = make_vault(vault_key), make_vault(vault_key)
        assert one.assign("u1", [("Email", "a@x.io")]) == ["<Email_1>"]
        assert two.assign("u1", [("Email", "b@x.io"), ("Email", "a@x.io")]) == ["<Email_2>", "<Email_1>"]
        assert one.resolve("u1", [("email", 2)]) == {("email", 2): "b@x.io"}

    def test_wrong_key_is_refused(self, vault: PlaceholderVault, make_vault: MakeVault) -> None:
        vault.assign("u1", [("Email", "a@x.io")])
        with pytest.raises(VaultKeyError) as info:
            make_vault(VaultKey.generate()).resolve("u1", [("email", 1)])
        assert "a@x.io" not in str(info.value)

    def test_rotate_key_keeps_every_mapping(
        self, vault: PlaceholderVault, make_vault: MakeVault, vault_key: VaultKey
    ) -> None:
        before = {u: vault.assign(u, [("Email", f"{u}@x.io"), ("Password", f"pw-{u}")]) for u in ("u1", "u2", "u3")}
        vault.set_profile("u2", "user_name", "Bob")
        vault.set_profile("only-profile", "user_name", "Zoe")
        old_key_id = vault.key_id
        new_key = VaultKey.generate()
        assert vault.rotate_key(new_key) == 6 + 2
        assert vault.key_id != old_key_id
        reopened = make_vault(new_key)
        for handle in (vault, reopened):
            for user, placeholders in before.items():
                keys = [_key_of(p) for p in placeholders]
                assert handle.resolve(user, keys) == dict(zip(keys, [f"{user}@x.io", f"pw-{user}"]))
                assert handle.assign(user, [("Email", f"{user}@x.io")]) == [placeholders[0]]
            assert handle.get_profile("u2", "user_name") == "Bob"
            assert handle.get_profile("only-profile", "user_name") == "Zoe"
        assert reopened.assign("u1", [("Email", "fresh@x.io")]) == ["<Email_2>"]
        with pytest.raises(VaultKeyError):
            make_vault(vault_key).export("u1")

    def test_old_key_holders_fail_closed_after_rotation(
        self, vault: PlaceholderVault, make_vault: MakeVault, vault_key: VaultKey
    ) -> None:
        stale = make_vault(vault_key)
        stale.assign("u1", [("Email", "a@x.io")])
        vault.rotate_key(VaultKey.generate())
        with pytest.raises(VaultKeyError):
            stale.assign("u1", [("Email", "new@x.io")])
        with pytest.raises(VaultKeyError):
            stale.forget("u1")  # must not report 0 erased while erasing nothing
        with pytest.raises(VaultKeyError):
            stale.resolve("u1", [("email", 1)])
        assert vault.resolve("u1", [("email", 1)]) == {("email", 1): "a@x.io"}
        assert vault.export("u1")[0].placeholder == "<Email_1>"

    def test_storage_holds_no_plaintext(self, vault: PlaceholderVault, storage_dump: Callable[[], bytes]) -> None:
        secrets = ["planted-9f3a@example.org", "秘密口令-7731", "sk-live-4242-xyzzy"]
        user = "user-3c1e@example.org"
        vault.assign(user, [("Email", secrets[0]), ("Password", secrets[1]), ("Token", secrets[2])])
        vault.set_profile(user, "user_name", "Planted Q. Person")
        dump = storage_dump()
        assert dump, "storage_dump() returned nothing"
        for needle in [*secrets, user, "Planted Q. Person"]:
            assert needle.encode("utf-8") not in dump, "a value or user id is stored in clear"

    def test_stats_count_without_values(self, vault: PlaceholderVault) -> None:
        vault.assign("u1", [("Email", "a@x.io"), ("Email", "b@x.io"), ("Password", "pw-secret-1")])
        vault.assign("u2", [("Email", "c@x.io")])
        stats = vault.stats()
        assert stats["entries"] == 4 and stats["scopes"] == 2
        assert stats["per_type"] == {"Email": 3, "Password": 1}
        assert not any(v in repr(stats) for v in ("a@x.io", "pw-secret-1", "u1", "u2"))

    @pytest.mark.parametrize("user_id", ["", "   ", None, 42])
    def test_bad_user_ids_raise_scope_error(self, vault: PlaceholderVault, user_id: Any) -> None:
        with pytest.raises(ScopeError):
            vault.assign(user_id, [("Email", "a@x.io")])
        with pytest.raises(ScopeError):
            vault.resolve(user_id, [("email", 1)])
        with pytest.raises(ScopeError):
            vault.forget(user_id)
        with pytest.raises(ScopeError):
            vault.export(user_id)
        assert vault.stats()["entries"] == 0

    def test_empty_requests(self, vault: PlaceholderVault) -> None:
        assert vault.assign("u1", []) == []
        assert vault.resolve("u1", []) == {}
        assert vault.stats()["entries"] == 0

    def test_threads_agree_on_one_placeholder_per_value(self, make_vault: MakeVault, vault_key: VaultKey) -> None:
        handles = [make_vault(vault_key), make_vault(vault_key)]
        values = [f"v{i:02d}@x.io" for i in range(30)]
        results: list[dict[str, str]] = []
        errors: list[BaseException] = []
        barrier = threading.Barrier(8)

        def work(index: int) -> None:
            order = values[index % 3 :] + values[: index % 3]
            if index % 2:
                order.reverse()
            try:
                barrier.wait()
                seen: dict[str, str] = {}
                for start in range(0, len(order), 4):
                    chunk = order[start : start + 4]
                    seen.update(zip(chunk, handles[index % 2].assign("u1", [("Email", v) for v in chunk])))
                results.append(seen)
            except BaseException as exc:  # reported below; a thread cannot fail the test itself
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert not errors, [type(e).__name__ for e in errors]
        assert all(r == results[0] for r in results)
        _check_numbering(list(results[0].values()))
        exported = {e.value: e.placeholder for e in handles[0].export("u1")}
        assert exported == results[0]


class AsyncVaultContractTests(_Fixtures):
    """The async twins (``aassign``, ``aresolve``, ...) keep the same guarantees."""

    async def test_numbering_and_reuse(self, vault: PlaceholderVault) -> None:
        got = await vault.aassign("u1", [("Email", "a@x.io"), ("Phone Number", "555-0100"), ("Email", "b@x.io")])
        assert got == ["<Email_1>", "<Phone_Number_1>", "<Email_2>"]
        assert await vault.aassign("u1", [("Email", "b@x.io")]) == ["<Email_2>"]

    async def test_scopes_never_share_mappings(self, vault: PlaceholderVault) -> None:
        await vault.aassign("alice", [("Email", "a@x.io")])
        assert await vault.aassign("bob", [("Email", "b@x.io")]) == ["<Email_1>"]
        assert await vault.aresolve("bob", [("email", 1)]) == {("email", 1): "b@x.io"}
        assert await vault.aresolve("carol", [("email", 1)]) == {}

    @pytest.mark.parametrize("value", DIFFICULT_VALUES[:6], ids=lambda v: repr(v[:12]))
    async def test_values_round_trip_exactly(self, vault: PlaceholderVault, value: str) -> None:
        (placeholder,) = await vault.aassign("u1", [("Detailed Address", value)])
        assert await vault.aresolve("u1", [_key_of(placeholder)]) == {_key_of(placeholder): value}

    async def test_known_prefixes_export_forget(self, vault: PlaceholderVault) -> None:
        await vault.aassign("u1", [("Email", "a@x.io"), ("Password", "pw-1")])
        await vault.aassign("u2", [("Email", "z@x.io")])
        assert await vault.aknown_prefixes("u1") == {"email", "password"}
        assert {(e.placeholder, e.value) for e in await vault.aexport("u1")} == {
            ("<Email_1>", "a@x.io"), ("<Password_1>", "pw-1")
        }
        assert await vault.aforget("u1") == 2
        assert await vault.aexport("u1") == []
        assert await vault.aresolve("u2", [("email", 1)]) == {("email", 1): "z@x.io"}

    async def test_profiles(self, vault: PlaceholderVault) -> None:
        await vault.aset_profile("u1", "user_name", "Jane Roe")
        assert await vault.aget_profile("u1", "user_name") == "Jane Roe"
        assert await vault.aget_profile("u2", "user_name") is None
        await vault.aset_profile("u1", "user_name", None)
        assert await vault.aget_profile("u1", "user_name") is None

    async def test_stats(self, vault: PlaceholderVault) -> None:
        await vault.aassign("u1", [("Email", "a@x.io"), ("Password", "pw-1")])
        stats = await vault.astats()
        assert stats["entries"] == 2 and stats["per_type"] == {"Email": 1, "Password": 1}

    async def test_rotate_key(self, vault: PlaceholderVault, make_vault: MakeVault) -> None:
        await vault.aassign("u1", [("Email", "a@x.io")])
        await vault.aset_profile("u1", "user_name", "Jane")
        new_key = VaultKey.generate()
        assert await vault.arotate_key(new_key) == 2
        reopened = make_vault(new_key)
        assert await reopened.aresolve("u1", [("email", 1)]) == {("email", 1): "a@x.io"}
        assert await reopened.aget_profile("u1", "user_name") == "Jane"

    async def test_wrong_key_is_refused(self, vault: PlaceholderVault, make_vault: MakeVault) -> None:
        await vault.aassign("u1", [("Email", "a@x.io")])
        with pytest.raises(VaultKeyError):
            await make_vault(VaultKey.generate()).aexport("u1")

    async def test_bad_user_id(self, vault: PlaceholderVault) -> None:
        with pytest.raises(ScopeError):
            await vault.aassign("", [("Email", "a@x.io")])

    async def test_concurrent_tasks_agree(self, vault: PlaceholderVault) -> None:
        values = [f"v{i:02d}@x.io" for i in range(20)]

        async def task(index: int) -> list[str]:
            order = values[index:] + values[:index]
            return await vault.aassign("u1", [("Email", v) for v in order])

        results = await asyncio.gather(*(task(i) for i in range(8)))
        mapping: dict[str, str] = {}
        for index, placeholders in enumerate(results):
            order = values[index:] + values[:index]
            for value, placeholder in zip(order, placeholders):
                assert mapping.setdefault(value, placeholder) == placeholder
        _check_numbering(list(mapping.values()))
