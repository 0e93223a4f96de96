"""SQLite key rotation with the key file beside the vault: crash points, stale holders, legacy rows."""

from __future__ import annotations

import logging
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from memprivacy_plugins.errors import VaultCorruptError, VaultKeyError
from memprivacy_plugins.vault import SQLiteVault, VaultKey
from memprivacy_plugins.vault._crypto import pending_key_file


@pytest.fixture
def filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, str]]:
    """A vault (key file beside it) with 1,200 mappings over 4 users, and what they hold."""
    monkeypatch.delenv("MEMPRIVACY_VAULT_KEY", raising=False)
    path = tmp_path / "vault.sqlite3"
    expected: dict[str, str] = {}
    with SQLiteVault(path) as vault:
        for user in ("u0", "u1", "u2", "u3"):
            values = [f"{user}-secret-{i:04d}@example.org" for i in range(300)]
            for placeholder, value in zip(vault.assign(user, [("Email", v) for v in values]), values):
                expected[f"{user} {placeholder}"] = value
            vault.set_profile(user, "user_name", f"Name of {user}")
    return path, expected


def _verify(path: Path, expected: dict[str, str]) -> None:
    with SQLiteVault(path) as vault:  # the key is found the default way: the key file
        for user in ("u0", "u1", "u2", "u3"):
            rows = {f"{user} {e.placeholder}": e.value for e in vault.export(user)}
            assert rows == {k: v for k, v in expected.items() if k.startswith(user + " ")}
            assert vault.get_profile(user, "user_name") == f"Name of {user}"
    # Closed explicitly: a connection left for the garbage collector would be inherited by
    # the next fork()ed writer, which SQLite forbids (see docs/security.md, "fork").
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_rotation_replaces_the_key_file(filled: tuple[Path, dict[str, str]]) -> None:
    path, expected = filled
    key_file = path.with_name(path.name + ".key")
    before = key_file.read_text()
    with SQLiteVault(path) as vault:
        assert vault.key_file == key_file
        assert vault.rotate_key(VaultKey.generate()) == 1200 + 4
    assert key_file.read_text() != before
    assert not pending_key_file(key_file).exists()
    _verify(path, expected)


def test_kill_9_during_rotation_never_loses_the_key_or_a_mapping(filled: tuple[Path, dict[str, str]]) -> None:
    """A child rotates again and again; SIGKILL lands at random moments, 15 times."""
    path, expected = filled
    rng = random.Random(5)
    key_ids: set[str] = set()
    for _ in range(15):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:
            try:
                os.close(read_fd)
                os.write(write_fd, b"r")
                while True:
                    with SQLiteVault(path) as vault:
                        vault.rotate_key(VaultKey.generate())
            finally:
                os._exit(1)
        os.close(write_fd)
        assert os.read(read_fd, 1) == b"r"
        os.close(read_fd)
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status)
        _verify(path, expected)
        with SQLiteVault(path) as vault:
            key_ids.add(vault.key_id)
    assert len(key_ids) >= 5  # the child really was rotating when it was killed


def test_crash_between_commit_and_rename_is_finished_on_open(
    filled: tuple[Path, dict[str, str]], caplog: pytest.LogCaptureFixture
) -> None:
    """The narrow window, hit on purpose: the process dies right when it would rename the key."""
    path, expected = filled
    key_file = path.with_name(path.name + ".key")
    pid = os.fork()
    if pid == 0:
        try:
            os.replace = lambda *a, **k: os._exit(9)  # type: ignore[assignment]  # die at the rename
            with SQLiteVault(path) as vault:
                vault.rotate_key(VaultKey.generate())
        finally:
            os._exit(1)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 9
    assert pending_key_file(key_file).exists()
    with caplog.at_level(logging.WARNING, logger="memprivacy_plugins.vault.sqlite"):
        _verify(path, expected)
    assert "finished an interrupted key rotation" in caplog.text
    assert not pending_key_file(key_file).exists()


def test_a_stale_pending_key_is_ignored(filled: tuple[Path, dict[str, str]]) -> None:
    """A rotation that died before committing leaves a pending key that opens nothing."""
    path, expected = filled
    key_file = path.with_name(path.name + ".key")
    pending_key_file(key_file).write_text(VaultKey.generate().to_string())
    pending_key_file(key_file).chmod(0o600)
    _verify(path, expected)
    with SQLiteVault(path) as vault:
        vault.rotate_key(VaultKey.generate())  # overwrites the stale one
    _verify(path, expected)


def test_other_processes_with_the_old_key_fail_closed(filled: tuple[Path, dict[str, str]]) -> None:
    path, _ = filled
    stale = SQLiteVault(path)
    with SQLiteVault(path) as rotator:
        rotator.rotate_key(VaultKey.generate())
    with pytest.raises(VaultKeyError, match="rotated"):
        stale.assign("u0", [("Email", "fresh@example.org")])
    with pytest.raises(VaultKeyError):
        stale.forget("u0")
    stale.close()


def test_rows_without_a_scope_block_rotation_and_change_nothing(tmp_path: Path) -> None:
    """Vaults written before profiles recorded their scope: refuse rather than drop a row."""
    key = VaultKey.generate()
    path = tmp_path / "vault.sqlite3"
    with SQLiteVault(path, key=key) as vault:
        vault.assign("u1", [("Email", "a@example.org")])
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO profiles VALUES (?, 'user_name', ?)", (b"\x01" * 32, b"\x02" * 40))
    with SQLiteVault(path, key=key) as vault, pytest.raises(VaultCorruptError, match="no scope"):
        vault.rotate_key(VaultKey.generate())
    with SQLiteVault(path, key=key) as vault:  # still under the old key, all there
        assert vault.resolve("u1", [("email", 1)]) == {("email", 1): "a@example.org"}
