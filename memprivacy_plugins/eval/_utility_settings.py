"""The five privacy settings of the utility benchmark.

Every setting turns a persona's messages into what the memory backend stores, turns a
question into what is searched, and turns a search hit back into what the user's side can
read. All of them cut the same spans: detection runs once (:class:`ReplayDetector` replays
it), the typed engine decides which spans are replaced, and the irreversible settings write
their marker over exactly those spans.

- ``raw``: no privacy.
- ``typed``: our placeholders (``<Phone_Number_1>``) through :class:`PrivacyEngine`; restored.
- ``untyped``: the same spans as ``<MASK_n>`` (type erased) through a second engine; restored.
- ``redacted``: ``[REDACTED]``, irreversible.
- ``type_only``: Presidio-style ``<PHONE_NUMBER>``, irreversible.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from ..detectors.base import BaseDetector, Detector
from ..engine import Masked, PrivacyEngine
from ..errors import DetectionError
from ..policy import Policy
from ..spans import Span
from ..taxonomy import canonical_type, placeholder_prefix
from ..vault import SQLiteVault, VaultKey

SETTINGS = ("raw", "typed", "untyped", "redacted", "type_only")
REDACTED = "[REDACTED]"
UNTYPED_TYPE = "MASK"

SpanCache = Mapping[tuple[str | None, str], list[Span]]


class ReplayDetector(BaseDetector):
    """Replays spans detected once, keyed by (user name, text); optionally erases the type."""

    name = "replay"

    def __init__(self, spans: SpanCache, *, privacy_type: str | None = None) -> None:
        self._spans = spans
        self._type = privacy_type

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        out = []
        for text in texts:
            found = self._spans.get((user_name, text))
            if found is None:
                raise DetectionError("the utility benchmark asked to replay a text it never detected", detector=self.name)
            out.append([replace(s, privacy_type=self._type) for s in found] if self._type else list(found))
        return out


class Setting(Protocol):
    name: str
    reversible: bool

    def store(self, user_id: str, user_name: str | None, texts: Sequence[str]) -> list[str]: ...

    def query(self, user_id: str, user_name: str | None, text: str) -> str: ...

    def restore(self, user_id: str, text: str) -> str: ...


class Raw:
    name = "raw"
    reversible = True

    def store(self, user_id: str, user_name: str | None, texts: Sequence[str]) -> list[str]:
        return list(texts)

    def query(self, user_id: str, user_name: str | None, text: str) -> str:
        return text

    def restore(self, user_id: str, text: str) -> str:
        return text


class EngineSetting:
    """Masks with a :class:`PrivacyEngine` (its own vault) and restores with ``unmask``."""

    reversible = True

    def __init__(self, name: str, engine: PrivacyEngine) -> None:
        self.name = name
        self.engine = engine
        self._memo: dict[tuple[str, str], Masked] = {}

    def masked(self, user_id: str, user_name: str | None, texts: Sequence[str]) -> list[Masked]:
        todo = [t for t in dict.fromkeys(texts) if (user_id, t) not in self._memo]
        if todo:
            for text, result in zip(todo, self.engine.mask_many(todo, user_id=user_id, user_name=user_name)):
                self._memo[(user_id, text)] = result
        return [self._memo[(user_id, t)] for t in texts]

    def store(self, user_id: str, user_name: str | None, texts: Sequence[str]) -> list[str]:
        return [m.text for m in self.masked(user_id, user_name, texts)]

    def query(self, user_id: str, user_name: str | None, text: str) -> str:
        return self.masked(user_id, user_name, [text])[0].text

    def restore(self, user_id: str, text: str) -> str:
        return self.engine.unmask(text, user_id=user_id)


class AdapterTyped:
    """``typed`` through a framework adapter: texts go in raw, the adapter masks and restores.

    ``adapter_engine`` is the engine the backend wraps its framework with; ``planner`` is the
    engine-path ``typed`` setting, used only to embed the texts the adapter will store ahead
    of time (a wrong guess costs time, not correctness).
    """

    name = "typed"
    reversible = True

    def __init__(self, adapter_engine: PrivacyEngine, planner: EngineSetting) -> None:
        self.adapter_engine = adapter_engine
        self.planner = planner

    def store(self, user_id: str, user_name: str | None, texts: Sequence[str]) -> list[str]:
        return list(texts)

    def query(self, user_id: str, user_name: str | None, text: str) -> str:
        return text

    def restore(self, user_id: str, text: str) -> str:
        return text  # the adapter already restored its results


def presidio_marker(privacy_type: str) -> str:
    """``Phone Number`` -> ``<PHONE_NUMBER>`` (no number: every value of a type looks alike)."""
    return f"<{placeholder_prefix(canonical_type(privacy_type) or privacy_type).upper()}>"


class Irreversible:
    """Writes a marker over the spans the typed engine replaced; nothing can be restored."""

    reversible = False

    def __init__(self, name: str, planner: EngineSetting, *, typed_marker: bool) -> None:
        self.name = name
        self.planner = planner
        self._typed_marker = typed_marker

    def _render(self, masked: Masked, original: str) -> str:
        parts: list[str] = []
        pos = 0
        for span in masked.spans:  # in text order, offsets into the original
            assert span.start is not None and span.end is not None
            parts.append(original[pos : span.start])
            parts.append(presidio_marker(span.privacy_type) if self._typed_marker else REDACTED)
            pos = span.end
        parts.append(original[pos:])
        return "".join(parts)

    def store(self, user_id: str, user_name: str | None, texts: Sequence[str]) -> list[str]:
        return [self._render(m, t) for m, t in zip(self.planner.masked(user_id, user_name, texts), texts)]

    def query(self, user_id: str, user_name: str | None, text: str) -> str:
        return self.store(user_id, user_name, [text])[0]

    def restore(self, user_id: str, text: str) -> str:
        return text


def build_settings(spans: SpanCache, workdir: Path, *, policy: Policy | None = None,
                   names: Sequence[str] = SETTINGS, adapter_detector: Detector | None = None) -> dict[str, Setting]:
    """The settings in ``names``; each reversible engine gets its own vault under ``workdir``.

    With ``adapter_detector``, ``typed`` runs through the backend's framework adapter, whose
    engine detects with that detector (it masks more than message texts, e.g. metadata values).
    """
    unknown = [n for n in names if n not in SETTINGS]
    if unknown:
        raise ValueError(f"unknown setting(s): {', '.join(unknown)}")
    policy = policy or Policy()

    def engine(name: str, detector: Detector) -> PrivacyEngine:
        vault = SQLiteVault(workdir / f"{name}.vault.sqlite3", key=VaultKey.generate())
        return PrivacyEngine(detector=detector, vault=vault, policy=policy)

    made: dict[str, Setting] = {}
    planner: EngineSetting | None = None
    if {"typed", "redacted", "type_only"} & set(names):
        planner = EngineSetting("typed", engine("typed", ReplayDetector(spans)))
    for name in names:
        if name == "raw":
            made[name] = Raw()
        elif name == "typed" and planner is not None:
            made[name] = planner if adapter_detector is None else AdapterTyped(engine("typed_adapter", adapter_detector), planner)
        elif name == "untyped":
            made[name] = EngineSetting("untyped", engine("untyped", ReplayDetector(spans, privacy_type=UNTYPED_TYPE)))
        elif planner is not None:
            made[name] = Irreversible(name, planner, typed_marker=name == "type_only")
    return made


def close_settings(settings: Mapping[str, Setting]) -> None:
    """Close every engine the settings hold (the typed planner may be held by several)."""
    engines: dict[int, PrivacyEngine] = {}
    for setting in settings.values():
        if isinstance(setting, EngineSetting):
            engines[id(setting.engine)] = setting.engine
        elif isinstance(setting, AdapterTyped):
            engines[id(setting.adapter_engine)] = setting.adapter_engine
            engines[id(setting.planner.engine)] = setting.planner.engine
        elif isinstance(setting, Irreversible):
            engines[id(setting.planner.engine)] = setting.planner.engine
    for engine in engines.values():
        engine.close()
