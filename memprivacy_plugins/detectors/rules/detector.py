"""RulesDetector: every rule over every message, overlaps resolved, spans cut from the original."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

from ...errors import InvalidTextError
from ...spans import Span
from ...taxonomy import PrivacyLevel, level_of
from ..base import BaseDetector
from .base import Found, Rule
from .text import Doc

__all__ = ["RulesDetector"]


@cache
def _level(privacy_type: str) -> PrivacyLevel:
    level = level_of(privacy_type)
    if level is None:
        raise ValueError("a rule reported a type outside the taxonomy")
    return level


@lru_cache(maxsize=1)
def _default_rules() -> tuple[Rule, ...]:
    from . import DEFAULT_RULES

    return tuple(cls() for cls in DEFAULT_RULES)


def resolve(found: Sequence[Found]) -> list[Found]:
    """Non-overlapping spans, sorted by start.

    The same span claimed by two rules keeps the higher privacy level ("when unsure,
    the higher level"), then the higher score. Overlapping spans keep the higher
    score, then the longer span.
    """
    if len(found) < 2:
        return [f for f in found if f.end > f.start]
    best: dict[tuple[int, int], Found] = {}
    for f in found:
        if f.end <= f.start:
            continue
        key = (f.start, f.end)
        old = best.get(key)
        if old is None or (_level(f.privacy_type).rank, f.score) > (_level(old.privacy_type).rank, old.score):
            best[key] = f
    if len(best) <= 1:
        return list(best.values())
    ranked = sorted(best.values(), key=lambda f: (-f.score, f.start - f.end, f.start))
    kept: list[Found] = []
    for f in ranked:
        if all(f.end <= k.start or f.start >= k.end for k in kept):
            kept.append(f)
    kept.sort(key=lambda f: f.start)
    return kept


_TOKEN = re.compile(r"[a-z0-9]+")


class _Gate:
    """Which rules can fire on a message, in a few set operations.

    The lowered message's ``[a-z0-9]`` runs form a token set: cue words are looked up in
    it, and ``TOKEN_PREFIXES`` (``akia``, ``eyj`` ...) are searched at token starts in one
    regex. Other triggers are substring tests: the few ASCII ones (``://``, ``@``) always,
    the Chinese ones only when the message contains their first character. The terms
    found are kept on the ``Doc`` for :meth:`Words.find_all`. Then each rule's
    ``MIN_DIGITS`` is checked.
    """

    __slots__ = ("always", "ascii_subs", "by_word", "min_digits", "other_subs", "prefixes", "rules")

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        by_word: dict[str, set[int]] = {}
        by_sub: dict[str, set[int]] = {}
        always = []
        for i, rule in enumerate(rules):
            words, subs = rule.CUES.gate_terms() if rule.CUES is not None else (frozenset(), frozenset())
            triggers = {t.lower() for t in rule.TRIGGERS}
            words = words | {t for t in triggers if _TOKEN.fullmatch(t)}
            subs = subs | {t for t in triggers if not _TOKEN.fullmatch(t)}
            if not words and not subs and not rule.TOKEN_PREFIXES:
                always.append(i)
            for w in words:
                by_word.setdefault(w, set()).add(i)
            for t in subs:
                by_sub.setdefault(t, set()).add(i)
        self.always = frozenset(always)
        self.by_word = {w: frozenset(ids) for w, ids in by_word.items()}
        # ASCII substrings, each with the fewest digits any of its rules needs.
        self.ascii_subs = tuple(
            (t, frozenset(ids), min(rules[i].MIN_DIGITS for i in ids))
            for t, ids in by_sub.items()
            if t.isascii()
        )
        # Substrings with Chinese in them, by their first non-ASCII character.
        other: dict[str, list[tuple[str, frozenset[int]]]] = {}
        for t, ids in by_sub.items():
            if not t.isascii():
                other.setdefault(next(c for c in t if not c.isascii()), []).append((t, frozenset(ids)))
        self.other_subs = other
        by_prefix: dict[str, set[int]] = {}
        for i, rule in enumerate(rules):
            for p in rule.TOKEN_PREFIXES:
                by_prefix.setdefault(p.lower(), set()).add(i)
        # Token starts, searched in the space-joined token set: one fast scan.
        self.prefixes = (
            (
                re.compile(" (" + "|".join(map(re.escape, sorted(by_prefix, key=len, reverse=True))) + ")"),
                {p: frozenset(ids) for p, ids in by_prefix.items()},
            )
            if by_prefix
            else None
        )
        self.min_digits = tuple(r.MIN_DIGITS for r in rules)

    def active(self, doc: Doc) -> list[Rule]:
        lower = doc.lower
        ids = set(self.always)
        tokens = set(_TOKEN.findall(lower))
        by_word = self.by_word
        found = by_word.keys() & tokens
        for word in found:
            ids |= by_word[word]
        if self.prefixes is not None:
            regex, by_prefix = self.prefixes
            for m in regex.finditer(" " + " ".join(tokens)):
                ids |= by_prefix[m.group(1)]
        digits = doc.max_digits
        for term, rule_ids, needs in self.ascii_subs:
            if needs <= digits and term in lower:
                found.add(term)
                ids |= rule_ids
        if not lower.isascii():
            other = self.other_subs
            for ch in other.keys() & set(lower):
                for term, rule_ids in other[ch]:
                    if len(term) == 1 or term in lower:
                        found.add(term)
                        ids |= rule_ids
        doc.terms = found
        min_digits = self.min_digits
        return [self.rules[i] for i in sorted(ids) if min_digits[i] <= digits]


@lru_cache(maxsize=8)
def _gate_for(rules: tuple[Rule, ...]) -> _Gate:
    return _Gate(rules)


class RulesDetector(BaseDetector):
    """The embedded detector: patterns, checksums and cue words for English and Chinese.

    Setup:
        Nothing to install or download; this is the ``PrivacyEngine`` default.

    Key init args:
        rules: the rule instances to run (default: one of each class in ``DEFAULT_RULES``).
        extra_rules: rules to run in addition to ``rules`` (your own :class:`Rule` subclasses).

    Instantiate:
        .. code-block:: python

            from memprivacy_plugins.detectors import RulesDetector
            detector = RulesDetector()
            [spans] = detector.detect(["我叫张伟，手机 138 0013 8000"], user_name="张伟")
            [(s.privacy_type, s.start, s.end) for s in spans]
            # [('Real Name', 2, 4), ('Phone Number', 8, 21)]

    Async:
        ``await detector.adetect(texts, user_name=...)`` runs ``detect`` in a worker thread.

    Every span's ``original_text`` is the exact substring ``text[start:end]``, as the
    user wrote it (full-width digits included); spans are sorted and never overlap.
    """

    name = "rules"

    def __init__(self, rules: Iterable[Rule] | None = None, *, extra_rules: Iterable[Rule] = ()) -> None:
        base = _default_rules() if rules is None else tuple(rules)
        self.rules: tuple[Rule, ...] = base + tuple(extra_rules)
        for rule in self.rules:
            if not isinstance(rule, Rule):
                raise TypeError("RulesDetector rules must be Rule instances")
        self._gate = _gate_for(self.rules)

    def __repr__(self) -> str:
        return f"RulesDetector(rules={len(self.rules)})"

    def detect(self, texts: Sequence[str], *, user_name: str | None = None) -> list[list[Span]]:
        if isinstance(texts, str):
            raise InvalidTextError("detect() takes a sequence of texts, not one str")
        if user_name is not None and not isinstance(user_name, str):
            raise InvalidTextError("user_name must be a str or None")
        name = user_name.strip() if user_name else None
        out = []
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise InvalidTextError(f"text at index {i} is not a str")
            out.append(self.detect_one(text, user_name=name))
        return out

    def detect_one(self, text: str, *, user_name: str | None = None) -> list[Span]:
        """The spans of one message."""
        if not text:
            return []
        doc = Doc(text, user_name)
        found: list[Found] = []
        for rule in self._gate.active(doc):
            if rule.applies(doc):
                found.extend(rule.find(doc))
        if not found:
            return []
        return [
            Span(text[f.start : f.end], f.privacy_type, _level(f.privacy_type), f.start, f.end, "rules")
            for f in resolve(found)
        ]
