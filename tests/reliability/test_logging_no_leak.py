"""With every logger at DEBUG, a representative workload logs no planted value.

The workload goes through the engine (sync, async, streaming, batch), the real rules
detector and the real OpenAI-compatible detector (HTTP replaced by a mock transport), both
vaults, failures (detector errors, wrong keys, a read-only database), key rotation, the
audit log and the ``memprivacy`` CLI. Every record's message, arguments and traceback are
searched. For whole test runs there is ``pytest -p memprivacy_plugins.testing.leak_check``;
the values below are registered with it too.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from memprivacy_plugins import DetectionError, PrivacyEngine, SQLiteVault, VaultKey, VaultKeyError
from memprivacy_plugins.audit import AuditLog
from memprivacy_plugins.cli import main as cli
from memprivacy_plugins.detectors import OpenAICompatibleDetector, RulesDetector
from memprivacy_plugins.detectors.base import BaseDetector
from memprivacy_plugins.testing import DictionaryDetector
from memprivacy_plugins.testing.leak_check import LogTrap, plant
from memprivacy_plugins.testing.stress import VaultSpec

EMAIL = "leakcheck.7731@example.org"
PHONE = "+1 415 555 0143"
CARD = "4111 1111 1111 1111"
PASSWORD = "Zq!8-planted-Passw0rd"
NAME = "Ada Planted-Lovelace"
ZH_PHONE = "13800138000"
PLANTED = [EMAIL, PHONE, CARD, PASSWORD, NAME, ZH_PHONE]
plant(*PLANTED)

MESSAGES = [
    f"Hi, I'm {NAME}. Mail me at {EMAIL} or call {PHONE}.",
    f"My card is {CARD} and the wifi password is {PASSWORD}",
    f"我的手机号是{ZH_PHONE}，邮箱 {EMAIL}",
]


class _Exploding(BaseDetector):
    name = "exploding"

    def detect(self, texts: Any, *, user_name: str | None = None) -> Any:
        raise RuntimeError(f"cannot parse {texts!r} for {user_name}")


def _model_detector() -> OpenAICompatibleDetector:
    def handler(request: httpx.Request) -> httpx.Response:
        content = json.dumps([{"original_text": EMAIL, "privacy_type": "Email", "privacy_level": "PL2"}])
        return httpx.Response(200, json={"choices": [{"index": 0, "message": {"role": "assistant", "content": content},
                                                     "finish_reason": "stop"}]})

    return OpenAICompatibleDetector("http://llm.invalid/v1", "memprivacy",
                                    client=httpx.Client(transport=httpx.MockTransport(handler)), max_retries=0)


def _workload(vault: Any, audit: AuditLog) -> None:
    dictionary = DictionaryDetector({v: t for v, t in zip(PLANTED, ["Email", "Phone Number", "Bank/Payment Card Number",
                                                                    "Password", "Real Name", "Phone Number"])})
    for detector in (RulesDetector(), dictionary, _model_detector()):
        engine = PrivacyEngine(detector=detector, vault=vault, audit=audit, fallback_detector=dictionary)
        engine.set_user_name("u1", NAME)
        for masked in engine.mask_many(MESSAGES, user_id="u1"):
            restored = engine.unmask(masked.text, user_id="u1")
            restorer = engine.restorer("u1")
            assert "".join(restorer.feed(c) for c in masked.text) + restorer.flush() == restored
        asyncio.run(engine.amask(MESSAGES[0], user_id="u2"))
        engine.export("u1")
    failing = PrivacyEngine(detector=_Exploding(), vault=vault)
    with pytest.raises(DetectionError):
        failing.mask(MESSAGES[1], user_id="u1")
    rescued = PrivacyEngine(detector=_Exploding(), vault=vault, fallback_detector=dictionary)
    assert PASSWORD not in rescued.mask(MESSAGES[1], user_id="u1").text
    PrivacyEngine(detector=dictionary, vault=vault).forget("u2")


def test_engine_vaults_detectors_and_cli_log_no_value(
    tmp_path: Path, postgres_spec: VaultSpec, log_trap: LogTrap, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    audit = AuditLog(tmp_path / "audit.jsonl")
    key = VaultKey.generate()
    sqlite_path = tmp_path / "vault.sqlite3"
    with SQLiteVault(sqlite_path, key=key) as vault:
        _workload(vault, audit)
        vault.rotate_key(VaultKey.generate())
    with pytest.raises(VaultKeyError):
        SQLiteVault(sqlite_path, key=key)
    with postgres_spec.open() as vault:
        _workload(vault, audit)
        vault.rotate_key(VaultKey.generate())

    # The CLI: a default-layout vault (key file beside it), then every vault command.
    monkeypatch.delenv("MEMPRIVACY_VAULT_KEY", raising=False)
    cli_vault = tmp_path / "cli.sqlite3"
    with SQLiteVault(cli_vault) as vault:
        PrivacyEngine(detector=RulesDetector(), vault=vault).mask(MESSAGES[0], user_id="cli-user")
    assert cli(["mask", MESSAGES[1], "--user", "cli-user", "--vault", str(cli_vault)]) == 0
    masked = capsys.readouterr().out
    assert cli(["unmask", masked.strip(), "--user", "cli-user", "--vault", str(cli_vault)]) == 0
    for argv in (["stats"], ["export", "--user", "cli-user"], ["rotate-key"], ["forget", "--user", "cli-user", "--yes"]):
        assert cli(["vault", *argv, "--vault", str(cli_vault)]) == 0
    capsys.readouterr()

    assert any(name == "httpx" for name, _ in log_trap.records)  # the trap saw third-party DEBUG/INFO too
    assert log_trap.leaks(PLANTED) == []
    assert not any(v in (tmp_path / "audit.jsonl").read_text(encoding="utf-8") for v in PLANTED)


def test_the_trap_does_catch_a_leak(log_trap: LogTrap) -> None:
    """The detector of leaks works: a value logged on purpose, at DEBUG, by a third-party-style logger."""
    import logging

    on_purpose = "deliberately-logged-5150@example.org"  # not plant()ed: the session check stays green
    logging.getLogger("some.library").debug("payload=%s", {"email": on_purpose})
    assert log_trap.leaks([EMAIL, on_purpose]) == [("some.library", 1)]


def test_the_session_plugin_fails_a_run_that_logs_a_planted_value(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    (tmp_path / "test_leaky_sample.py").write_text(
        "import logging\n"
        "from memprivacy_plugins.testing.leak_check import plant\n"
        "def test_leaks():\n"
        "    plant('session-planted-4242')\n"
        "    logging.getLogger('chatty').debug('user said %s', 'session-planted-4242')\n"
        "def test_clean():\n"
        "    plant('never-logged-9898')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "memprivacy_plugins.testing.leak_check", "-p", "no:cacheprovider",
         str(tmp_path / "test_leaky_sample.py")],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=120,
    )
    assert run.returncode == 1, run.stdout[-2000:]
    assert "2 passed" in run.stdout and "1 leaks" in run.stdout and "'chatty'" in run.stdout
    assert "session-planted-4242" not in run.stdout.split("memprivacy leak_check")[-1]
