"""The torch side of TransformersDetector: chat template, prefix cache, batching, generate().

Prefix cache: the rules prompt is the same for every message, so its keys and values are
computed once and copied into each ``generate()`` call. Batches share it too: rows are laid
out as ``prefix + padding + message`` with the padding masked, and transformers derives the
positions from the attention mask, so each row sees the same positions as when run alone.
"""

from __future__ import annotations

import copy
import inspect
import time
from collections.abc import Mapping, Sequence
from typing import Any

import torch

from ._llm_base import ModelReply
from ._llm_prompt import ExtractionPrompt
from ._model_guidance import GrammarLogitsProcessor, compile_grammar, guidance_tokenizer

__all__ = ["ModelRunner"]

_SENTINEL = "\ue000memprivacy-prefix-end\ue000"  # private-use characters: never in a real prompt


class ModelRunner:
    """Owns a loaded model and tokenizer. Not thread-safe: the detector serialises calls."""

    def __init__(
        self,
        model: Any,
        tokenizer: Any,
        *,
        schema: Mapping[str, Any] | None,
        json_options: Mapping[str, Any],
        generation_kwargs: Mapping[str, Any],
    ) -> None:
        self.model = model
        self.tokenizer = tokenizer
        self.eos_ids = _eos_ids(model, tokenizer)
        self.pad_id = _pad_id(model, tokenizer, self.eos_ids)
        self.generation_config = _generation_config(model, generation_kwargs, self.eos_ids, self.pad_id)
        self.max_time = generation_kwargs.get("max_time")
        self.vocab_size = int(model.config.get_text_config().vocab_size)
        self.cache_arg = _cache_arg(model)
        self.guidance = None
        self.grammar: str | None = None
        if schema is not None:
            self.guidance = guidance_tokenizer(tokenizer, self.vocab_size, self.eos_ids)
            self.grammar = compile_grammar(schema, json_options, self.guidance)
        self._prefix_text: str | None = None
        self._prefix_ids: list[int] = []
        self._prefix_cache: Any = None
        self._hits = 0
        self._misses = 0

    # -- prompts -------------------------------------------------------------------------

    def chat_text(self, content: str) -> str:
        return self.tokenizer.apply_chat_template(
            [{"role": "user", "content": content}], tokenize=False, add_generation_prompt=True, enable_thinking=False
        )

    def encode(self, prompt: ExtractionPrompt) -> list[int]:
        return list(self.tokenizer(self.chat_text(prompt.content), add_special_tokens=False)["input_ids"])

    # -- prefix cache --------------------------------------------------------------------

    def _ensure_prefix(self, prefix: str) -> list[int]:
        """Prefill the shared prompt prefix once (again only if the prefix text changes)."""
        if self._prefix_text == prefix:
            return self._prefix_ids
        rendered = self.chat_text(prefix + _SENTINEL)
        head = rendered[: rendered.index(_SENTINEL)]
        # Stop at the last line break and drop one token more, so the cached tokens are the
        # same ones the full prompt tokenizes to (BPE merges across the seam otherwise).
        cut = head.rfind("\n")
        head = head[: cut + 1] if cut > 0 else head
        ids = list(self.tokenizer(head, add_special_tokens=False)["input_ids"])[:-1]
        cache = None
        if len(ids) >= 2:
            from transformers import DynamicCache

            cache = DynamicCache(config=self.model.config)
            with torch.inference_mode():
                self.model(input_ids=torch.tensor([ids], device=self.model.device), **{self.cache_arg: cache},
                           use_cache=True, logits_to_keep=1)
        self._prefix_text, self._prefix_ids, self._prefix_cache = prefix, ids if cache else [], cache
        return self._prefix_ids

    def cache_stats(self) -> dict[str, int]:
        return {"prefix_tokens": len(self._prefix_ids), "rows_cached": self._hits, "rows_uncached": self._misses}

    # -- generation ----------------------------------------------------------------------

    def run(self, prompts: Sequence[ExtractionPrompt], *, batch_size: int, use_prefix_cache: bool) -> list[ModelReply]:
        encoded = [self.encode(p) for p in prompts]
        prefix_ids: list[int] = []
        if use_prefix_cache and prompts and len({p.prefix for p in prompts}) == 1:
            prefix_ids = self._ensure_prefix(prompts[0].prefix)
        replies: list[ModelReply | None] = [None] * len(prompts)
        order = sorted(range(len(prompts)), key=lambda i: len(encoded[i]))  # similar lengths pad less
        for at in range(0, len(order), batch_size):
            rows = order[at : at + batch_size]
            for i, reply in zip(rows, self._run_batch([encoded[i] for i in rows], prefix_ids)):
                replies[i] = reply
        return [r for r in replies if r is not None]

    def _run_batch(self, rows: list[list[int]], prefix_ids: list[int]) -> list[ModelReply]:
        n = len(prefix_ids)
        cached = n > 0 and all(len(r) > n and r[:n] == prefix_ids for r in rows)
        if cached:
            self._hits += len(rows)
            input_ids, mask = _middle_padded(prefix_ids, [r[n:] for r in rows], self.pad_id)
            cache = copy.deepcopy(self._prefix_cache)
            if len(rows) > 1:
                cache.batch_repeat_interleave(len(rows))
        else:
            self._misses += len(rows)
            input_ids, mask = _middle_padded([], rows, self.pad_id)
            cache = None
        processor = None
        if self.grammar is not None and self.guidance is not None:
            processor = GrammarLogitsProcessor(self.guidance, self.grammar, len(rows), self.eos_ids)
        device = self.model.device
        started = time.monotonic()
        with torch.inference_mode():
            out = self.model.generate(
                input_ids=input_ids.to(device),
                attention_mask=mask.to(device),
                **{self.cache_arg: cache},
                generation_config=self.generation_config,
                logits_processor=[processor] if processor else None,
            )
        elapsed = time.monotonic() - started
        new_tokens = out[:, input_ids.shape[1] :].tolist()
        return [self._reply(tokens, row, processor, elapsed) for row, tokens in enumerate(new_tokens)]

    def _reply(self, tokens: list[int], row: int, processor: GrammarLogitsProcessor | None, elapsed: float) -> ModelReply:
        end = next((k for k, t in enumerate(tokens) if t in self.eos_ids), None)
        body = tokens if end is None else tokens[:end]
        text = self.tokenizer.decode(body, skip_special_tokens=True)
        complete = end is not None and (processor is None or processor.accepted(row))
        timed_out = not complete and self.max_time is not None and elapsed >= float(self.max_time)
        return ModelReply(text=text, complete=complete, timed_out=timed_out, tokens=len(body) + (end is not None))


def _middle_padded(prefix: list[int], rows: list[list[int]], pad_id: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``prefix + pad... + row`` for each row, with the pads masked out."""
    width = max(len(r) for r in rows)
    ids = [prefix + [pad_id] * (width - len(r)) + r for r in rows]
    mask = [[1] * len(prefix) + [0] * (width - len(r)) + [1] * len(r) for r in rows]
    return torch.tensor(ids, dtype=torch.long), torch.tensor(mask, dtype=torch.long)


def _cache_arg(model: Any) -> str:
    """The keyword that takes a KV cache: ``cache`` in recent transformers 5 releases,
    ``past_key_values`` in earlier ones (5.17's ``generate`` rejects ``cache`` as unused)."""
    try:
        parameters = inspect.signature(model.forward).parameters
    except (TypeError, ValueError):
        return "cache"
    return "cache" if "cache" in parameters or "past_key_values" not in parameters else "past_key_values"


def _eos_ids(model: Any, tokenizer: Any) -> list[int]:
    found: list[int] = []
    for source in (getattr(model, "generation_config", None), model.config, tokenizer):
        value = getattr(source, "eos_token_id", None)
        for token in value if isinstance(value, (list, tuple)) else [value]:
            if isinstance(token, int) and token not in found:
                found.append(token)
    if not found:
        raise ValueError("the model defines no end-of-sequence token")
    return found


def _pad_id(model: Any, tokenizer: Any, eos_ids: list[int]) -> int:
    for value in (tokenizer.pad_token_id, getattr(model.generation_config, "pad_token_id", None)):
        if isinstance(value, int):
            return value
    return eos_ids[0]


def _generation_config(model: Any, overrides: Mapping[str, Any], eos_ids: list[int], pad_id: int) -> Any:
    config = copy.deepcopy(model.generation_config)
    # Greedy by default: the reference's temperature 0.1 / top_p 0.1 is nearly greedy anyway,
    # and a deterministic detector gives the same spans for the same message every time.
    settings: dict[str, Any] = {"do_sample": False, "num_beams": 1, "repetition_penalty": 1.05}
    settings.update(overrides)
    if not settings.get("do_sample"):
        # generate() refills None from the checkpoint's sampling defaults and then warns that
        # greedy ignores them; the neutral values keep it quiet.
        settings.update(temperature=1.0, top_p=1.0, top_k=50, min_p=None)
    config.update(**settings)
    config.eos_token_id = eos_ids
    config.pad_token_id = pad_id
    return config
