"""PrivacyEngine: detection + vault = mask, unmask, streaming restore, forget, export."""

from __future__ import annotations

import asyncio
import logging
from bisect import bisect_left
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Sequence

from .audit import AuditLog
from .detectors.base import Detector, adetect
from .errors import DetectionError, InputTooLargeError, InvalidTextError, MemPrivacyError
from .placeholders import ESCAPE_TYPE, find_placeholders, hold_back_index
from .policy import Policy
from .spans import Span
from .taxonomy import KNOWN_PREFIX_KEYS, placeholder_prefix, prefix_key
from .vault.base import PlaceholderVault, VaultEntry, check_user_id

__all__ = ["PrivacyEngine", "Masked", "StreamRestorer"]

logger = logging.getLogger(__name__)

_USER_NAME_FIELD = "user_name"
_ESCAPE_KEYS = KNOWN_PREFIX_KEYS | {prefix_key(placeholder_prefix(ESCAPE_TYPE))}
DEFAULT_MAX_CHARS = 2_000_000


@dataclass(frozen=True)
class Masked:
    """The result of masking one text.

    ``spans`` are the private spans that were replaced (offsets into the original text),
    ``placeholders`` the placeholder that replaced each, in the same order. ``escaped``
    counts placeholder look-alikes typed by the user that were neutralised.
    """

    text: str
    spans: tuple[Span, ...] = ()
    placeholders: tuple[str, ...] = ()
    escaped: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.spans) or self.escaped > 0


@dataclass(frozen=True, slots=True)
class _Cut:
    start: int
    end: int
    privacy_type: str
    value: str
    span: Span | None  # None for an escaped look-alike


class PrivacyEngine:
    """Masks private values with typed placeholders and restores them.

    Setup:
        ``pip install memprivacy-plugins``

    Key init args:
        detector: any :class:`~memprivacy_plugins.detectors.Detector`. Default: ``RulesDetector()``.
        vault: any :class:`~memprivacy_plugins.vault.PlaceholderVault`. Default: ``SQLiteVault()``
            at ``$MEMPRIVACY_VAULT`` or the user data dir.
        policy: which levels/types to replace. Default: PL2, PL3 and PL4.
        fallback_detector: used when ``detector`` raises; without one the error propagates
            and nothing is written (fail closed).
        max_chars: longer texts raise :class:`InputTooLargeError`.
        audit: an optional :class:`~memprivacy_plugins.audit.AuditLog`; mask, unmask, forget
            and export events are appended to it, with placeholders only.

    Instantiate:
        .. code-block:: python

            from memprivacy_plugins import PrivacyEngine
            engine = PrivacyEngine()
            masked = engine.mask("call me on +1 415 555 0100", user_id="u1")
            engine.unmask(masked.text, user_id="u1")

    Async:
        ``amask``, ``amask_many``, ``aunmask``, ``aforget``, ``aexport``, ``aset_user_name``.
    """

    def __init__(
        self,
        detector: Detector | None = None,
        vault: PlaceholderVault | None = None,
        policy: Policy | None = None,
        *,
        fallback_detector: Detector | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        audit: AuditLog | None = None,
    ) -> None:
        if detector is None:
            from .detectors.rules import RulesDetector

            detector = RulesDetector()
        if vault is None:
            from .vault.sqlite import SQLiteVault

            vault = SQLiteVault()
        self.detector: Detector = detector
        self.vault: PlaceholderVault = vault
        self.policy: Policy = policy or Policy()
        self.fallback_detector = fallback_detector
        self.max_chars = max_chars
        self.audit = audit
        self._names: OrderedDict[str, str | None] = OrderedDict()

    @classmethod
    def from_defaults(cls, **kwargs: Any) -> PrivacyEngine:
        """The embedded defaults: rules detector, SQLite vault, PL2-PL4."""
        return cls(**kwargs)

    def __repr__(self) -> str:
        return f"PrivacyEngine(detector={type(self.detector).__name__}, vault={self.vault!r}, policy={self.policy!r})"

    # -- user names ------------------------------------------------------------------

    def set_user_name(self, user_id: str, name: str | None) -> None:
        """Remember a user's real name (encrypted in the vault) for detection; None forgets it."""
        check_user_id(user_id)
        self.vault.set_profile(user_id, _USER_NAME_FIELD, name or None)
        self._remember_name(user_id, name or None)

    def get_user_name(self, user_id: str) -> str | None:
        check_user_id(user_id)
        if user_id in self._names:
            self._names.move_to_end(user_id)
            return self._names[user_id]
        name = self.vault.get_profile(user_id, _USER_NAME_FIELD)
        self._remember_name(user_id, name)
        return name

    async def aset_user_name(self, user_id: str, name: str | None) -> None:
        check_user_id(user_id)
        await self.vault.aset_profile(user_id, _USER_NAME_FIELD, name or None)
        self._remember_name(user_id, name or None)

    async def aget_user_name(self, user_id: str) -> str | None:
        check_user_id(user_id)
        if user_id in self._names:
            return self._names[user_id]
        name = await self.vault.aget_profile(user_id, _USER_NAME_FIELD)
        self._remember_name(user_id, name)
        return name

    def _remember_name(self, user_id: str, name: str | None) -> None:
        self._names[user_id] = name
        self._names.move_to_end(user_id)
        while len(self._names) > 1024:
            self._names.popitem(last=False)

    # -- mask ------------------------------------------------------------------------

    def mask(
        self, text: str, *, user_id: str, user_name: str | None = None, keep_placeholders: bool = False
    ) -> Masked:
        """Replace the private values of ``text`` with placeholders of ``user_id``'s scope.

        ``keep_placeholders=True`` leaves this scope's existing placeholders in place instead
        of neutralising them: for text an LLM wrote from masked input (an assistant turn
        echoing ``<Email_1>``). Never use it for text a user or a third party typed.
        """
        return self.mask_many([text], user_id=user_id, user_name=user_name, keep_placeholders=keep_placeholders)[0]

    def mask_many(
        self,
        texts: Sequence[str],
        *,
        user_id: str,
        user_name: str | None = None,
        keep_placeholders: bool = False,
    ) -> list[Masked]:
        """Mask a batch in one detector call and one vault transaction (all or nothing)."""
        check_user_id(user_id)
        self._check_texts(texts)
        todo = [i for i, t in enumerate(texts) if t]
        if not todo:
            return [Masked(t) for t in texts]
        name = user_name if user_name is not None else self.get_user_name(user_id)
        found = self._detect([texts[i] for i in todo], name)
        keys = _placeholder_keys(texts, todo) if keep_placeholders else set()
        keep = set(self.vault.resolve(user_id, keys)) if keys else set()
        plans = self._plans(texts, todo, found, keep)
        if any(p is None for p in plans):
            plans = self._plans(texts, todo, found, keep, self.vault.known_prefixes(user_id))
        items = _unique_items(plans)
        placeholders = self.vault.assign(user_id, items) if items else []
        return self._finish(user_id, texts, todo, plans, dict(zip(items, placeholders)))

    async def amask(
        self, text: str, *, user_id: str, user_name: str | None = None, keep_placeholders: bool = False
    ) -> Masked:
        return (
            await self.amask_many([text], user_id=user_id, user_name=user_name, keep_placeholders=keep_placeholders)
        )[0]

    async def amask_many(
        self,
        texts: Sequence[str],
        *,
        user_id: str,
        user_name: str | None = None,
        keep_placeholders: bool = False,
    ) -> list[Masked]:
        check_user_id(user_id)
        self._check_texts(texts)
        todo = [i for i, t in enumerate(texts) if t]
        if not todo:
            return [Masked(t) for t in texts]
        name = user_name if user_name is not None else await self.aget_user_name(user_id)
        found = await self._adetect([texts[i] for i in todo], name)
        keys = _placeholder_keys(texts, todo) if keep_placeholders else set()
        keep = set(await self.vault.aresolve(user_id, keys)) if keys else set()
        plans = self._plans(texts, todo, found, keep)
        if any(p is None for p in plans):
            plans = self._plans(texts, todo, found, keep, await self.vault.aknown_prefixes(user_id))
        items = _unique_items(plans)
        placeholders = await self.vault.aassign(user_id, items) if items else []
        return self._finish(user_id, texts, todo, plans, dict(zip(items, placeholders)))

    def _plans(
        self,
        texts: Sequence[str],
        todo: list[int],
        found: list[list[Span]],
        keep: set[tuple[str, int]],
        known: set[str] | None = None,
    ) -> list[Any]:
        """One plan per text; None where a look-alike needs ``known`` prefixes (call again with them)."""
        return [self._plan(texts[i], spans, known=known, keep=keep) for i, spans in zip(todo, found)]

    def _finish(
        self,
        user_id: str,
        texts: Sequence[str],
        todo: list[int],
        plans: list[Any],
        placeholders: dict[tuple[str, str], str],
    ) -> list[Masked]:
        result = _assemble(texts, todo, plans, placeholders)
        if self.audit is not None:
            self.audit.masked(user_id, result)
        return result

    def _check_texts(self, texts: Sequence[str]) -> None:
        if isinstance(texts, str):
            raise InvalidTextError("mask_many() takes a sequence of texts, not one str")
        for index, text in enumerate(texts):
            if not isinstance(text, str):
                raise InvalidTextError(f"text #{index} is {type(text).__name__}, expected str")
            if len(text) > self.max_chars:
                raise InputTooLargeError(
                    f"text #{index} has {len(text)} characters; the limit is max_chars={self.max_chars}"
                )
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise InvalidTextError(
                    f"text #{index} contains an unpaired surrogate at offset {exc.start}; "
                    "decode input with errors='replace' or 'surrogatepass' before masking"
                ) from None

    def _detect(self, texts: list[str], user_name: str | None) -> list[list[Span]]:
        try:
            return _checked(self.detector, texts, self.detector.detect(texts, user_name=user_name))
        except Exception as exc:
            fallback = self._fallback_for(exc)
        try:
            return _checked(fallback, texts, fallback.detect(texts, user_name=user_name))
        except Exception as exc:
            raise _as_detection_error(fallback, exc) from None

    async def _adetect(self, texts: list[str], user_name: str | None) -> list[list[Span]]:
        try:
            return _checked(self.detector, texts, await adetect(self.detector, texts, user_name=user_name))
        except Exception as exc:
            fallback = self._fallback_for(exc)
        try:
            return _checked(fallback, texts, await adetect(fallback, texts, user_name=user_name))
        except Exception as exc:
            raise _as_detection_error(fallback, exc) from None

    def _fallback_for(self, exc: Exception) -> Detector:
        """The fallback detector after ``exc``, or ``exc`` as a value-free DetectionError."""
        if self.fallback_detector is None:
            raise _as_detection_error(self.detector, exc) from None
        logger.warning("detector %s failed (%s); using the fallback detector", _name(self.detector), type(exc).__name__)
        return self.fallback_detector

    def _plan(
        self, text: str, spans: list[Span], known: set[str] | None, keep: set[tuple[str, int]]
    ) -> list[_Cut] | None:
        """Choose what to replace: every occurrence of each protected span, then look-alikes.

        Look-alikes are searched in the *masked* text, because a replacement changes the
        context a placeholder pattern sees (``1Email_2`` is no placeholder, ``<Email_1>Email_2``
        has one). Each round neutralises what the last one exposed; it stops when the masked
        text holds no placeholder but ours. Returns None when a look-alike with an unfamiliar
        name needs the vault's prefixes to decide (rare; the caller asks and plans again).
        """
        cuts: list[_Cut] = []
        for span in spans:
            if not self.policy.protects(span) or not span.original_text.strip():
                continue
            value = span.original_text
            pos = text.find(value)
            while pos != -1:
                cuts.append(_Cut(pos, pos + len(value), span.privacy_type, value, span))
                pos = text.find(value, pos + 1)
        cuts = _non_overlapping(cuts)
        for _ in range(len(text) + 1):
            exposed = _exposed_lookalikes(text, cuts, known, keep)
            if exposed is None:
                return None
            if not exposed:
                return cuts
            cuts = _absorb(text, cuts, exposed)
        raise AssertionError("look-alike neutralisation did not converge")  # pragma: no cover

    # -- unmask ----------------------------------------------------------------------

    def unmask(self, text: str, *, user_id: str) -> str:
        """Restore every placeholder of ``user_id``'s scope; unknown ones stay as they are."""
        check_user_id(user_id)
        if not isinstance(text, str):
            raise InvalidTextError(f"unmask() expects str, got {type(text).__name__}")
        matches = list(find_placeholders(text))
        if not matches:
            return text
        values = self.vault.resolve(user_id, {(m.key, m.number) for m in matches})
        if self.audit is not None:
            self.audit.unmasked(user_id, {(m.key, m.number) for m in matches}, values)
        return _substitute(text, matches, values)

    async def aunmask(self, text: str, *, user_id: str) -> str:
        check_user_id(user_id)
        if not isinstance(text, str):
            raise InvalidTextError(f"aunmask() expects str, got {type(text).__name__}")
        matches = list(find_placeholders(text))
        if not matches:
            return text
        values = await self.vault.aresolve(user_id, {(m.key, m.number) for m in matches})
        if self.audit is not None:
            self.audit.unmasked(user_id, {(m.key, m.number) for m in matches}, values)
        return _substitute(text, matches, values)

    def restorer(self, user_id: str) -> StreamRestorer:
        """A streaming restorer: ``feed(chunk) -> str`` as chunks arrive, then ``flush()``."""
        return StreamRestorer(self, check_user_id(user_id))

    # -- scope management ------------------------------------------------------------

    def forget(self, user_id: str, /) -> int:
        """Erase a user's mappings and profile (right to erasure). Returns mappings removed."""
        check_user_id(user_id)
        self._names.pop(user_id, None)
        count = self.vault.forget(user_id)
        if self.audit is not None:
            self.audit.forgotten(user_id, count)
        return count

    async def aforget(self, user_id: str, /) -> int:
        check_user_id(user_id)
        self._names.pop(user_id, None)
        count = await self.vault.aforget(user_id)
        if self.audit is not None:
            self.audit.forgotten(user_id, count)
        return count

    def export(self, user_id: str, /) -> list[dict[str, Any]]:
        """A user's mappings as dicts (``placeholder``, ``privacy_type``, ``value``, ``created_at``)."""
        check_user_id(user_id)
        rows = [e.to_dict() for e in self.vault.export(user_id) if e.privacy_type != ESCAPE_TYPE]
        if self.audit is not None:
            self.audit.exported(user_id, len(rows))
        return rows

    async def aexport(self, user_id: str, /) -> list[dict[str, Any]]:
        check_user_id(user_id)
        entries: list[VaultEntry] = await self.vault.aexport(user_id)
        rows = [e.to_dict() for e in entries if e.privacy_type != ESCAPE_TYPE]
        if self.audit is not None:
            self.audit.exported(user_id, len(rows))
        return rows

    def close(self) -> None:
        self.vault.close()

    def __enter__(self) -> PrivacyEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class StreamRestorer:
    """Restores placeholders in streamed text, holding back only a possibly split placeholder.

    The concatenation of every ``feed`` result and ``flush`` equals ``engine.unmask`` of the
    whole text, however the text was split.
    """

    def __init__(self, engine: PrivacyEngine, user_id: str) -> None:
        self._engine = engine
        self._user_id = user_id
        self._buffer = ""
        self._values: dict[tuple[str, int], str] = {}
        self._asked: set[tuple[str, int]] = set()

    def feed(self, chunk: str) -> str:
        if not isinstance(chunk, str):
            raise InvalidTextError(f"feed() expects str, got {type(chunk).__name__}")
        self._buffer += chunk
        cut = hold_back_index(self._buffer)
        ready, self._buffer = self._buffer[:cut], self._buffer[cut:]
        return self._restore(ready)

    def flush(self) -> str:
        ready, self._buffer = self._buffer, ""
        out = self._restore(ready)
        self._audit()
        return out

    async def afeed(self, chunk: str) -> str:
        if not isinstance(chunk, str):
            raise InvalidTextError(f"afeed() expects str, got {type(chunk).__name__}")
        self._buffer += chunk
        cut = hold_back_index(self._buffer)
        ready, self._buffer = self._buffer[:cut], self._buffer[cut:]
        return await self._arestore(ready)

    async def aflush(self) -> str:
        ready, self._buffer = self._buffer, ""
        out = await self._arestore(ready)
        self._audit()
        return out

    def _audit(self) -> None:
        # One event per stream, written at the end, like one unmask() of the whole text.
        audit = self._engine.audit
        if audit is not None and self._asked:
            audit.unmasked(self._user_id, self._asked, self._values, event="unmask_stream")
            self._asked = set()

    @property
    def pending(self) -> int:
        """Characters held back, waiting for the next chunk."""
        return len(self._buffer)

    def _missing(self, matches: list[Any]) -> set[tuple[str, int]]:
        keys = {(m.key, m.number) for m in matches}
        self._asked |= keys
        return keys - self._values.keys()

    def _restore(self, text: str) -> str:
        matches = list(find_placeholders(text)) if text else []
        if not matches:
            return text
        missing = self._missing(matches)
        if missing:
            self._values.update(self._engine.vault.resolve(self._user_id, missing))
        return _substitute(text, matches, self._values)

    async def _arestore(self, text: str) -> str:
        matches = list(find_placeholders(text)) if text else []
        if not matches:
            return text
        missing = self._missing(matches)
        if missing:
            self._values.update(await self._engine.vault.aresolve(self._user_id, missing))
        return _substitute(text, matches, self._values)


# -- pure helpers ----------------------------------------------------------------------


def _name(detector: object) -> str:
    return getattr(detector, "name", None) or type(detector).__name__


def _as_detection_error(detector: object, exc: Exception) -> DetectionError:
    if isinstance(exc, DetectionError):
        return exc
    if isinstance(exc, MemPrivacyError):
        return DetectionError(f"detector {_name(detector)} failed: {type(exc).__name__}: {exc}", detector=_name(detector))
    # Third-party exception text may quote the input: report only its type.
    return DetectionError(f"detector {_name(detector)} failed with {type(exc).__name__}", detector=_name(detector))


def _checked(detector: object, texts: list[str], result: object) -> list[list[Span]]:
    if not isinstance(result, list) or len(result) != len(texts):
        raise DetectionError(
            f"detector {_name(detector)} returned {type(result).__name__} of the wrong length "
            f"for {len(texts)} texts",
            detector=_name(detector),
        )
    for spans in result:
        if not isinstance(spans, list) or not all(isinstance(s, Span) for s in spans):
            raise DetectionError(f"detector {_name(detector)} returned something other than Span lists", detector=_name(detector))
    return result


def _non_overlapping(cuts: list[_Cut]) -> list[_Cut]:
    """Longest first (then higher level), never overlapping; returned in text order."""
    def rank(c: _Cut) -> tuple[int, int, int]:
        level = c.span.privacy_level.rank if c.span is not None else 5
        return (-(c.end - c.start), -level, c.start)

    chosen: list[_Cut] = []
    starts: list[int] = []
    for cut in sorted(cuts, key=rank):
        i = bisect_left(starts, cut.start)
        if i > 0 and chosen[i - 1].end > cut.start:
            continue
        if i < len(chosen) and chosen[i].start < cut.end:
            continue
        chosen.insert(i, cut)
        starts.insert(i, cut.start)
    return chosen


# Stands in for a placeholder while searching for look-alikes. Only a placeholder's first and
# last characters ('<', '>') can affect matches around it, and "<>" itself never matches.
_PROBE = "<>"


def _placeholder_keys(texts: Sequence[str], todo: list[int]) -> set[tuple[str, int]]:
    return {(m.key, m.number) for i in todo for m in find_placeholders(texts[i])}


def _exposed_lookalikes(
    text: str, cuts: list[_Cut], known: set[str] | None, keep: set[tuple[str, int]]
) -> list[tuple[int, int]] | None:
    """Look-alike regions (original offsets) that the masked rendering of ``cuts`` would expose."""
    pieces: list[str] = []
    to_orig: list[tuple[int, int, int]] = []  # (masked_start, masked_end, orig_start) of kept text
    pos = masked_len = 0
    for cut in [*cuts, None]:
        end = cut.start if cut is not None else len(text)
        to_orig.append((masked_len, masked_len + end - pos, pos))
        pieces.append(text[pos:end])
        masked_len += end - pos
        if cut is not None:
            pieces.append(_PROBE)
            masked_len += len(_PROBE)
            pos = cut.end
    rendered = "".join(pieces)
    found: list[tuple[int, int]] = []
    for match in find_placeholders(rendered):
        if (match.key, match.number) in keep:
            continue  # a real placeholder of this scope, kept on request
        if match.key not in _ESCAPE_KEYS:
            if known is None:
                return None
            if match.key not in known:
                continue
        found.append((_orig(to_orig, match.start, cuts, True), _orig(to_orig, match.end, cuts, False)))
    return found


def _orig(to_orig: list[tuple[int, int, int]], masked_pos: int, cuts: list[_Cut], is_start: bool) -> int:
    for m_start, m_end, o_start in to_orig:
        if m_start <= masked_pos <= m_end:
            return o_start + masked_pos - m_start
    # Inside a probe (cannot happen for the placeholder grammar): cover the whole cut.
    for m_start, _, o_start in reversed(to_orig):  # pragma: no cover
        if m_start <= masked_pos:
            prior = [c for c in cuts if c.end <= o_start]
            return prior[-1].start if is_start and prior else o_start
    return 0  # pragma: no cover


def _absorb(text: str, cuts: list[_Cut], regions: list[tuple[int, int]]) -> list[_Cut]:
    """Add escape cuts; a cut they overlap is swallowed whole so no value is left half-visible."""
    result = list(cuts)
    for start, end in regions:
        for cut in [c for c in result if c.start < end and start < c.end]:
            start, end = min(start, cut.start), max(end, cut.end)
            result.remove(cut)
        result.append(_Cut(start, end, ESCAPE_TYPE, text[start:end], None))
    return sorted(result, key=lambda c: c.start)


def _unique_items(plans: list[list[_Cut]]) -> list[tuple[str, str]]:
    seen: dict[str, str] = {}
    for plan in plans:
        for cut in plan:
            seen.setdefault(cut.value, cut.privacy_type)
    return [(t, v) for v, t in seen.items()]


def _assemble(
    texts: Sequence[str], todo: list[int], plans: list[list[_Cut]], placeholders: dict[tuple[str, str], str]
) -> list[Masked]:
    by_value = {value: ph for (_, value), ph in placeholders.items()}
    out = [Masked(t) for t in texts]
    for i, plan in zip(todo, plans):
        text = texts[i]
        parts: list[str] = []
        pos = 0
        spans: list[Span] = []
        used: list[str] = []
        escaped = 0
        for cut in plan:
            parts.append(text[pos : cut.start])
            placeholder = by_value[cut.value]
            parts.append(placeholder)
            pos = cut.end
            if cut.span is None:
                escaped += 1
            else:
                spans.append(
                    Span(cut.value, cut.span.privacy_type, cut.span.privacy_level, cut.start, cut.end, cut.span.source)
                )
                used.append(placeholder)
        parts.append(text[pos:])
        out[i] = Masked("".join(parts), tuple(spans), tuple(used), escaped)
    return out


def _substitute(text: str, matches: list[Any], values: dict[tuple[str, int], str]) -> str:
    parts: list[str] = []
    pos = 0
    for m in matches:
        value = values.get((m.key, m.number))
        if value is None:
            continue
        parts.append(text[pos : m.start])
        parts.append(value)
        pos = m.end
    if pos == 0:
        return text
    parts.append(text[pos:])
    return "".join(parts)
