"""Intranet entry points: URLs and UNC paths whose host is internal (a private IP, a
single-label name, or an internal suffix such as ``.corp`` or ``.internal``).

``localhost`` is not reported: it names every machine and reveals nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

from ..base import Found, Rule
from ..text import Doc
from ..validators import ipv4_kind

_URL: Final = re.compile(
    r"(?<![A-Za-z0-9+])(?:https?|ftps?|sftp|ssh|smb|rdp|vnc|telnet|git|svn|ws|wss)://"
    r"(?:[^\s/@\"'<>]+@)?(?P<host>\[[0-9A-Fa-f:]+\]|[A-Za-z0-9\-._]+)(?::[0-9]{1,5})?"
    r"(?:[/?#][^\s\"'<>`，。；、（）【】]*)?",
    re.IGNORECASE,
)
_UNC: Final = re.compile(r"(?<![\\\w])\\\\[A-Za-z0-9\-._]+(?:\\[^\s\\\"'<>|，。]+)+")
# A bare host name under an internal-only suffix: "vpn.northwind.corp", "db-prod.internal".
_BARE_HOST: Final = re.compile(
    r"(?<![A-Za-z0-9.@/\-])(?:[A-Za-z0-9][A-Za-z0-9\-]{0,62}\.)+(?:internal|intranet|intra|corp|lan|localdomain)"
    r"(?::[0-9]{1,5})?(?![A-Za-z0-9\-]|\.[A-Za-z0-9])",
    re.IGNORECASE,
)
_INTERNAL_SUFFIX: Final = re.compile(
    r"\.(?:local|localdomain|internal|intranet|intra|corp|lan|home|home\.arpa|private|priv|office)$",
    re.IGNORECASE,
)
_INTERNAL_LABEL: Final = re.compile(r"^(?:intranet|internal|intra|corp|vpn|oa)\.", re.IGNORECASE)
_TRAILING: Final = ".,;:!?)]}>'\""


def internal_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host in ("localhost", "127.0.0.1", "::1"):
        return False
    kind = ipv4_kind(host)
    if kind is not None:
        return kind == "internal"
    if "." not in host and ":" not in host:
        return host.isascii() and len(host) > 1  # http://wiki/, http://jenkins:8080/
    return bool(_INTERNAL_SUFFIX.search(host) or _INTERNAL_LABEL.search(host))


class IntranetUrlRule(Rule):
    PRIVACY_TYPE = "Intranet Entry Point"
    TRIGGERS: ClassVar[tuple[str, ...]] = (
        "://",
        "\\\\",
        ".internal",
        ".intranet",
        ".intra",
        ".corp",
        ".lan",
        ".localdomain",
    )
    SCORE = 0.97

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        if "://" in norm:
            for m in _URL.finditer(norm):
                if internal_host(m.group("host")):
                    yield self.hit(m.start(), m.start() + len(m.group().rstrip(_TRAILING)))
        for m in _BARE_HOST.finditer(norm):  # overlaps with a URL above resolve to the longer URL
            yield self.hit(m.start(), m.end(), score=0.9)
        if "\\\\" in norm:
            for m in _UNC.finditer(norm):
                yield self.hit(m.start(), m.start() + len(m.group().rstrip(_TRAILING)))
