"""Reading and writing the evaluation format of DATASET.md (one JSON object per line).

Errors name the file line and the field, never the message text: a dev set can hold
real private values.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ..errors import ConfigError
from ..spans import Span
from ..taxonomy import parse_level

__all__ = [
    "DatasetError",
    "Example",
    "load_dataset",
    "load_predictions",
    "prediction_line",
    "read_examples",
    "read_predictions",
    "write_predictions",
]


class DatasetError(ConfigError):
    """A dataset or prediction file is not in the DATASET.md format."""


@dataclass(frozen=True)
class Example:
    """One message with its gold spans (``start``/``end`` unset: gold is text, not offsets)."""

    id: str
    text: str
    spans: tuple[Span, ...] = ()
    lang: str | None = None
    user_name: str | None = None
    ignore: tuple[str, ...] = ()
    source: str | None = None

    def __repr__(self) -> str:
        return f"Example(id={self.id!r}, lang={self.lang!r}, spans={len(self.spans)})"


def _spans(raw: Any, where: str, text: str | None) -> tuple[Span, ...]:
    if not isinstance(raw, list):
        raise DatasetError(f"{where}: 'spans' must be a list")
    out = []
    for i, item in enumerate(raw):
        if not isinstance(item, dict):
            raise DatasetError(f"{where}: span {i} must be an object")
        value, kind, level = item.get("original_text"), item.get("privacy_type"), item.get("privacy_level")
        if not isinstance(value, str) or not isinstance(kind, str) or not isinstance(level, str):
            raise DatasetError(
                f"{where}: span {i} needs string original_text, privacy_type and privacy_level"
            )
        try:
            parsed = parse_level(level)
        except ValueError:
            raise DatasetError(f"{where}: span {i} has an unknown privacy_level") from None
        if text is not None and value not in text:
            raise DatasetError(f"{where}: span {i} original_text is not a substring of text")
        start, end = item.get("start"), item.get("end")
        if not (
            isinstance(start, int) and isinstance(end, int) and text is not None and text[start:end] == value
        ):
            start = end = None
        out.append(Span(value, kind, parsed, start, end))
    return tuple(out)


def _objects(lines: Iterable[str], name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name} line {number}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            raise DatasetError(f"{where}: not valid JSON") from None
        if not isinstance(obj, dict):
            raise DatasetError(f"{where}: expected a JSON object")
        yield where, obj


def read_examples(lines: Iterable[str], *, name: str = "input", require_spans: bool = True) -> list[Example]:
    """Parse dataset lines. ``require_spans=False`` accepts unannotated input (for ``detect``)."""
    out: list[Example] = []
    seen: set[str] = set()
    for where, obj in _objects(lines, name):
        text = obj.get("text")
        if not isinstance(text, str):
            raise DatasetError(f"{where}: 'text' must be a string")
        row_id = obj.get("id", str(len(out) + 1))
        if not isinstance(row_id, (str, int)):
            raise DatasetError(f"{where}: 'id' must be a string")
        row_id = str(row_id)
        if row_id in seen:
            raise DatasetError(f"{where}: duplicate id")
        seen.add(row_id)
        if "spans" in obj or require_spans:
            spans = _spans(obj.get("spans"), where, text)
        else:
            spans = ()
        ignore = obj.get("ignore", [])
        if not isinstance(ignore, list) or not all(isinstance(x, str) for x in ignore):
            raise DatasetError(f"{where}: 'ignore' must be a list of strings")
        user_name = obj.get("user_name")
        if user_name is not None and not isinstance(user_name, str):
            raise DatasetError(f"{where}: 'user_name' must be a string or null")
        lang = obj.get("lang")
        source = obj.get("source")
        out.append(
            Example(
                row_id,
                text,
                spans,
                lang if isinstance(lang, str) else None,
                user_name or None,
                tuple(ignore),
                source if isinstance(source, str) else None,
            )
        )
    return out


def load_dataset(path: str | Path, *, require_spans: bool = True) -> list[Example]:
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fp:
            return read_examples(fp, name=path.name, require_spans=require_spans)
    except FileNotFoundError:
        raise DatasetError(f"no such file: {path}") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path.name}: not UTF-8") from None


def read_predictions(lines: Iterable[str], *, name: str = "predictions") -> dict[str, tuple[Span, ...]]:
    """``{"id": ..., "spans": [...]}`` lines -> spans by id (no substring check: models may hallucinate)."""
    out: dict[str, tuple[Span, ...]] = {}
    for where, obj in _objects(lines, name):
        row_id = obj.get("id")
        if not isinstance(row_id, (str, int)):
            raise DatasetError(f"{where}: 'id' must be a string")
        if str(row_id) in out:
            raise DatasetError(f"{where}: duplicate id")
        out[str(row_id)] = _spans(obj.get("spans"), where, None)
    return out


def load_predictions(path: str | Path) -> dict[str, tuple[Span, ...]]:
    path = Path(path)
    try:
        with path.open(encoding="utf-8") as fp:
            return read_predictions(fp, name=path.name)
    except FileNotFoundError:
        raise DatasetError(f"no such file: {path}") from None


def prediction_line(row_id: str, spans: Sequence[Span]) -> str:
    """One predictions line, offsets included when the detector knows them."""
    return json.dumps({"id": row_id, "spans": [s.to_dict() for s in spans]}, ensure_ascii=False) + "\n"


def write_predictions(fp: IO[str], rows: Iterable[tuple[str, Sequence[Span]]]) -> int:
    count = 0
    for row_id, spans in rows:
        fp.write(prediction_line(row_id, spans))
        count += 1
    return count
