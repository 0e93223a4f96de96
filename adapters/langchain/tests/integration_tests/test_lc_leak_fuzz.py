"""Leak fuzz (issue 9): random en/zh conversations with planted structured values.

Each conversation goes through an LCEL chain with a recording fake LLM, a wrapped chat history
and a wrapped LangGraph store. A planted value leaks if it appears in what the LLM was sent or
in what the history or the store really hold. The run records how many messages were tried
and every leak found, then asserts there were none.
"""

from __future__ import annotations

import json
import random
import string
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from langchain_core.chat_history import InMemoryChatMessageHistory
from langchain_core.messages import HumanMessage
from langchain_core.prompts import ChatPromptTemplate, MessagesPlaceholder
from langgraph.store.memory import InMemoryStore
from lc_testkit import leaked

from langchain_memprivacy import MemPrivacyChatMessageHistory, MemPrivacyMasker, MemPrivacyRestorer, MemPrivacyStore

# -- value generators (valid checksums where the format has one) ---------------------------------


def luhn_complete(digits: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return digits + str((10 - total % 10) % 10)


def cn_id_complete(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]
    return first17 + check


def email(r: random.Random) -> str:
    user = (
        "".join(r.choices(string.ascii_lowercase, k=r.randint(3, 8))) + r.choice(["", ".", "_"]) + str(r.randint(1, 99))
    )
    return f"{user}@{r.choice(['gmail.com', 'qq.com', '163.com', 'example.org', 'corp.example.cn'])}"


def phone_cn(r: random.Random) -> str:
    digits = r.choice("3456789") + "".join(r.choices(string.digits, k=9))
    body = "1" + digits
    style = r.randint(0, 2)
    if style == 0:
        return f"+86 {body[:3]} {body[3:7]} {body[7:]}"
    if style == 1:
        return f"+86-{body[:3]}-{body[3:7]}-{body[7:]}"
    return body


def phone_us(r: random.Random) -> str:
    return f"+1 {r.randint(201, 989)} {r.randint(200, 999)} {r.randint(1000, 9999)}"


def card(r: random.Random) -> str:
    prefix = r.choice(["4", "51", "55"])
    number = luhn_complete(prefix + "".join(r.choices(string.digits, k=15 - len(prefix))))
    sep = r.choice([" ", "-", ""])
    return sep.join(number[i : i + 4] for i in range(0, 16, 4))


def cn_id(r: random.Random) -> str:
    area = r.choice(["110105", "310115", "440305", "510104", "330106"])
    birth = f"{r.randint(1950, 2005)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}"
    return cn_id_complete(area + birth + f"{r.randint(0, 999):03d}")


def api_key(r: random.Random) -> str:
    alnum = string.ascii_letters + string.digits
    kind = r.randint(0, 2)
    if kind == 0:
        return "sk-" + "".join(r.choices(alnum, k=40))
    if kind == 1:
        return "ghp_" + "".join(r.choices(alnum, k=36))
    return "AKIA" + "".join(r.choices(string.ascii_uppercase + string.digits, k=16))


def password(r: random.Random) -> str:
    return (
        r.choice(string.ascii_uppercase)
        + "".join(r.choices(string.ascii_lowercase, k=r.randint(4, 8)))
        + r.choice("!@#$%&*")
        + str(r.randint(10, 9999))
    )


TEMPLATES: dict[str, tuple[Any, list[str], list[str]]] = {
    # kind: (generator, English templates, Chinese templates)
    "email": (
        email,
        ["My email is {v}.", "Send the invoice to {v} please"],
        ["我的邮箱是{v}，请发到这里", "邮箱：{v}"],
    ),
    "phone_cn": (phone_cn, ["My mobile in China is {v}"], ["我的手机号是{v}", "有事打我电话 {v} 谢谢"]),
    "phone_us": (phone_us, ["Call me at {v} tonight", "my phone number: {v}"], ["我的美国号码是 {v}"]),
    "card": (
        card,
        ["My credit card number is {v}", "charge card {v} for the order"],
        ["我的银行卡号是{v}", "信用卡号：{v}"],
    ),
    "cn_id": (cn_id, ["My Chinese ID number is {v}"], ["我的身份证号码是{v}", "身份证：{v}"]),
    "api_key": (api_key, ["Use the API key {v} for the deploy", "token: {v}"], ["这是我的密钥 {v} 别外传"]),
    "password": (password, ["my password is {v}", "password: {v}"], ["我的密码是{v}", "密码：{v}"]),
}
FILLERS = [
    "Thanks!",
    "Also, I prefer tea over coffee.",
    "明天下午开会。",
    "Could you remind me later?",
    "好的，谢谢你。",
]


@st.composite
def conversations(draw: Any) -> list[tuple[str, list[tuple[str, str]]]]:
    """1-4 user messages, each with 1-2 planted values (kind, value) and maybe filler text."""
    r = random.Random(draw(st.integers(0, 2**32 - 1)))
    out = []
    for _ in range(draw(st.integers(1, 4))):
        parts, planted = [], []
        for _ in range(draw(st.integers(1, 2))):
            kind = draw(st.sampled_from(sorted(TEMPLATES)))
            gen, en, zh = TEMPLATES[kind]
            value = gen(r)
            parts.append(r.choice(en + zh).format(v=value))
            planted.append((kind, value))
        if draw(st.booleans()):
            parts.append(r.choice(FILLERS))
        out.append((" ".join(parts), planted))
    return out


def test_leak_fuzz_chain_history_store(engine, cycle_llm) -> None:
    stats: dict[str, Any] = {"messages": 0, "values": 0, "leaks": []}
    llm = cycle_llm(["Understood."])
    prompt = ChatPromptTemplate.from_messages([("system", "Remember what the user says."), MessagesPlaceholder("chat")])
    chain = MemPrivacyMasker(engine) | prompt | llm | MemPrivacyRestorer(engine)
    store_inner = InMemoryStore()
    store = MemPrivacyStore(store_inner, engine)

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(convo=conversations(), user=st.sampled_from(["u1", "u2", "张三"]))
    def run(convo: list[tuple[str, list[tuple[str, str]]]], user: str) -> None:
        cfg = {"configurable": {"user_id": user}}
        messages = [HumanMessage(text) for text, _ in convo]
        planted = [(kind, value) for _, pairs in convo for kind, value in pairs]
        stats["messages"] += len(messages)
        stats["values"] += len(planted)

        llm.seen.clear()
        chain.invoke({"chat": messages}, cfg)
        history_inner = InMemoryChatMessageHistory()
        history = MemPrivacyChatMessageHistory(history_inner, engine, user_id=user)
        history.add_messages(messages)
        for i, m in enumerate(messages):
            store.put(("memories", user), f"m{stats['messages']}-{i}", {"text": m.content})

        sinks = {
            "llm": llm.seen_text(),
            "history": "\n".join(m.model_dump_json() for m in history_inner.messages),
            "store": json.dumps(
                {str(k): {kk: v.value for kk, v in items.items()} for k, items in store_inner._data.items()},
                ensure_ascii=False,
            ),
        }
        for sink, text in sinks.items():
            for kind, value in planted:
                if leaked([value], text):
                    stats["leaks"].append({"sink": sink, "kind": kind, "value": value})
        assert [m.content for m in history.messages] == [m.content for m in messages], "reads restore exactly"

    run()
    print(f"\nleak fuzz: {stats['messages']} messages, {stats['values']} planted values, {len(stats['leaks'])} leaks")
    assert stats["messages"] >= 30
    assert stats["leaks"] == [], stats["leaks"][:10]
