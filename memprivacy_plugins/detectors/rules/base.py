"""What a rule is, and the pieces rules share: cue words and the value after a cue.

A rule is a small class whose facts are class constants (type, trigger words, patterns)
and whose ``find`` yields :class:`Found` offsets into a :class:`~.text.Doc`. Rules never
build spans themselves: the detector resolves overlaps and cuts values from the original.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from typing import ClassVar, Final

from ...taxonomy import PrivacyLevel, level_of
from ._mypyc import mypyc_attr
from .text import CJK, Doc

__all__ = ["CueValueRule", "Found", "Piece", "Rule", "Words", "pieces_after", "strip_edges"]


class Found:
    """One candidate span: offsets into the message, its type and how sure the rule is.

    A plain class with its own ``__init__``: rules make many, and this builds one in half
    the time of a frozen dataclass's generated ``__init__`` (a third, compiled by mypyc,
    where a dataclass's ``__init__`` stays interpreted). Treat it as immutable.
    """

    __slots__ = ("end", "privacy_type", "score", "start")

    def __init__(self, start: int, end: int, privacy_type: str, score: float) -> None:
        self.start = start
        self.end = end
        self.privacy_type = privacy_type
        self.score = score

    def _key(self) -> tuple[int, int, str, float]:
        return (self.start, self.end, self.privacy_type, self.score)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Found) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"Found(start={self.start}, end={self.end}, privacy_type={self.privacy_type!r}, score={self.score})"


@mypyc_attr(allow_interpreted_subclasses=True)  # users' own rules
class Rule(ABC):
    """One kind of private value.

    ``TRIGGERS`` are lowercase literals (one made of ``[a-z0-9]`` only must be a whole
    run of letters and digits, "code"; others are substrings, "://"), ``TOKEN_PREFIXES``
    starts of such runs (``akia`` for AWS keys) and ``CUES`` cue words; the rule runs
    only on messages containing one of them (none given: no literal needed).
    ``MIN_DIGITS`` skips messages whose longest number (digits joined by spaces, dashes,
    dots or brackets, after folding) is shorter. The detector checks all of this for all
    rules in one pass, so most rules never run on most messages; ``applies`` can add a
    cheap test of the rule's own.
    """

    PRIVACY_TYPE: ClassVar[str]
    TRIGGERS: ClassVar[tuple[str, ...]] = ()
    TOKEN_PREFIXES: ClassVar[tuple[str, ...]] = ()
    CUES: ClassVar[Words | None] = None
    MIN_DIGITS: ClassVar[int] = 0
    SCORE: ClassVar[float] = 0.9

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        kind = vars(cls).get("PRIVACY_TYPE")
        if kind is not None and level_of(kind) is None:
            raise TypeError(f"{cls.__name__}.PRIVACY_TYPE is not a canonical type")

    @property
    def name(self) -> str:
        return type(self).__name__

    @property
    def level(self) -> PrivacyLevel:
        level = level_of(self.PRIVACY_TYPE)
        assert level is not None  # checked in __init_subclass__
        return level

    def applies(self, doc: Doc) -> bool:
        """An extra cheap test beyond the triggers and ``MIN_DIGITS`` (which the detector checks)."""
        return True

    @abstractmethod
    def find(self, doc: Doc) -> Iterable[Found]:
        """Yield candidate spans in ``doc`` (offsets valid in ``doc.text``)."""

    def hit(
        self, start: int, end: int, *, score: float | None = None, privacy_type: str | None = None
    ) -> Found:
        return Found(start, end, privacy_type or self.PRIVACY_TYPE, self.SCORE if score is None else score)


@mypyc_attr(allow_interpreted_subclasses=True)
class Words:
    """Cue words of both languages as one regex.

    English words match whole-word (an ASCII letter or digit may not touch either end),
    so ``tel`` does not fire inside ``hotel`` nor ``fb`` inside a commit hash; Chinese
    words match as substrings, since Chinese has no spaces. Searches run on lowered text.
    """

    __slots__ = (
        "_ascii_subs",
        "_finds",
        "_gate_terms",
        "_gate_words",
        "_minimal",
        "_near",
        "_other_subs",
        "_prefixes",
        "en",
        "regex",
        "zh",
    )

    def __init__(self, en: Iterable[str] = (), zh: Iterable[str] = ()) -> None:
        zh = {w.lower() for w in zh}
        ascii_zh = {w for w in zh if w.isascii()}  # "token", "qq" in a Chinese list are English words
        self.en = tuple(sorted({w.lower() for w in en} | ascii_zh, key=len, reverse=True))
        self.zh = tuple(sorted(zh - ascii_zh, key=len, reverse=True))
        parts = []
        if self.en:
            body = "|".join(_word_regex(w) for w in self.en)
            parts.append(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9@])")  # "user@host" is not the cue "user"
        if self.zh:
            parts.append("|".join(re.escape(w) for w in self.zh))
        self.regex: re.Pattern[str] = re.compile("|".join(parts) or r"(?!x)x")
        # Where a match can start: the first part of each cue, found with str.find.
        self._finds = tuple(sorted({_fixed_prefix(w) for w in self.en} | set(self.zh)))
        words, subs = self.gate_terms()
        self._gate_terms = words | subs
        self._gate_words = words
        self._ascii_subs = tuple(t for t in subs if t.isascii())
        self._other_subs = tuple(t for t in subs if not t.isascii())
        # term -> the shorter terms it starts with: where it occurs, they do too. The terms
        # present in a message, less those: remembered by the set of terms present.
        self._minimal: dict[frozenset[str], tuple[str, ...]] = {}
        self._near: re.Pattern[str] | None = None  # built on first use (see _within)
        terms = self._gate_terms | set(self._finds)
        self._prefixes = {
            t: shorter for t in terms if (shorter := tuple(p for p in terms if p != t and t.startswith(p)))
        }

    def gate_terms(self) -> tuple[frozenset[str], frozenset[str]]:
        """(ASCII tokens, substrings): a message can match only if it has one of them.

        Tokens are runs of ``[a-z0-9]`` in the lowered message. A cue of plain words
        ("user name") matches with or without separators, so each run of its first parts
        joined ("user", "username") is a token to look for; another English cue
        ("driver's license") needs its first run ("driver"). Chinese cues are substrings.
        """
        words: set[str] = set()
        subs: set[str] = set()
        for w in self.en:
            runs = _ALNUM_RUN.findall(w)
            if not runs or not w.startswith(runs[0]):
                subs.add(_fixed_prefix(w))
            elif _PLAIN_WORDS.fullmatch(w):
                words.update("".join(runs[:k]) for k in range(1, len(runs) + 1))
            else:
                words.add(runs[0])
        subs.update(self.zh)
        return frozenset(words), frozenset(subs)

    def find_all(self, doc: Doc) -> list[re.Match[str]]:
        """Every non-overlapping cue in ``doc``, left to right.

        Faster than one scan with the whole alternation (slow in ``re`` for long texts):
        find where a cue can start, then match the alternation only there.
        """
        lower = doc.lower
        present: frozenset[str] | tuple[str, ...]
        if doc.terms is not None and id(self) in doc.gated:  # the gate saw which of our cue words occur
            # A cue starts where one of its gate terms does (a whole word, or a substring).
            present = self._gate_terms & doc.terms
        else:
            present = frozenset(t for t in self._finds if t in lower)
        if not present:
            return []
        if len(present) > 1:  # "身份证" finds every start "身份证号码" would: search it alone
            minimal = self._minimal.get(present)
            if minimal is None:
                if len(self._minimal) >= 512:
                    self._minimal.clear()
                prefixes = self._prefixes
                minimal = self._minimal[present] = tuple(
                    t for t in present if not any(p in present for p in prefixes.get(t, ()))
                )
            present = minimal
        out: list[re.Match[str]] = []
        match = self.regex.match
        if len(present) == 1:  # the usual case: the term's starts come in order, no set to sort
            (term,) = present
            i = lower.find(term)
            while i >= 0:
                m = match(lower, i)
                if m is None:
                    i = lower.find(term, i + 1)
                else:
                    out.append(m)
                    i = lower.find(term, m.end())  # cues do not overlap
            return out
        starts: list[int] = []  # a start found twice matches (or fails) the same way twice
        for term in present:
            i = lower.find(term)
            while i >= 0:
                starts.append(i)
                i = lower.find(term, i + 1)
        starts.sort()
        end = -1
        for pos in starts:
            if pos < end:
                continue
            m = match(lower, pos)
            if m is not None:
                out.append(m)
                end = m.end()
        return out

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        return self.regex.search(text, pos, len(text) if endpos is None else endpos)

    def present(self, doc: Doc) -> bool:
        """Could any cue occur in ``doc`` at all? Cheap set and substring tests, cached per doc."""
        return bool(self._starts(doc))

    def occurs(self, doc: Doc) -> bool:
        """Does a cue occur anywhere in ``doc`` (``regex.search`` over the whole message, cheaply)?"""
        return self.present(doc) and self._within(doc, 0, len(doc.lower))

    def _starts(self, doc: Doc) -> tuple[str, ...]:
        """The gate terms in ``doc``: every cue match starts with one. Cached per doc."""
        key = id(self)
        cached = doc._present.get(key)
        if cached is None:
            lower = doc.lower
            cached = (
                *(self._gate_words & doc.tokens),
                *(t for t in self._ascii_subs if t in lower),
                *((t for t in self._other_subs if t in lower) if not lower.isascii() else ()),
            )
            doc._present[key] = cached
        return cached

    def _within(self, doc: Doc, lo: int, hi: int) -> bool:
        """``regex.search(doc.lower, lo, hi)`` finds a cue, on a message where one of the
        gate terms occurs (a window that cuts "tell" after "tel" finds the cue only then).

        The window is scanned with the same alternatives as ``regex``, each English word's
        "no letter or digit before" test moved after its first letter: every alternative
        then starts with a literal, and ``re`` skips the characters no cue starts with
        (``regex`` itself opens with a lookbehind, tried at every position).
        """
        near = self._near
        if near is None:
            parts = [rf"{re.escape(w[0])}(?<![a-z0-9].){_word_regex(w[1:])}(?![a-z0-9@])" for w in self.en]
            parts += [re.escape(w) for w in self.zh]
            near = self._near = re.compile("|".join(parts) or r"(?!x)x")
        return near.search(doc.lower, lo, hi) is not None and self.present(doc)

    def near_before(self, doc: Doc, start: int, width: int) -> bool:
        return self._within(doc, start - width if start > width else 0, start)

    def near(self, doc: Doc, start: int, end: int, before: int, after: int = 0) -> bool:
        if self._within(doc, start - before if start > before else 0, start):
            return True
        return after > 0 and self._within(doc, end, end + after)


_PLAIN_WORDS: Final = re.compile(r"[a-z0-9]+(?:[ \-_][a-z0-9]+)*")
_ALNUM_RUN: Final = re.compile(r"[a-z0-9]+")
_SEPARATORS: Final = re.compile(r"[ \-_]")


def _fixed_prefix(word: str) -> str:
    """The part of a cue word every match contains: up to its first separator."""
    return re.split(r"[ \-_']", word, maxsplit=1)[0] or word


def _word_regex(word: str) -> str:
    # A space or dash in a cue word matches any run of spaces, dashes or underscores, or
    # none: "user name" finds "user name", "user-name", "user_name" and "username".
    return re.escape(word).replace(r"\ ", r"[\s_-]*").replace(r"\-", r"[\s_-]*")


# -- the value after a cue ---------------------------------------------------------------

_CLOSE_FOR: Final = {'"': '"', "'": "'", "`": "`", "“": "”", "‘": "’", "「": "」", "『": "』", "«": "»"}
EN_CONNECTORS: Final = frozenset(
    "is was are were be been to as now = : - -> => currently set reset changed updated "
    "it's its # #: no no. no: nr nr. num number".split()
)
# One piece after a cue. A run of printable ASCII is told apart by the regex itself (a
# connector word, a lone comma, sentence punctuation, or a value) so the walk below does
# no string tests on it: a connector is the whole run, any case, with colons after it
# ("is", "Number:") or made of ":=->" only; "," and ".!?;" runs likewise. A run of
# connectors, or a run of CJK characters, comes with the value that follows it (if one
# does) in the same match: one regex call for "is hunter2" or "是hunter2".


def _blind_trie(words: Iterable[str]) -> str:
    """The words as one case-blind (ASCII) regex shaped as a trie: "[iI](?:[sS]|[tT](?:[sS]|'[sS]))".

    ``re`` skips an alternative whose first item is a character class that the next
    character is not in, so a miss costs a few class tests instead of one attempt per word.
    """
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def body(node: dict[str, dict]) -> str:
        alts = []
        for ch, child in sorted(node.items(), key=lambda item: item[0] == ""):  # longer first
            if ch == "":
                alts.append("")
                continue
            head = f"[{ch.lower()}{ch.upper()}]" if ch.isalpha() else re.escape(ch)
            alts.append(head + body(child))
        if alts == [""]:
            return ""
        return "(?:" + "|".join(alts) + ")"

    return body(trie)


_CONNECTOR_RUN: Final = _blind_trie(EN_CONNECTORS) + r":*(?![!-~])|[:=\->]+(?![!-~])"
_VALUE_RUN: Final = f"""(?!["'`])(?!{_CONNECTOR_RUN})(?!,(?![!-~]))(?![.!?;]+(?![!-~]))[!-~]+"""
_PIECE: Final = re.compile(
    r"[ \t]*(?:"
    "(?P<quote>[\"'`“‘「『«])"
    f"|(?P<cjk>[{CJK}]+)(?:[ \t]*(?P<cjkval>{_VALUE_RUN}))?"
    f"|(?P<conn>(?:{_CONNECTOR_RUN})(?:[ \t]+(?:{_CONNECTOR_RUN}))*)(?:[ \t]+(?P<connval>{_VALUE_RUN}))?"
    r"|(?P<soft>,)(?![!-~])"
    r"|(?P<stop>[.!?;]+)(?![!-~])"
    r"|(?P<tok>[!-~]+)"
    r"|(?P<other>[^\s])"
    r"|(?P<newline>\n)"
    ")"
)
# What a run of CJK characters ends with when it introduces the value ("是", "改成了", "号码").
_ZH_CONNECTOR_ENDS: Final = tuple(
    "是 为 為 改成 改成了 改为 改为了 改為 设为 設為 设成 设成了 设置为 设置成 设置成了 换成 换成了 更新为 "
    "都是 就是 如下 号 号码 码".split()
)
_DIGIT_GROUPS: Final = re.compile(r"(?:[ \-][0-9]{2,6})+(?![0-9A-Za-z])")
_STOP_PUNCT: Final = frozenset(".!?;。！？；…")
_LEAD: Final = ":=：＝"
_TRAIL: Final = ".,;:!?)]}>\"'`”’」』»，。；：！？、"


def strip_edges(value: str, start: int) -> tuple[str, int]:
    """Drop connector marks at the front and sentence punctuation at the end."""
    lead = len(value) - len(value.lstrip(_LEAD))
    value = value[lead:].rstrip(_TRAIL)
    return value, start + lead


class Piece:
    """A candidate value in the words after a cue (a plain class, for the reason ``Found`` is)."""

    __slots__ = ("connector", "end", "first", "quoted", "start", "value")

    def __init__(self, start: int, end: int, value: str, connector: bool, quoted: bool, first: bool) -> None:
        self.start = start
        self.end = end
        self.value = value
        self.connector = connector  # a connector (is, :, =, 是 ...) came right before it
        self.quoted = quoted
        self.first = first  # nothing but spaces and connectors between the cue and the value

    def _key(self) -> tuple[int, int, str, bool, bool, bool]:
        return (self.start, self.end, self.value, self.connector, self.quoted, self.first)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Piece) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:  # no value: pieces hold private text
        return f"Piece(start={self.start}, end={self.end}, connector={self.connector}, quoted={self.quoted})"


def pieces_after(doc: Doc, pos: int, *, window: int = 40, max_pieces: int = 6) -> Iterator[Piece]:
    """The ASCII or quoted values in the words after ``pos``, up to the sentence end.

    Spaces and connector words are skipped; ``Piece.connector`` tells whether one came
    just before the value. Scanning stops at sentence punctuation, a line break,
    ``window`` characters or ``max_pieces`` pieces.
    """
    for start, end, value, connector, quoted, first in _walk(doc.norm, pos, window, max_pieces, False):
        yield Piece(start, end, value, connector, quoted, first)


def _walk(
    norm: str, pos: int, window: int, max_pieces: int, usable_only: bool
) -> Iterator[tuple[int, int, str, bool, bool, bool]]:
    """``pieces_after`` as plain tuples. ``usable_only``: skip the pieces no cue rule takes
    (neither first, after a connector, nor quoted) without cutting their value."""
    limit = min(len(norm), pos + window)
    size = len(norm)
    connector = False
    first = True
    seen = 0
    match = _PIECE.match
    while pos < limit and seen < max_pieces:
        m = match(norm, pos)
        if m is None:
            return
        kind = m.lastgroup
        if kind == "tok":
            tok_start, end = m.span("tok")
        elif kind == "connval" or kind == "conn":
            connector = True
            pos = m.end("conn")
            if kind == "conn":
                continue
            if pos >= limit:  # the walk stops before the value
                return
            tok_start, end = m.span("connval")
        elif kind == "cjkval" or kind == "cjk":
            run = m.group("cjk")
            connector = run.endswith(_ZH_CONNECTOR_ENDS)
            if len(run) > 8:
                return
            first = first and connector
            pos = m.end("cjk")
            seen += 1
            if kind == "cjk":
                continue
            if pos >= limit or seen >= max_pieces:  # the walk stops before the value
                return
            tok_start, end = m.span("cjkval")
        elif kind == "quote":
            opener = m.group("quote")
            if opener == "'" and norm.startswith("'s ", m.start("quote")):
                connector = True  # "the password's hunter2": 's is "is"
                pos = m.start("quote") + 2
                continue
            close = norm.find(_CLOSE_FOR[opener], m.end(), m.end() + 81)
            if close > m.end():
                inner = norm[m.end() : close]
                if "\n" not in inner:
                    yield (m.end(), close, inner, connector, True, first)
                    return
            pos = m.end()
            seen += 1
            continue
        elif kind == "soft":
            first = False
            connector = False
            pos = m.end()
            continue
        elif kind == "stop":
            if m.group("stop") == "." and m.start("stop") == pos and first and seen == 0:
                pos = m.end()  # the dot of an abbreviated cue: "passport no. 548293017"
                continue
            return
        elif kind == "other":
            if m.group("other") in _STOP_PUNCT:
                return
            pos = m.end()
            first = False
            seen += 1
            continue
        else:  # a line break
            return
        # A value: norm[tok_start:end].
        tok = norm[tok_start:end]
        if tok.lstrip(_LEAD).isdigit():
            # Numbers written in groups: "6222 0212 3456 7890", "110101 19900307 4514".
            groups = _DIGIT_GROUPS.match(norm, end)
            if groups:
                end = groups.end()
                tok = norm[tok_start:end]
        if not usable_only or connector or first or tok[0] in _LEAD:
            value, vstart = strip_edges(tok, tok_start)
            if value:
                yield (vstart, vstart + len(value), value, connector or vstart > tok_start, False, first)
        if tok[-1] in _STOP_PUNCT and (end >= size or norm[end].isspace()):
            return
        connector = False
        first = False
        pos = end
        seen += 1


@mypyc_attr(allow_interpreted_subclasses=True)
class CueValueRule(Rule):
    """A value announced by a cue word: "password: ...", "验证码是 ...", "PIN 1234".

    Subclasses give ``CUES`` and ``accept(piece, doc, cue) -> privacy type or None``.
    The first accepted piece after each cue is reported; the closer the cue, the higher
    the score, so "reset code 4829" beats an earlier "password" on the same value.
    """

    CUES: ClassVar[Words]  # type: ignore[misc]  # required here, optional on Rule
    WINDOW: ClassVar[int] = 40
    MAX_PIECES: ClassVar[int] = 6
    CUT: ClassVar[str] = ""  # a value ends before any of these ("&" ends a token in a URL query)
    EXTEND: ClassVar[re.Pattern[str] | None] = None  # a value may continue with this ("AB12" + " CDE")

    @abstractmethod
    def accept(self, piece: Piece, doc: Doc, cue: re.Match[str]) -> str | None:
        """The privacy type for this value, or None to try the next piece."""

    def find(self, doc: Doc) -> Iterable[Found]:
        cues = self.CUES.find_all(doc)
        if not cues:
            return ()
        out = []
        norm = doc.norm
        cut, extend, window, max_pieces = self.CUT, self.EXTEND, self.WINDOW, self.MAX_PIECES
        for cue in cues:
            cue_end = cue.end()
            # Only pieces right after the cue, after a connector or quoted can be values
            # ("password yesterday and my phone 138...": words between, no connector).
            for start, end, value, connector, quoted, first in _walk(norm, cue_end, window, max_pieces, True):
                if cut:
                    value = _cut_value(value, cut)
                    if not value:
                        continue
                    end = start + len(value)
                if extend is not None:
                    more = extend.match(norm, end)
                    if more:
                        end = more.end()
                        value = norm[start:end]
                kind = self.accept(Piece(start, end, value, connector, quoted, first), doc, cue)
                if kind is not None:
                    out.append(
                        self.hit(start, end, score=self.SCORE - (start - cue_end) / 1000, privacy_type=kind)
                    )
                    break
        return out


def _cut_value(value: str, chars: str) -> str:
    """``value`` up to the first of ``chars``, its edges stripped again."""
    cut = _CUTS.get(chars)
    if cut is None:
        cut = _CUTS[chars] = re.compile("[" + re.escape(chars) + "]")
    m = cut.search(value)
    return value if m is None else strip_edges(value[: m.start()], 0)[0]


_CUTS: dict[str, re.Pattern[str]] = {}  # CUT -> a class of its characters


# -- small shared value tests -------------------------------------------------------------

EN_STOPWORDS: Final = frozenset(
    """a an the my your his her our their its this that these those it me you he she we they
    i is was are were be been being am not no yes and or but if then so too very also just
    same different new old wrong right correct incorrect weak strong long short simple easy hard
    required needed expired invalid valid changed reset forgotten lost stolen saved stored here
    there what which who when where why how please thanks thank sorry ok okay sure still again
    for from with without about of on in at by to up down out over under into onto all any some
    none nothing something everything anything one two three four five six seven eight nine ten
    secure safe unsafe case sensitive hidden visible private public personal same""".split()
)

_HAS_DIGIT: Final = re.compile(r"[0-9]")
_HAS_ALPHA: Final = re.compile(r"[A-Za-z]")
_HAS_SYMBOL: Final = re.compile(r"[^0-9A-Za-z]")
_INNER_UPPER: Final = re.compile(r"[a-z][A-Z]|[A-Z]{2}[a-z]")


def has_digit(value: str) -> bool:
    return _HAS_DIGIT.search(value) is not None


def has_alpha(value: str) -> bool:
    return _HAS_ALPHA.search(value) is not None


def secret_like(value: str) -> bool:
    """Looks typed as a secret rather than a word: a digit, a symbol or inner capitals."""
    return (
        _HAS_DIGIT.search(value) is not None
        or _HAS_SYMBOL.search(value) is not None
        or _INNER_UPPER.search(value) is not None
    )


def masked_out(value: str) -> bool:
    """Already hidden by the user ("******", "xxxx", "•••")."""
    return value[:1] in _MASKS and len(set(value.lower())) == 1


_MASKS: Final = frozenset("*x•●·#?_-.")


UNIT_AFTER: Final = frozenset("年月日号號元块塊岁歲个個次天分秒点點折倍%℃度米斤克万萬亿億")


def unit_follows(doc: Doc, end: int) -> bool:
    """A number followed by a Chinese unit is a date, amount or count, not an identifier."""
    return end < len(doc.norm) and doc.norm[end] in UNIT_AFTER
