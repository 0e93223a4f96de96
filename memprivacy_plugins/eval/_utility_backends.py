"""Memory backends for the utility benchmark: real Mem0, LangGraph and LlamaIndex stores.

Each backend holds one collection/store for one privacy setting, with personas as user ids,
and answers three things: ``add`` messages, ``search`` top-k, and ``stored`` (read back what
the framework really kept, for the exposure check). Frameworks are imported only here,
inside the constructors, so ``memprivacy`` starts without them.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import ConfigError
from ._utility_embed import DIMS, MiniLM, langchain_embeddings, llamaindex_embedding
from ._utility_metrics import Hit

if TYPE_CHECKING:
    from ..engine import PrivacyEngine

BACKENDS = ("mem0", "langgraph", "llamaindex")
_QUIET_LOGGERS = ("mem0", "httpx")


class MemoryBackend(Protocol):
    adapter_name: str | None  # the privacy adapter wrapping the framework, if any

    def add(self, user_id: str, items: Sequence[tuple[str, str]], *, user_name: str | None = None) -> None: ...

    def search(self, user_id: str, query: str, k: int, *, user_name: str | None = None) -> list[Hit]: ...

    def stored(self, user_id: str) -> dict[str, str]: ...

    def close(self) -> None: ...


class Mem0Backend:
    """``mem0.Memory`` with local Qdrant, MiniLM through the ``langchain`` embedder provider, infer=False.

    The LLM slot holds LangChain's fake chat model: with ``infer=False`` Mem0 never calls it,
    and nothing here can reach a hosted service.
    """

    adapter_name: str | None = None

    def __init__(self, workdir: Path, setting: str, model: MiniLM, adapter_engine: PrivacyEngine | None = None) -> None:
        os.environ["MEM0_TELEMETRY"] = "False"
        # Mem0 reads MEM0_DIR once, at import: a lasting directory, not this run's throw-away one.
        os.environ.setdefault("MEM0_DIR", str(Path(tempfile.gettempdir()) / "memprivacy-bench-mem0"))
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        for name in _QUIET_LOGGERS:  # mem0 warns once per process that spaCy/fastembed are absent
            logging.getLogger(name).setLevel(logging.ERROR)
        from langchain_core.language_models.fake_chat_models import FakeListChatModel
        from mem0 import Memory

        _no_spacy_download()

        home = workdir / f"mem0_{setting}"
        home.mkdir(parents=True, exist_ok=True)
        self._memory = Memory.from_config({
            "embedder": {"provider": "langchain", "config": {"model": langchain_embeddings(model), "embedding_dims": DIMS}},
            "vector_store": {"provider": "qdrant", "config": {
                "path": str(home / "qdrant"), "collection_name": f"utility_{setting}", "embedding_model_dims": DIMS,
                "on_disk": True}},
            "llm": {"provider": "langchain", "config": {"model": FakeListChatModel(responses=["{}"])}},
            "history_db_path": str(home / "history.db"),
        })
        self._front: Any = self._memory
        if adapter_engine is not None:
            try:
                from memprivacy_mem0 import PrivateMemory
            except ImportError:
                raise ConfigError("--adapter needs the Mem0 adapter: pip install memprivacy-mem0") from None
            self._front = PrivateMemory(self._memory, adapter_engine)
            self.adapter_name = "memprivacy_mem0.PrivateMemory"

    def add(self, user_id: str, items: Sequence[tuple[str, str]], *, user_name: str | None = None) -> None:
        extra = {"user_name": user_name} if self.adapter_name else {}
        for msg_id, text in items:  # one call per message: metadata is per call
            self._front.add([{"role": "user", "content": text}], user_id=user_id, infer=False,
                            metadata={"msg_id": msg_id}, **extra)

    def search(self, user_id: str, query: str, k: int, *, user_name: str | None = None) -> list[Hit]:
        extra = {"user_name": user_name} if self.adapter_name else {}
        # threshold=0: rank every memory; the benchmark measures ranking, not a cut-off.
        found = self._front.search(query, filters={"user_id": user_id}, top_k=k, threshold=0.0, **extra)
        return [Hit(r["metadata"]["msg_id"], r["memory"]) for r in found["results"]]

    def stored(self, user_id: str) -> dict[str, str]:
        # Read the framework itself, under any adapter: this is what really got stored.
        found = self._memory.get_all(filters={"user_id": user_id}, top_k=10_000)
        return {r["metadata"]["msg_id"]: r["memory"] for r in found["results"]}

    def close(self) -> None:
        self._memory.close()
        # Mem0's close() leaves the local Qdrant client (and its file lock) open.
        client = getattr(getattr(self._memory, "vector_store", None), "client", None)
        if client is not None:
            client.close()


def _no_spacy_download() -> None:
    """Stop Mem0 from downloading a spaCy model in the middle of a benchmark.

    Mem0 lemmatizes every memory with ``en_core_web_sm`` and, when spaCy is installed without
    that model, runs ``spacy download`` (pip, network) on first use. A benchmark must not
    install things: when the model is absent, mark it as unavailable up front, which is
    exactly where Mem0 lands after a failed download (plain text, no entity boost). When the
    model is installed, Mem0 uses it as usual.
    """
    try:
        import spacy.util
    except ImportError:
        return  # Mem0 then skips lemmatization on its own
    if spacy.util.is_package("en_core_web_sm"):
        return
    from mem0.utils import spacy_models

    for flag in ("_load_failed_full", "_load_failed_lemma"):
        if hasattr(spacy_models, flag):
            setattr(spacy_models, flag, True)


class LangGraphBackend:
    """LangGraph's ``InMemoryStore`` with a vector index over the ``text`` field."""

    adapter_name: str | None = None

    def __init__(self, workdir: Path, setting: str, model: MiniLM) -> None:
        from langgraph.store.memory import InMemoryStore

        self._store = InMemoryStore(index={"dims": DIMS, "embed": langchain_embeddings(model), "fields": ["text"]})

    def add(self, user_id: str, items: Sequence[tuple[str, str]], *, user_name: str | None = None) -> None:
        from langgraph.store.base import PutOp

        self._store.batch([PutOp(("utility", user_id), msg_id, {"text": text}) for msg_id, text in items])

    def search(self, user_id: str, query: str, k: int, *, user_name: str | None = None) -> list[Hit]:
        return [Hit(item.key, item.value["text"]) for item in self._store.search(("utility", user_id), query=query, limit=k)]

    def stored(self, user_id: str) -> dict[str, str]:
        return {item.key: item.value["text"] for item in self._store.search(("utility", user_id), limit=10_000)}

    def close(self) -> None:
        pass


class LlamaIndexBackend:
    """A llama-index-core ``VectorStoreIndex`` on ``SimpleVectorStore``, filtered by user id."""

    adapter_name: str | None = None

    def __init__(self, workdir: Path, setting: str, model: MiniLM) -> None:
        from llama_index.core import StorageContext, VectorStoreIndex
        from llama_index.core.vector_stores import SimpleVectorStore

        self._embed = llamaindex_embedding(model)
        storage = StorageContext.from_defaults(vector_store=SimpleVectorStore())
        self._index = VectorStoreIndex(nodes=[], storage_context=storage, embed_model=self._embed)
        self._texts: dict[tuple[str, str], str] = {}

    def add(self, user_id: str, items: Sequence[tuple[str, str]], *, user_name: str | None = None) -> None:
        from llama_index.core.schema import TextNode

        nodes = [
            TextNode(
                text=text, id_=f"{user_id}/{msg_id}", metadata={"user_id": user_id, "msg_id": msg_id},
                # Ids are bookkeeping: keep them out of the embedded text.
                excluded_embed_metadata_keys=["user_id", "msg_id"], excluded_llm_metadata_keys=["user_id", "msg_id"],
            )
            for msg_id, text in items
        ]
        self._index.insert_nodes(nodes)

    def search(self, user_id: str, query: str, k: int, *, user_name: str | None = None) -> list[Hit]:
        from llama_index.core.vector_stores import MetadataFilter, MetadataFilters

        retriever = self._index.as_retriever(
            similarity_top_k=k, filters=MetadataFilters(filters=[MetadataFilter(key="user_id", value=user_id)])
        )
        return [Hit(n.node.metadata["msg_id"], n.node.get_content()) for n in retriever.retrieve(query)]

    def stored(self, user_id: str) -> dict[str, str]:
        docstore = self._index.storage_context.docstore
        return {
            node.metadata["msg_id"]: node.get_content()
            for node in docstore.docs.values()
            if node.metadata.get("user_id") == user_id
        }

    def close(self) -> None:
        pass


def open_backend(
    kind: str, workdir: Path, setting: str, model: MiniLM, *, adapter_engine: PrivacyEngine | None = None
) -> MemoryBackend:
    """One store for one setting; ``adapter_engine``: wrap the framework in our adapter (Mem0 only)."""
    if adapter_engine is not None and kind != "mem0":
        raise ConfigError(f"--adapter is implemented for the mem0 backend, not {kind}")
    if kind == "mem0":
        return Mem0Backend(workdir, setting, model, adapter_engine)
    if kind == "langgraph":
        return LangGraphBackend(workdir, setting, model)
    if kind == "llamaindex":
        return LlamaIndexBackend(workdir, setting, model)
    raise ValueError(f"unknown backend {kind!r}; choose one of {', '.join(BACKENDS)}")
