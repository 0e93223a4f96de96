"""IPv4 and IPv6 addresses: public ones are "IP Address" (PL2), private ranges "Internal IP" (PL4).

Not reported: loopback (reveals nothing), netmasks, network addresses written as CIDR
ranges, well-known public resolvers, and dotted quads that read as version numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule, Words
from ..text import Doc
from ..validators import ipv4_kind, ipv6_kind

_IPV4: Final = re.compile(r"(?<![0-9A-Za-z.])(?:[0-9]{1,3}\.){3}[0-9]{1,3}(?![0-9A-Za-z]|\.[0-9])")
_IPV6: Final = re.compile(r"(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Za-z:])")
# In every _IPV6 match, and at most 4 characters after its start: the regex above starts
# with a lookbehind, so re tries it at every position; this one it scans for quickly.
_IPV6_NEEDLE: Final = re.compile(r":[0-9A-Fa-f]{0,4}:")
_CIDR_AFTER: Final = re.compile(r"/[0-9]{1,3}(?![0-9])")
_PUBLIC_SERVICES: Final = frozenset(
    "8.8.8.8 8.8.4.4 1.1.1.1 1.0.0.1 9.9.9.9 149.112.112.112 208.67.222.222 208.67.220.220 "
    "114.114.114.114 114.114.115.115 223.5.5.5 223.6.6.6 119.29.29.29 180.76.76.76 "
    "2001:4860:4860::8888 2001:4860:4860::8844 2606:4700:4700::1111".split()
)
_VERSION_BEFORE: Final = Words(
    en=("version", "ver", "v", "release", "build", "section", "chapter"), zh=("版本", "第")
)
_IP_WORDS: Final = Words(
    en=(
        "ip",
        "ips",
        "address",
        "server",
        "host",
        "ping",
        "ssh",
        "gateway",
        "router",
        "dns",
        "connect",
        "subnet",
    ),
    zh=("地址", "服务器", "主机", "网关", "路由", "内网", "外网", "公网"),
)


class IpAddressRule(Rule):
    PRIVACY_TYPE = "IP Address"
    MIN_DIGITS = 1
    SCORE = 0.95

    def applies(self, doc: Doc) -> bool:
        norm = doc.norm  # a dotted quad has at least 4 digits; IPv6 at least two colons
        if "." in norm and doc.max_digits >= 7:
            # A dotted quad lies in one number run (digits joined by dots): look only there.
            for start, end in doc.numbers:
                if end - start >= 7 and norm.count(".", start, end) >= 3:
                    return True
        return ":" in norm and norm.count(":") >= 2 and _IPV6_NEEDLE.search(norm) is not None

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        if "." in norm:
            for m in doc.scan(_IPV4, 7):
                value = m.group()
                kind = ipv4_kind(value)
                if kind is None or value.startswith("127.") or value in _PUBLIC_SERVICES:
                    continue
                if _CIDR_AFTER.match(norm, m.end()) and value.endswith(".0"):
                    continue  # a network range such as 10.0.0.0/8
                small = all(len(p) == 1 for p in value.split("."))
                if small and not _IP_WORDS.near_before(doc, m.start(), 24):
                    continue
                if _VERSION_BEFORE.near_before(doc, m.start(), 9):
                    continue
                yield self._typed(m.start(), m.end(), kind)
        first = _IPV6_NEEDLE.search(norm) if norm.count(":") >= 2 else None
        if first is not None:
            for m in _IPV6.finditer(norm, max(0, first.start() - 4)):
                value = m.group()
                if value.count(":") < 2 or value in _PUBLIC_SERVICES:
                    continue
                kind = ipv6_kind(value)
                if kind is None or value == "::1":
                    continue
                yield self._typed(m.start(), m.end(), kind)

    def _typed(self, start: int, end: int, kind: str) -> Found:
        return self.hit(start, end, privacy_type="Internal IP" if kind == "internal" else "IP Address")
