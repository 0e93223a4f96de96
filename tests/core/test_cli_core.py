"""`memprivacy mask` / `unmask` as a shell user runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _run(*args: str, env: dict[str, str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "memprivacy_plugins.cli", *args],
        capture_output=True, text=True, env=env, input=stdin, timeout=120,
    )


@pytest.fixture
def cli_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MEMPRIVACY_VAULT_KEY"}
    env["MEMPRIVACY_VAULT"] = str(tmp_path / "cli-vault.sqlite3")
    return env


def test_mask_then_unmask_round_trip(cli_env: dict[str, str], tmp_path: Path) -> None:
    masked = _run("mask", "my email is a@b.co", "--user", "u1", env=cli_env)
    assert masked.returncode == 0, masked.stderr
    assert masked.stdout.strip() == "my email is <Email_1>"
    restored = _run("unmask", masked.stdout.strip(), "--user", "u1", env=cli_env)
    assert restored.returncode == 0 and restored.stdout.strip() == "my email is a@b.co"
    other = _run("unmask", masked.stdout.strip(), "--user", "u2", env=cli_env)
    assert other.stdout.strip() == "my email is <Email_1>"
    assert (tmp_path / "cli-vault.sqlite3.key").exists()


def test_stdin_json_and_levels(cli_env: dict[str, str]) -> None:
    out = _run("mask", "-", "--user", "u1", "--json", env=cli_env, stdin="mail a@b.co, password: hunter2!x\n")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert "a@b.co" not in out.stdout and "hunter2" not in out.stdout
    assert {s["privacy_type"] for s in data["spans"]} >= {"Email", "Password"}
    only_pl4 = _run("mask", "mail a@b.co, password: hunter2!x", "--user", "u1", "--levels", "PL4", env=cli_env)
    assert "a@b.co" in only_pl4.stdout and "hunter2" not in only_pl4.stdout


def test_user_errors_have_no_traceback(cli_env: dict[str, str], tmp_path: Path) -> None:
    missing_user = _run("mask", "x", env=cli_env)
    assert missing_user.returncode == 2 and "--user" in missing_user.stderr
    bad_levels = _run("mask", "x", "--user", "u", "--levels", "PL9", env=cli_env)
    assert bad_levels.returncode != 0 and "Traceback" not in bad_levels.stderr
    (tmp_path / "junk.sqlite3").write_bytes(b"junk" * 100)
    corrupt = _run("unmask", "<Email_1>", "--user", "u", "--vault", str(tmp_path / "junk.sqlite3"), env=cli_env)
    assert corrupt.returncode == 1 and "VaultCorruptError" in corrupt.stderr and "Traceback" not in corrupt.stderr
