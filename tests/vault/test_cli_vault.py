"""``memprivacy vault export|forget|stats|rotate-key`` against real vault files and Postgres."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from memprivacy_plugins import PrivacyEngine, SQLiteVault, VaultKey
from memprivacy_plugins.cli import main
from memprivacy_plugins.testing import DictionaryDetector
from memprivacy_plugins.vault import PostgresVault

VALUES = {"ada@example.org": "Email", "+44 20 7946 0018": "Phone Number", "s3cr3t-Pa55": "Password",
          "grace@example.org": "Email"}


def _fill(vault: SQLiteVault | PostgresVault) -> None:
    engine = PrivacyEngine(detector=DictionaryDetector(VALUES), vault=vault)
    engine.mask("ada@example.org, +44 20 7946 0018, pw s3cr3t-Pa55", user_id="ada")
    engine.mask("grace@example.org", user_id="grace")
    engine.set_user_name("ada", "Ada Lovelace")


@pytest.fixture
def vault_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A vault with its key file beside it (the default layout)."""
    monkeypatch.delenv("MEMPRIVACY_VAULT_KEY", raising=False)
    path = tmp_path / "vault.sqlite3"
    with SQLiteVault(path) as vault:
        _fill(vault)
    return path


def test_stats_counts_without_values(vault_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vault", "stats", "--vault", str(vault_file)]) == 0
    out = capsys.readouterr().out
    assert "users: 2   mappings: 4" in out
    assert "PL2" in out and "PL4" in out and "Email" in out
    assert main(["vault", "stats", "--vault", str(vault_file), "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["per_level"] == {"PL2": 3, "PL4": 1}
    assert stats["per_type"] == {"Email": 2, "Phone Number": 1, "Password": 1}
    for text in (out, json.dumps(stats)):
        assert not any(v in text for v in [*VALUES, "ada", "grace", "Ada Lovelace"])


def test_export_prints_one_users_values(vault_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["vault", "export", "--user", "ada", "--vault", str(vault_file)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["placeholder"], r["value"], r["privacy_level"]) for r in rows} == {
        ("<Email_1>", "ada@example.org", "PL2"),
        ("<Phone_Number_1>", "+44 20 7946 0018", "PL2"),
        ("<Password_1>", "s3cr3t-Pa55", "PL4"),
    }
    out_file = tmp_path / "ada.json"
    assert main(["vault", "export", "--user", "grace", "--vault", str(vault_file), "-o", str(out_file)]) == 0
    assert stat.S_IMODE(out_file.stat().st_mode) == 0o600
    assert [r["value"] for r in json.loads(out_file.read_text())] == ["grace@example.org"]


def test_forget_needs_confirmation_and_erases_one_user(vault_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    refused = subprocess.run(
        [sys.executable, "-m", "memprivacy_plugins.cli", "vault", "forget", "--user", "ada", "--vault", str(vault_file)],
        stdin=subprocess.DEVNULL, capture_output=True, text=True, env=env, timeout=60,
    )
    assert refused.returncode == 2 and "--yes" in refused.stderr
    assert main(["vault", "forget", "--user", "ada", "--vault", str(vault_file), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "erased 3 mappings" in out and "ada" not in out
    with SQLiteVault(vault_file) as vault:
        assert vault.export("ada") == [] and vault.get_profile("ada", "user_name") is None
        assert [e.value for e in vault.export("grace")] == ["grace@example.org"]


def test_missing_vault_and_wrong_key_are_clear_errors(
    tmp_path: Path, vault_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vault", "stats", "--vault", str(tmp_path / "nope.sqlite3")]) == 2
    assert "no vault at" in capsys.readouterr().err
    assert not (tmp_path / "nope.sqlite3").exists()  # no vault created as a side effect
    wrong = tmp_path / "wrong.key"
    wrong.write_text(VaultKey.generate().to_string())
    wrong.chmod(0o600)
    assert main(["vault", "stats", "--vault", str(vault_file), "--key-file", str(wrong)]) == 1
    assert "VaultKeyError" in capsys.readouterr().err


def test_rotate_key_with_the_key_file_beside_the_vault(vault_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key_file = vault_file.with_name(vault_file.name + ".key")
    old = key_file.read_text()
    assert main(["vault", "rotate-key", "--vault", str(vault_file)]) == 0
    assert "re-keyed 5 rows" in capsys.readouterr().err  # 4 mappings + 1 profile field
    assert key_file.read_text() != old and stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert not key_file.with_name(key_file.name + ".pending").exists()
    with SQLiteVault(vault_file) as vault:  # the default key lookup finds the new key
        assert vault.resolve("ada", [("password", 1)]) == {("password", 1): "s3cr3t-Pa55"}
        assert vault.get_profile("ada", "user_name") == "Ada Lovelace"
    with pytest.raises(Exception, match="does not open"):
        SQLiteVault(vault_file, key=old.strip())


def test_rotate_key_for_env_var_users(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    key = VaultKey.generate()
    monkeypatch.setenv("MEMPRIVACY_VAULT_KEY", key.to_string())
    path = tmp_path / "vault.sqlite3"
    with SQLiteVault(path) as vault:
        _fill(vault)
        old_id = vault.key_id
    assert main(["vault", "rotate-key", "--vault", str(path)]) == 2
    assert "--new-key-file" in capsys.readouterr().err
    with SQLiteVault(path) as vault:
        assert vault.key_id == old_id  # nothing happened
    new_file = tmp_path / "new.key"
    assert main(["vault", "rotate-key", "--vault", str(path), "--new-key-file", str(new_file)]) == 0
    assert stat.S_IMODE(new_file.stat().st_mode) == 0o600
    assert main(["vault", "stats", "--vault", str(path)]) == 1  # the old env key no longer opens it
    monkeypatch.setenv("MEMPRIVACY_VAULT_KEY", new_file.read_text().strip())
    capsys.readouterr()
    assert main(["vault", "rotate-key", "--vault", str(path), "--print-new-key"]) == 0
    printed = capsys.readouterr().out.strip()
    assert VaultKey.from_string(printed) != VaultKey.from_string(new_file.read_text())
    with SQLiteVault(path, key=printed) as vault:
        assert vault.resolve("ada", [("email", 1)]) == {("email", 1): "ada@example.org"}


def test_rotate_key_with_a_given_key_file_and_recovery(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MEMPRIVACY_VAULT_KEY", raising=False)
    key_file = tmp_path / "ops.key"
    key = VaultKey.generate()
    key_file.write_text(key.to_string())
    key_file.chmod(0o600)
    path = tmp_path / "vault.sqlite3"
    with SQLiteVault(path, key=key) as vault:
        _fill(vault)
    assert main(["vault", "rotate-key", "--vault", str(path), "--key-file", str(key_file)]) == 0
    rotated = VaultKey.from_string(key_file.read_text())
    assert rotated != key
    # A run that committed but died before the rename: the next command finishes it.
    from memprivacy_plugins.vault._crypto import stage_key_file

    third = VaultKey.generate()
    stage_key_file(key_file, third)
    with SQLiteVault(path, key=rotated) as vault:
        vault.rotate_key(third)
    assert main(["vault", "stats", "--vault", str(path), "--key-file", str(key_file)]) == 0
    assert VaultKey.from_string(key_file.read_text()) == third


def test_postgres_vault_commands(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                 pg_dsn: str, pg_prefix: str, tmp_path: Path) -> None:
    key = VaultKey.generate()
    monkeypatch.setenv("MEMPRIVACY_VAULT_KEY", key.to_string())
    with PostgresVault.from_dsn(pg_dsn, table_prefix=pg_prefix) as vault:
        _fill(vault)
    where = ["--vault", pg_dsn, "--table-prefix", pg_prefix]
    assert main(["vault", "stats", "--json", *where]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["backend"] == "postgres" and stats["entries"] == 4 and stats["per_level"]["PL4"] == 1
    assert main(["vault", "export", "--user", "grace", *where]) == 0
    assert [r["value"] for r in json.loads(capsys.readouterr().out)] == ["grace@example.org"]
    new_file = tmp_path / "pg-new.key"
    assert main(["vault", "rotate-key", "--new-key-file", str(new_file), *where]) == 0
    monkeypatch.setenv("MEMPRIVACY_VAULT_KEY", new_file.read_text().strip())
    assert main(["vault", "forget", "--user", "ada", "--yes", *where]) == 0
    assert "erased 3 mappings" in capsys.readouterr().out
    assert main(["vault", "stats", "--vault", pg_dsn, "--table-prefix", "absent_prefix"]) == 1
    assert "create_tables" in capsys.readouterr().err
