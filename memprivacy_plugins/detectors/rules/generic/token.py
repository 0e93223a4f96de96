"""Access and session tokens announced by a cue ("token: ...", "Bearer ...", "sessionid=...")."""

from __future__ import annotations

import re
from typing import Final

from .._cue_util import spaced
from ..base import CueValueRule, Piece, Words, has_alpha, has_digit
from ..text import Doc

_TOKEN_CHARS: Final = re.compile(r"[A-Za-z0-9._~+/=\-:]+")
_SESSION_CUES: Final = frozenset(
    {
        "session id",
        "sessionid",
        "session token",
        "session cookie",
        "session",
        "cookie",
        "jsessionid",
        "phpsessid",
        "sid",
        "session key",
        "会话",
        "会话id",
    }
)


def token_like(value: str, *, min_len: int = 12) -> bool:
    """Long enough and made of token characters, with letters and digits mixed (or very long)."""
    if len(value) < min_len or len(value) > 4096 or not _TOKEN_CHARS.fullmatch(value):
        return False
    if "://" in value or value.count(".") > 2 and not value.startswith("ey"):
        return False  # URLs, host names, version strings
    return (has_alpha(value) and has_digit(value)) or len(value) >= 24


class TokenRule(CueValueRule):
    PRIVACY_TYPE = "Token"
    CUES = Words(
        en=(
            "token",
            "access token",
            "auth token",
            "refresh token",
            "api token",
            "bearer",
            "id token",
            "personal access token",
            "bot token",
            "oauth token",
            "csrf token",
            "xsrf token",
            *_SESSION_CUES - {"会话", "会话id"},
        ),
        zh=("令牌", "访问令牌", "会话", "会话id", "token"),
    )
    CUT = "&,;\"'<>()[]{}"
    SCORE = 0.9

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        if not token_like(piece.value):
            return None
        word = spaced(cue.group())
        return "Session Token" if word in _SESSION_CUES else self.PRIVACY_TYPE
