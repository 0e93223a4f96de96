"""Passwords given as command-line flags: ``mysql -u app -p'S3cret'``, ``sshpass -p S3cret``,
``redis-cli -a S3cret``. ``--password=...`` is the password rule's (its cue word is there)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

from ..base import Found, Rule
from ..text import Doc

_VALUE: Final = r"(?P<q>['\"]?)(?P<v>[^\s'\"]{3,128})(?P=q)(?![^\s;|&])"
_FLAGS: Final = re.compile(
    # mysql takes the password glued to -p; a space after -p means "prompt me"
    rf"\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n|;&]*?\s-p{_VALUE}"
    rf"|\bsshpass\s+-p\s*{_VALUE.replace('q>', 'q2>').replace('v>', 'v2>').replace('(?P=q)', '(?P=q2)')}"
    rf"|\bredis-cli\b[^\n|;&]*?\s-a\s+{_VALUE.replace('q>', 'q3>').replace('v>', 'v3>').replace('(?P=q)', '(?P=q3)')}",
    re.IGNORECASE,
)


class CommandLinePasswordRule(Rule):
    PRIVACY_TYPE = "Password"
    TRIGGERS: ClassVar[tuple[str, ...]] = ("mysql", "mysqldump", "mysqladmin", "mariadb", "sshpass", "redis")
    SCORE = 0.95

    def find(self, doc: Doc) -> Iterator[Found]:
        for m in _FLAGS.finditer(doc.norm):
            group = next(g for g in ("v", "v2", "v3") if m.group(g) is not None)
            yield self.hit(m.start(group), m.end(group))
