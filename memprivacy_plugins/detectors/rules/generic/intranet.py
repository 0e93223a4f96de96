"""Intranet entry points: URLs and UNC paths whose host is internal (a private IP, a
single-label name, or an internal suffix such as ``.corp`` or ``.internal``).

``localhost`` is not reported: it names every machine and reveals nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

from .._cue_util import find_all_of, matches_at
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
# A bare host name under an internal-only suffix: "vpn.northwind.corp", "db-prod.internal",
# "bastion.int.example.local" (mDNS and many AD domains).
_BARE_SUFFIXES: Final = "internal|intranet|intra|corp|lan|localdomain|local"
_BARE_HOST: Final = re.compile(
    rf"(?<![A-Za-z0-9.@/\-])(?:[A-Za-z0-9][A-Za-z0-9\-]{{0,62}}\.)+(?:{_BARE_SUFFIXES})"
    r"(?::[0-9]{1,5})?(?![A-Za-z0-9\-]|\.[A-Za-z0-9])",
    re.IGNORECASE,
)
# A bare host named for remote access, under any suffix: "vpn.example.com.cn", "webvpn.uni.edu.cn",
# "oa.company.com" (the office system of Chinese firms). Only its first label says so.
_ACCESS_LABELS: Final = ("vpn", "sslvpn", "webvpn", "intranet", "intra", "oa")
_ACCESS_HOST: Final = re.compile(
    r"(?<![A-Za-z0-9.@/\-])(?:" + "|".join(_ACCESS_LABELS) + r")\."
    r"(?:[A-Za-z0-9][A-Za-z0-9\-]{0,62}\.)+[A-Za-z]{2,24}(?::[0-9]{1,5})?(?![A-Za-z0-9\-]|\.[A-Za-z0-9])",
    re.IGNORECASE,
)
# The bare-host suffixes after their dot (case-blind, as _BARE_HOST reads them: "ı" is
# an "i" there, U+212A a "k"), and the characters a host name is made of, read backwards.
_SUFFIX_DOT: Final = re.compile(rf"\.(?:{_BARE_SUFFIXES})", re.IGNORECASE)
_HOST_RUN_REVERSED: Final = re.compile(r"[A-Za-z0-9\-.]*", re.IGNORECASE)
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
        ".local",
        *_ACCESS_LABELS,  # whole tokens: free to look up, where "vpn." would cost a substring test
    )
    SCORE = 0.97

    def find(self, doc: Doc) -> Iterator[Found]:
        # Each scan opens with a lookbehind (or a case-blind scheme), which ``re`` tries at
        # every position: try only where a match can start instead.
        norm = doc.norm
        if "://" in norm:  # the scheme (2 to 6 letters) ends right before "://"
            starts = sorted({i for at in find_all_of(norm, "://") for i in range(max(0, at - 6), at - 1)})
            for m in matches_at(_URL, norm, starts):
                if internal_host(m.group("host")):
                    yield self.hit(m.start(), m.start() + len(m.group().rstrip(_TRAILING)))
        # overlaps with a URL above resolve to the longer URL
        for m in matches_at(_BARE_HOST, norm, _bare_host_starts(norm)):
            yield self.hit(m.start(), m.end(), score=0.9)
        lower = doc.lower
        starts = sorted({i for label in _ACCESS_LABELS for i in find_all_of(lower, label + ".")})
        for m in matches_at(_ACCESS_HOST, norm, starts):
            yield self.hit(m.start(), m.end(), score=0.9)
        if "\\\\" in norm:
            for m in matches_at(_UNC, norm, find_all_of(norm, "\\\\")):
                yield self.hit(m.start(), m.start() + len(m.group().rstrip(_TRAILING)))


def _bare_host_starts(norm: str) -> list[int]:
    """Where a bare internal host can start: at the head of the run of host characters
    holding an internal suffix (inside the run, the lookbehind fails)."""
    starts: set[int] = set()
    for suffix in _SUFFIX_DOT.finditer(norm):
        run = _HOST_RUN_REVERSED.match(norm[: suffix.start()][::-1])
        starts.add(suffix.start() - (run.end() if run is not None else 0))
    return sorted(starts)
