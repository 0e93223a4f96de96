"""Email addresses, including the "name (at) host (dot) com" spellings people use to dodge bots."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

from ..base import Found, Rule
from ..text import Doc

# Found from each "@": the local part is read backwards from it, the domain forwards.
_LOCAL_BEFORE: Final = re.compile(r"(?<![A-Za-z0-9._%+\-/])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}$")
_DOMAIN_AFTER: Final = re.compile(
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![A-Za-z0-9\-])"
)
# "zhang.wei (at) 163 (dot) com", "jdoe[at]example[dot]org", and spelled out "jdoe at gmail dot com".
_LOCAL: Final = r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}"
# "https://bob:secret@host": a URL's user and password, not an email.
_URL_USERINFO_BEFORE: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s/@]*:$")
_TLDS: Final = r"(?:com|net|org|edu|gov|io|co|cn|uk|de|fr|jp|hk|tw|me|info|biz|us|ca|au)(?![A-Za-z0-9])"
_BRACKETED: Final = re.compile(
    rf"{_LOCAL}\s*[(\[{{]at[)\]}}]\s*[A-Za-z0-9\-]{{2,63}}"
    rf"(?:\s*(?:\.|[(\[{{]dot[)\]}}])\s*[A-Za-z0-9\-]{{2,24}})*\s*(?:\.|[(\[{{]dot[)\]}}])\s*{_TLDS}",
    re.IGNORECASE,
)
_SPELLED: Final = re.compile(
    rf"{_LOCAL}\s+at\s+[A-Za-z0-9\-]{{2,63}}(?:\s+dot\s+[A-Za-z0-9\-]{{2,24}})*\s+dot\s+{_TLDS}",
    re.IGNORECASE,
)


class EmailRule(Rule):
    PRIVACY_TYPE = "Email"
    TRIGGERS: ClassVar[tuple[str, ...]] = ("@", "(at)", "[at]", "{at}", "dot")
    SCORE = 1.0

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        at = norm.find("@")
        while at >= 0:
            domain = _DOMAIN_AFTER.match(norm, at)
            local = _LOCAL_BEFORE.search(norm, max(0, at - 64), at) if domain and at else None
            if domain and local:
                start = local.start()
                in_url = norm[start - 1 : start] == ":" and _URL_USERINFO_BEFORE.search(
                    norm, max(0, start - 80), start
                )
                if not in_url:
                    yield self.hit(start, domain.end())
            at = norm.find("@", at + 1)
        lower = doc.lower
        if "(at)" in lower or "[at]" in lower or "{at}" in lower:
            for m in _BRACKETED.finditer(norm):
                yield self.hit(m.start(), m.end(), score=0.9)
        if " dot " in lower:
            for m in _SPELLED.finditer(norm):
                yield self.hit(m.start(), m.end(), score=0.9)
