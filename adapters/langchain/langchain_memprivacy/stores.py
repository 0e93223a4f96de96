"""A LangGraph ``BaseStore`` proxy: the wrapped store (and its embedder) sees only placeholders."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any, cast

from langgraph.store.base import BaseStore, GetOp, Item, ListNamespacesOp, Op, PutOp, Result, SearchItem, SearchOp
from memprivacy_plugins import PrivacyEngine, ScopeError

from ._utils import Scope, amask_value, arestore_value, default_engine, mask_value, restore_value

__all__ = ["MemPrivacyStore", "namespace_scope"]

ScopeFn = Callable[[tuple[str, ...]], str]


def namespace_scope(namespace: tuple[str, ...]) -> str:
    """The default scope rule: the whole namespace, ``("memories", "u1")`` -> ``"memories/u1"``."""
    return "/".join(namespace)


class MemPrivacyStore(BaseStore):
    """Masks what goes into a LangGraph store and restores what comes out.

    ``put`` values and ``search`` queries and filters are masked before they reach ``store``
    (so its embeddings are computed on placeholders too); ``get`` and ``search`` return new
    ``Item``/``SearchItem`` objects with the originals restored. ``list_namespaces`` passes
    through. Namespaces and keys are identifiers and are stored as they are.

    Scope rule: an item's placeholders live in the scope ``scope(item.namespace)``. The
    default is the whole namespace joined by ``/``, so two namespaces never share a mapping;
    pass ``scope=lambda ns: ns[1]`` to scope ``("memories", user_id)`` by user, so that
    ``engine.forget(user_id)`` erases the user's values. A search query and filter are
    masked in the scope of the search's ``namespace_prefix``; a query or filter over the whole
    store (empty prefix) is refused, as it has no scope.

    Setup:
        ``pip install "langchain-memprivacy[langgraph]"``

    Instantiate:
        .. code-block:: python

            from langgraph.store.memory import InMemoryStore
            from langchain_memprivacy import MemPrivacyStore

            store = MemPrivacyStore(InMemoryStore(), engine)
            store.put(("memories", "u1"), "m1", {"text": "my phone is +1 415 555 0100"})
            store.get(("memories", "u1"), "m1").value   # original text
            agent = create_agent(model, tools, store=store)

    Async:
        ``aget``, ``asearch``, ``aput``, ``adelete``, ``alist_namespaces`` (via ``abatch``).
    """

    def __init__(self, store: BaseStore, engine: PrivacyEngine | None = None, *, scope: ScopeFn | None = None) -> None:
        if not isinstance(store, BaseStore):
            raise TypeError(f"store must be a langgraph BaseStore, got {type(store).__name__}")
        self.store = store
        self.engine = default_engine(engine)
        self.scope: ScopeFn = scope or namespace_scope
        self.supports_ttl = store.supports_ttl
        self.ttl_config = store.ttl_config

    def __repr__(self) -> str:
        return f"MemPrivacyStore(store={type(self.store).__name__})"

    # -- batch -------------------------------------------------------------------------

    def batch(self, ops: Iterable[Op]) -> list[Result]:
        ops = list(ops)
        plan = _MaskPlan(ops, self.scope)
        for scope, values in plan.groups():
            plan.fill(scope, mask_value(self.engine, values, scope))
        results = self.store.batch(plan.masked_ops())
        return [self._restore(r) for r in results]

    async def abatch(self, ops: Iterable[Op]) -> list[Result]:
        ops = list(ops)
        plan = _MaskPlan(ops, self.scope)
        for scope, values in plan.groups():
            plan.fill(scope, await amask_value(self.engine, values, scope))
        results = await self.store.abatch(plan.masked_ops())
        return [await self._arestore(r) for r in results]

    # -- restore -----------------------------------------------------------------------

    def _restore(self, result: Result) -> Result:
        if isinstance(result, Item):
            value = copy.deepcopy(result.value)  # never hand out the wrapped store's own dict
            return _new_item(result, restore_value(self.engine, value, self._user(result)))
        if isinstance(result, list):
            return cast(Result, [self._restore(r) if isinstance(r, Item) else r for r in result])
        return result

    async def _arestore(self, result: Result) -> Result:
        if isinstance(result, Item):
            value = copy.deepcopy(result.value)
            return _new_item(result, await arestore_value(self.engine, value, self._user(result)))
        if isinstance(result, list):
            return cast(Result, [await self._arestore(r) if isinstance(r, Item) else r for r in result])
        return result

    def _user(self, item: Item) -> str:
        return _checked_scope(self.scope, item.namespace)


class _MaskPlan:
    """Which texts of a batch need masking, grouped by scope, and the ops rebuilt around them."""

    def __init__(self, ops: list[Op], scope_fn: ScopeFn) -> None:
        self._ops = ops
        self._scope_fn = scope_fn
        self._todo: dict[str, list[tuple[int, str, Any]]] = {}
        for i, op in enumerate(ops):
            if isinstance(op, PutOp) and op.value is not None:
                self._add(op.namespace, i, "value", dict(op.value))
            elif isinstance(op, SearchOp):
                if op.query:
                    self._add(op.namespace_prefix, i, "query", op.query)
                if op.filter:
                    self._add(op.namespace_prefix, i, "filter", op.filter)
            elif not isinstance(op, (GetOp, ListNamespacesOp, PutOp)):
                raise TypeError(f"unknown store operation {type(op).__name__}")
        self._done: dict[tuple[int, str], Any] = {}

    def _add(self, namespace: tuple[str, ...], index: int, field: str, value: Any) -> None:
        scope = _checked_scope(self._scope_fn, namespace)
        self._todo.setdefault(scope, []).append((index, field, value))

    def groups(self) -> list[tuple[Scope, list[Any]]]:
        return [(Scope(scope), [v for _, _, v in items]) for scope, items in self._todo.items()]

    def fill(self, scope: Scope, masked: list[Any]) -> None:
        for (index, field, _), value in zip(self._todo[scope.user_id], masked, strict=True):
            self._done[(index, field)] = value

    def masked_ops(self) -> list[Op]:
        out: list[Op] = []
        for i, op in enumerate(self._ops):
            fields = {field: v for (index, field), v in self._done.items() if index == i}
            out.append(op._replace(**fields) if fields else op)  # type: ignore[union-attr]
        return out


def _checked_scope(scope_fn: ScopeFn, namespace: tuple[str, ...]) -> str:
    scope = scope_fn(tuple(namespace))
    if not isinstance(scope, str) or not scope.strip():
        raise ScopeError(
            "MemPrivacyStore: this namespace has no placeholder scope (an empty namespace or "
            "search prefix cannot carry private values; search within a namespace)"
        )
    return scope


def _new_item(item: Item, value: Any) -> Item:
    if isinstance(item, SearchItem):
        return SearchItem(
            namespace=item.namespace,
            key=item.key,
            value=value,
            created_at=item.created_at,
            updated_at=item.updated_at,
            score=item.score,
        )
    return Item(
        value=value, key=item.key, namespace=item.namespace, created_at=item.created_at, updated_at=item.updated_at
    )
