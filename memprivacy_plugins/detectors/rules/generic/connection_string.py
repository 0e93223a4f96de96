"""Database connection strings: URIs with a database scheme, JDBC URLs, and
``Server=...;Password=...`` key-value strings (ADO.NET, ODBC)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

from .._cue_util import find_all_of, matches_at
from ..base import Found, Rule
from ..text import Doc

_SCHEMES: Final = (
    r"postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|rediss?|amqps?|mssql|sqlserver|oracle|"
    r"clickhouse|cockroachdb|neo4j(?:\+s)?|bolt|couchbase|cassandra|memcached|ldaps?|"
    r"elasticsearch|influxdb|snowflake|db2|sybase|firebird|tidb|oceanbase|dm|kingbase"
)
_URI: Final = re.compile(
    rf"(?<![A-Za-z0-9+])(?:jdbc:[a-z0-9]+(?::[a-z0-9]+)?:(?://)?|(?:{_SCHEMES})(?:\+[a-z0-9]+)?://)"
    r"[^\s\"'<>`，。；、（）【】]+",
    re.IGNORECASE,
)
_KEY_VALUE: Final = re.compile(
    r"(?<![A-Za-z])(?:Server|Data Source|Host|Address|Addr|DSN|Driver|Provider)\s*=[^;\n]{1,200};"
    r"(?:\s*[A-Za-z][A-Za-z ]{0,30}\s*=[^;\n]{0,200}(?:;|(?=\s*$)|(?=[\s\"'，。])))+",
    re.IGNORECASE,
)
# What the scans can start with: the characters of a scheme (case-blind, as _URI reads
# them: U+017F is an "s" there, U+0131 an "i", U+212A a "k"), read backwards from "://";
# the lengths and first letters of the keys.
_SCHEME_RUN_REVERSED: Final = re.compile(r"[A-Za-z0-9+]*", re.IGNORECASE)
_KEY_SIZES: Final = frozenset(
    map(len, ("Server", "Data Source", "Host", "Address", "Addr", "DSN", "Driver", "Provider"))
)
_KEY_FIRST: Final = frozenset("SDHAPsdhap\u017f")
_HAS_SECRET_KEY: Final = re.compile(r"(?:password|pwd|user id|uid|user)\s*=", re.IGNORECASE)
_TRAILING: Final = ".,;:!?)]}>'\""


class ConnectionStringRule(Rule):
    PRIVACY_TYPE = "Database Connection String"
    TRIGGERS: ClassVar[tuple[str, ...]] = ("://", "jdbc", "=")
    SCORE = 1.0

    def find(self, doc: Doc) -> Iterator[Found]:
        # Both scans open with a lookbehind and a case-blind alternation, which ``re`` tries
        # at every position: try only where a match can start instead.
        norm = doc.norm
        if "://" in norm or "jdbc:" in doc.lower:
            for m in matches_at(_URI, norm, _uri_starts(doc)):
                end = m.start() + len(m.group().rstrip(_TRAILING))
                yield self.hit(m.start(), end)
        if "=" in norm and ";" in norm:
            for m in matches_at(_KEY_VALUE, norm, _key_value_starts(norm)):
                if _HAS_SECRET_KEY.search(m.group()):
                    end = m.start() + len(m.group().rstrip(" ;"))
                    yield self.hit(m.start(), end)


def _uri_starts(doc: Doc) -> list[int]:
    """ "jdbc:", and the head of the run of scheme characters before each "://" (inside
    the run, the lookbehind fails)."""
    norm = doc.norm
    starts = set(find_all_of(doc.lower, "jdbc:"))
    for at in find_all_of(norm, "://"):
        run = _SCHEME_RUN_REVERSED.match(norm[:at][::-1])
        starts.add(at - (run.end() if run is not None else 0))
    return sorted(starts)


def _key_value_starts(norm: str) -> list[int]:
    """Where a key ("Server", "Data Source" ...) ending right before an "=" (spaces aside)
    can start."""
    starts: set[int] = set()
    for at in find_all_of(norm, "="):
        end = at
        while end > 0 and norm[end - 1].isspace():
            end -= 1
        starts.update(end - size for size in _KEY_SIZES if size <= end and norm[end - size] in _KEY_FIRST)
    return sorted(starts)
