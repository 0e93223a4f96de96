"""Backup / recovery codes: the list of codes after "backup codes:", "恢复码：" (each one reported)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final

from ..base import Found, Rule, Words, has_digit
from ..text import Doc

_CUES: Final = Words(
    en=(
        "backup code",
        "backup codes",
        "recovery code",
        "recovery codes",
        "scratch code",
        "scratch codes",
        "emergency code",
        "emergency codes",
        "backup key",
        "recovery key",
    ),
    zh=("备用码", "备用验证码", "恢复码", "恢复代码", "备份码", "救援码", "救援代码", "恢复密钥", "紧急代码"),
)
_LEAD: Final = re.compile(
    r"(?:\s|[:：=,，\-]|\bare\b|\bis\b|是|为|如下|分别是)*(?:[0-9]{1,2}[.)][ \t]*)?", re.IGNORECASE
)
# What the codes are for, between the cue and its colon: "backup codes for my google acct:",
# "备用码（谷歌账号）：". The colon (or "are") is required, so "codes for 2 accounts" stays a phrase.
_FOR: Final = re.compile(
    r"[ \t]*(?:(?:for|of|on|to)[ \t]+[^\n:：.!?;。！？；]{1,32}?|[(（][^)）\n]{1,24}[)）])"
    r"[ \t]*(?:[:：]|\bare\b|\bis\b|(?<=[ \t])-(?=[ \t]))",
    re.IGNORECASE,
)
_CODE: Final = re.compile(
    r"(?:[A-Za-z0-9]{4,6}[\- ][A-Za-z0-9]{4,6}(?:[\-][A-Za-z0-9]{4,6})*|[A-Za-z0-9]{6,16})(?![A-Za-z0-9])"
)
_SHAPE: Final = re.compile(r"[A-Za-z0-9]")
_SEP: Final = re.compile(
    r"[ \t]*(?:[,，、;；/|]|\n|[ \t]|\band\b|和)[ \t]*(?:\n[ \t]*)?(?:[0-9]{1,2}[.)][ \t]*)?"
)


class BackupCodeRule(Rule):
    PRIVACY_TYPE = "Backup Code"
    CUES = _CUES
    MIN_DIGITS = 1
    SCORE = 0.93

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        for cue in _CUES.find_all(doc):
            pos = _LEAD.match(norm, cue.end()).end()  # type: ignore[union-attr]
            first = _CODE.match(norm, pos)
            if first is None or not has_digit(first.group()):
                named = _FOR.match(norm, cue.end())
                if named is not None:
                    pos = _LEAD.match(norm, named.end()).end()  # type: ignore[union-attr]
            shape = None
            for _ in range(16):
                m = _CODE.match(norm, pos)
                if m is None:
                    break
                if not has_digit(m.group()):
                    # Letters only ("suwx-xtnd") count inside a list of dashed codes of that shape;
                    # not spaced ones, where "keep them" has the shape of "4829 1736".
                    if shape is None or _SHAPE.sub("x", m.group()) != shape:
                        break
                elif shape is None and "-" in m.group():
                    shape = _SHAPE.sub("x", m.group())
                yield self.hit(m.start(), m.end())
                sep = _SEP.match(norm, m.end())
                if sep is None or sep.end() == m.end():
                    break
                pos = sep.end()
