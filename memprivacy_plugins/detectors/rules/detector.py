"""RulesDetector: every rule over every message, overlaps resolved, spans cut from the original."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache

from ...errors import InvalidTextError
from ...spans import Span, _trusted_span
from ...taxonomy import PrivacyLevel, level_of
from ..base import BaseDetector
from ._mypyc import mypyc_attr
from .base import Found, Rule
from .text import Doc

__all__ = ["RulesDetector"]


@cache
def _level(privacy_type: str) -> PrivacyLevel:
    level = level_of(privacy_type)
    if level is None:
        raise ValueError("a rule reported a type outside the taxonomy")
    return level


@cache
def _rank(privacy_type: str) -> int:
    return _level(privacy_type).rank


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
        if old is None or (_rank(f.privacy_type), f.score) > (_rank(old.privacy_type), old.score):
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


_Run = tuple[Callable[[Doc], bool] | None, Callable[[Doc], Iterable[Found]]]


class _Gate:
    """Which rules can fire on a message, as a bit mask built from a few set operations.

    The lowered message's ``[a-z0-9]`` runs form a token set: cue words are looked up in
    it, and ``TOKEN_PREFIXES`` (``akia``, ``eyj`` ...) are looked up by each token's
    first characters. Other triggers are substring tests, made only when the message
    contains the term's first character (its first non-ASCII one for Chinese terms). The
    terms found are kept on the ``Doc`` for :meth:`Words.find_all`. Last, each rule's
    ``MIN_DIGITS`` is checked against the message's longest number.
    """

    __slots__ = (
        "always",
        "ascii_key_chars",
        "by_char",
        "by_head",
        "by_word",
        "digit_masks",
        "gated",
        "head",
        "key_chars",
        "lists",
        "rules",
        "token_masks",
    )

    def __init__(self, rules: tuple[Rule, ...]) -> None:
        self.rules = rules
        by_word: dict[str, int] = {}
        by_sub: dict[str, int] = {}
        by_prefix: dict[str, int] = {}
        always = 0
        for i, rule in enumerate(rules):
            bit = 1 << i
            words, subs = rule.CUES.gate_terms() if rule.CUES is not None else (frozenset(), frozenset())
            triggers = {t.lower() for t in rule.TRIGGERS}
            words = words | {t for t in triggers if _TOKEN.fullmatch(t)}
            subs = subs | {t for t in triggers if not _TOKEN.fullmatch(t)}
            prefixes = {p.lower() for p in rule.TOKEN_PREFIXES}
            if not words and not subs and not prefixes:
                always |= bit
            for w in words:
                by_word[w] = by_word.get(w, 0) | bit
            for t in subs:
                by_sub[t] = by_sub.get(t, 0) | bit
            for p in prefixes:
                by_prefix[p] = by_prefix.get(p, 0) | bit
        self.always = always
        self.by_word = by_word
        self.gated = frozenset(id(r.CUES) for r in rules if r.CUES is not None)
        # Substrings by a character they contain (the first, or the first non-ASCII one for
        # Chinese terms, rarer), so one set intersection picks the few worth testing. ASCII
        # terms carry the fewest digits any of their rules needs.
        by_char: dict[str, list[tuple[str, int, int]]] = {}
        for t, mask in by_sub.items():
            if t.isascii():
                key, needs = t[0], min(r.MIN_DIGITS for i, r in enumerate(rules) if mask >> i & 1)
            else:
                key, needs = next(c for c in t if not c.isascii()), 0
            by_char.setdefault(key, []).append((t, mask, needs))
        # The key characters present are found with one character-class scan (ten `in`
        # tests for the ASCII ones alone cost more).
        self.by_char = by_char
        keys = "".join(map(re.escape, sorted(by_char)))
        self.key_chars = re.compile(f"[{keys}]" if keys else "(?!)")
        # An ASCII message is scanned for the ASCII keys alone: a small class is a plain
        # bitmap test per character.
        ascii_keys = "".join(map(re.escape, sorted(c for c in by_char if c.isascii())))
        self.ascii_key_chars = re.compile(f"[{ascii_keys}]" if ascii_keys else "(?!)")
        self.lists: dict[int, tuple[list[Rule], list[_Run]]] = {}  # rule mask -> rules; few masks recur
        # Token starts, by their first characters (as many as the shortest prefix has):
        # one dict lookup per token.
        self.head = min(map(len, by_prefix), default=0)
        by_head: dict[str, list[tuple[str, int]]] = {}
        for p, mask in by_prefix.items():
            by_head.setdefault(p[: self.head], []).append((p, mask))
        self.by_head = by_head
        self.token_masks: dict[str, int] = {}
        # digit_masks[d]: the rules whose MIN_DIGITS is at most d (the last entry covers more).
        top = max((r.MIN_DIGITS for r in rules), default=0)
        self.digit_masks = tuple(
            sum(1 << i for i, r in enumerate(rules) if r.MIN_DIGITS <= d) for d in range(top + 1)
        )

    def select(self, doc: Doc) -> tuple[list[Rule], list[_Run]]:
        """The rules that can fire on ``doc``, and their (applies or None, find) pairs."""
        lower = doc.lower
        mask = self.always
        tokens = doc.tokens
        # Each token's rule mask (as a cue word and by its prefix), remembered across
        # messages: one dict lookup per token, since most tokens recur.
        token_masks = self.token_masks
        for token in tokens:
            token_mask = token_masks.get(token)
            if token_mask is None:
                token_mask = self._token_mask(token)
            mask |= token_mask
        digits = doc.max_digits
        keys = (self.ascii_key_chars if lower.isascii() else self.key_chars).findall(lower)
        if keys:
            # The terms present: every token (Words.find_all intersects them with its own
            # terms) and the substrings found here.
            found = set(tokens)
            by_char = self.by_char
            for ch in set(keys) if len(keys) > 1 else keys:
                for term, term_mask, needs in by_char[ch]:
                    if needs <= digits and (len(term) == 1 or term in lower):
                        found.add(term)
                        mask |= term_mask
            doc.terms = found
        else:
            doc.terms = tokens
        doc.gated = self.gated
        mask &= self.digit_masks[min(digits, len(self.digit_masks) - 1)]
        entry = self.lists.get(mask)
        if entry is None:
            if len(self.lists) >= 4096:
                self.lists.clear()
            entry = self.lists[mask] = self._entry(mask)
        return entry

    def _token_mask(self, token: str) -> int:
        mask = self.by_word.get(token, 0)
        prefixed = self.by_head.get(token[: self.head]) if self.by_head else None
        if prefixed is not None:
            for prefix, prefix_mask in prefixed:
                if token.startswith(prefix):
                    mask |= prefix_mask
        if len(self.token_masks) >= 65536:
            self.token_masks.clear()
        self.token_masks[token] = mask
        return mask

    def _entry(self, mask: int) -> tuple[list[Rule], list[_Run]]:
        rules = self.rules
        out = []
        while mask:
            low = mask & -mask
            out.append(rules[low.bit_length() - 1])
            mask ^= low
        # Bound methods made once; no call at all for the default ``applies``.
        runs: list[_Run] = [(None if type(r).applies is Rule.applies else r.applies, r.find) for r in out]
        return out, runs

    def active(self, doc: Doc) -> list[Rule]:
        """The rules that can fire on ``doc``."""
        return self.select(doc)[0]


@lru_cache(maxsize=8)
def _gate_for(rules: tuple[Rule, ...]) -> _Gate:
    return _Gate(rules)


@mypyc_attr(allow_interpreted_subclasses=True)
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
        # object: checked below, as in detect (compiled, mypyc would raise its own TypeError first)
        given: tuple[object, ...] = self.rules
        for rule in given:
            if not isinstance(rule, Rule):
                raise TypeError("RulesDetector rules must be Rule instances")
        self._gate = _gate_for(self.rules)

    def __repr__(self) -> str:
        return f"RulesDetector(rules={len(self.rules)})"

    def detect(self, texts: Sequence[str], *, user_name: str | None | object = None) -> list[list[Span]]:
        if isinstance(texts, str):
            raise InvalidTextError("detect() takes a sequence of texts, not one str")
        if user_name is not None and not isinstance(user_name, str):
            raise InvalidTextError("user_name must be a str or None")
        name = user_name.strip() if user_name else None
        out = []
        items: Sequence[object] = texts
        for i, text in enumerate(items):
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
        for applies, find in self._gate.select(doc)[1]:
            if applies is None or applies(doc):
                found.extend(find(doc))
        if not found:
            return []
        return [
            _trusted_span(
                text[f.start : f.end], f.privacy_type, _level(f.privacy_type), f.start, f.end, "rules"
            )
            for f in resolve(found)
        ]
