"""The user's own age: "I'm 34", "I am 34 years old", "我今年34岁", "本人28周岁".

Only first-person statements: other people's ages are someone else's information and
a model's job.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import ClassVar, Final

from ..base import Found, Rule
from ..text import Doc

# English: the words before a one- or two-digit number, then what may follow it. Searched
# only around such numbers, which a message has few of.
_EN_BEFORE: Final = re.compile(
    r"(?<![a-z])(?:i'?m|i am|i just turned|i turned|i'?ll be|i will be|i'?m turning|my age is|age:?)\s+$"
)
_EN_VALUE: Final = re.compile(
    r"[1-9][0-9]?(?:\s*(?:years?|yrs?)(?:\s*old)?|\s*y/?o(?![A-Za-z]))?"
    r"(?![0-9%'\".,]?[0-9]|\s*(?:%|percent|kg|lbs?|cm|ft|feet|inch|mins?|minutes|hours?|days?|weeks?|months?"
    r"|dollars|bucks|k\b|times|people|of\b|out\b|in\b)|')",
    re.IGNORECASE,
)
_ZH: Final = re.compile(
    r"(?:我|本人|俺)(?:今年|现在|目前|已经|才|刚|刚刚|快|都)?(?:满|过了)?(?P<v>[1-9][0-9]?(?:周)?岁(?:半)?)"
    r"|(?:^|[，,\s])[男女][，,\s]\s*(?P<w>[1-9][0-9]?岁)"  # a profile line: "赵敏 女 32岁"
)


# "我叫张三丰，今年45岁": the subject came earlier in the sentence, with no one else named between.
_THIS_YEAR: Final = re.compile(r"(?:今年|现年|目前)(?P<v>[1-9][0-9]?(?:周)?岁(?:半)?)")
_SELF_EARLIER: Final = re.compile(r"(?:我|本人)[^。！？!?\n]{0,12}$")
_OTHER_PERSON: Final = re.compile(
    r"儿子|女儿|孩子|宝宝|老婆|老公|妻子|丈夫|妈|爸|父亲|母亲|哥|姐|弟|妹|朋友|同事|他|她"
)


class AgeRule(Rule):
    PRIVACY_TYPE = "Specific Age"
    TRIGGERS: ClassVar[tuple[str, ...]] = ("i", "im", "age", "岁")  # whole tokens, and the Chinese unit
    MIN_DIGITS = 1
    SCORE = 0.88

    def find(self, doc: Doc) -> Iterator[Found]:
        norm = doc.norm
        if "岁" in norm:
            for m in _ZH.finditer(norm):
                group = "v" if m.group("v") else "w"
                yield self.hit(m.start(group), m.end(group))
            for m in _THIS_YEAR.finditer(norm):
                before = _SELF_EARLIER.search(norm, max(0, m.start() - 14), m.start())
                if before and not _OTHER_PERSON.search(before.group()):
                    yield self.hit(m.start("v"), m.end("v"), score=0.85)
        lower = doc.lower
        for start, end in doc.numbers:
            if end - start > 2 or not _EN_BEFORE.search(lower, max(0, start - 18), start):
                continue
            value = _EN_VALUE.match(norm, start)
            if value is None:
                continue
            bare = value.end() == end
            if bare and int(norm[start:end]) < 13:
                continue  # a bare small number after "I'm" is rarely an age
            yield self.hit(start, value.end(), score=0.8 if bare else self.SCORE)
