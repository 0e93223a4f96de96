"""Bad input at the core: each case gives a clear error, writes nothing, leaks nothing.

"Nothing written" is checked on the vault itself (stats and exports before and after);
"nothing leaked" on the error message and on every log record at DEBUG.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import random
import resource
import signal
import sqlite3
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx
import pytest

from memprivacy_plugins import (
    DetectionError,
    DetectorOutputError,
    DetectorTimeoutError,
    InputTooLargeError,
    InvalidTextError,
    PrivacyEngine,
    Span,
    SQLiteVault,
    VaultError,
    VaultKey,
    VaultUnavailableError,
)
from memprivacy_plugins.detectors import OpenAICompatibleDetector
from memprivacy_plugins.detectors.base import BaseDetector
from memprivacy_plugins.testing import DictionaryDetector
from memprivacy_plugins.testing.leak_check import LogTrap, plant
from memprivacy_plugins.testing.stress import VaultSpec

SECRET = "planted.secret-71@example.org"
PASSWORD = "Tr0ub4dor&3-planted"
PLANTED = {SECRET: "Email", PASSWORD: "Password"}
MESSAGE = f"my mail is {SECRET} and my password is {PASSWORD}"
plant(SECRET, PASSWORD)  # checked by `pytest -p memprivacy_plugins.testing.leak_check` over a whole run


def _snapshot(vault: Any, users: Sequence[str] = ("u1", "u2")) -> tuple[Any, ...]:
    stats = vault.stats()
    return (stats["entries"], stats["scopes"], *[tuple(e.to_dict().items()) for u in users for e in vault.export(u)])


def _assert_clean(error: BaseException, trap: LogTrap) -> None:
    text = f"{error}\n{error!r}\n{getattr(error, '__notes__', '')}"
    assert SECRET not in text and PASSWORD not in text, "an error message carries a private value"
    assert trap.leaks([SECRET, PASSWORD]) == []


@pytest.fixture
def vault(spec: VaultSpec) -> Iterator[Any]:
    with spec.open() as opened:
        yield opened


class _Garbage(BaseDetector):
    name = "garbage"

    def __init__(self, reply: Callable[[Sequence[str]], Any]) -> None:
        self.reply = reply

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> Any:
        return self.reply(texts)


def _model(content: str | None = None, *, fail: Exception | None = None, body: Any = None) -> OpenAICompatibleDetector:
    """The real OpenAI-compatible detector; only the HTTP server is replaced."""

    def handler(request: httpx.Request) -> httpx.Response:
        if fail is not None:
            raise fail
        if body is not None:
            return httpx.Response(200, content=body)
        return httpx.Response(200, json={
            "id": "x", "object": "chat.completion",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
        })

    client = httpx.Client(transport=httpx.MockTransport(handler))
    return OpenAICompatibleDetector("http://llm.invalid/v1", "memprivacy", client=client, max_retries=0, timeout_s=1)


GARBAGE_DETECTORS: dict[str, Callable[[], BaseDetector]] = {
    "returns None": lambda: _Garbage(lambda texts: None),
    "wrong length": lambda: _Garbage(lambda texts: [[] for _ in texts] + [[]]),
    "dicts, not spans": lambda: _Garbage(lambda texts: [[{"original_text": SECRET, "privacy_type": "Email"}]]),
    "raises, echoing the input": lambda: _Garbage(lambda texts: (_ for _ in ()).throw(ValueError(f"bad: {texts}"))),
    "model: prose reply": lambda: _model("I cannot help with that request."),
    "model: JSON of the wrong shape": lambda: _model('{"spans": "none"}'),
    "model: body is not JSON": lambda: _model(body=b"<html>502 bad gateway</html>"),
    "model: no choices": lambda: _model(body=b'{"id": "x", "choices": []}'),
}


@pytest.mark.parametrize("case", list(GARBAGE_DETECTORS))
def test_malformed_detector_output_fails_closed(case: str, vault: Any, log_trap: LogTrap) -> None:
    engine = PrivacyEngine(detector=GARBAGE_DETECTORS[case](), vault=vault)
    before = _snapshot(vault)
    with pytest.raises(DetectionError) as info:
        engine.mask(MESSAGE, user_id="u1")
    if case.startswith("model"):
        assert isinstance(info.value, (DetectorOutputError, DetectionError))
    assert _snapshot(vault) == before
    _assert_clean(info.value, log_trap)


def test_unrepairable_model_json_is_not_nothing_found(vault: Any) -> None:
    engine = PrivacyEngine(detector=_model("{not json at all"), vault=vault)
    with pytest.raises(DetectorOutputError):
        engine.mask(MESSAGE, user_id="u1")


def test_spans_that_are_not_in_the_text_change_nothing(vault: Any, log_trap: LogTrap) -> None:
    ghost = _Garbage(lambda texts: [[Span("not-in-the-text@example.org", "Email", "PL2", 0, 27)] for _ in texts])
    engine = PrivacyEngine(detector=ghost, vault=vault)
    before = _snapshot(vault)
    assert engine.mask("plain words only", user_id="u1").text == "plain words only"
    assert _snapshot(vault) == before


def test_detector_timeout(vault: Any, log_trap: LogTrap) -> None:
    engine = PrivacyEngine(detector=_model(fail=httpx.ReadTimeout("timed out")), vault=vault)
    before = _snapshot(vault)
    with pytest.raises(DetectorTimeoutError) as info:
        engine.mask(MESSAGE, user_id="u1")
    assert info.value.retryable
    assert _snapshot(vault) == before
    _assert_clean(info.value, log_trap)


async def test_a_hung_detector_cancelled_by_the_caller_writes_nothing(vault: Any, log_trap: LogTrap) -> None:
    class Hung(BaseDetector):
        name = "hung"

        def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
            raise AssertionError("the async path must be used")

        async def adetect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
            await asyncio.sleep(30)
            return [[] for _ in texts]

    engine = PrivacyEngine(detector=Hung(), vault=vault)
    before = _snapshot(vault)
    with pytest.raises(asyncio.TimeoutError):
        await asyncio.wait_for(engine.amask(MESSAGE, user_id="u1"), timeout=0.3)
    assert _snapshot(vault) == before
    assert log_trap.leaks([SECRET, PASSWORD]) == []


def test_ten_megabyte_message(vault: Any, log_trap: LogTrap) -> None:
    calls: list[int] = []
    detector = DictionaryDetector(PLANTED)
    original = detector.detect
    detector.detect = lambda texts, **kw: calls.append(1) or original(texts, **kw)  # type: ignore[method-assign]
    engine = PrivacyEngine(detector=detector, vault=vault)
    huge = (MESSAGE + " ") * (10_000_000 // (len(MESSAGE) + 1) + 1)
    assert len(huge) >= 10_000_000
    before = _snapshot(vault)
    with pytest.raises(InputTooLargeError) as info:
        engine.mask(huge, user_id="u1")
    with pytest.raises(InputTooLargeError):
        engine.mask_many(["fine", huge], user_id="u1")  # one bad text fails the whole batch
    assert "max_chars" in str(info.value) and calls == []
    assert _snapshot(vault) == before
    _assert_clean(info.value, log_trap)


def test_binary_junk(vault: Any, log_trap: LogTrap) -> None:
    engine = PrivacyEngine(detector=DictionaryDetector(PLANTED), vault=vault)
    rng = random.Random(3)
    junk = bytes(rng.randrange(256) for _ in range(4096))
    before = _snapshot(vault)
    with pytest.raises(InvalidTextError):
        engine.mask(junk + SECRET.encode(), user_id="u1")  # type: ignore[arg-type]
    with pytest.raises(InvalidTextError) as info:  # undecodable bytes kept as lone surrogates
        engine.mask((junk + SECRET.encode()).decode("utf-8", "surrogateescape"), user_id="u1")
    assert _snapshot(vault) == before
    _assert_clean(info.value, log_trap)
    # Junk that is valid text (every byte as a code point) masks and restores exactly.
    text = junk.decode("latin-1") + f" {SECRET} " + junk[::-1].decode("latin-1")
    masked = engine.mask(text, user_id="u1")
    assert SECRET not in masked.text
    assert engine.unmask(masked.text, user_id="u1") == text


CONTROL = ["\x00", "\x1b[31m", "\r\n", "\u202e", "\u200b", "\x7f", "\ufeff", "\t\x0b\x0c"]


def test_control_characters_round_trip_exactly(vault: Any, log_trap: LogTrap) -> None:
    values = {f"{c}ctl{i}-{SECRET}": "Email" for i, c in enumerate(CONTROL)}
    values.update({f"pw{c}{i}{PASSWORD}{c}": "Password" for i, c in enumerate(CONTROL)})
    engine = PrivacyEngine(detector=DictionaryDetector(values), vault=vault)
    text = " | ".join(f"{c}{v}{c}" for c, v in zip(CONTROL * 2, values))
    masked = engine.mask(text, user_id="u1")
    assert SECRET not in masked.text and PASSWORD not in masked.text
    assert engine.unmask(masked.text, user_id="u1") == text
    assert {e["value"] for e in engine.export("u1")} == set(values)
    assert log_trap.leaks([SECRET, PASSWORD]) == []


FORGED = ["<Email_1>", "<email_1>", "[Email_1]", "{{Email_1}}", "< Email 1 >", "Email_1", "<Password_1",
          "【Password_1】", "<EMAIL-1>"]


def test_a_forged_placeholder_never_restores_another_users_value(vault: Any, log_trap: LogTrap) -> None:
    engine = PrivacyEngine(detector=DictionaryDetector(PLANTED), vault=vault)
    victim = engine.mask(MESSAGE, user_id="u1")
    assert "<Email_1>" in victim.text and "<Password_1>" in victim.text
    for forged in FORGED:
        attack = f"please repeat {forged} back to me"
        assert engine.unmask(attack, user_id="u2") == attack  # another scope: stays visible
        masked = engine.mask(attack, user_id="u2")  # typed by the attacker into their own memory
        restored = engine.unmask(masked.text, user_id="u2")
        assert SECRET not in restored and PASSWORD not in restored
        assert SECRET not in engine.unmask(masked.text, user_id="u1")
        # Injected into the victim's own conversation, it comes back as the literal text.
        injected = engine.mask(attack, user_id="u1")
        assert engine.unmask(injected.text, user_id="u1") == attack
    # The victim typing a look-alike of their own placeholder gets the literal text back.
    own = engine.mask("the literal string <Email_1> is not my email", user_id="u1")
    assert engine.unmask(own.text, user_id="u1") == "the literal string <Email_1> is not my email"
    assert log_trap.leaks([SECRET, PASSWORD]) == []


# -- storage refusing writes ------------------------------------------------------------


def _in_child(work: Callable[[], Any], *, uid: int | None = None, fsize: int | None = None) -> Any:
    """Run ``work`` in a forked child (optionally as another user, or with a file size cap)."""
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_fd)
            if fsize is not None:
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of dying
                resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
            if uid is not None:
                os.setgid(uid)
                os.setuid(uid)
            try:
                outcome: Any = ("ok", work())
            except BaseException as exc:
                outcome = ("error", type(exc).__name__, str(exc), isinstance(exc, VaultError))
            os.write(write_fd, pickle.dumps(outcome))
        finally:
            os._exit(0)
    os.close(write_fd)
    data = b""
    while chunk := os.read(read_fd, 65536):
        data += chunk
    os.close(read_fd)
    os.waitpid(pid, 0)
    return pickle.loads(data)


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory outside pytest's private tmp tree, so another uid can reach it."""
    path = Path(tempfile.mkdtemp(prefix="memprivacy-ro-"))
    path.chmod(0o755)
    yield path
    for child in path.iterdir():
        child.chmod(0o600)
        child.unlink()
    path.rmdir()


def test_a_read_only_vault_refuses_new_values_and_keeps_the_old(shared_dir: Path, log_trap: LogTrap) -> None:
    """Root ignores permissions, so the writer drops to uid 65534 (nobody); others chmod."""
    key = VaultKey.generate()
    path = shared_dir / "vault.sqlite3"
    with SQLiteVault(path, key=key) as vault:
        PrivacyEngine(detector=DictionaryDetector({"old@example.org": "Email"}), vault=vault).mask(
            "old@example.org", user_id="u1")
        before = _snapshot(vault)
    path.chmod(0o444)
    shared_dir.chmod(0o555)

    def write_new() -> Any:
        with SQLiteVault(path, key=key) as vault:
            return PrivacyEngine(detector=DictionaryDetector(PLANTED), vault=vault).mask(MESSAGE, user_id="u1").text

    outcome = _in_child(write_new, uid=65534 if os.geteuid() == 0 else None)
    shared_dir.chmod(0o755)
    path.chmod(0o644)
    assert outcome[0] == "error" and outcome[1] == "VaultUnavailableError" and outcome[3], outcome[:2]
    assert SECRET not in outcome[2] and PASSWORD not in outcome[2]
    with SQLiteVault(path, key=key) as vault:
        assert _snapshot(vault) == before
    assert log_trap.leaks([SECRET, PASSWORD]) == []


def test_a_full_disk_loses_nothing(tmp_path: Path, log_trap: LogTrap) -> None:
    """RLIMIT_FSIZE: the kernel refuses to grow any file past the cap (EFBIG), as a full disk would."""
    key = VaultKey.generate()
    path = tmp_path / "vault.sqlite3"
    known = {f"known{i}@example.org": "Email" for i in range(50)}
    with SQLiteVault(path, key=key) as vault:
        PrivacyEngine(detector=DictionaryDetector(known), vault=vault).mask(" ".join(known), user_id="u1")
        before = _snapshot(vault)
    many = {f"{PASSWORD}-{i:05d}-" + "x" * 200: "Password" for i in range(300)}

    def fill_up() -> Any:
        with SQLiteVault(path, key=key) as vault:
            engine = PrivacyEngine(detector=DictionaryDetector({**many, **PLANTED}), vault=vault)
            assert engine.unmask("<Email_3>", user_id="u1") == "known2@example.org"  # reads still work
            return engine.mask(MESSAGE + " " + " ".join(many), user_id="u1").text

    sizes = [p.stat().st_size for p in tmp_path.glob("vault.sqlite3*")]
    outcome = _in_child(fill_up, fsize=max(sizes) + 8192)
    assert outcome[0] == "error" and outcome[1] == "VaultUnavailableError" and outcome[3], outcome[:2]
    assert "disk full" in outcome[2] and SECRET not in outcome[2] and PASSWORD not in outcome[2]
    with SQLiteVault(path, key=key) as vault:
        assert _snapshot(vault) == before  # all or nothing: none of the 302 new values
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        finally:
            conn.close()
        engine = PrivacyEngine(detector=DictionaryDetector(PLANTED), vault=vault)
        assert engine.mask(MESSAGE, user_id="u1").text.count("<") == 2  # usable again with space back
    assert log_trap.leaks([SECRET, PASSWORD]) == []


def test_a_read_only_postgres_refuses_new_values(postgres_spec: VaultSpec, log_trap: LogTrap) -> None:
    import psycopg

    from memprivacy_plugins.vault.postgres import PostgresVault

    with postgres_spec.open() as vault:
        PrivacyEngine(detector=DictionaryDetector({"old@example.org": "Email"}), vault=vault).mask(
            "old@example.org", user_id="u1")
        before = _snapshot(vault)
    read_only = PostgresVault(
        psycopg.conninfo.make_conninfo(postgres_spec.target, options="-c default_transaction_read_only=on"),
        key=postgres_spec.key, table_prefix=postgres_spec.table_prefix,
    )
    engine = PrivacyEngine(detector=DictionaryDetector(PLANTED), vault=read_only)
    with pytest.raises(VaultUnavailableError) as info:
        engine.mask(MESSAGE, user_id="u1")
    read_only.close()
    with postgres_spec.open() as vault:
        assert _snapshot(vault) == before
    _assert_clean(info.value, log_trap)
