"""Leak fuzzing through PrivateMemory: random conversations with planted values, both languages.

Bounded (30 examples, one shared Memory). Prints and records how many messages were
tried, how many values were planted, and how many were found in a store (must be 0).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from memprivacy_mem0 import PrivateMemory
from memprivacy_mem0.testing import api_key, card_number, cn_mobile, cn_resident_id, email, password, us_phone

Maker = Callable[[random.Random], str]

# (template, kind) -> the value goes where {v} is. Cue words stay next to the value they announce.
EN = (
    ("My email address is {v}, write it down.", email),
    ("you can reach me at {v} after six", us_phone),
    ("Call me at {v} tomorrow", lambda r: cn_mobile(r, international=True)),
    ("Book it with my card {v} please", card_number),
    ("our prod api key: {v}", api_key),
    ("my password is {v}", password),
    ("Send the invoice to {v} and cc my assistant", email),
)
ZH = (
    ("我的邮箱是{v}，记一下", email),
    ("手机号{v}，有事打给我", cn_mobile),
    ("我的手机号码是{v}", lambda r: cn_mobile(r, international=True)),
    ("身份证号码：{v}", cn_resident_id),
    ("银行卡号{v}，用来报销", card_number),
    ("密码是{v}", password),
    ("帮我记住服务器的密钥 {v}", api_key),
)
FILLER = ("I prefer window seats.", "下周三提醒我开会。", "Thanks!", "我喜欢喝绿茶。", "")

TALLY = {"examples": 0, "messages": 0, "planted": 0, "found_in_stores": 0}


@st.composite
def conversations(draw: Any) -> tuple[list[dict[str, str]], list[str], bool]:
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    messages, values = [], []
    for _ in range(draw(st.integers(1, 3))):
        parts = []
        for _ in range(draw(st.integers(1, 3))):
            template, make = draw(st.sampled_from(EN + ZH))
            value = make(rng)
            values.append(value)
            parts.append(template.format(v=value))
        parts.append(draw(st.sampled_from(FILLER)))
        role = draw(st.sampled_from(["user", "user", "assistant"]))
        messages.append({"role": role, "content": " ".join(p for p in parts if p)})
    return messages, values, draw(st.booleans())


@pytest.fixture(scope="module")
def tally(record_testsuite_property: Any) -> Any:
    yield TALLY
    print(f"\nmem0 leak fuzz: {TALLY}")
    for key, value in TALLY.items():
        record_testsuite_property(f"mem0_fuzz_{key}", value)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=conversations())
def test_no_planted_value_reaches_the_stores_or_the_llm(
    case: tuple[list[dict[str, str]], list[str], bool], store: Any, engine: Any, tally: dict[str, int]
) -> None:
    messages, values, infer = case
    user_id = f"fuzz-{random.Random().getrandbits(48):x}"
    PrivateMemory(store.memory, engine).add(messages, user_id=user_id, infer=infer)

    leaks = store.leaks(values)
    tally["examples"] += 1
    tally["messages"] += len(messages)
    tally["planted"] += len(values)
    tally["found_in_stores"] += len({f.value for f in leaks})
    assert leaks == [], sorted({f.where.split("/")[0] for f in leaks})
