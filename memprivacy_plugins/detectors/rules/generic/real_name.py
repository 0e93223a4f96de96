"""The user's own name.

Two sources: the ``user_name`` passed to ``detect`` (with the variants people write:
family/given order swapped, no space, "Last, First", the given name alone where that
is safe), and self-introductions ("my name is ...", "我叫...") when no name is known.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar, Final, Iterator

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
_NAME_WORD: Final = r"[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)?"
_INTRO_EN: Final = re.compile(
    rf"(?<![A-Za-z])(?:[Mm]y (?:full |real |legal )?name is|[Mm]y name's|[Cc]all me|I go by|[Nn]ame:)\s+"
    rf"(?P<v>{_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
)
_INTRO_ZH: Final = re.compile(
    rf"(?:我叫|我的名字是|我的名字叫|我名字叫|我名字是|本人叫|本人姓名|我的姓名是|我的全名是|我全名叫|我姓名是)[:：]?\s*"
    rf"(?P<v>[{CJK}]{{2,4}}?)(?=[，。！？,.!?\s、；;（(~～]|$|今年|来自|是|在|住|，|的|，)"
)
_NOT_NAMES_ZH: Final = frozenset("什么 不出 不上 不来 做什么 啥 谁".split())


def _latin_variants(name: str) -> tuple[list[str], list[str]]:
    """(full-name variants, first names alone) for a Latin-script name."""
    parts = name.split()
    if len(parts) == 1:
        return [], parts
    first, last = parts[0], parts[-1]
    full = [name, f"{first} {last}", f"{last} {first}", f"{last}, {first}", f"{first}{last}", f"{last}{first}"]
    return full, [first]


def _cjk_variants(name: str) -> tuple[list[str], list[str]]:
    full = [name, " ".join(name)]
    given: list[str] = []
    surname_len = 2 if name[:2] in _COMPOUND_SURNAMES else 1
    if len(name) - surname_len == 2:
        given.append(name[surname_len:])
    return full, given


@lru_cache(maxsize=512)
def name_patterns(user_name: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None, bool]:
    """(full-name regex, given-name-alone regex, given name is word-like) for one user name."""
    name = " ".join(user_name.split())
    if not name:
        return None, None, False
    cjk = re.fullmatch(rf"[{CJK}·]{{2,6}}", name.replace(" ", "")) is not None
    if cjk:
        full, given = _cjk_variants(name.replace(" ", ""))
        full_re = re.compile("|".join(re.escape(v).replace(r"\ ", r"\s?") for v in sorted(set(full), key=len, reverse=True)))
        given_re = (
            re.compile("|".join(re.escape(g) for g in given) + f"(?![{_PLACE_OR_THING_AFTER}])") if given else None
        )
        return full_re, given_re, False
    full, given = _latin_variants(name)
    full_re = None
    if full:
        body = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in sorted(set(full), key=len, reverse=True))
        full_re = re.compile(rf"(?<![A-Za-z])(?:{body})(?![A-Za-z])", re.IGNORECASE)
    wordlike = bool(given) and given[0].lower() in _WORDLIKE_NAMES
    given_re = None
    if given and len(given[0]) >= 2:
        flags = 0 if wordlike else re.IGNORECASE
        given_re = re.compile(rf"(?<![A-Za-z]){re.escape(given[0])}(?![A-Za-z])", flags)
    return full_re, given_re, wordlike


class RealNameRule(Rule):
    PRIVACY_TYPE = "Real Name"
    SCORE = 0.9
    TRIGGERS: ClassVar[tuple[str, ...]] = ()

    def find(self, doc: Doc) -> Iterator[Found]:
        if doc.user_name:
            yield from self._known(doc, doc.user_name)
        yield from self._introduced(doc)

    def _known(self, doc: Doc, user_name: str) -> Iterator[Found]:
        full_re, given_re, wordlike = name_patterns(user_name)
        taken: list[tuple[int, int]] = []
        if full_re is not None:
            for m in full_re.finditer(doc.norm):
                taken.append((m.start(), m.end()))
                yield self.hit(m.start(), m.end())
        if given_re is None:
            return
        for m in given_re.finditer(doc.norm):
            if any(s <= m.start() < e for s, e in taken):
                continue
            if wordlike and not _SELF_CUE_BEFORE.search(doc.norm, max(0, m.start() - 16), m.start()):
                continue
            yield self.hit(m.start(), m.end(), score=0.85)

    def _introduced(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        if "叫" in norm or "名" in norm:
            for m in _INTRO_ZH.finditer(norm):
                if m.group("v") not in _NOT_NAMES_ZH:
                    yield self.hit(m.start("v"), m.end("v"), score=0.85)
        lower = doc.lower
        if "name" in lower or "call me" in lower or "go by" in lower:
            for m in _INTRO_EN.finditer(norm):
                yield self.hit(m.start("v"), m.end("v"), score=0.85)
