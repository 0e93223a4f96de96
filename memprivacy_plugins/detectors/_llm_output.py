"""From a model's raw reply to checked spans.

Every backend's reply goes through here: strip reasoning and code fences, parse (repairing
with json-repair when needed), then check each item against the message and the taxonomy.
Nothing here logs or raises with model output or message text in it.
"""

from __future__ import annotations

import ipaddress
import json
import re
import threading
from dataclasses import dataclass, field, fields
from typing import Any

from ..errors import DetectorOutputError
from ..spans import Span
from ..taxonomy import CANONICAL_TYPES, PrivacyLevel, canonical_type, parse_level
from ._model_spans import locate, merge_spans

__all__ = ["UNNAMED_TYPE", "OutputStats", "parse_reply", "spans_from_items"]

# A custom type name becomes a placeholder prefix that leaves the machine, so it must not
# carry data: names with digits, odd characters or the value itself are renamed to this.
UNNAMED_TYPE = "Private Info"
_SAFE_TYPE = re.compile(r"[A-Za-z][A-Za-z '&/()\-]{0,47}")
_THINK = re.compile(r"<think>.*?</think>", re.DOTALL)
_FENCE = re.compile(r"^\s*```[A-Za-z0-9_-]*\s*\n?(.*?)\n?\s*```\s*$", re.DOTALL)
_TRAILING = ",.;:!?，。；：！？、"
_DEFAULT_UNKNOWN_LEVEL = PrivacyLevel.PL3  # a custom type with no usable level: assume serious


@dataclass
class OutputStats:
    """Counters over every reply a detector parsed. Counts only: no values, no types."""

    replies: int = 0
    repaired: int = 0
    unparseable: int = 0
    truncated: int = 0
    items: int = 0
    spans: int = 0
    bad_items: int = 0
    not_in_text: int = 0
    relocated: int = 0
    level_forced: int = 0
    pl1_dropped: int = 0
    custom_types: int = 0
    renamed_types: int = 0
    cache_hits: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)

    def add(self, **counts: int) -> None:
        with self._lock:
            for name, n in counts.items():
                setattr(self, name, getattr(self, name) + n)

    def as_dict(self) -> dict[str, int]:
        with self._lock:
            return {f.name: getattr(self, f.name) for f in fields(self) if not f.name.startswith("_")}


def parse_reply(raw: str, stats: OutputStats) -> list[Any]:
    """The reply's list of items; :class:`DetectorOutputError` when nothing usable is there."""
    text = _THINK.sub("", raw).strip()
    if text.startswith("<think>"):  # reasoning that never closed: no answer after it
        text = ""
    fenced = _FENCE.match(text)
    if fenced:
        text = fenced.group(1).strip()
    if not text:
        stats.add(unparseable=1)
        raise DetectorOutputError("the model returned an empty reply")
    try:
        data = json.loads(text)
    except ValueError:
        data = _repair(text, stats)
    items = _as_items(data)
    if items is None:
        stats.add(unparseable=1)
        raise DetectorOutputError(f"the model reply is a JSON {type(data).__name__}, not a list of spans")
    if items and not any(isinstance(item, dict) for item in items):
        # e.g. json-repair turns "{not json" into ["not json"]: garbage, not "nothing found".
        stats.add(unparseable=1)
        raise DetectorOutputError("the model reply holds no span objects")
    return items


def _repair(text: str, stats: OutputStats) -> Any:
    import json_repair

    try:
        data = json_repair.loads(text)
    except Exception:  # noqa: BLE001 -- json-repair raises assorted errors on hostile input
        data = ""
    if data == "" or data is None:
        stats.add(unparseable=1)
        raise DetectorOutputError("the model reply is not JSON and could not be repaired")
    stats.add(repaired=1)
    return data


def _as_items(data: Any) -> list[Any] | None:
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        if "original_text" in data:
            return [data]
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(lists) == 1:  # {"privacy_info": [...]}
            return lists[0]
    return None


def spans_from_items(items: list[Any], text: str, stats: OutputStats, *, source: str) -> list[Span]:
    """Checked, sorted, non-overlapping spans of ``text`` for the parsed ``items``."""
    found: list[Span] = []
    counts = {"items": len(items), "bad_items": 0, "not_in_text": 0, "relocated": 0, "level_forced": 0,
              "pl1_dropped": 0, "custom_types": 0, "renamed_types": 0}
    for item in items:
        fields_ = _item_fields(item)
        if fields_ is None:
            counts["bad_items"] += 1
            continue
        value, kind, level = fields_
        kind, level = _classify(value, kind, level, counts)
        if level is PrivacyLevel.PL1:
            counts["pl1_dropped"] += 1
            continue
        places, lenient = locate(value, text)
        if not places:
            counts["not_in_text"] += 1
            continue
        counts["relocated"] += int(lenient)
        found.extend(Span(text[s:e], kind, level, s, e, source) for s, e in places)
    spans = merge_spans(found, text)
    stats.add(spans=len(spans), **counts)
    return spans


def _item_fields(item: Any) -> tuple[str, str, Any] | None:
    if not isinstance(item, dict):
        return None
    value, kind = item.get("original_text"), item.get("privacy_type")
    if not isinstance(value, str) or not isinstance(kind, str):
        return None
    value = _trim(value)
    if not value:
        return None
    return value, kind.strip(), item.get("privacy_level")


def _trim(value: str) -> str:
    value = value.strip()
    stripped = value.rstrip(_TRAILING).rstrip()
    return stripped or value


def _classify(value: str, kind: str, level: Any, counts: dict[str, int]) -> tuple[str, PrivacyLevel]:
    canonical = canonical_type(kind) if kind else None
    given = _level(level)
    if canonical is not None:
        if canonical == "IP Address" and _is_internal_ip(value):
            canonical = "Internal IP"
        forced = CANONICAL_TYPES[canonical]
        if given is not forced:
            counts["level_forced"] += 1
        return canonical, forced
    counts["custom_types"] += 1
    if not _SAFE_TYPE.fullmatch(kind) or value.casefold() in kind.casefold():
        counts["renamed_types"] += 1
        kind = UNNAMED_TYPE
    return kind, given if given is not None else _DEFAULT_UNKNOWN_LEVEL


def _level(level: Any) -> PrivacyLevel | None:
    if not isinstance(level, (str, int)) or isinstance(level, bool):
        return None
    try:
        return parse_level(str(level))
    except ValueError:
        return None


def _is_internal_ip(value: str) -> bool:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local
