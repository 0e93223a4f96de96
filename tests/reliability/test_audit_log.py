"""The optional audit log: events with placeholders and pseudonyms, never values."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from memprivacy_plugins import MemPrivacyError, PrivacyEngine, SQLiteVault, VaultKey
from memprivacy_plugins.audit import AuditLog
from memprivacy_plugins.errors import ConfigError
from memprivacy_plugins.testing import DictionaryDetector

PLANTED = {"jane.roe@example.org": "Email", "+1 415 555 0199": "Phone Number", "hunter2-xyz": "Password"}
USER = "jane.roe@example.org"  # an id that is itself personal data


@pytest.fixture
def engine_and_log(tmp_path: Path) -> tuple[PrivacyEngine, Path]:
    log = tmp_path / "audit" / "events.jsonl"
    engine = PrivacyEngine(
        detector=DictionaryDetector(PLANTED),
        vault=SQLiteVault(tmp_path / "vault.sqlite3", key=VaultKey.generate()),
        audit=AuditLog(log),
    )
    yield engine, log
    engine.close()


def test_events_carry_placeholders_and_pseudonyms_only(engine_and_log: tuple[PrivacyEngine, Path]) -> None:
    engine, log = engine_and_log
    masked = engine.mask("mail jane.roe@example.org or call +1 415 555 0199, pw hunter2-xyz", user_id=USER)
    engine.unmask(masked.text + " and <Email_9>", user_id=USER)
    restorer = engine.restorer(USER)
    streamed = "".join(restorer.feed(c) for c in [masked.text[:7], masked.text[7:20], masked.text[20:]])
    streamed += restorer.flush()
    assert "jane.roe@example.org" in streamed
    engine.export(USER)
    assert engine.forget(USER) == 3

    raw = log.read_text(encoding="utf-8")
    for value in [*PLANTED, USER]:
        assert value not in raw
    events = AuditLog.read(log)
    assert [e["event"] for e in events] == ["mask", "unmask", "unmask_stream", "export", "forget"]
    pseudonym = engine.audit.pseudonym(USER) if engine.audit else None
    assert pseudonym and all(e["user"] == pseudonym for e in events)
    mask, unmask, stream, export, forget = events
    assert mask["placeholders"] == ["<Email_1>", "<Phone_Number_1>", "<Password_1>"]
    assert mask["levels"] == {"PL2": 2, "PL4": 1} and mask["texts"] == 1
    assert sorted(unmask["restored"]) == ["<Email_1>", "<Password_1>", "<Phone_Number_1>"]
    assert unmask["unknown"] == 1  # <Email_9> is not in this scope
    assert sorted(stream["restored"]) == sorted(unmask["restored"]) and stream["unknown"] == 0
    assert export["mappings"] == 3 and forget["mappings"] == 3


async def test_async_twins_are_audited(engine_and_log: tuple[PrivacyEngine, Path]) -> None:
    engine, log = engine_and_log
    masked = await engine.amask("call +1 415 555 0199", user_id="u2")
    assert await engine.aunmask(masked.text, user_id="u2") == "call +1 415 555 0199"
    await engine.aexport("u2")
    await engine.aforget("u2")
    assert [e["event"] for e in AuditLog.read(log)] == ["mask", "unmask", "export", "forget"]
    assert "+1 415 555 0199" not in log.read_text(encoding="utf-8")


def test_files_are_private_and_pseudonyms_stable(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    first = AuditLog(log)
    first.forgotten("u1", 0)
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "events.jsonl.key").stat().st_mode) == 0o600
    assert AuditLog(log).pseudonym("u1") == first.pseudonym("u1") != first.pseudonym("u2")
    other_key = AuditLog(tmp_path / "other.jsonl", key=VaultKey.generate())
    assert other_key.pseudonym("u1") != first.pseudonym("u1")


def test_user_id_modes(tmp_path: Path) -> None:
    plain = AuditLog(tmp_path / "plain.jsonl", user_ids="plain")
    plain.forgotten("u1", 2)
    assert AuditLog.read(tmp_path / "plain.jsonl")[0]["user"] == "u1"
    omit = AuditLog(tmp_path / "omit.jsonl", user_ids="omit")
    omit.forgotten("u1", 2)
    assert "user" not in AuditLog.read(tmp_path / "omit.jsonl")[0]
    with pytest.raises(ConfigError):
        AuditLog(tmp_path / "x.jsonl", user_ids="hashed")


def test_an_unwritable_log_never_blocks_masking_unless_strict(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("a file where the log directory should be")
    vault = SQLiteVault(tmp_path / "vault.sqlite3", key=VaultKey.generate())
    lenient = PrivacyEngine(detector=DictionaryDetector(PLANTED), vault=vault,
                            audit=AuditLog(blocker / "events.jsonl", user_ids="plain"))
    with caplog.at_level(logging.WARNING, logger="memprivacy_plugins.audit"):
        assert lenient.mask("pw hunter2-xyz", user_id="u1").text == "pw <Password_1>"
    assert "audit event mask not written" in caplog.text and "hunter2" not in caplog.text
    strict = PrivacyEngine(detector=DictionaryDetector(PLANTED), vault=vault,
                           audit=AuditLog(blocker / "events.jsonl", user_ids="plain", strict=True))
    with pytest.raises(MemPrivacyError, match="audit log") as info:
        strict.mask("pw hunter2-xyz", user_id="u1")
    assert "hunter2" not in str(info.value)
    vault.close()
