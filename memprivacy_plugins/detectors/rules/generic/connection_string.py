"""Database connection strings: URIs with a database scheme, JDBC URLs, and
``Server=...;Password=...`` key-value strings (ADO.NET, ODBC)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

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
_HAS_SECRET_KEY: Final = re.compile(r"(?:password|pwd|user id|uid|user)\s*=", re.IGNORECASE)
_TRAILING: Final = ".,;:!?)]}>'\""


class ConnectionStringRule(Rule):
    PRIVACY_TYPE = "Database Connection String"
    TRIGGERS: ClassVar[tuple[str, ...]] = ("://", "jdbc", "=")
    SCORE = 1.0

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        if "://" in norm or "jdbc:" in doc.lower:
            for m in _URI.finditer(norm):
                end = m.start() + len(m.group().rstrip(_TRAILING))
                yield self.hit(m.start(), end)
        if "=" in norm and ";" in norm:
            for m in _KEY_VALUE.finditer(norm):
                if _HAS_SECRET_KEY.search(m.group()):
                    end = m.start() + len(m.group().rstrip(" ;"))
                    yield self.hit(m.start(), end)
