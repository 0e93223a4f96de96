"""User scopes: which vault scope a memory or a chat store key maps to."""

from __future__ import annotations

from memprivacy_plugins.errors import ScopeError

__all__ = ["require_user_id"]


def require_user_id(value: object, *, what: str = "user_id") -> str:
    """The scope id, or ScopeError. The message never echoes the value (it may be an email)."""
    if not isinstance(value, str) or not value.strip():
        raise ScopeError(f"{what} must be a non-empty string to scope placeholders")
    return value
