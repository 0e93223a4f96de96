"""create_agent + MemPrivacyMiddleware with a fake tool-calling model, real tools, real savers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain.tools import ToolRuntime
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langchain_core.tools import tool
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.store.memory import InMemoryStore
from langgraph.types import Command
from lc_testkit import CARD, EMAIL, PASSWORD, PHONE_US, PLANTED_TEXT
from memprivacy_plugins import ScopeError

from langchain_memprivacy import MemPrivacyMiddleware, MemPrivacySerializer, MemPrivacyStore

USER_TEXT = f"Save my contact Ada: {PLANTED_TEXT[EMAIL]} Also my card number is {CARD}."


class Tools:
    """A trusted local tool and an untrusted outbound one; both record what they received."""

    def __init__(self) -> None:
        self.calls: dict[str, list[dict[str, Any]]] = {"save_contact": [], "web_search": []}
        calls = self.calls

        @tool
        def save_contact(name: str, email: str) -> str:
            """Save a contact in the local address book."""
            calls["save_contact"].append({"name": name, "email": email})
            return f"Saved {name}, {email}."

        @tool
        def web_search(query: str) -> str:
            """Search the public web."""
            calls["web_search"].append({"query": query})
            return f"Top hit: a page that lists the support line {PHONE_US}."

        self.all = [save_contact, web_search]


def script(engine, user_id: str = "u1") -> tuple[list[AIMessage], str, str]:
    """The fake model's replies, written (as a real model would) from the placeholders it saw."""
    email_ph = engine.mask(PLANTED_TEXT[EMAIL], user_id=user_id).placeholders[0]
    card_ph = engine.mask(f"card number {CARD}", user_id=user_id).placeholders[0]
    replies = [
        AIMessage(
            "",
            tool_calls=[
                {"name": "save_contact", "args": {"name": "Ada", "email": email_ph}, "id": "call_1"},
                {"name": "web_search", "args": {"query": f"who owns {email_ph} and card {card_ph}"}, "id": "call_2"},
            ],
        ),
        AIMessage(f"Done: I saved {email_ph}; your card {card_ph} was not shared."),
    ]
    return replies, email_ph, card_ph


def build(engine, fake_llm, replies, **kwargs: Any) -> tuple[Any, Any, Tools]:
    tools = Tools()
    llm = fake_llm(replies)
    middleware = MemPrivacyMiddleware(engine, trusted_tools={"save_contact"})
    agent = create_agent(llm, tools=tools.all, middleware=[middleware], system_prompt="Be brief.", **kwargs)
    return agent, llm, tools


def check_run(result: dict, llm: Any, tools: Tools, email_ph: str, find_leaks) -> None:
    assert find_leaks([EMAIL, CARD, PHONE_US], llm.seen_text()) == [], "the model never sees an original"
    assert email_ph in llm.seen_text()
    assert result["messages"][-1].content == f"Done: I saved {EMAIL}; your card {CARD} was not shared."
    assert tools.calls["save_contact"] == [{"name": "Ada", "email": EMAIL}], "trusted tool gets the original"
    (search,) = tools.calls["web_search"]
    assert find_leaks([EMAIL, CARD], search["query"]) == [], "an untrusted tool never gets an original"
    assert email_ph in search["query"]
    state_view = "\n".join(m.model_dump_json() for m in result["messages"][:-1])
    assert find_leaks([EMAIL, CARD, PHONE_US], state_view) == [], "the agent state holds the model's view"
    tool_results = [m for m in result["messages"] if isinstance(m, ToolMessage)]
    assert len(tool_results) == 2
    assert find_leaks([EMAIL, PHONE_US], "\n".join(m.content for m in tool_results)) == []


def test_agent_masks_model_and_untrusted_tools(engine, fake_llm, find_leaks) -> None:
    replies, email_ph, _ = script(engine)
    agent, llm, tools = build(engine, fake_llm, replies)
    user_msg = HumanMessage(USER_TEXT)
    result = agent.invoke({"messages": [user_msg]}, {"configurable": {"user_id": "u1"}})
    check_run(result, llm, tools, email_ph, find_leaks)
    assert user_msg.content == USER_TEXT, "the caller's message is not mutated"
    assert len(llm.seen) == 2 and llm.seen[0][0].content == "Be brief."


async def test_agent_async_twin(engine, fake_llm, find_leaks) -> None:
    replies, email_ph, _ = script(engine)
    agent, llm, tools = build(engine, fake_llm, replies)
    result = await agent.ainvoke({"messages": [("user", USER_TEXT)]}, {"configurable": {"user_id": "u1"}})
    check_run(result, llm, tools, email_ph, find_leaks)


@dataclass
class Ctx:
    user_id: str


def test_scope_from_runtime_context_and_missing_scope(engine, fake_llm, find_leaks) -> None:
    replies, email_ph, _ = script(engine, user_id="ctx-user")
    agent, llm, tools = build(engine, fake_llm, replies, context_schema=Ctx)
    result = agent.invoke({"messages": [("user", USER_TEXT)]}, context=Ctx(user_id="ctx-user"))
    check_run(result, llm, tools, email_ph, find_leaks)

    agent2, _, _ = build(engine, fake_llm, replies)
    with pytest.raises(ScopeError, match="user_id"):
        agent2.invoke({"messages": [("user", USER_TEXT)]})


def test_multi_turn_with_checkpointer_store_and_serializer(engine, fake_llm, find_leaks) -> None:
    replies, email_ph, card_ph = script(engine)
    pw_ph = engine.mask(PLANTED_TEXT[PASSWORD], user_id="u1").placeholders[0]
    # A restored answer quotes a password without its cue word: detection alone would not
    # find it again, so only the masked twin keeps it from the model on the next turn.
    replies += [AIMessage(f"I stored {pw_ph}."), AIMessage(f"You asked about {email_ph} before.")]
    saver = InMemorySaver(serde=MemPrivacySerializer(engine=engine))
    store = MemPrivacyStore(InMemoryStore(), engine)
    agent, llm, tools = build(engine, fake_llm, replies, checkpointer=saver, store=store)
    cfg = {"configurable": {"user_id": "u1", "thread_id": "t1"}}
    first = agent.invoke({"messages": [("user", USER_TEXT)]}, cfg)
    check_run(first, llm, tools, email_ph, find_leaks)

    second = agent.invoke({"messages": [("user", PLANTED_TEXT[PASSWORD])]}, cfg)
    assert second["messages"][-1].content == f"I stored {PASSWORD}."
    third = agent.invoke({"messages": [("user", "What did I ask you before?")]}, cfg)
    assert third["messages"][-1].content == f"You asked about {EMAIL} before."
    last_call = "\n".join(m.model_dump_json() for m in llm.seen[-1])
    assert find_leaks([EMAIL, CARD, PHONE_US, PASSWORD], last_call) == []
    # The earlier answers, restored for the user, went back to their masked twins for the model.
    assert f"I stored {pw_ph}." in last_call
    assert f"Done: I saved {email_ph}; your card {card_ph} was not shared." in last_call
    # Everything the saver really holds is masked, the raw input checkpoints included.
    held = repr(saver.storage) + repr(saver.blobs) + repr(saver.writes)
    assert find_leaks([EMAIL, CARD, PHONE_US, PASSWORD], held) == []


def test_system_prompt_is_masked_for_the_model(engine, fake_llm, find_leaks) -> None:
    llm = fake_llm(["Hello!"])
    agent = create_agent(
        llm,
        tools=[],
        middleware=[MemPrivacyMiddleware(engine, user_id="u1")],
        system_prompt=f"The user's phone is {PHONE_US}.",
    )
    assert agent.invoke({"messages": [("user", "hi")]})["messages"][-1].content == "Hello!"
    assert find_leaks([PHONE_US], llm.seen_text()) == []
    assert "<Phone_Number_1>" in llm.seen[0][0].content


def test_tool_returning_a_command_is_masked(engine, fake_llm, find_leaks) -> None:
    @tool
    def lookup(name: str, runtime: ToolRuntime) -> Command:
        """Look a person up in the CRM."""
        message = ToolMessage(f"{name}: {PLANTED_TEXT[PHONE_US]}", tool_call_id=runtime.tool_call_id)
        return Command(update={"messages": [message]})

    llm = fake_llm([AIMessage("", tool_calls=[{"name": "lookup", "args": {"name": "Ada"}, "id": "c1"}]), "ok"])
    agent = create_agent(llm, tools=[lookup], middleware=[MemPrivacyMiddleware(engine, user_id="u9")])
    result = agent.invoke({"messages": [("user", "find Ada")]})
    assert result["messages"][-1].content == "ok"
    assert find_leaks([PHONE_US], llm.seen_text()) == []
    assert "<Phone_Number_1>" in llm.seen_text()


def test_injected_look_alike_cannot_exfiltrate(engine, fake_llm, find_leaks) -> None:
    engine.mask(PLANTED_TEXT[EMAIL], user_id="u1")  # <Email_1> now stands for the address
    replies = [
        AIMessage("", tool_calls=[{"name": "web_search", "args": {"query": "<Email_1>"}, "id": "c1"}]),
        AIMessage("", tool_calls=[{"name": "save_contact", "args": {"name": "x", "email": "<Email_1>"}, "id": "c2"}]),
        AIMessage("done"),
    ]
    agent, llm, tools = build(engine, fake_llm, replies)
    # The attacker's page tells the model to use a placeholder; the user typed one too.
    agent.invoke({"messages": [("user", "Please look up <Email_1> for me")]}, {"configurable": {"user_id": "u1"}})
    assert tools.calls["web_search"] == [{"query": "<Email_1>"}], "untrusted: placeholder as written"
    assert tools.calls["save_contact"] == [{"name": "x", "email": EMAIL}], "trusted: restored"
    assert "<Email_1>" not in llm.seen[0][1].content, "the user's typed look-alike was neutralised"


def test_token_stream_restored_per_message(engine, fake_llm) -> None:
    from langchain_memprivacy import MemPrivacyRestorer

    replies, email_ph, _ = script(engine)
    agent, _, _ = build(engine, fake_llm, replies)
    cfg = {"configurable": {"user_id": "u1"}}
    stream = agent.stream({"messages": [("user", USER_TEXT)]}, cfg, stream_mode="messages")
    text: dict[str, str] = {}
    for chunk, _meta in MemPrivacyRestorer(engine).transform(stream, cfg):
        if isinstance(chunk.content, str) and chunk.type in ("AIMessageChunk", "ai"):
            text[chunk.id] = text.get(chunk.id, "") + chunk.content
    assert f"Done: I saved {EMAIL}; your card {CARD} was not shared." in text.values()


class Frame:
    """An object the walker cannot look into, like a dataframe."""

    rows = 3


def test_tool_artifact_objects_pass_and_content_is_masked(engine, fake_llm, find_leaks) -> None:
    @tool(response_format="content_and_artifact")
    def report(name: str) -> tuple[str, Frame]:
        """Build a report."""
        return f"Report for {name}: reach them at {PHONE_US}", Frame()

    llm = fake_llm([AIMessage("", tool_calls=[{"name": "report", "args": {"name": "Ada"}, "id": "c1"}]), "ok"])
    agent = create_agent(llm, tools=[report], middleware=[MemPrivacyMiddleware(engine, user_id="u1")])
    result = agent.invoke({"messages": [("user", "report on Ada")]})
    (tool_msg,) = [m for m in result["messages"] if isinstance(m, ToolMessage)]
    assert isinstance(tool_msg.artifact, Frame)
    assert find_leaks([PHONE_US], llm.seen_text() + tool_msg.content) == []
