"""The shared base of the MemPrivacy model detectors.

Backends implement one hook, ``_generate(prompts) -> list[ModelReply]`` (and optionally an
async ``_agenerate``). This base builds the prompts, splits long messages, checks and
repairs every reply, and turns it into spans; see ``_llm_output`` for the checks.
"""

from __future__ import annotations

import asyncio
import os
import re
import threading
from collections import OrderedDict
from abc import abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import ConfigError, DetectionError, DetectorOutputError, InvalidTextError
from ..spans import Span
from ._llm_output import OutputStats, parse_reply, spans_from_items
from ._llm_prompt import ExtractionPrompt, PromptTemplate
from ._llm_schema import extraction_schema
from ._model_spans import merge_spans
from .base import BaseDetector

__all__ = ["LLMDetector", "ModelReply", "split_message"]

# Long messages (pasted mails, documents) are cut into windows the model handles well.
DEFAULT_MAX_MESSAGE_CHARS = 4000
_OVERLAP = 200
# Preferred cut points, best first: paragraph, line, sentence end, any space.
_BREAKS = tuple(re.compile(p) for p in (r"\n\s*\n", r"\n", r"[.!?。！？；;]\s*", r"\s+"))


@dataclass(frozen=True)
class ModelReply:
    """One raw reply. ``complete`` is False when generation stopped at the token limit."""

    text: str
    complete: bool = True
    timed_out: bool = False
    tokens: int | None = None  # generated tokens, when the backend knows

    def __repr__(self) -> str:
        return f"ModelReply(<{len(self.text)} chars>, complete={self.complete})"


@dataclass(frozen=True)
class _Job:
    index: int  # which text
    start: int  # where the window starts in it
    window: str = field(repr=False)
    prompt: ExtractionPrompt = field(repr=False)


class LLMDetector(BaseDetector):
    """Base for detectors that ask a MemPrivacy-style model for a JSON list of spans.

    Custom types (names outside the taxonomy) are kept at the level the model gave, so a
    value is never dropped for an unfamiliar label; exclude them with ``Policy(exclude_types=...)``.
    """

    name = "model"

    def __init__(
        self,
        *,
        prompt_path: str | os.PathLike[str] | None = None,
        schema: dict[str, Any] | None = None,
        max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
        cache_size: int = 1024,
    ) -> None:
        if not isinstance(max_message_chars, int) or max_message_chars < 2 * _OVERLAP:
            raise ConfigError(f"max_message_chars must be an int >= {2 * _OVERLAP}")
        if not isinstance(cache_size, int) or cache_size < 0:
            raise ConfigError("cache_size must be an int >= 0")
        # (message, user name) -> spans. Agents re-send the same history turn after turn;
        # a model call costs far more than a dict lookup. Failures are never cached.
        self.cache_size = cache_size
        self._cache: OrderedDict[tuple[str, str | None], list[Span]] = OrderedDict()
        self._cache_lock = threading.Lock()
        self.prompt = PromptTemplate.load(prompt_path)
        self.schema = schema if schema is not None else extraction_schema()
        self.max_message_chars = max_message_chars
        self.stats = OutputStats()

    @abstractmethod
    def _generate(self, prompts: Sequence[ExtractionPrompt]) -> list[ModelReply]:
        """One reply per prompt, in order. Raise DetectionError (or a subclass) on failure."""

    async def _agenerate(self, prompts: Sequence[ExtractionPrompt]) -> list[ModelReply]:
        return await asyncio.to_thread(self._generate, prompts)

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        found, missing = self._from_cache(_check_texts(texts), user_name)
        if missing:
            todo, jobs = self._plan(list(missing), user_name)
            replies = self._generate([job.prompt for job in jobs]) if jobs else []
            self._remember(todo, user_name, self._collect(todo, jobs, replies), found, missing)
        return found  # type: ignore[return-value]

    async def adetect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        found, missing = self._from_cache(_check_texts(texts), user_name)
        if missing:
            todo, jobs = self._plan(list(missing), user_name)
            replies = await self._agenerate([job.prompt for job in jobs]) if jobs else []
            self._remember(todo, user_name, self._collect(todo, jobs, replies), found, missing)
        return found  # type: ignore[return-value]

    def _from_cache(
        self, texts: list[str], user_name: str | None
    ) -> tuple[list[list[Span] | None], dict[str, list[int]]]:
        """Cached answers in place, and the distinct texts still to ask (with their positions)."""
        found: list[list[Span] | None] = [None] * len(texts)
        missing: dict[str, list[int]] = {}
        with self._cache_lock:
            for i, text in enumerate(texts):
                hit = self._cache.get((text, user_name))
                if hit is not None:
                    self._cache.move_to_end((text, user_name))
                    found[i] = list(hit)
                else:
                    missing.setdefault(text, []).append(i)
        self.stats.add(cache_hits=len(texts) - sum(len(v) for v in missing.values()))
        return found, missing

    def _remember(
        self,
        texts: list[str],
        user_name: str | None,
        results: list[list[Span]],
        found: list[list[Span] | None],
        missing: dict[str, list[int]],
    ) -> None:
        with self._cache_lock:
            for text, spans in zip(texts, results):
                for i in missing[text]:
                    found[i] = list(spans)
                if self.cache_size:
                    self._cache[(text, user_name)] = spans
                    self._cache.move_to_end((text, user_name))
            while len(self._cache) > self.cache_size:
                self._cache.popitem(last=False)

    def _plan(self, texts: Sequence[str], user_name: str | None) -> tuple[list[str], list[_Job]]:
        """One job per window of every non-blank text."""
        checked = _check_texts(texts)
        jobs: list[_Job] = []
        for i, text in enumerate(checked):
            if not text.strip():
                continue
            for start, window in split_message(text, self.max_message_chars):
                jobs.append(_Job(i, start, window, self.prompt.render(window, user_name)))
        return checked, jobs

    def _collect(self, texts: list[str], jobs: list[_Job], replies: Sequence[ModelReply]) -> list[list[Span]]:
        if len(replies) != len(jobs):
            raise DetectionError(f"{self.name} returned {len(replies)} replies for {len(jobs)} prompts", detector=self.name)
        found: list[list[Span]] = [[] for _ in texts]
        for job, reply in zip(jobs, replies):
            self.stats.add(replies=1)
            if not reply.complete:
                self.stats.add(truncated=1)
                raise DetectorOutputError(
                    f"{self.name} stopped before the JSON reply was complete "
                    + ("(time limit)" if reply.timed_out else "(token limit)"),
                    detector=self.name,
                    hint="raise max_new_tokens / max_tokens, or split the message",
                )
            items = parse_reply(reply.text, self.stats)
            for span in spans_from_items(items, job.window, self.stats, source=self.name):
                assert span.start is not None and span.end is not None
                found[job.index].append(Span(span.original_text, span.privacy_type, span.privacy_level,
                                             span.start + job.start, span.end + job.start, span.source))
        return [merge_spans(spans, text) if spans else [] for spans, text in zip(found, texts)]


def _check_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, (str, bytes)):
        raise InvalidTextError("detect() takes a sequence of texts, not a single string")
    out = list(texts)
    for text in out:
        if not isinstance(text, str):
            raise InvalidTextError(f"texts must be str, got {type(text).__name__}")
    return out


def split_message(text: str, max_chars: int) -> list[tuple[int, str]]:
    """Windows of at most ``max_chars``, cut at a paragraph, line, sentence or space when one
    is near, overlapping by a little so a value on a cut is whole in one window."""
    if len(text) <= max_chars:
        return [(0, text)]
    windows: list[tuple[int, str]] = []
    start = 0
    while start < len(text):
        end = min(start + max_chars, len(text))
        if end < len(text):
            end = _cut_point(text, start + max_chars // 2, end)
        windows.append((start, text[start:end]))
        if end >= len(text):
            break
        start = max(end - _OVERLAP, start + 1)
    return windows


def _cut_point(text: str, low: int, high: int) -> int:
    for pattern in _BREAKS:
        ends = [m.end() for m in pattern.finditer(text, low, high)]
        if ends:
            return ends[-1]
    return high
