"""Passwords announced by a cue: "password: ...", "my wifi password is ...", "密码是 ...".

After an English cue a plain lowercase word counts only when it is not a common word
("my password is wrong"); symbols, digits, inner capitals or quotes make it a value.
After a Chinese cue any ASCII run counts: in Chinese text it can only be the value.
"""

from __future__ import annotations

import re
from typing import Final

from ..base import EN_STOPWORDS, CueValueRule, Piece, Words, masked_out, secret_like
from ..text import Doc

# Password-ish words that are not passwords: one-time codes, bank PINs, "forgot password".
_NOT_PASSWORD_BEFORE: Final = re.compile(r"(?:动态|一次性|短信|临时|验证|忘记|忘了|找回|重置)$")
_MORE_STOPWORDS: Final = frozenset(
    """compromised leaked hacked blocked locked protected encrypted hashed wrong reset expiring
    manager managers policy policies field prompt requirements rules hint hints strength change
    reuse reused generator login account protected""".split()
)


class PasswordRule(CueValueRule):
    PRIVACY_TYPE = "Password"
    CUES = Words(
        en=(
            "password",
            "passwd",
            "pasword",
            "passwrd",
            "paswd",
            "pswd",
            "passphrase",
            "passcode",
            "pwd",
            "pw",
            "pass",
            "wifi key",
            "wi-fi key",
            "wpa key",
            "network key",
            "pgpassword",
            "dbpass",
            "mysql pwd",
        ),
        zh=("密码", "密碼", "口令", "暗号"),
    )
    SCORE = 0.9

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        if not 3 <= len(value) <= 64 or masked_out(value) or "://" in value:
            return None
        word = cue.group()
        if not word.isascii():
            if _NOT_PASSWORD_BEFORE.search(doc.lower, max(0, cue.start() - 3), cue.start()):
                return None
            return self.PRIVACY_TYPE
        if word == "pass" and not piece.connector:
            return None  # "pass" alone is too common a word; "pass: xyz" / "pass=xyz" is fine
        lowered = value.lower()
        if lowered in EN_STOPWORDS or lowered in _MORE_STOPWORDS:
            return None
        if secret_like(value) or piece.quoted:
            return self.PRIVACY_TYPE
        if piece.connector and len(value) >= 6 and value.isalpha():
            return self.PRIVACY_TYPE
        return None
