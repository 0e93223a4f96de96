"""Prove that no private value reaches a log: a DEBUG-everywhere trap and a pytest plugin.

In one test:

.. code-block:: python

    trap = LogTrap()
    with trap.installed():                 # every logger at DEBUG, every record kept
        run_the_workload()
    assert trap.leaks(["planted@example.org"]) == []

For a whole test run, ``pytest -p memprivacy_plugins.testing.leak_check``: every logger is
at DEBUG for the session and the run fails at the end if any record (message, arguments
or traceback) contains a value a test registered with :func:`plant`.
"""

from __future__ import annotations

import contextlib
import logging
import re
import threading
import traceback
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = ["LogTrap", "plant", "planted_values"]

_PLANTED: set[str] = set()
_PLANTED_LOCK = threading.Lock()


def plant(*values: str) -> None:
    """Register values that must never appear in a log during this run."""
    with _PLANTED_LOCK:
        _PLANTED.update(v for v in values if isinstance(v, str) and v.strip())


def planted_values() -> frozenset[str]:
    with _PLANTED_LOCK:
        return frozenset(_PLANTED)


class LogTrap(logging.Handler):
    """Keeps the full text of every record: formatted message, raw args, traceback."""

    def __init__(self) -> None:
        super().__init__(level=logging.NOTSET)
        self.records: list[tuple[str, str]] = []
        self._records_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        parts = [_safe_message(record), repr(record.args) if record.args else ""]
        if record.exc_info and record.exc_info[1] is not None:
            parts.append("".join(traceback.format_exception(*record.exc_info)))
        if record.exc_text:
            parts.append(record.exc_text)
        if record.stack_info:
            parts.append(record.stack_info)
        with self._records_lock:
            self.records.append((record.name, "\n".join(p for p in parts if p)))

    @contextlib.contextmanager
    def installed(self, level: int = logging.DEBUG) -> Iterator[LogTrap]:
        """Set the root and every existing logger to ``level`` and attach the trap."""
        manager = logging.Logger.manager
        root = logging.getLogger()
        saved_disable = manager.disable
        saved_levels: dict[str, int] = {}
        private_roots: list[logging.Logger] = []
        logging.disable(logging.NOTSET)
        saved_root = root.level
        root.setLevel(level)
        root.addHandler(self)
        for name, logger in list(manager.loggerDict.items()):
            if isinstance(logger, logging.Logger):
                saved_levels[name] = logger.level
                logger.setLevel(level)
                if not logger.propagate:  # its records never reach the root handler
                    logger.addHandler(self)
                    private_roots.append(logger)
        try:
            yield self
        finally:
            root.removeHandler(self)
            root.setLevel(saved_root)
            for logger in private_roots:
                logger.removeHandler(self)
            for name, old in saved_levels.items():
                known = manager.loggerDict.get(name)
                if isinstance(known, logging.Logger):
                    known.setLevel(old)
            logging.disable(saved_disable)

    def text(self) -> str:
        with self._records_lock:
            return "\n".join(text for _, text in self.records)

    def leaks(self, values: Iterable[str]) -> list[tuple[str, int]]:
        """(logger name, index of the value) for every record containing one of ``values``.

        The values themselves are not returned, so an assertion message cannot leak them.
        """
        wanted = [v for v in values if v]
        if not wanted:
            return []
        pattern = re.compile("|".join(re.escape(v) for v in sorted(wanted, key=len, reverse=True)))
        index = {v: i for i, v in enumerate(wanted)}
        found: list[tuple[str, int]] = []
        with self._records_lock:
            records = list(self.records)
        for name, text in records:
            for value_index in sorted({index[m.group()] for m in pattern.finditer(text)}):
                found.append((name, value_index))
        return found


def _safe_message(record: logging.LogRecord) -> str:
    try:
        return record.getMessage()
    except Exception:  # a broken format string must not hide what was passed
        return f"{record.msg!r} % {record.args!r}"


# -- pytest plugin ------------------------------------------------------------------------

# The notebook runner's loggers echo notebook sources and kernel messages: that is test input
# (example values typed into a quickstart cell), not something our code logged.
_HARNESS_LOGGERS = ("traitlets", "nbclient", "nbmake", "jupyter_client")

_SESSION_TRAP: LogTrap | None = None
_SESSION_CM: contextlib.AbstractContextManager[Any] | None = None


def pytest_configure(config: Any) -> None:
    global _SESSION_TRAP, _SESSION_CM
    _SESSION_TRAP = LogTrap()
    _SESSION_CM = _SESSION_TRAP.installed(logging.DEBUG)
    _SESSION_CM.__enter__()


def pytest_sessionfinish(session: Any, exitstatus: int) -> None:
    if _SESSION_TRAP is None:
        return
    leaks = [
        (name, i) for name, i in _SESSION_TRAP.leaks(sorted(planted_values()))
        if not name.startswith(_HARNESS_LOGGERS)
    ]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    summary = (
        f"memprivacy leak_check: {len(_SESSION_TRAP.records)} log records at DEBUG, "
        f"{len(planted_values())} planted values, {len(leaks)} leaks"
    )
    if reporter is not None:
        reporter.write_line(summary)
        for name in sorted({name for name, _ in leaks}):
            reporter.write_line(f"memprivacy leak_check: a planted value was logged by logger {name!r}", red=True)
    if leaks:
        session.exitstatus = 1


def pytest_unconfigure(config: Any) -> None:
    global _SESSION_CM
    if _SESSION_CM is not None:
        _SESSION_CM.__exit__(None, None, None)
        _SESSION_CM = None
