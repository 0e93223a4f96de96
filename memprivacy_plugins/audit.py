"""An optional audit log: which placeholders were created and restored, never the values.

.. code-block:: python

    from memprivacy_plugins import PrivacyEngine
    from memprivacy_plugins.audit import AuditLog

    engine = PrivacyEngine(audit=AuditLog("/var/log/app/memprivacy-audit.jsonl"))

One JSON object per line, appended with a single ``write`` (``O_APPEND``), so several
processes can share one file::

    {"ts": 1764100000.1, "event": "mask", "user": "u:3f9c...", "texts": 1,
     "placeholders": ["<Email_1>"], "levels": {"PL2": 1}, "escaped": 0}
    {"ts": ..., "event": "unmask", "user": "u:3f9c...", "restored": ["<Email_1>"], "unknown": 0}
    {"ts": ..., "event": "forget", "user": "u:3f9c...", "mappings": 4}
    {"ts": ..., "event": "export", "user": "u:3f9c...", "mappings": 4}

User ids may themselves be personal data (an email used as an id), so by default they are
pseudonymised with a keyed hash (``user_ids="pseudonymous"``; the audit key lives in
``<log>.key``, mode 0600, or is passed as ``key=``). :meth:`AuditLog.pseudonym` gives an
operator the pseudonym of a known user id to search the log. ``user_ids="plain"`` writes
ids as they are; ``"omit"`` leaves them out.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .errors import ConfigError, MemPrivacyError
from .taxonomy import CANONICAL_TYPES, placeholder_prefix, prefix_key
from .vault._crypto import VaultKey, read_key_file

__all__ = ["AuditLog"]

logger = logging.getLogger(__name__)

_CANONICAL_PREFIX = {prefix_key(placeholder_prefix(t)): placeholder_prefix(t) for t in CANONICAL_TYPES}
_MODES = ("pseudonymous", "plain", "omit")


class AuditLog:
    """Append-only JSON-lines audit of mask, unmask, forget and export events.

    Key init args:
        path: the log file (created 0600 with its directory if missing).
        user_ids: ``"pseudonymous"`` (default), ``"plain"`` or ``"omit"``.
        key: the pseudonymisation key; default ``<path>.key`` (created 0600 on first use).
        fsync: fsync after every event (durable through power loss; slower).
        strict: raise when an event cannot be written. The default logs a warning and
            carries on, because the audit must not take masking down with it.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        user_ids: str = "pseudonymous",
        key: VaultKey | bytes | str | None = None,
        fsync: bool = False,
        strict: bool = False,
    ) -> None:
        if user_ids not in _MODES:
            raise ConfigError("user_ids must be 'pseudonymous', 'plain' or 'omit'")
        self.path = Path(path).expanduser()
        self.user_ids = user_ids
        self.fsync = fsync
        self.strict = strict
        self._lock = threading.Lock()
        self._mac_key = self._load_key(key) if user_ids == "pseudonymous" else b""

    def __repr__(self) -> str:
        return f"AuditLog(path={str(self.path)!r}, user_ids={self.user_ids!r})"

    def _load_key(self, key: VaultKey | bytes | str | None) -> bytes:
        if key is not None:
            return VaultKey.coerce(key).raw
        key_file = self.path.with_name(self.path.name + ".key")
        if not key_file.exists():
            key_file.parent.mkdir(parents=True, exist_ok=True)
            try:
                fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            except FileExistsError:  # another process made it first
                return read_key_file(key_file).raw
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(VaultKey.generate().to_string() + "\n")
                handle.flush()
                os.fsync(handle.fileno())
        return read_key_file(key_file).raw

    def pseudonym(self, user_id: str) -> str | None:
        """How ``user_id`` appears in this log."""
        if self.user_ids == "omit":
            return None
        if self.user_ids == "plain":
            return user_id
        return "u:" + hmac.new(self._mac_key, user_id.encode("utf-8"), hashlib.sha256).hexdigest()[:24]

    # -- events (called by PrivacyEngine) -------------------------------------------

    def masked(self, user_id: str, results: Sequence[Any]) -> None:
        placeholders: list[str] = []
        levels: Counter[str] = Counter()
        escaped = 0
        for masked in results:
            escaped += masked.escaped
            for span, placeholder in zip(masked.spans, masked.placeholders):
                levels[span.privacy_level.value] += 1
                if placeholder not in placeholders:
                    placeholders.append(placeholder)
        self._write(user_id, "mask", texts=len(results), placeholders=placeholders,
                    levels=dict(sorted(levels.items())), escaped=escaped)

    def unmasked(self, user_id: str, wanted: Iterable[tuple[str, int]], restored: Iterable[tuple[str, int]],
                 *, event: str = "unmask") -> None:
        wanted_set, restored_set = set(wanted), set(restored)
        self._write(user_id, event, restored=[_canonical(k, n) for k, n in sorted(restored_set)],
                    unknown=len(wanted_set - restored_set))

    def forgotten(self, user_id: str, count: int) -> None:
        self._write(user_id, "forget", mappings=count)

    def exported(self, user_id: str, count: int) -> None:
        self._write(user_id, "export", mappings=count)

    # -- writing ------------------------------------------------------------------------

    def _write(self, user_id: str, event: str, **fields: Any) -> None:
        record: dict[str, Any] = {"ts": round(time.time(), 3), "event": event}
        user = self.pseudonym(user_id)
        if user is not None:
            record["user"] = user
        record.update(fields)
        line = (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        try:
            with self._lock:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                try:
                    os.write(fd, line)
                    if self.fsync:
                        os.fsync(fd)
                finally:
                    os.close(fd)
        except OSError as exc:
            if self.strict:
                raise MemPrivacyError(f"the audit log could not be written ({type(exc).__name__})") from None
            logger.warning("audit event %s not written (%s)", event, type(exc).__name__)

    @staticmethod
    def read(path: str | os.PathLike[str]) -> list[dict[str, Any]]:
        """Every complete event in a log file (a torn last line is skipped)."""
        events: list[dict[str, Any]] = []
        for line in Path(path).read_text(encoding="utf-8").splitlines(keepends=True):
            if line.endswith("\n") and line.strip():
                events.append(json.loads(line))
        return events


def _canonical(key: str, number: int) -> str:
    return f"<{_CANONICAL_PREFIX.get(key, key)}_{number}>"
