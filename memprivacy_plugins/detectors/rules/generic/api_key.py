"""Keys and client secrets announced by a cue ("API key: ...", "AppSecret=...", "密钥是 ...")."""

from __future__ import annotations

import re
from typing import Final

from .._cue_util import spaced
from ..base import CueValueRule, Piece, Words
from ..text import Doc
from .token import token_like

_LICENSE: Final = re.compile(r"[A-Z0-9]{4,6}(?:-[A-Z0-9]{4,6}){2,7}")
# Bare "key" / "secret" are common words: they need a longer, clearly random value.
_WEAK_CUES: Final = frozenset({"key", "secret"})


class ApiKeyRule(CueValueRule):
    PRIVACY_TYPE = "Key"
    CUES = Words(
        en=(
            "api key",
            "apikey",
            "secret key",
            "secret",
            "access key",
            "access key id",
            "secret access key",
            "client secret",
            "app secret",
            "appsecret",
            "app key",
            "appkey",
            "license key",
            "licence key",
            "product key",
            "serial key",
            "activation key",
            "encryption key",
            "master key",
            "signing key",
            "webhook secret",
            "shared secret",
            "key",
            "access key secret",
            "consumer key",
            "consumer secret",
        ),
        zh=("密钥", "秘钥", "密匙", "api密钥", "accesskey", "secretkey", "激活码", "授权密钥", "产品密钥"),
    )
    CUT = "&,;\"'<>()[]{}"
    SCORE = 0.9

    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        value = piece.value
        if _LICENSE.fullmatch(value):
            return self.PRIVACY_TYPE
        word = spaced(cue.group())
        if word in _WEAK_CUES:
            return self.PRIVACY_TYPE if token_like(value, min_len=16) and piece.connector else None
        return self.PRIVACY_TYPE if token_like(value, min_len=10) else None
