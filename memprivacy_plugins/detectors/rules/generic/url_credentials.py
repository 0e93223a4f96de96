"""Passwords written into URLs: ``https://user:secret@host/``.

Database URIs are reported whole by the connection-string rule, which wins as the
longer span; this rule covers the web, FTP and git URLs that are not connection strings.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

from ..base import Found, Rule
from ..text import Doc

_USERINFO: Final = re.compile(
    r"(?<![A-Za-z0-9+])[A-Za-z][A-Za-z0-9+.\-]{1,15}://[^\s:/@\"'<>]{1,64}:(?P<pw>[^\s/@\"'<>]{1,128})@[A-Za-z0-9\[]"
)


class UrlPasswordRule(Rule):
    PRIVACY_TYPE = "Password"
    TRIGGERS: ClassVar[tuple[str, ...]] = ("://",)
    SCORE = 0.95

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in _USERINFO.finditer(doc.norm):
            yield self.hit(m.start("pw"), m.end("pw"))
