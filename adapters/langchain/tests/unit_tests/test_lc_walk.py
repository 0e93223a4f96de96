"""The traversal under every wrapper: which parts of which values are text, copy on change only."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import pytest
from langchain_core.documents import Document
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage, ToolMessage
from langchain_core.prompt_values import ChatPromptValue, StringPromptValue

from langchain_memprivacy._walk import ALL_FIELDS, CONTENT_ONLY, Fields, UnsupportedValueError, collect_texts, map_texts


def upper(text: str, _ctx: str | None) -> str:
    return text.upper()


def test_message_fields_visited() -> None:
    msg = AIMessage(
        content=[{"type": "text", "text": "hi"}, {"type": "image", "url": "http://x/y.png"}, "tail"],
        name="bot",
        tool_calls=[{"name": "save", "args": {"email": "a@b.c", "n": 3}, "id": "c1"}],
        invalid_tool_calls=[
            {"name": "bad", "args": '{"x": "y"', "id": "c2", "error": None, "type": "invalid_tool_call"}
        ],
        additional_kwargs={"note": "extra"},
    )
    before = copy.deepcopy(msg)
    out = map_texts(msg, upper)
    assert msg == before, "the caller's message must not change"
    assert out.content == [{"type": "text", "text": "HI"}, {"type": "image", "url": "http://x/y.png"}, "TAIL"]
    assert out.name == "BOT"
    assert out.tool_calls[0]["args"] == {"email": "A@B.C", "n": 3}
    assert out.tool_calls[0]["name"] == "save", "tool names route calls and are never touched"
    assert out.invalid_tool_calls[0]["args"] == '{"X": "Y"'
    assert out.additional_kwargs == {"note": "EXTRA"}
    assert out.id == msg.id


def test_context_is_the_nearest_key() -> None:
    leaves = collect_texts({"password": "p1", "contacts": [{"email": "e1"}, "free"], "n": 1})
    assert leaves == [("p1", "password"), ("e1", "email"), ("free", "contacts")]
    tool = AIMessage(content="", tool_calls=[{"name": "f", "args": {"pin": "1234"}, "id": "1"}])
    assert collect_texts(tool) == [("1234", "pin")]


def test_tool_message_name_kept_and_artifact_visited() -> None:
    msg = ToolMessage(content="result", tool_call_id="c1", name="lookup", artifact={"raw": "data"})
    out = map_texts(msg, upper)
    assert (out.content, out.name, out.artifact, out.tool_call_id) == ("RESULT", "lookup", {"raw": "DATA"}, "c1")


def test_content_only_fields() -> None:
    msg = AIMessage(content="answer", name="bot", tool_calls=[{"name": "f", "args": {"a": "b"}, "id": "1"}])
    out = map_texts(msg, upper, CONTENT_ONLY)
    assert (out.content, out.name, out.tool_calls[0]["args"]) == ("ANSWER", "bot", {"a": "b"})


def test_prompt_values_documents_and_containers() -> None:
    assert map_texts(StringPromptValue(text="abc"), upper).text == "ABC"
    chat = ChatPromptValue(messages=[SystemMessage("sys"), HumanMessage("hello")])
    assert [m.content for m in map_texts(chat, upper).messages] == ["SYS", "HELLO"]
    doc = map_texts(Document(page_content="body", metadata={"author": "ann"}), upper)
    assert (doc.page_content, doc.metadata) == ("BODY", {"author": "ANN"})
    assert map_texts(("a", ["b", {"c"}]), upper) == ("A", ["B", {"C"}])


def test_unchanged_values_are_returned_as_they_are() -> None:
    value = {"a": ["x", HumanMessage("y")], "n": 2}
    assert map_texts(value, lambda t, _c: t) is value
    blank = HumanMessage("   ")
    assert map_texts(blank, upper) is blank, "blank text is never sent to the engine"


@dataclass(frozen=True)
class Note:
    text: str
    count: int


def test_dataclasses_rebuilt_and_unknown_objects() -> None:
    assert map_texts(Note("hi", 2), upper) == Note("HI", 2)
    with pytest.raises(UnsupportedValueError, match="object"):
        map_texts(object(), upper)
    thing = object()
    assert map_texts([thing, "x"], upper, Fields(unknown="keep"))[0] is thing


def test_depth_limit_is_an_error_not_a_crash() -> None:
    deep: list = []
    cur = deep
    for _ in range(300):
        nxt: list = []
        cur.append(nxt)
        cur = nxt
    with pytest.raises(UnsupportedValueError, match="deeper"):
        map_texts(deep, upper, ALL_FIELDS)


def test_equal_text_keeps_identity_and_type() -> None:
    from enum import Enum

    class Color(str, Enum):
        RED = "red"

    value = {"c": Color.RED, "m": HumanMessage("hello")}
    out = map_texts(value, lambda t, _c: "".join(list(t)))  # equal text, new object
    assert out is value and out["c"] is Color.RED
