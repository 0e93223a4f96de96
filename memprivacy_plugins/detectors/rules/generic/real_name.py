"""The user's own name.

Two sources: the ``user_name`` passed to ``detect`` (with the variants people write:
family/given order swapped, no space, "Last, First", the given name alone where that
is safe), and self-introductions ("my name is ...", "我叫...") when no name is known.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import ClassVar, Final

from .._cue_util import find_all_of
from ..base import Found, Rule
from ..text import CJK, Doc

# Chinese compound surnames: the given name is what follows them.
_COMPOUND_SURNAMES: Final = frozenset(
    "欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 端木 独孤 南宫 西门 申屠 百里 呼延 澹台".split()
)
# A given name alone is not the person when it runs into one of these ("国庆节", "建国路").
_PLACE_OR_THING_AFTER: Final = "节路街道区市省县镇村门桥站园湖山江河楼厦场院校司行店馆"
# First names that are also everyday English words: alone, they need a self-introduction cue.
_WORDLIKE_NAMES: Final = frozenset(
    """will bill mark grace hope faith joy rose may june april august summer autumn dawn rich chase pat sue
    art ray jack frank gene guy max miles rob sandy drew eve ivy iris lily daisy holly ruby amber crystal
    pearl ginger honey sky river rain storm stone page paige hunter carter mason cash sterling penny
    destiny harmony melody liberty trinity angel precious bob don dean earl king duke prince major ace
    buck buddy chip chuck colt dash dick doc dusty flip gus hank jay jerry kit lane levi link lou luke
    mo nick norm patience prudence reed rocky rusty scott shane skip sonny tex ty van wade ward wes
    will win young""".split()
)
_SELF_CUE_BEFORE: Final = re.compile(
    r"(?:i'?m|i am|my name is|my name's|name:|name is|call me|this is|it's|it is|signed|regards,|thanks,|"
    r"thank you,|best,|cheers,|sincerely,|love,|[-—–]|我叫|我是)\s*$",
    re.IGNORECASE,
)
_SELF_CUE_AFTER: Final = re.compile(r"\s+(?:here|speaking|again)\b", re.IGNORECASE)
# Common Chinese surnames: a given name right after one of them belongs to someone else
# (user 陈晓东, text 王晓东).
_ZH_SURNAMES: Final = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤"
)
_NAME_WORD: Final = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
_INTRO_EN: Final = re.compile(
    rf"(?<![A-Za-z])(?:[Mm]y (?:full |real |legal )?name is|[Mm]y name's|[Cc]all me|I go by|[Nn]ame:)\s+"
    rf"(?P<v>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
)
_INTRO_ZH: Final = re.compile(
    rf"(?:我叫|我的名字是|我的名字叫|我名字叫|我名字是|本人叫|本人姓名|我的姓名是|我的全名是|我全名叫|我姓名是|姓名)[:：]?\s*"
    rf"(?P<v>[{CJK}]{{2,4}}?)(?=[，。！？,.!?\s、；;（(~～]|$|今年|来自|是|在|住|，|的|，)"
)
_OTHER_SURNAME_AFTER: Final = re.compile(r" [A-Z][a-z]+(?![a-z])")


def _word_bounded(lower: str, start: int, end: int) -> bool:
    """No ASCII letter touches either end (CJK text around a Latin name is fine)."""
    before = lower[start - 1] if start > 0 else " "
    after = lower[end] if end < len(lower) else " "
    return not ("a" <= before <= "z" or "a" <= after <= "z")


_NOT_NAMES_ZH: Final = frozenset("什么 不出 不上 不来 做什么 啥 谁".split())


def _latin_variants(name: str) -> tuple[list[str], list[str]]:
    """(full-name variants, first names alone) for a Latin-script name."""
    parts = name.split()
    if len(parts) == 1:
        return [], parts
    first, last = parts[0], parts[-1]
    full = [
        name,
        f"{first} {last}",
        f"{last} {first}",
        f"{last}, {first}",
        f"{first}{last}",
        f"{last}{first}",
    ]
    return full, [first]


def _cjk_variants(name: str) -> tuple[list[str], list[str]]:
    full = [name, " ".join(name)]
    given: list[str] = []
    surname_len = 2 if name[:2] in _COMPOUND_SURNAMES else 1
    if len(name) - surname_len == 2:
        given.append(name[surname_len:])
    return full, given


@dataclass(frozen=True)
class NameForms:
    """What to look for, for one user name: literal strings, no regex to compile."""

    full: tuple[str, ...]  # lowered, longest first
    given: str | None  # lowered unless case matters
    cjk: bool
    wordlike: bool  # the given name is also an English word: case-sensitive, and needs a cue

    @cached_property
    def needles(self) -> tuple[str, ...]:
        """Lowered strings one of which every match contains (few: each is one more test)."""
        if self.cjk:  # every variant holds the name or its first two characters spaced out
            name = self.full[-1] if self.full else ""
            spaced = next((v for v in self.full if " " in v), "")
            return (self.given or name, spaced[:3]) if spaced else (self.given or name,)
        if self.given is not None:  # every Latin variant holds the first name
            return (self.given.lower(),)
        return self.full


@lru_cache(maxsize=4096)
def name_forms(user_name: str) -> NameForms | None:
    name = " ".join(user_name.split())
    if not name:
        return None
    compact = name.replace(" ", "")
    if re.fullmatch(rf"[{CJK}·]{{2,6}}", compact):
        full, given = _cjk_variants(compact)
        return NameForms(
            tuple(sorted(set(full), key=len, reverse=True)), given[0] if given else None, True, False
        )
    full, given = _latin_variants(name)
    first = given[0] if given and len(given[0]) >= 2 else None
    wordlike = first is not None and first.lower() in _WORDLIKE_NAMES
    if first is not None and not wordlike:
        first = first.lower()
    lowered = tuple(sorted({v.lower() for v in full}, key=len, reverse=True))
    return NameForms(lowered, first, False, wordlike)


def _zh_intro_possible(text: str) -> bool:
    return "叫" in text or "名" in text  # _INTRO_ZH needs one of these


def _en_intro_possible(lower: str) -> bool:
    return "name" in lower or "call me" in lower or "go by" in lower  # _INTRO_EN needs one of these


class RealNameRule(Rule):
    PRIVACY_TYPE = "Real Name"
    SCORE = 0.9
    TRIGGERS: ClassVar[tuple[str, ...]] = ()

    def applies(self, doc: Doc) -> bool:
        # The rule runs on every message: skip it cheaply when it has nothing to look for.
        # Most messages from a known user do not mention the name at all.
        lower = doc.lower
        forms = name_forms(doc.user_name) if doc.user_name else None
        if forms is not None:
            for needle in forms.needles:
                if needle in lower:
                    return True
        return _zh_intro_possible(lower) or _en_intro_possible(lower)

    def find(self, doc: Doc) -> Iterator[Found]:
        if doc.user_name:
            yield from self._known(doc, doc.user_name)
        yield from self._introduced(doc)

    def _known(self, doc: Doc, user_name: str) -> Iterator[Found]:
        forms = name_forms(user_name)
        if forms is None:
            return
        lower, norm = doc.lower, doc.norm
        taken: list[tuple[int, int]] = []
        for variant in forms.full:
            for i in find_all_of(lower, variant):
                end = i + len(variant)
                if any(s < end and i < e for s, e in taken):
                    continue
                if not forms.cjk and not _word_bounded(lower, i, end):
                    continue
                taken.append((i, end))
                yield self.hit(i, end)
        given = forms.given
        if given is None:
            return
        for i in find_all_of(norm if forms.wordlike else lower, given):
            end = i + len(given)
            if any(s <= i < e for s, e in taken):
                continue
            if forms.cjk:
                if (i > 0 and norm[i - 1] in _ZH_SURNAMES) or (
                    end < len(norm) and norm[end] in _PLACE_OR_THING_AFTER
                ):
                    continue  # 王晓东 is not 陈晓东; 国庆节 is not 国庆
            else:
                if not _word_bounded(lower, i, end) or _OTHER_SURNAME_AFTER.match(norm, end):
                    continue  # "David Patel" is not David Miller
                if forms.wordlike and not (
                    _SELF_CUE_BEFORE.search(norm, max(0, i - 16), i) or _SELF_CUE_AFTER.match(norm, end)
                ):
                    continue
            yield self.hit(i, end, score=0.85)

    def _introduced(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        if _zh_intro_possible(norm):
            for m in _INTRO_ZH.finditer(norm):
                if m.group("v") not in _NOT_NAMES_ZH:
                    yield self.hit(m.start("v"), m.end("v"), score=0.85)
        lower = doc.lower
        if _en_intro_possible(lower):
            for m in _INTRO_EN.finditer(norm):
                yield self.hit(m.start("v"), m.end("v"), score=0.85)
