"""Private keys: PEM / OpenSSH / PGP blocks, raw hex keys and wallet seed phrases after a cue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

from ..base import Found, Rule, Words
from ..text import Doc

_PEM: Final = re.compile(
    r"-----BEGIN (?P<kind>(?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----"
    r"[\s\S]*?(?:-----END (?P=kind)-----|(?=\n\s*\n)|\Z)"
)
_PUTTY: Final = re.compile(r"PuTTY-User-Key-File-[0-9]:[\s\S]*?Private-MAC: [0-9a-f]+")
_CUE: Final = Words(
    en=(
        "private key",
        "privkey",
        "secret key",
        "wallet key",
        "seed phrase",
        "recovery phrase",
        "mnemonic",
        "secret recovery phrase",
    ),
    zh=("私钥", "助记词", "钱包密钥"),
)
_HEX_KEY: Final = re.compile(r"\s*[:：=是为]?\s*(?:0x)?[0-9a-fA-F]{64}(?![0-9A-Za-z])")
_SEED: Final = re.compile(
    r"\s*(?:is|are|:|：|是|为)?\s*[\"'“]?((?:[a-z]{3,8}[ ,]+){11,23}[a-z]{3,8})(?![a-z])"
)


class PrivateKeyRule(Rule):
    PRIVACY_TYPE = "Private Key"
    TRIGGERS: ClassVar[tuple[str, ...]] = ("putty",)
    CUES = _CUE
    SCORE = 1.0

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        if "PRIVATE KEY" in norm:
            for m in _PEM.finditer(norm):
                yield self.hit(m.start(), m.start() + len(m.group().rstrip()))
        if "PuTTY-User-Key-File" in norm:
            for m in _PUTTY.finditer(norm):
                yield self.hit(m.start(), m.end())
        for cue in _CUE.find_all(doc):
            hex_key = _HEX_KEY.match(norm, cue.end())
            if hex_key:
                start = cue.end() + len(hex_key.group()) - len(hex_key.group().lstrip(" \t:：=是为"))
                yield self.hit(start, hex_key.end(), score=0.95)
                continue
            seed = _SEED.match(doc.lower, cue.end())
            if seed:
                yield self.hit(seed.start(1), seed.end(1), score=0.95)
