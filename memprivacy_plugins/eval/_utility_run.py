"""Run the utility benchmark: detect once, then ingest and ask under every setting."""

from __future__ import annotations

import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..detectors.base import Detector
from ..policy import Policy
from ..spans import Span
from ._utility_backends import open_backend
from ._utility_data import Persona
from ._utility_embed import MiniLM
from ._utility_metrics import (
    TOP_K,
    QuestionOutcome,
    answer_available,
    evidence_rank,
    summarize,
    value_exposure,
)
from ._utility_settings import SETTINGS, AdapterTyped, Setting, build_settings, close_settings

_DETECT_CHUNK = 64


@dataclass
class UtilityResult:
    backend: str
    detector: str
    personas: int
    messages: int
    outcomes: list[QuestionOutcome] = field(default_factory=list)
    exposure: dict[str, float] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    settings: tuple[str, ...] = SETTINGS
    typed_via: str = "PrivacyEngine"

    @property
    def questions(self) -> int:
        return len({o.question_id for o in self.outcomes})

    def by_setting(self, outcomes: Sequence[QuestionOutcome] | None = None) -> dict[str, dict[str, float]]:
        groups: dict[str, list[QuestionOutcome]] = defaultdict(list)
        for o in self.outcomes if outcomes is None else outcomes:
            groups[o.setting].append(o)
        return {s: _rounded(summarize(groups[s])) for s in self.settings}

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"settings": self.by_setting(), "questions": self.questions}
        for label, attr in (("by_lang", "lang"), ("by_kind", "kind")):
            out[label] = {}
            for key in sorted({getattr(o, attr) for o in self.outcomes}):
                part = [o for o in self.outcomes if getattr(o, attr) == key]
                out[label][key] = {"questions": len({o.question_id for o in part}), "settings": self.by_setting(part)}
        out.update({
            "exposure": {s: round(self.exposure[s], 4) for s in self.settings if s in self.exposure},
            "backend": self.backend, "detector": self.detector, "typed_via": self.typed_via, "top_k": TOP_K,
            "personas": self.personas, "messages": self.messages,
            "seconds": {k: round(v, 2) for k, v in self.seconds.items()},
        })
        return out


def _rounded(metrics: dict[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in metrics.items()}


def detect_all(detector: Detector, personas: Sequence[Persona]) -> dict[tuple[str | None, str], list[Span]]:
    """Spans for every message and question, keyed by (user name, text): detection runs once."""
    cache: dict[tuple[str | None, str], list[Span]] = {}
    for persona in personas:
        texts = list(dict.fromkeys([m.text for m in persona.messages] + [q.question for q in persona.questions]))
        for i in range(0, len(texts), _DETECT_CHUNK):
            chunk = texts[i : i + _DETECT_CHUNK]
            for text, spans in zip(chunk, detector.detect(chunk, user_name=persona.user_name)):
                cache[(persona.user_name, text)] = spans
    return cache


def run_utility(
    personas: Sequence[Persona],
    *,
    backend: str,
    detector: Detector,
    settings: Sequence[str] = SETTINGS,
    policy: Policy | None = None,
    model: MiniLM | None = None,
    workdir: Path | None = None,
    adapter: bool = False,
) -> UtilityResult:
    """Ingest every persona under every setting into ``backend``, ask every question, score.

    ``adapter``: the ``typed`` setting goes through the backend's framework adapter (Mem0:
    ``memprivacy_mem0.PrivateMemory``) instead of calling ``PrivacyEngine`` around the framework.
    """
    result = UtilityResult(backend, getattr(detector, "name", None) or type(detector).__name__, len(personas),
                           sum(len(p.messages) for p in personas), settings=tuple(settings))
    started = time.perf_counter()
    spans = detect_all(detector, personas)
    result.seconds["detect"] = time.perf_counter() - started
    model = model or MiniLM.shared()
    with tempfile.TemporaryDirectory(prefix="memprivacy-utility-", dir=workdir) as tmp:
        made = build_settings(spans, Path(tmp), policy=policy, names=settings,
                              adapter_detector=detector if adapter else None)
        try:
            started = time.perf_counter()
            views = {name: _SettingView.of(setting, personas) for name, setting in made.items()}
            result.seconds["mask"] = time.perf_counter() - started
            started = time.perf_counter()
            # One batched pass over every text of every setting: per-setting times then measure the framework.
            model.prefetch([t for view in views.values() for t in view.texts()])
            result.seconds["embed"] = time.perf_counter() - started
            for name, setting in made.items():
                started = time.perf_counter()
                _run_setting(result, setting, views[name], personas, backend, model, Path(tmp))
                result.seconds[name] = time.perf_counter() - started
        finally:
            close_settings(made)
    return result


@dataclass
class _SettingView:
    """What one setting stores for each persona and searches for each question."""

    stored: dict[str, list[str]]
    queries: dict[str, str]
    expected: list[str] = field(default_factory=list)  # what an adapter will embed, when one masks

    @classmethod
    def of(cls, setting: Setting, personas: Sequence[Persona]) -> _SettingView:
        view = cls(
            {p.id: setting.store(p.id, p.user_name, [m.text for m in p.messages]) for p in personas},
            {q.id: setting.query(p.id, p.user_name, q.question) for p in personas for q in p.questions},
        )
        if isinstance(setting, AdapterTyped):
            view.expected = _SettingView.of(setting.planner, personas).texts()
        return view

    def texts(self) -> list[str]:
        return [t for texts in self.stored.values() for t in texts] + list(self.queries.values()) + self.expected


def _run_setting(result: UtilityResult, setting: Setting, view: _SettingView, personas: Sequence[Persona],
                 backend: str, model: MiniLM, tmp: Path) -> None:
    stored, queries = view.stored, view.queries
    engine = setting.adapter_engine if isinstance(setting, AdapterTyped) else None
    store = open_backend(backend, tmp, setting.name, model, adapter_engine=engine)
    if engine is not None and store.adapter_name:
        result.typed_via = store.adapter_name
    try:
        for p in personas:
            store.add(p.id, [(m.id, t) for m, t in zip(p.messages, stored[p.id])], user_name=p.user_name)
        readback: list[tuple[str, Sequence[str]]] = []
        for p in personas:
            kept = store.stored(p.id)
            if set(kept) != {m.id for m in p.messages}:
                raise RuntimeError(f"backend {backend} kept {len(kept)} of {len(p.messages)} messages for one persona")
            readback += [(kept[m.id], m.values) for m in p.messages]
        result.exposure[setting.name] = value_exposure(readback)
        for p in personas:
            for q in p.questions:
                hits = store.search(p.id, queries[q.id], TOP_K, user_name=p.user_name)[:TOP_K]
                restored = [setting.restore(p.id, h.text) for h in hits]
                result.outcomes.append(QuestionOutcome(
                    q.id, setting.name, p.lang, q.kind, evidence_rank(hits, q.evidence), answer_available(restored, q.answer)
                ))
    finally:
        store.close()
