"""SQLite vault: at-rest secrecy, keys, cross-process consistency."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from memprivacy_plugins import PrivacyEngine, SQLiteVault, VaultCorruptError, VaultKey, VaultKeyError

SECRETS = ["zhang.wei@example.cn", "+86 138 0013 8000", "sk-AbCdEfGhIjKlMnOpQr", "密码是 hunter2"]


def _all_bytes(path: Path) -> bytes:
    data = b""
    for candidate in path.parent.iterdir():
        if candidate.name.startswith(path.name):
            data += candidate.read_bytes()
    return data


def test_vault_files_hold_no_value_and_no_user_id(engine: PrivacyEngine, vault_path: Path) -> None:
    engine.set_user_name("alice@corp.example", "Zhang Wei")
    engine.mask("Zhang Wei: " + " ".join(SECRETS), user_id="alice@corp.example")
    blob = _all_bytes(vault_path)
    assert len(blob) > 4096
    for needle in [*SECRETS, "hunter2", "Zhang Wei", "alice@corp.example", "13800138000"]:
        for encoding in ("utf-8", "utf-16-le"):
            assert needle.encode(encoding) not in blob, needle


def test_key_file_created_0600_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEMPRIVACY_VAULT_KEY", raising=False)
    path = tmp_path / "v.sqlite3"
    with SQLiteVault(path) as vault:
        assert vault.assign("u", [("Email", "a@b.co")]) == ["<Email_1>"]
        assert vault.key_source.endswith("v.sqlite3.key")
    key_file = tmp_path / "v.sqlite3.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    with SQLiteVault(path) as again:
        assert again.resolve("u", [("email", 1)]) == {("email", 1): "a@b.co"}


def test_wrong_or_missing_key_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEMPRIVACY_VAULT_KEY", raising=False)
    path = tmp_path / "v.sqlite3"
    SQLiteVault(path, key=VaultKey.generate()).assign("u", [("Email", "a@b.co")])
    with pytest.raises(VaultKeyError, match="does not open"):
        SQLiteVault(path, key=VaultKey.generate())
    with pytest.raises(VaultKeyError, match="its key was not found"):
        SQLiteVault(path)  # no key file beside an existing vault: never invent a new key
    monkeypatch.setenv("MEMPRIVACY_VAULT_KEY", "not-a-key")
    with pytest.raises(VaultKeyError, match="MEMPRIVACY_VAULT_KEY"):
        SQLiteVault(path)


def test_loose_key_file_permissions_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEMPRIVACY_VAULT_KEY", raising=False)
    path = tmp_path / "v.sqlite3"
    SQLiteVault(path).close()
    os.chmod(tmp_path / "v.sqlite3.key", 0o644)
    with pytest.raises(VaultKeyError, match="chmod 600"):
        SQLiteVault(path)


def test_corrupt_vault_file(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(VaultCorruptError):
        SQLiteVault(path, key=VaultKey.generate())
    assert path.read_bytes().startswith(b"this is not")  # nothing written over it


def test_tampered_row_fails_authentication(vault: SQLiteVault, vault_path: Path) -> None:
    import sqlite3

    vault.assign("u1", [("Email", "a@b.co")])
    vault.assign("u2", [("Email", "b@c.co")])
    u1, u2 = vault._scope("u1"), vault._scope("u2")
    with sqlite3.connect(vault_path) as conn:  # move u2's ciphertext into u1's row
        sealed = conn.execute("SELECT sealed FROM entries WHERE scope_id = ?", (u2,)).fetchone()[0]
        conn.execute("UPDATE entries SET sealed = ? WHERE scope_id = ?", (sealed, u1))
    with pytest.raises(VaultCorruptError, match="authentication"):
        vault.export("u1") + vault.export("u2")


_WORKER = textwrap.dedent(
    """
    import sys
    from memprivacy_plugins import SQLiteVault
    vault = SQLiteVault(sys.argv[1])
    values = sys.argv[2].split("|")
    print("|".join(vault.assign("shared-user", [("Email", v) for v in values])))
    """
)


def test_two_processes_agree_on_placeholders(tmp_path: Path) -> None:
    path = tmp_path / "v.sqlite3"
    env = {**os.environ, "MEMPRIVACY_VAULT_KEY": VaultKey.generate().to_string()}
    values = [f"user{i}@example.com" for i in range(40)]
    procs = [
        subprocess.Popen([sys.executable, "-c", _WORKER, str(path), "|".join(order)], env=env, stdout=subprocess.PIPE, text=True)
        for order in (values, list(reversed(values)))
    ]
    outs = [p.communicate(timeout=120)[0].strip().split("|") for p in procs]
    assert all(p.returncode == 0 for p in procs)
    first = dict(zip(values, outs[0]))
    second = dict(zip(reversed(values), outs[1]))
    assert first == second
    assert sorted(first.values(), key=lambda p: int(p[7:-1])) == [f"<Email_{i}>" for i in range(1, 41)]
    with SQLiteVault(path, key=env["MEMPRIVACY_VAULT_KEY"]) as vault:  # and after a restart
        assert vault.assign("shared-user", [("Email", values[7])]) == [first[values[7]]]


def test_connections_of_finished_threads_are_closed(vault: SQLiteVault) -> None:
    import threading

    def work(i: int) -> None:
        vault.assign("u", [("Email", f"t{i}@example.com")])

    for i in range(20):
        t = threading.Thread(target=work, args=(i,))
        t.start()
        t.join()
    vault.assign("u", [("Email", "main@example.com")])
    assert len(vault._connections) <= 3
    assert len(vault.export("u")) == 21
