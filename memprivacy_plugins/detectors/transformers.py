"""A MemPrivacy model (``IAAR-Shanghai/MemPrivacy-1.7B-RL`` / ``-4B-RL``) run in-process.

torch and transformers are imported when the model loads (first detection or an explicit
``load()``), never at import; constructing with a hub id downloads nothing.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import ConfigError, DetectionError
from ._llm_base import DEFAULT_MAX_MESSAGE_CHARS, LLMDetector, ModelReply
from ._llm_prompt import ExtractionPrompt
from ._llm_schema import guidance_json_options

if TYPE_CHECKING:
    from ._model_runner import ModelRunner

__all__ = ["DEFAULT_MODEL", "TransformersDetector", "from_transformers"]

DEFAULT_MODEL = "IAAR-Shanghai/MemPrivacy-1.7B-RL"


class TransformersDetector(LLMDetector):
    """Detect with a MemPrivacy model loaded through transformers.

    Setup:
        ``pip install "memprivacy-plugins[model]"``; download the weights once
        (``hf download IAAR-Shanghai/MemPrivacy-1.7B-RL``), then run with ``HF_HUB_OFFLINE=1``.

    Key init args:
        model: hub id or local directory. tokenizer: another id/path for the tokenizer.
        device / dtype: where and how to load (``"cuda"``, ``"auto"``, ``"float32"``...).
        constrained: decode under the JSON schema (llguidance). whitespace: ``"bounded"``
        (default), ``"compact"`` or ``"free"`` JSON whitespace under the constraint.
        prefix_cache: prefill the shared rules prompt once and reuse it.
        batch_size: messages per ``generate()`` call. max_new_tokens: reply budget; a reply
        cut by it is a detector failure. generation_kwargs: passed to ``generate()`` (e.g.
        ``{"do_sample": True, "temperature": 0.1, "top_p": 0.1}`` for the paper's sampling).
        prompt_path: a prompt file of your own (see docs/model.md).
        cache_size: answers kept per (message, user name), LRU; 0 turns the cache off.

    Instantiate:
        >>> from memprivacy_plugins.detectors import TransformersDetector
        >>> detector = TransformersDetector("IAAR-Shanghai/MemPrivacy-1.7B-RL")  # nothing loaded yet

    Example:
        ``detector.detect(["My phone is 138 0013 8000"], user_name="Li Na")``

    Async:
        ``await detector.adetect([...])`` runs generation in a worker thread.
    """

    name = "transformers"

    def __init__(
        self,
        model: str | os.PathLike[str] = DEFAULT_MODEL,
        *,
        tokenizer: str | os.PathLike[str] | None = None,
        device: str | None = None,
        dtype: str = "auto",
        constrained: bool = True,
        whitespace: str = "bounded",
        prefix_cache: bool = True,
        batch_size: int = 4,
        max_new_tokens: int = 6144,
        generation_kwargs: Mapping[str, Any] | None = None,
        model_kwargs: Mapping[str, Any] | None = None,
        prompt_path: str | os.PathLike[str] | None = None,
        schema: dict[str, Any] | None = None,
        max_message_chars: int = DEFAULT_MAX_MESSAGE_CHARS,
        cache_size: int = 1024,
    ) -> None:
        super().__init__(
            prompt_path=prompt_path, schema=schema, max_message_chars=max_message_chars, cache_size=cache_size
        )
        if not isinstance(batch_size, int) or batch_size < 1:
            raise ConfigError("batch_size must be a positive int")
        if not isinstance(max_new_tokens, int) or max_new_tokens < 1:
            raise ConfigError("max_new_tokens must be a positive int")
        self.json_options = guidance_json_options(whitespace)
        self.model_source = os.fspath(model)
        self.tokenizer_source = os.fspath(tokenizer) if tokenizer is not None else None
        self.device = device
        self.dtype = dtype
        self.constrained = constrained
        self.prefix_cache = prefix_cache
        self.batch_size = batch_size
        self.max_new_tokens = max_new_tokens
        self.generation_kwargs = dict(generation_kwargs or {})
        self.model_kwargs = dict(model_kwargs or {})
        self._runner: ModelRunner | None = None
        self._objects: tuple[Any, Any] | None = None  # (model, tokenizer) handed in by from_transformers
        self._lock = threading.Lock()

    @classmethod
    def from_transformers(
        cls, model: Any, tokenizer: Any, *, generation_config: Any = None, **options: Any
    ) -> TransformersDetector:
        """Wrap a model and tokenizer you already loaded (any device, dtype or quantisation)."""
        if generation_config is not None:
            extra = generation_config.to_dict() if hasattr(generation_config, "to_dict") else dict(generation_config)
            options["generation_kwargs"] = {**extra, **dict(options.get("generation_kwargs") or {})}
        source = getattr(getattr(model, "config", None), "_name_or_path", "") or "in-memory"
        detector = cls(source, **options)
        detector._objects = (model, tokenizer)
        return detector

    @property
    def loaded(self) -> bool:
        return self._runner is not None

    def load(self) -> TransformersDetector:
        """Load weights, tokenizer and grammar now (otherwise the first detection does)."""
        self._ensure_runner()
        return self

    def _ensure_runner(self) -> ModelRunner:
        with self._lock:
            if self._runner is None:
                from ._model_runner import ModelRunner

                model, tokenizer = self._objects if self._objects else self._load_objects()
                try:
                    self._runner = ModelRunner(
                        model,
                        tokenizer,
                        schema=self.schema if self.constrained else None,
                        json_options=self.json_options,
                        generation_kwargs={"max_new_tokens": self.max_new_tokens, **self.generation_kwargs},
                    )
                except ValueError as exc:  # a schema llguidance rejects, a model without an end token
                    raise ConfigError(str(exc)) from None
            return self._runner

    def _load_objects(self) -> tuple[Any, Any]:
        try:
            from transformers import AutoModelForCausalLM, AutoTokenizer
        except ImportError:
            raise ConfigError('TransformersDetector needs: pip install "memprivacy-plugins[model]"') from None
        try:
            tokenizer = AutoTokenizer.from_pretrained(self.tokenizer_source or self.model_source)
            model: Any = AutoModelForCausalLM.from_pretrained(
                self.model_source, dtype=self.dtype, **self.model_kwargs
            )
            if self.device is not None:
                model = model.to(self.device)
        except (OSError, ValueError) as exc:
            raise DetectionError(
                f"cannot load the model {self.model_source!r} ({type(exc).__name__})",
                detector=self.name,
                hint="download it once while online, then set HF_HUB_OFFLINE=1; or pass a local directory",
            ) from None
        model.eval()
        return model, tokenizer

    def _generate(self, prompts: Sequence[ExtractionPrompt]) -> list[ModelReply]:
        runner = self._ensure_runner()
        started = time.monotonic()
        try:
            with self._lock:  # one generate() at a time: the model and the prefix cache are shared
                return runner.run(prompts, batch_size=self.batch_size, use_prefix_cache=self.prefix_cache)
        except DetectionError:
            raise
        except Exception as exc:  # noqa: BLE001 -- torch/transformers errors; their messages may quote inputs
            raise DetectionError(
                f"generation failed after {time.monotonic() - started:.1f}s ({type(exc).__name__})", detector=self.name
            ) from None

    @property
    def cache_stats(self) -> dict[str, int]:
        """Prefix-cache counters: rows that reused it, rows that could not, prefix length."""
        return self._runner.cache_stats() if self._runner else {}


def from_transformers(model: Any, tokenizer: Any, *, generation_config: Any = None, **options: Any) -> TransformersDetector:
    """``TransformersDetector.from_transformers`` as a function (outlines-style entry point)."""
    return TransformersDetector.from_transformers(model, tokenizer, generation_config=generation_config, **options)
