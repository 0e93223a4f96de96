"""A checkpoint serializer wrapper: LangGraph checkpoints are written with placeholders."""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from langgraph.checkpoint.serde.base import SerializerProtocol, maybe_add_typed_methods
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from memprivacy_plugins import PrivacyEngine

from ._known_values import KnownValuesDetector
from ._utils import Scope, default_engine, mask_texts, resolve_scope, restore_value
from ._walk import Fields, collect_texts, map_texts

__all__ = ["MemPrivacySerializer"]

TYPE_PREFIX = "memprivacy:"
DEFAULT_SCOPE = "langgraph-checkpoints"
# Checkpoints hold framework objects (Send, uuid, datetime...) the walker cannot look into.
_CHECKPOINT_FIELDS = Fields(unknown="keep")


class MemPrivacySerializer(SerializerProtocol):
    """Wraps a checkpointer's serializer so the agent's saved state holds placeholders.

    Every text in a checkpoint, its pending writes and (for savers that serialize it)
    its metadata is masked before the inner serializer sees it, and restored after it
    has read the data back. Used like LangGraph's own ``EncryptedSerializer``:

    .. code-block:: python

        from langgraph.checkpoint.memory import InMemorySaver
        from langchain_memprivacy import MemPrivacySerializer

        saver = InMemorySaver(serde=MemPrivacySerializer(engine=engine))
        # or SqliteSaver(conn, serde=MemPrivacySerializer(engine=engine)), and it stacks with
        # EncryptedSerializer in either order.

    Scope rule: a serializer cannot see which thread or user it serializes for, so all
    checkpoints share one placeholder scope, ``scope`` (default ``"langgraph-checkpoints"``).
    That is safe: placeholder-looking text inside a state is neutralised when it is masked,
    so reading a checkpoint gives back exactly what was written and nothing from another
    thread. ``engine.forget(scope)`` makes every checkpoint written so far unreadable in clear.

    Data written without this serializer (type tag without ``memprivacy:``) is read as it is
    and never restored, so old plain checkpoints cannot be used to pull values out.

    Key init args:
        serde: the inner serializer. Default: ``JsonPlusSerializer()``.
        engine: a :class:`memprivacy_plugins.PrivacyEngine` (default: rules + SQLite vault).
        scope: the vault scope of checkpoint placeholders.
        cache_size: masked texts remembered, since every step re-serializes the whole
            conversation (0 turns the cache off).
    """

    def __init__(
        self,
        serde: SerializerProtocol | None = None,
        engine: PrivacyEngine | None = None,
        *,
        scope: str = DEFAULT_SCOPE,
        cache_size: int = 4096,
    ) -> None:
        self.serde: SerializerProtocol = maybe_add_typed_methods(serde or JsonPlusSerializer())
        self.engine = default_engine(engine)
        self._scope: Scope = resolve_scope(user_id=scope, user_name=None, component="MemPrivacySerializer")
        # Same vault and policy; the detector also re-finds values masked before in this scope,
        # e.g. a password the agent quotes back without its cue word in a restored answer.
        self._masker = PrivacyEngine(
            detector=KnownValuesDetector(self.engine.detector, self.engine.policy, preload=self._stored_values),
            vault=self.engine.vault,
            policy=self.engine.policy,
            fallback_detector=self.engine.fallback_detector,
            max_chars=self.engine.max_chars,
        )
        self._cache: OrderedDict[tuple[str, str | None], str] = OrderedDict()
        self._cache_size = max(0, cache_size)
        self._lock = threading.Lock()

    @property
    def scope(self) -> str:
        return self._scope.user_id

    def __repr__(self) -> str:
        return f"MemPrivacySerializer(serde={type(self.serde).__name__}, scope={self.scope!r})"

    def dumps_typed(self, obj: Any) -> tuple[str, bytes]:
        type_, data = self.serde.dumps_typed(self._mask(obj))
        return TYPE_PREFIX + type_, data

    def loads_typed(self, data: tuple[str, bytes]) -> Any:
        type_, payload = data
        if not type_.startswith(TYPE_PREFIX):
            return self.serde.loads_typed(data)
        obj = self.serde.loads_typed((type_[len(TYPE_PREFIX) :], payload))
        return restore_value(self.engine, obj, self.scope, _CHECKPOINT_FIELDS)

    def clear_cache(self) -> None:
        """Forget the remembered masked texts (call after ``engine.forget(serializer.scope)``)."""
        with self._lock:
            self._cache.clear()

    def _mask(self, obj: Any) -> Any:
        leaves = collect_texts(obj, _CHECKPOINT_FIELDS)
        if not leaves:
            return obj
        with self._lock:
            known = {leaf: self._cache.get(leaf) for leaf in leaves}
        todo = list(dict.fromkeys(leaf for leaf, masked in known.items() if masked is None))
        if todo:
            fresh = dict(zip(todo, mask_texts(self._masker, todo, self._scope), strict=True))
            known.update(fresh)
            self._remember(fresh)
        masked = iter([known[leaf] or "" for leaf in leaves])  # every leaf is filled by now
        return map_texts(obj, lambda _text, _ctx: next(masked), _CHECKPOINT_FIELDS)

    def _stored_values(self) -> list[tuple[str, str]]:
        return [(e["privacy_type"], e["value"]) for e in self.engine.export(self.scope)]

    def _remember(self, fresh: dict[tuple[str, str | None], str]) -> None:
        if not self._cache_size:
            return
        with self._lock:
            self._cache.update(fresh)
            while len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
