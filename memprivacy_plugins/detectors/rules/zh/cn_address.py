"""Chinese street addresses: 省/市/区/镇 + 路/街/巷 + 号 + 小区/大厦 + 栋/单元/室.

Place names are runs of CJK characters that exclude the function characters that
start or end a clause (我, 的, 在, 是, 住, 到, 址 ...), so "我家住在北京市..." starts
the span at 北京市. A span needs a house number, building, unit or room: "朝阳区" or
"万达广场" alone is a coarse place, not a detailed address.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from .._cue_util import matches_at
from ..base import Found, Rule, Words
from ..text import Doc

_STOP_CHARS: Final = "我你他她它们的了在是到住把被给让吗呢吧啊呀这那哪请帮要想址置"


def _place_class() -> str:
    stops = sorted(ord(c) for c in set(_STOP_CHARS))
    ranges = []
    lo = 0x4E00
    for code in stops:
        if code > lo:
            ranges.append(f"{chr(lo)}-{chr(code - 1)}")
        lo = code + 1
    ranges.append(f"{chr(lo)}-\u9fff")
    return "".join(ranges)


_P: Final = _place_class()
_NUM: Final = "0-9一二三四五六七八九十百零〇两"
_PROVINCE: Final = rf"(?:[{_P}]{{2,7}}?(?:省|自治区|特别行政区))"
_CITY: Final = rf"(?:[{_P}]{{2,7}}?(?:市|自治州|地区|盟))"
_DISTRICT: Final = rf"(?:[{_P}]{{1,7}}?(?:区|县|旗))"
_TOWN: Final = rf"(?:[{_P}]{{1,7}}?(?:镇|乡|街道))"
_ROAD: Final = rf"(?:[{_P}{_NUM}A-Za-z]{{1,12}}?(?:大街|大道|路|街|巷|弄|胡同|道))"
_HOUSE: Final = rf"(?:[{_NUM}]+(?:-[0-9]+)?(?:号|號|弄)(?:院)?)"
_COMPOUND: Final = rf"(?:[{_P}{_NUM}A-Za-z]{{1,12}}?(?:小区|社区|花园|公寓|大厦|大楼|广场|中心|家园|新村|苑|园|府|城|村|湾|庭|阁|居|里|大院|宿舍|公馆|名邸|华庭))"
_BUILDING: Final = rf"(?:[{_NUM}A-Za-z]+(?:号楼|栋|幢|座|号院|期|区|楼))"
_UNIT: Final = rf"(?:[{_NUM}]+单元)"
_ROOM: Final = (
    rf"(?:[0-9A-Za-z\-]{{1,6}}(?:室|房|号房|号)|[{_NUM}]{{1,3}}(?:楼|层)[0-9A-Za-z]{{0,5}}(?:室|号)?"
    r"|[0-9]{3,4}(?![0-9年月日号元块岁]))"  # "3单元801": the room number is often written bare
)
# A detail (building, unit or room) is required unless the road has a house number.
_DETAIL: Final = rf"(?:{_BUILDING}{_UNIT}?{_ROOM}?|{_UNIT}{_ROOM}?|{_ROOM})"
_ADDRESS: Final = re.compile(
    rf"{_PROVINCE}?{_CITY}?{_DISTRICT}?{_TOWN}?"
    rf"(?:{_ROAD}(?:{_HOUSE}{_COMPOUND}?{_DETAIL}?|{_COMPOUND}?{_DETAIL})|{_COMPOUND}{_DETAIL})"
)
# The last characters of the road and compound words, what can come before them in a
# match (read backwards), and a whole scan window.
_KEY: Final = re.compile("[街道路巷弄同区园寓厦楼场心村苑府城湾庭阁居里院舍馆邸]")
_RUN_REVERSED: Final = re.compile(rf"[{_P}{_NUM}A-Za-z]*")
_WHOLE: Final = re.compile(r"(?s).+")
_WORK_WORDS: Final = Words(zh=("公司", "单位", "办公", "上班", "工作", "公司地址", "写字楼"))


class CnAddressRule(Rule):
    PRIVACY_TYPE = "Detailed Address"
    # Words only addresses use ("号" and "道" alone are too common: 手机号, 知道).
    TRIGGERS = (
        "路",
        "街",
        "巷",
        "弄",
        "胡同",
        "大道",
        "小区",
        "花园",
        "公寓",
        "大厦",
        "村",
        "苑",
        "栋",
        "幢",
        "单元",
        "号楼",
        "室",
        "号院",
        "社区",
        "新村",
        "家园",
    )
    MIN_DIGITS = 1  # a detailed address has a house, building or room number
    SCORE = 0.85

    def find(self, doc: Doc) -> Iterator[Found]:
        # An address runs up to ~40 characters before its first number and a few after it.
        # In each such window the pattern is tried only where a match can start (see _starts).
        norm = doc.norm
        for window in doc.scan(_WHOLE, 1, before=48, after=12):
            lo, hi = window.span()
            for m in matches_at(_ADDRESS, norm, _starts(norm, lo, hi), hi):
                kind = "Work Address" if _WORK_WORDS.near_before(doc, m.start(), 12) else None
                yield self.hit(m.start(), m.end(), privacy_type=kind)


def _starts(norm: str, lo: int, hi: int) -> list[int]:
    """Where an address in ``norm[lo:hi]`` can start.

    Every match holds the last character of a road or compound word (路, 街, 区, 园 ...),
    at most 52 characters after its start and with only place characters (no stop
    character, space or punctuation) before it in the match: so it starts in the run of
    place characters that ends at such a character.
    """
    starts: set[int] = set()
    for key in _KEY.finditer(norm, lo, hi):
        at = key.start()
        run = _RUN_REVERSED.match(norm[max(lo, at - 60) : at][::-1])
        starts.update(range(at - (run.end() if run is not None else 0), at + 1))
    return sorted(starts)
