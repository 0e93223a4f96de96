"""Read what a local Mem0 really wrote, straight from its files (not through Mem0 or a wrapper).

* Qdrant on a local ``path`` keeps each collection in ``collection/<name>/storage.sqlite``,
  one pickled point per row: read with ``sqlite3`` (read-only) and unpickled.
* Mem0's history database has the ``history`` table (every ADD/UPDATE/DELETE with old and
  new text) and the ``messages`` table (the last messages per session, ``infer=True``).

``find_values`` then says which known values occur in any of it (also with separators
removed). Used by the demo and the leak tests. Only open files you trust: points are pickles.
"""

from __future__ import annotations

import pickle
import re
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "Found",
    "StoredRecord",
    "compact",
    "find_values",
    "raw_file_bytes",
    "read_history_db",
    "read_local_mem0",
    "read_qdrant_path",
]

_SEPARATORS = re.compile(r"[\s\-()（）.·]+")


@dataclass(frozen=True)
class StoredRecord:
    """One stored row: where it lives and its text-bearing fields."""

    where: str  # "qdrant:<collection>", "history", "messages"
    record_id: str
    fields: dict[str, Any] = field(repr=False)

    def text(self) -> str:
        """Every string in the record, one per line (for substring checks)."""
        return "\n".join(_strings(self.fields))


def _strings(obj: Any) -> Iterator[str]:
    if isinstance(obj, str):
        yield obj
    elif isinstance(obj, dict):
        for key, value in obj.items():
            yield str(key)
            yield from _strings(value)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            yield from _strings(value)


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)


def read_qdrant_path(qdrant_path: str | Path) -> list[StoredRecord]:
    """Every point payload of every collection under a local Qdrant ``path``."""
    records: list[StoredRecord] = []
    root = Path(qdrant_path) / "collection"
    if not root.is_dir():
        return records
    for storage in sorted(root.glob("*/storage.sqlite")):
        collection = storage.parent.name
        with closing(_read_only(storage)) as conn:
            rows = conn.execute("SELECT point FROM points").fetchall()
        for (blob,) in rows:
            point = pickle.loads(blob)
            payload = dict(getattr(point, "payload", None) or {})
            records.append(StoredRecord(f"qdrant:{collection}", str(point.id), payload))
    return records


def read_history_db(db_path: str | Path) -> list[StoredRecord]:
    """Rows of Mem0's ``history`` and ``messages`` tables."""
    records: list[StoredRecord] = []
    path = Path(db_path)
    if not path.exists():
        return records
    with closing(_read_only(path)) as conn:
        conn.row_factory = sqlite3.Row
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in ("history", "messages"):
            if table not in tables:
                continue
            for row in conn.execute(f"SELECT * FROM {table}"):
                fields = dict(row)
                records.append(StoredRecord(table, str(fields.get("id")), fields))
    return records


def _config_of(memory: Any) -> Any:
    inner = getattr(memory, "wrapped", memory)
    return inner.config


def read_local_mem0(memory: Any) -> list[StoredRecord]:
    """Everything a local ``Memory``/``AsyncMemory`` (wrapped or not) wrote to Qdrant and history."""
    config = _config_of(memory)
    path = getattr(config.vector_store.config, "path", None)
    records = read_qdrant_path(path) if path else []
    return records + read_history_db(config.history_db_path)


def raw_file_bytes(directory: str | Path) -> dict[str, bytes]:
    """The bytes of every file under ``directory`` (catches deleted rows and journals too)."""
    out: dict[str, bytes] = {}
    for path in sorted(Path(directory).rglob("*")):
        if path.is_file():
            out[str(path)] = path.read_bytes()
    return out


def compact(text: str) -> str:
    """Without spaces, dashes, brackets and dots: how a reformatted number would still match."""
    return _SEPARATORS.sub("", text)


@dataclass(frozen=True)
class Found:
    """A value found somewhere it should not be (the repr names the place only)."""

    value: str = field(repr=False)
    where: str = ""


def find_values(values: Iterable[str], sources: Mapping[str, str | bytes]) -> list[Found]:
    """Every (value, source) where a planted value occurs, verbatim or compacted."""
    found: list[Found] = []
    prepared = []
    for source, data in sources.items():
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        prepared.append((source, text, compact(text)))
    for value in dict.fromkeys(values):
        short = compact(value)
        for source, text, squeezed in prepared:
            if value in text or (len(short) >= 6 and short in squeezed):
                found.append(Found(value, source))
    return found
