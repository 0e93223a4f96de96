"""Email addresses, including the "name (at) host (dot) com" spellings people use to dodge bots."""

from __future__ import annotations

import re
from typing import ClassVar, Final, Iterator

from ..base import Found, Rule
from ..text import Doc

_EMAIL: Final = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
)
# "zhang.wei (at) 163 (dot) com", "jdoe[at]example[dot]org", "jdoe at gmail dot com".
_OBFUSCATED: Final = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}\s*(?:\(at\)|\[at\]|\{at\}|\sat\s)\s*"
    r"[A-Za-z0-9\-]{2,63}(?:\s*(?:\.|\(dot\)|\[dot\]|\{dot\}|\sdot\s)\s*[A-Za-z0-9\-]{2,24}){1,3}"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_OBFUSCATED_TLD: Final = re.compile(
    r"(?:\.|dot[\])}]?\s*)(?:com|net|org|edu|gov|io|co|cn|uk|de|fr|jp|hk|tw|me|info|biz|us|ca|au)$", re.I
)


class EmailRule(Rule):
    PRIVACY_TYPE = "Email"
    TRIGGERS: ClassVar[tuple[str, ...]] = ("@", "(at)", "[at]", "{at}", " dot ")
    SCORE = 1.0

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        if "@" in norm:
            for m in _EMAIL.finditer(norm):
                yield self.hit(m.start(), m.end())
        if any(t in doc.lower for t in self.TRIGGERS[1:]):
            for m in _OBFUSCATED.finditer(norm):
                spelled = m.group().lower()
                bracketed = "(at)" in spelled or "[at]" in spelled or "{at}" in spelled
                if (bracketed or " dot " in spelled) and _OBFUSCATED_TLD.search(spelled):
                    yield self.hit(m.start(), m.end(), score=0.9)
