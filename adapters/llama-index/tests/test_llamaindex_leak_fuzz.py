"""Leak fuzz through the LlamaIndex adapter (issue 9): random English and Chinese
conversations with planted structured values go through a chat engine over
MemPrivacyMemory and through MemPrivacyChatStore persisted to JSON, with a recording
cloud LLM. No planted value may reach the LLM, the memory's store or the file."""

from __future__ import annotations

import itertools
import json
import re
import string
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from llama_index.core.chat_engine import SimpleChatEngine
from llama_index.core.llms import ChatMessage
from llama_index.core.memory import ChatMemoryBuffer
from llama_index.core.storage.chat_store import SimpleChatStore
from llama_index.memory.memprivacy import MemPrivacyChatStore, MemPrivacyMemory
from llama_index.memory.memprivacy._persist import simple_chat_store_dict

ALNUM = string.ascii_letters + string.digits

# -- planted values ------------------------------------------------------------------------

emails = st.builds(
    lambda user, dot, host, tld: f"{user}{dot}@{host}.{tld}",
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8),
    st.sampled_from(["", ".lee", "_88", ".w"]),
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8),
    st.sampled_from(["com", "org", "net", "cn", "com.cn", "io"]),
)


def _cn_mobile(prefix: str, rest: str, style: int) -> str:
    digits = prefix + rest
    body = [digits, f"{digits[:3]} {digits[3:7]} {digits[7:]}", f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"][
        style
    ]
    return body


phones = st.builds(
    lambda prefix, rest, style, cc: cc + _cn_mobile(prefix, rest, style),
    st.sampled_from(["138", "139", "150", "186", "177", "135"]),
    st.text("0123456789", min_size=8, max_size=8),
    st.integers(0, 2),
    st.sampled_from(["", "+86 ", "+86"]),
)


def _luhn_complete(partial: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(partial)):
        d = int(ch)
        if i % 2 == 0:  # these positions are doubled once the check digit is appended
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return partial + str((10 - total % 10) % 10)


def _card(prefix: str, rest: str, sep: str) -> str:
    number = _luhn_complete((prefix + rest)[:15])
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


cards = st.builds(
    _card,
    st.sampled_from(["4", "51", "55", "62"]),
    st.text("0123456789", min_size=14, max_size=14),
    st.sampled_from([" ", "-", ""]),
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def _cn_id(area: str, born: date, seq: int) -> str:
    body = f"{area}{born:%Y%m%d}{seq:03d}"
    check = "10X98765432"[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS)) % 11]
    return body + check


cn_ids = st.builds(
    _cn_id,
    st.sampled_from(["110101", "310104", "440305", "510107", "330106"]),
    st.integers(0, 20000).map(lambda d: date(1955, 1, 1) + timedelta(days=d)),
    st.integers(1, 999),
)

api_keys = st.one_of(
    st.text(ALNUM, min_size=32, max_size=40).map(lambda s: "sk-" + s),
    st.text(string.ascii_uppercase + string.digits, min_size=16, max_size=16).map(lambda s: "AKIA" + s),
    st.text(ALNUM, min_size=36, max_size=36).map(lambda s: "ghp_" + s),
)

passwords = st.builds(
    lambda a, b, c: a + b + c,
    st.text(string.ascii_letters, min_size=3, max_size=6),
    st.text(string.digits, min_size=2, max_size=4),
    st.sampled_from(["!", "#", "@", "$", "Qz", "&x"]),
)

# (kind, value strategy, English templates, Chinese templates)
PLANTS: list[tuple[str, Any, list[str], list[str]]] = [
    ("email", emails, ["my email is {v}", "write to {v} tomorrow"], ["我的邮箱是{v}", "发邮件到 {v} 吧"]),
    ("phone", phones, ["call me at {v}", "my phone number is {v}"], ["我的手机号是{v}", "打我电话 {v}"]),
    (
        "card",
        cards,
        ["my card number is {v}", "charge card {v} please"],
        ["我的银行卡号是{v}", "用这张卡 {v} 付款"],
    ),
    (
        "cn_id",
        cn_ids,
        ["my Chinese ID number is {v}", "ID card: {v}"],
        ["我的身份证号是{v}", "身份证号码：{v}"],
    ),
    (
        "api_key",
        api_keys,
        ["here is my API key {v}", "use the key {v} for the call"],
        ["我的API密钥是 {v}", "用这个 key：{v}"],
    ),
    ("password", passwords, ["my password is {v}", "password: {v}"], ["我的密码是{v}", "密码：{v}"]),
]

FILLERS_EN = ["Thanks!", "Can you remember this?", "I like hiking on weekends.", "What time is it?", ""]
FILLERS_ZH = ["谢谢！", "帮我记一下。", "我周末喜欢爬山。", "现在几点了？", ""]


@st.composite
def messages(draw: Any) -> tuple[str, list[tuple[str, str]]]:
    zh = draw(st.booleans())
    planted: list[tuple[str, str]] = []
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 2))):
        kind, values, en_templates, zh_templates = draw(st.sampled_from(PLANTS))
        value = draw(values)
        template = draw(st.sampled_from(zh_templates if zh else en_templates))
        parts.append(template.format(v=value))
        planted.append((kind, value))
    filler = draw(st.sampled_from(FILLERS_ZH if zh else FILLERS_EN))
    sep = "，" if zh else ". "
    return sep.join([*parts, filler]).strip(), planted


conversations = st.lists(messages(), min_size=1, max_size=4)


# -- leak accounting -------------------------------------------------------------------------


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def leaks_in(chunks: list[str], planted: list[tuple[str, str]]) -> list[str]:
    """Kinds of planted values found in any chunk, verbatim or (numbers) digit for digit."""
    found: list[str] = []
    for kind, value in planted:
        numeric = _digits(value)
        for chunk in chunks:
            if value in chunk or (len(numeric) >= 11 and kind != "api_key" and numeric in _digits(chunk)):
                found.append(kind)
                break
    return found


def test_no_planted_value_reaches_store_or_llm(
    tmp_path: Path, engine: Any, make_recorder: Any, make_llm: Any
) -> None:
    stats = {"conversations": 0, "messages": 0, "values": 0, "leaks": 0}
    leaked: dict[str, int] = {}
    ids = itertools.count()

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
    @given(conversations)
    def run(conversation: list[tuple[str, list[tuple[str, str]]]]) -> None:
        user = f"fuzz-{next(ids)}"
        recorder = make_recorder()
        buffer_store = SimpleChatStore()
        inner = ChatMemoryBuffer.from_defaults(
            token_limit=100_000, chat_store=buffer_store, chat_store_key=user
        )
        memory = MemPrivacyMemory(memory=inner, user_id=user, engine=engine)
        chat_engine = SimpleChatEngine.from_defaults(llm=make_llm(recorder), memory=memory)
        chat_store = MemPrivacyChatStore(SimpleChatStore(), engine=engine)
        planted = [p for _, ps in conversation for p in ps]

        for text, _ in conversation:
            answer = chat_engine.chat(text)
            chat_store.add_message(user, ChatMessage(role="user", content=text))
            chat_store.add_message(user, ChatMessage(role="assistant", content=answer.response))
        path = tmp_path / f"{user}.json"
        chat_store.persist(str(path))

        sent = [str(b.model_dump()) for call in recorder.calls for m in call for b in m.blocks]
        stored = [
            json.dumps(simple_chat_store_dict(buffer_store), ensure_ascii=False),
            path.read_text("utf-8"),
        ]
        found = leaks_in(sent + stored, planted)
        stats["conversations"] += 1
        stats["messages"] += len(conversation)
        stats["values"] += len(planted)
        stats["leaks"] += len(found)
        for kind in found:
            leaked[kind] = leaked.get(kind, 0) + 1
        # the user still gets every value back
        shown = " ".join(m.content or "" for m in chat_engine.chat_history)
        assert all(value in shown for _, value in planted)

    run()
    print(f"\nllama-index leak fuzz: {stats}, leaked by kind: {leaked}")
    assert stats["messages"] >= 30
    assert stats["leaks"] == 0, f"planted values leaked: {leaked} (of {stats['values']} values)"
