"""One error root with typed leaves.

Messages carry type names, counts, offsets and component names, never user text or
stored values: an exception message ends up in logs and tracebacks.
"""

from __future__ import annotations

__all__ = [
    "MemPrivacyError",
    "ConfigError",
    "ScopeError",
    "InvalidTextError",
    "InputTooLargeError",
    "DetectionError",
    "DetectorError",
    "DetectorOutputError",
    "DetectorTimeoutError",
    "VaultError",
    "VaultCorruptError",
    "VaultKeyError",
    "VaultUnavailableError",
]


class MemPrivacyError(Exception):
    """Root of every error raised by memprivacy-plugins."""


class ConfigError(MemPrivacyError, ValueError):
    """A setting or argument is invalid."""


class ScopeError(MemPrivacyError, ValueError):
    """No usable user scope was given (for example an empty ``user_id``)."""


class InvalidTextError(MemPrivacyError, ValueError):
    """The text cannot be processed (not a str, or not encodable as UTF-8)."""


class InputTooLargeError(InvalidTextError):
    """The text is longer than the engine's ``max_chars``."""


class DetectionError(MemPrivacyError):
    """A detector failed. Never treated as "nothing found": callers must not write."""

    retryable: bool = False

    def __init__(self, message: str, *, detector: str | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.detector = detector
        if hint:
            self.add_note(hint)


DetectorError = DetectionError  # the name STYLE.md uses


class DetectorOutputError(DetectionError):
    """A model replied with output that could not be parsed or repaired."""


class DetectorTimeoutError(DetectionError):
    """A detector did not answer in time."""

    retryable = True


class VaultError(MemPrivacyError):
    """The placeholder vault could not be read or written."""


class VaultCorruptError(VaultError):
    """The vault file is not a memprivacy vault, or is damaged."""


class VaultKeyError(VaultError):
    """The vault key is missing, malformed, or does not open this vault."""


class VaultUnavailableError(VaultError):
    """The vault storage refused a write (read-only file system, disk full, locked)."""
