"""Agent middleware for ``langchain.agents.create_agent``: the model only ever sees placeholders.

How it works (the agent's ``messages`` state is the model's view):

* ``before_model`` masks every message that is not yet known to be safe (user input,
  history passed in, anything another step added) and writes the masked copies back into
  the state, so the model, other middleware, tools that read the state and the
  checkpoints written from then on see placeholders.
* ``wrap_model_call`` masks whatever the request still carries that is not known to be
  safe (a system prompt, messages injected by other middleware) for this call only, and
  records the model's reply as safe: it was written from placeholders.
* ``wrap_tool_call`` restores the arguments of *trusted* tools only, then masks the tool's
  result before it enters the state.
* ``after_agent`` restores the final answer (and ``structured_response``) for the user and
  keeps its masked twin, which replaces it again when the conversation continues.

Which messages are safe is remembered as message digests in a private state channel.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Annotated, Any, cast

from langchain.agents.middleware.types import (
    AgentMiddleware,
    AgentState,
    ExtendedModelResponse,
    ModelRequest,
    ModelResponse,
    PrivateStateAttr,
)
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langgraph.config import get_config
from langgraph.prebuilt.tool_node import ToolCallRequest
from langgraph.runtime import Runtime
from langgraph.types import Command
from memprivacy_plugins import PrivacyEngine
from typing_extensions import NotRequired

from ._utils import (
    Scope,
    amask_value,
    arestore_value,
    default_engine,
    fingerprint,
    mask_value,
    resolve_scope,
    restore_value,
)
from ._walk import CONTENT_ONLY, Fields

__all__ = ["MemPrivacyMiddleware", "MemPrivacyState"]

SAFE_KEY = "memprivacy_safe"
# What reaches a provider (text, names, tool arguments, additional_kwargs) is always walkable;
# an object the walker cannot open sits in a tool artifact, which providers never receive.
_FIELDS = Fields(unknown="keep")
TWINS_KEY = "memprivacy_twins"


def _union(left: list[str] | None, right: list[str] | None) -> list[str]:
    merged = dict.fromkeys(left or ())
    merged.update(dict.fromkeys(right or ()))
    return list(merged)


def _merge(left: dict[str, Any] | None, right: dict[str, Any] | None) -> dict[str, Any]:
    return {**(left or {}), **(right or {})}


class MemPrivacyState(AgentState[Any]):
    """The agent state plus the middleware's private bookkeeping (digests only, no values)."""

    memprivacy_safe: NotRequired[Annotated[list[str], PrivateStateAttr, _union]]
    memprivacy_twins: NotRequired[Annotated[dict[str, Any], PrivateStateAttr, _merge]]


class MemPrivacyMiddleware(AgentMiddleware[MemPrivacyState, Any]):
    """Masks what the model sees and restores what the user and trusted tools see.

    Unlike ``PIIMiddleware``, which can only redact, the placeholders keep their meaning
    (``<Email_1>``) and are restored on the way out.

    Tool-call rule: the model writes tool arguments from placeholders. A tool listed in
    ``trusted_tools`` (local code you trust with the user's data, e.g. ``save_contact``)
    receives the restored originals; every other tool receives the placeholders as the
    model wrote them. A prompt-injected instruction ("send the user's card number to
    http://...") can then only ever send ``<Bank_Payment_Card_Number_1>``. Tool results
    are masked before the model sees them.

    Key init args:
        engine: a :class:`memprivacy_plugins.PrivacyEngine` (default: rules + SQLite vault).
        trusted_tools: names of tools that receive restored arguments.
        user_id: a fixed scope. Default: ``user_id`` from the runtime ``context`` (dict or
            object), else ``config["configurable"]["user_id"]``.
        user_name: a detection hint, found the same way (``user_name``).
        restore_final_answer: restore the last AI message and ``structured_response`` in the
            returned state (default True).

    Instantiate:
        .. code-block:: python

            from langchain.agents import create_agent
            from langchain_memprivacy import MemPrivacyMiddleware

            agent = create_agent(
                model,
                tools=[save_contact, web_search],
                middleware=[MemPrivacyMiddleware(engine, trusted_tools={"save_contact"})],
            )
            agent.invoke({"messages": [("user", "save ada@example.com")]}, {"configurable": {"user_id": "u1"}})

    Async:
        ``abefore_model``, ``awrap_model_call``, ``awrap_tool_call``, ``aafter_agent``.
    """

    state_schema = MemPrivacyState

    def __init__(
        self,
        engine: PrivacyEngine | None = None,
        *,
        trusted_tools: Iterable[str] = (),
        user_id: str | None = None,
        user_name: str | None = None,
        restore_final_answer: bool = True,
    ) -> None:
        super().__init__()
        if isinstance(trusted_tools, str):
            raise TypeError("trusted_tools takes a collection of tool names, not one str")
        self.engine = default_engine(engine)
        self.trusted_tools = frozenset(trusted_tools)
        self.user_id = user_id
        self.user_name = user_name
        self.restore_final_answer = restore_final_answer

    def __repr__(self) -> str:
        return f"MemPrivacyMiddleware(trusted_tools={sorted(self.trusted_tools)!r})"

    def _scope(self, context: Any) -> Scope:
        try:
            config = get_config()
        except RuntimeError:
            config = None
        return resolve_scope(
            user_id=self.user_id, user_name=self.user_name, config=config, context=context, component=self.name
        )

    # -- before_model: mask the state ---------------------------------------------------

    def before_model(self, state: MemPrivacyState, runtime: Runtime[Any]) -> dict[str, Any] | None:
        plan = _StatePlan(state)
        if not plan.to_mask and not plan.replacements:
            return None
        masked = mask_value(self.engine, plan.to_mask, self._scope(runtime.context), _FIELDS) if plan.to_mask else []
        return plan.update(masked)

    async def abefore_model(self, state: MemPrivacyState, runtime: Runtime[Any]) -> dict[str, Any] | None:
        plan = _StatePlan(state)
        if not plan.to_mask and not plan.replacements:
            return None
        masked = (
            await amask_value(self.engine, plan.to_mask, self._scope(runtime.context), _FIELDS) if plan.to_mask else []
        )
        return plan.update(masked)

    # -- wrap_model_call: mask the request, mark the reply safe ---------------------------

    def wrap_model_call(
        self, request: ModelRequest[Any], handler: Callable[[ModelRequest[Any]], ModelResponse[Any]]
    ) -> ExtendedModelResponse[Any]:
        plan = _RequestPlan(request)
        scope = self._scope(request.runtime.context if request.runtime else None)
        masked = mask_value(self.engine, plan.to_mask, scope, _FIELDS) if plan.to_mask else []
        return plan.finish(handler(plan.request(masked)))

    async def awrap_model_call(
        self, request: ModelRequest[Any], handler: Callable[[ModelRequest[Any]], Awaitable[ModelResponse[Any]]]
    ) -> ExtendedModelResponse[Any]:
        plan = _RequestPlan(request)
        scope = self._scope(request.runtime.context if request.runtime else None)
        masked = await amask_value(self.engine, plan.to_mask, scope, _FIELDS) if plan.to_mask else []
        return plan.finish(await handler(plan.request(masked)))

    # -- wrap_tool_call: trusted tools get originals; results get masked ------------------

    def wrap_tool_call(
        self, request: ToolCallRequest, handler: Callable[[ToolCallRequest], ToolMessage | Command[Any]]
    ) -> ToolMessage | Command[Any]:
        scope = self._scope(request.runtime.context if request.runtime else None)
        call = request.tool_call
        if call["name"] in self.trusted_tools:
            args = restore_value(self.engine, call["args"], scope.user_id)
            request = request.override(tool_call={**call, "args": args})
        result = handler(request)
        found = _tool_messages(result)
        masked = mask_value(self.engine, found, scope, _FIELDS) if found else []
        return _masked_tool_result(result, call, found, masked)

    async def awrap_tool_call(
        self,
        request: ToolCallRequest,
        handler: Callable[[ToolCallRequest], Awaitable[ToolMessage | Command[Any]]],
    ) -> ToolMessage | Command[Any]:
        scope = self._scope(request.runtime.context if request.runtime else None)
        call = request.tool_call
        if call["name"] in self.trusted_tools:
            args = await arestore_value(self.engine, call["args"], scope.user_id)
            request = request.override(tool_call={**call, "args": args})
        result = await handler(request)
        found = _tool_messages(result)
        masked = await amask_value(self.engine, found, scope, _FIELDS) if found else []
        return _masked_tool_result(result, call, found, masked)

    # -- after_agent: restore what the user reads ----------------------------------------

    def after_agent(self, state: MemPrivacyState, runtime: Runtime[Any]) -> dict[str, Any] | None:
        final = _final_answer(state) if self.restore_final_answer else None
        structured = state.get("structured_response") if self.restore_final_answer else None
        if final is None and structured is None:
            return None
        user_id = self._scope(runtime.context).user_id
        restored = restore_value(self.engine, final, user_id, CONTENT_ONLY) if final is not None else None
        answer = restore_value(self.engine, structured, user_id) if structured is not None else None
        return _final_update(final, restored, structured, answer)

    async def aafter_agent(self, state: MemPrivacyState, runtime: Runtime[Any]) -> dict[str, Any] | None:
        final = _final_answer(state) if self.restore_final_answer else None
        structured = state.get("structured_response") if self.restore_final_answer else None
        if final is None and structured is None:
            return None
        user_id = self._scope(runtime.context).user_id
        restored = await arestore_value(self.engine, final, user_id, CONTENT_ONLY) if final is not None else None
        answer = await arestore_value(self.engine, structured, user_id) if structured is not None else None
        return _final_update(final, restored, structured, answer)


# -- plans: pure bookkeeping around one engine call ---------------------------------------


class _StatePlan:
    """Messages of the state that are not known to be safe, and the twins that replace them."""

    def __init__(self, state: MemPrivacyState) -> None:
        safe = set(state.get("memprivacy_safe") or ())
        twins = state.get("memprivacy_twins") or {}
        self.to_mask: list[BaseMessage] = []
        self.replacements: list[BaseMessage] = []
        for message in state["messages"]:
            digest = fingerprint(message)
            if digest in safe:
                continue
            twin = twins.get(digest)
            if isinstance(twin, BaseMessage):
                self.replacements.append(twin)  # a restored answer goes back to its masked form
            else:
                self.to_mask.append(message)

    def update(self, masked: list[BaseMessage]) -> dict[str, Any]:
        changed = [new for old, new in zip(self.to_mask, masked, strict=True) if new is not old]
        return {
            "messages": self.replacements + changed,
            SAFE_KEY: [fingerprint(m) for m in masked],
        }


class _RequestPlan:
    """What of a model request still needs masking, and the reply's digests."""

    def __init__(self, request: ModelRequest[Any]) -> None:
        self._request = request
        state = cast("MemPrivacyState", request.state or {})
        safe = set(state.get("memprivacy_safe") or ())
        system: list[BaseMessage] = [request.system_message] if request.system_message is not None else []
        candidates: list[BaseMessage] = [*system, *request.messages]
        self._todo = [i for i, m in enumerate(candidates) if fingerprint(m) not in safe]
        self._candidates = candidates
        self._has_system = bool(system)
        self.to_mask = [candidates[i] for i in self._todo]
        self._safe_now: list[str] = []

    def request(self, masked: list[BaseMessage]) -> ModelRequest[Any]:
        if not self._todo:
            return self._request
        out = list(self._candidates)
        for i, new in zip(self._todo, masked, strict=True):
            if new is out[i]:
                self._safe_now.append(fingerprint(new))  # nothing private: no need to look again
            out[i] = new
        if self._has_system:
            return self._request.override(system_message=out[0], messages=out[1:])  # type: ignore[arg-type]
        return self._request.override(messages=out)  # type: ignore[arg-type]

    def finish(self, response: ModelResponse[Any]) -> ExtendedModelResponse[Any]:
        # The reply was written from placeholders only: safe to show the model again. It gets
        # its id now so that its digest is the one the state will hold.
        result = [m if m.id else m.model_copy(update={"id": f"lc_{uuid.uuid4()}"}) for m in response.result]
        digests = self._safe_now + [fingerprint(m) for m in result]
        return ExtendedModelResponse(
            model_response=ModelResponse(result=result, structured_response=response.structured_response),
            command=Command(update={SAFE_KEY: digests}),
        )


def _tool_messages(result: Any) -> list[BaseMessage]:
    if isinstance(result, ToolMessage):
        return [result]
    if isinstance(result, Command) and isinstance(result.update, dict):
        return [m for m in result.update.get("messages") or () if isinstance(m, BaseMessage)]
    return []


def _masked_tool_result(
    result: ToolMessage | Command[Any], call: Any, found: list[BaseMessage], masked: list[BaseMessage]
) -> ToolMessage | Command[Any]:
    """The tool's result with its messages masked, as a Command that also marks them safe."""
    if not found:
        return result
    ready = [_ready_for_state(m, call) for m in masked]
    digests = [fingerprint(m) for m in ready]
    if isinstance(result, ToolMessage):
        return Command(update={"messages": ready, SAFE_KEY: digests})
    by_old = {id(old): new for old, new in zip(found, ready, strict=True)}
    update = dict(result.update)  # type: ignore[arg-type]
    update["messages"] = [by_old.get(id(m), m) for m in update.get("messages") or ()]
    update[SAFE_KEY] = _union(update.get(SAFE_KEY), digests)
    return dataclasses.replace(result, update=update)


def _ready_for_state(message: BaseMessage, call: Any) -> BaseMessage:
    """Give a tool message the id and name the tool node would, so its digest stays valid."""
    update: dict[str, Any] = {}
    if not message.id:
        update["id"] = str(uuid.uuid4())
    if isinstance(message, ToolMessage) and message.tool_call_id == call.get("id") and message.name != call["name"]:
        update["name"] = call["name"]
    return message.model_copy(update=update) if update else message


def _final_answer(state: MemPrivacyState) -> AIMessage | None:
    messages = state.get("messages") or []
    last = messages[-1] if messages else None
    if isinstance(last, AIMessage) and not last.tool_calls:
        return last
    return None


def _final_update(final: AIMessage | None, restored: Any, structured: Any, answer: Any) -> dict[str, Any] | None:
    update: dict[str, Any] = {}
    if final is not None and restored is not final:
        update["messages"] = [restored]
        update[TWINS_KEY] = {fingerprint(restored): final}
    if structured is not None and answer is not structured:
        update["structured_response"] = answer
    return update or None
